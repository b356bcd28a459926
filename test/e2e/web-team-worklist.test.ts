/**
 * The team worklist in the web app, in a real browser against the running stack (issue 13): a
 * person of an organization signs in, assigns a case to a colleague and writes a note on the case
 * page (author and time shown), filters the worklist by assignee (and unassigned), sorts it by a
 * header (aria-sort, by mouse and keyboard), exports the rows shown as CSV in their order, and
 * shows their own cases with Mine.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, requestFor, submit, waitForCase } from './client.ts';
import { closeWebSession, signedInWebSession, type WebSession, webUser } from './web-session.ts';

const ORG = `org-web-team-${Date.now().toString(36)}`;
const PATIENCE_MS = 60_000;

let session: WebSession | undefined;
let page: Page;
let appUrl: string;
let soonCase: string;
let laterCase: string;

async function submittedIn(payerId: string): Promise<string> {
  const caseId = await submit(requestFor(payerId, (r) => Object.assign(r, { organizationId: ORG })));
  await waitForCase(caseId, (c) => c.status === 'SUBMITTED', PATIENCE_MS);
  return caseId;
}

beforeAll(async () => {
  expect(
    (await api('POST', '/v1/organizations', { body: { id: ORG, name: 'Web Team Oncology' } })).status,
  ).toBe(201);
  await webUser({ organizationId: ORG, roles: ['staff'], name: 'Blake Colleague' });
  // Decision clocks: Medicare Advantage 72 h, commercial 15 days.
  soonCase = await submittedIn('manual-ma');
  laterCase = await submittedIn('manual-commercial');
  session = await signedInWebSession({ organizationId: ORG, roles: ['staff'], name: 'Avery Signed-In' });
  ({ page } = session);
  appUrl = session.web.appUrl;
}, 900_000);

afterAll(async () => {
  if (session) await closeWebSession(session);
});

const rowIds = () =>
  page
    .locator('table.worklist tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => (r as unknown as { dataset: { caseId?: string } }).dataset.caseId),
    );

async function showWorklist(hash = '') {
  await page.goto(`${appUrl}#/${hash}`);
  await page.getByRole('heading', { name: 'Worklist', level: 1 }).waitFor();
  await page.locator('table.worklist tbody tr').first().waitFor();
}

describe('the team worklist in the web app', () => {
  it('assigns the case to a colleague and keeps a note with its author and time', async () => {
    // Prepare
    await page.goto(`${appUrl}#/cases/${encodeURIComponent(soonCase)}`);
    await page.getByRole('heading', { name: 'Assignment and notes', level: 2 }).waitFor();
    // Act
    await page.getByLabel('Assignee').selectOption({ label: 'Blake Colleague' });
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.getByLabel('New note').fill('Called the plan; faxing the pathology report.');
    await page.getByRole('button', { name: 'Add note' }).click();
    // Assess
    await page.locator('#assignee-current', { hasText: 'Blake Colleague' }).waitFor();
    const note = page.locator('ol.notes li.note').first();
    await note.locator('.note__text', { hasText: 'Called the plan' }).waitFor();
    await expect(note.locator('.note__author').textContent()).resolves.toBe('Avery Signed-In');
    await expect(note.locator('time').getAttribute('datetime')).resolves.toMatch(/^\d{4}-\d\d-\d\dT/);
    await expect(page.evaluate('document.activeElement?.id')).resolves.toBe('note-text');
    const stored = await api('GET', `/v1/prior-auths/${soonCase}`);
    expect(stored.body.assigneeId).toMatch(/^usr_/);
  });

  it('filters by assignee, and shows the unassigned cases', async () => {
    // Act
    await showWorklist();
    await page.getByLabel('Assignee').selectOption({ label: 'Blake Colleague' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/assignee=usr_/);
    await page.locator('table.worklist tbody tr').first().waitFor();
    // Assess
    await expect(rowIds()).resolves.toEqual([soonCase]);
    await expect(page.locator('td.cell-assignee').first().textContent()).resolves.toBe('Blake Colleague');
    await showWorklist('worklist?assignee=none');
    await expect(rowIds()).resolves.toEqual([laterCase]);
    await expect(page.getByLabel('Assignee').inputValue()).resolves.toBe('none');
  });

  it('sorts the rows by a header, with the mouse and the keyboard, and says so with aria-sort', async () => {
    // Prepare
    await showWorklist();
    const header = page.locator('th', { has: page.getByRole('button', { name: /^Assignee/ }) });
    // Act + Assess: ascending puts the assigned case first (the unassigned sort last).
    await page.getByRole('button', { name: /^Assignee/ }).click();
    await expect(header.getAttribute('aria-sort')).resolves.toBe('ascending');
    await expect(rowIds()).resolves.toEqual([soonCase, laterCase]);
    await page.getByRole('button', { name: /^Deadline/ }).focus();
    await page.keyboard.press('Enter');
    await expect(header.getAttribute('aria-sort')).resolves.toBe('none');
    await page.keyboard.press('Enter');
    const deadline = page.locator('th', { has: page.getByRole('button', { name: /^Deadline/ }) });
    await expect(deadline.getAttribute('aria-sort')).resolves.toBe('descending');
    await expect(rowIds()).resolves.toEqual([laterCase, soonCase]);
  });

  it('exports the rows shown, in the order shown, as CSV', async () => {
    // Prepare: the rows sorted by deadline, latest first.
    await showWorklist();
    await page.getByRole('button', { name: /^Deadline/ }).click();
    await page.getByRole('button', { name: /^Deadline/ }).click();
    // Act
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    // Assess
    expect(download.suggestedFilename()).toMatch(/^worklist-\d{4}-\d\d-\d\d\.csv$/);
    const csv = await readFile((await download.path()) as string, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Case id,Patient id,Patient name,Status,Priority,Payer,Payer id,Deadline,Assessment,Flags,Assignee,Updated',
    );
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([laterCase, soonCase]);
    expect(lines[2]).toContain('Blake Colleague');
  });

  it("shows the signed-in person's own cases with Mine (assigneeId=me)", async () => {
    // Prepare
    const mine = await api('POST', `/v1/prior-auths/${laterCase}/assignee`, {
      body: { userId: session?.user.userId },
    });
    expect(mine.status).toBe(200);
    // Act
    await showWorklist('worklist?assignee=me');
    // Assess
    await expect(rowIds()).resolves.toEqual([laterCase]);
    await expect(page.locator('td.cell-assignee').first().textContent()).resolves.toBe('Avery Signed-In');
  });
});
