/**
 * The case page's access history in Chromium (issue 13): an admin sees who accessed the case in a
 * table with a caption and header cells (their own page view among them); a viewer of the same
 * organization gets no such section (the API answers 403, the section goes).
 */
import { describe, expect, it } from 'vitest';
import { submittedCase } from './client.ts';
import { closeWebSession, signedInWebSession, type WebSession } from './web-session.ts';

async function openCase(session: WebSession, caseId: string) {
  await session.page.goto(`${session.web.appUrl}#/cases/${encodeURIComponent(caseId)}`);
  await session.page.getByRole('heading', { name: `Case ${caseId}` }).waitFor();
}

describe('web: a case access history', () => {
  it('shows an admin who accessed the case, and a viewer nothing of it', async () => {
    const caseId = await submittedCase();
    let session: Partial<WebSession> = {};
    try {
      session = await signedInWebSession({ roles: ['admin'] });
      const admin = session as WebSession;
      await openCase(admin, caseId);
      const table = admin.page.locator('#access-history table');
      await table.waitFor();
      expect(await table.locator('caption').textContent()).toContain('Who accessed this case');
      expect(await table.locator('thead th[scope="col"]').allTextContents()).toEqual([
        'When',
        'Who',
        'Action',
        'Document',
        'Outcome',
      ]);
      const rows = await table.locator('tbody tr').allTextContents();
      expect(rows.some((row) => row.includes('case.create') && row.includes('Operator'))).toBe(true);
      expect(rows.some((row) => row.includes('case.read') && row.includes('User'))).toBe(true);
    } finally {
      await closeWebSession(session);
    }
    let viewer: Partial<WebSession> = {};
    try {
      viewer = await signedInWebSession({ roles: ['viewer'] });
      await openCase(viewer as WebSession, caseId);
      // The case's last section is on the page; the access history never shows.
      await (viewer as WebSession).page.getByRole('heading', { name: 'History' }).waitFor();
      expect(await (viewer as WebSession).page.getByRole('heading', { name: 'Access history' }).count()).toBe(
        0,
      );
    } finally {
      await closeWebSession(viewer);
    }
  });
});
