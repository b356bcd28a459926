/**
 * The course of treatment in the web app, in a real browser (Debian's Chromium through
 * playwright-core, launched as test/e2e/web.test.ts does), against the running stack: the
 * authorization panel of an approved case, and the administration form recording doses (one
 * from an expired lot, shown with its finding and not counted) until the panel flags the
 * authorization as expiring.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, webAppFor } from '../../scripts/screenshots.ts';
import { type BrowserSession, launchChromium } from '../support/ensure-chromium.ts';
import { baseUrl, decision, postWebhook, submittedCase, waitForCase } from './client.ts';
import { webUser } from './web-session.ts';

const PAYER = 'manual-commercial';

/** The browser, the app and the approved case, made once for the file. */
const session = {} as {
  browser: BrowserSession;
  web: Awaited<ReturnType<typeof webAppFor>>;
  page: Page;
  caseId: string;
};

beforeAll(async () => {
  const caseId = await submittedCase(PAYER);
  const approval = {
    authorizationNumber: 'PA-88002',
    approvedUnits: 400,
    validFrom: '2026-08-01',
    validTo: '2027-06-30',
  };
  await postWebhook(PAYER, decision(caseId, 'approved', approval));
  await waitForCase(caseId, (c) => c.status === 'APPROVED');
  Object.assign(session, { caseId, browser: await launchChromium(), web: await webAppFor(baseUrl()) });
  session.page = await session.browser.context.newPage();
  await signIn(session.page, session.web.appUrl, await webUser());
}, 900_000);

afterAll(() => Promise.all([session.browser?.close(), session.web?.close()]));

const panel = () => session.page.locator('#authorization-panel');
const units = async () => ({
  used: await session.page.getByTestId('used-units').innerText(),
  remaining: await session.page.getByTestId('remaining-units').innerText(),
});

/** Fills what the plan does not prefill: the time, the lot and its expiry; then records. */
async function record(at: string, lot: string, expiresOn: string): Promise<string> {
  await session.page.getByLabel('Administered at').fill(at);
  await session.page.getByLabel('Lot').fill(lot);
  await session.page.getByLabel('Expiry').fill(expiresOn);
  await session.page.getByRole('button', { name: 'Record administration' }).click();
  const result = session.page.locator('.administration-result');
  await result.getByText(/Administration \S+ recorded/).waitFor();
  return result.innerText();
}

describe('the course of treatment in the web app', () => {
  it('shows the authorization of an approved case: period, approved, used and remaining units', async () => {
    // Act
    await session.page.goto(`${session.web.appUrl}#/cases/${encodeURIComponent(session.caseId)}`);
    await session.page.getByRole('heading', { name: 'Authorization' }).waitFor();

    // Assess
    const text = await panel().innerText();
    expect(text).toContain('PA-88002');
    expect(text).toContain('2026-08-01');
    expect(text).toContain('2027-06-30');
    expect(text).toMatch(/Approved units\s+400/i);
    await expect(units()).resolves.toEqual({ used: '0', remaining: '400' });
    await expect(session.page.getByLabel('Dose (mg)').inputValue()).resolves.toBe('1500');
    await expect(session.page.getByLabel('NDC').inputValue()).resolves.toBe('00310-4611-50');
  });

  it('records a dose as planned with three fields filled, and counts its units', async () => {
    // Act
    const started = Date.now();
    const result = await record('2026-09-07T10:30', 'KX2207', '2027-03-31');
    await session.page.getByTestId('used-units').getByText('150').waitFor();

    // Assess
    expect(result).toContain('No findings.');
    await expect(units()).resolves.toEqual({ used: '150', remaining: '250' });
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('shows an expired lot as an error finding, and does not count that dose', async () => {
    // Act
    const result = await record('2026-10-05T10:30', 'OLD-19', '2026-10-01');

    // Assess
    expect(result).toContain('LOT_EXPIRED');
    expect(result).toContain('does not count against the authorization');
    await expect(units()).resolves.toEqual({ used: '150', remaining: '250' });
  });

  it('flags the authorization as expiring once fewer units are left than a dose', async () => {
    // Act
    const result = await record('2026-10-05T11:30', 'KX2208', '2027-03-31');
    await session.page.getByTestId('used-units').getByText('300').waitFor();

    // Assess
    expect(result).toContain('No findings.');
    await expect(units()).resolves.toEqual({ used: '300', remaining: '100' });
    await expect(panel().innerText()).resolves.toMatch(/Auth expiring/);
    const stored = await waitForCase(session.caseId, (c) => c.flags.includes('AUTH_EXPIRING'));
    expect(stored.authorization.usedUnits).toBe(300);
  });
});
