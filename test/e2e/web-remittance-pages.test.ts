/**
 * A remittance of more claims than one page in the web app, in a real browser (launched as
 * test/e2e/web.test.ts does): the first 500 claims shown, "More claims" follows the API's
 * nextToken and shows the rest, then goes away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remittanceIdOf } from '#core/remittance/store.ts';
import { build835, ORIGINATOR } from '../fixtures/x12/remittance-835.ts';
import { api } from './client.ts';
import { closeWebSession, signedInWebSession, type WebSession } from './web-session.ts';

const CLAIMS = 501;
const STAMP = Date.now();
const claimIdOf = (i: number) => `CLM-WPG-${STAMP}-${String(i).padStart(3, '0')}`;

let session: WebSession | undefined;

beforeAll(async () => {
  session = await signedInWebSession();
}, 900_000);

afterAll(async () => {
  if (session) await closeWebSession(session);
});

describe('a remittance of more than one page in the web app', () => {
  it('shows 500 claims, then the rest on "More claims"', async () => {
    // Prepare: 501 synthetic claims no case knows
    const claims = Array.from({ length: CLAIMS }, (_, i) => ({
      claimId: claimIdOf(i),
      lines: [{ hcpcs: 'J9173', units: 10, charge: 1250, paid: 1000 }],
    }));
    const trace = `WPG${STAMP}`;
    const posted = await api('POST', '/v1/remittances', {
      raw: build835({ payerId: 'PAYER1', payerName: 'DEMO PAYER', trace, claims }),
      headers: { 'content-type': 'application/edi-x12' },
    });
    expect(posted.status).toBe(202);
    const id = remittanceIdOf(ORIGINATOR, trace);
    const { page, web } = session as WebSession;
    // Act
    await page.goto(`${web.appUrl}#/remittances/${encodeURIComponent(id)}`);
    await page.getByRole('heading', { name: `Claims (500 of ${CLAIMS})`, level: 2 }).waitFor();
    const sections = page.locator('section.remittance-claim');
    await expect(sections.count()).resolves.toBe(500);
    await expect(page.locator('.unmatched li').count()).resolves.toBe(500);
    await page.getByRole('button', { name: 'More claims' }).click();
    // Assess
    await page.getByRole('heading', { name: `Claims (${CLAIMS})`, level: 2 }).waitFor();
    await expect(sections.count()).resolves.toBe(CLAIMS);
    await expect(sections.last().getAttribute('data-claim-id')).resolves.toBe(claimIdOf(CLAIMS - 1));
    await expect(page.locator('.unmatched li').count()).resolves.toBe(CLAIMS);
    await expect(page.getByRole('button', { name: 'More claims' }).isHidden()).resolves.toBe(true);
  }, 300_000);
});
