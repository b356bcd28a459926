/**
 * Accessibility of every page of the web app, checked with axe (@axe-core/playwright) in Chromium
 * against the running stack, with data in them: the sign-in card, the issuer's sign-in form (also
 * showing a wrong password), the worklist, an approved case with its claim and remittance, the
 * submit form (the example loaded, and with field errors), the remittances and a remittance, and
 * the API reference. No serious or critical violation of WCAG 2.1 A/AA is allowed.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remittanceIdOf } from '#core/remittance/store.ts';
import { exampleLoaded, type WebUser, type webAppFor } from '../../scripts/screenshots.ts';
import { build835, ORIGINATOR } from '../fixtures/x12/remittance-835.ts';
import { api, approvedCase, exampleClaim } from './client.ts';
import { closeWebSession, webSession, webUser } from './web-session.ts';

const PAYER = 'manual-commercial';
const STAMP = Date.now();
const CLAIM_ID = `CLM-AXE-${STAMP}`;
const TRACE = `AXE${STAMP}`;

let session: Awaited<ReturnType<typeof webSession>> | undefined;
let web: Awaited<ReturnType<typeof webAppFor>>;
let page: Page;
let user: WebUser;
let caseId: string;
const remittanceId = remittanceIdOf(ORIGINATOR, TRACE);

beforeAll(async () => {
  caseId = await approvedCase(PAYER, 60_000);
  const claim = {
    ...exampleClaim,
    claimId: CLAIM_ID,
    lines: exampleClaim.lines.filter((l: { hcpcs: string }) => l.hcpcs === 'J9173'),
  };
  const posted = await api('POST', `/v1/prior-auths/${caseId}/claims`, { body: claim });
  expect(posted.status, JSON.stringify(posted.body)).toBe(201);
  const remitted = await api('POST', '/v1/remittances', {
    raw: build835({
      payerId: PAYER,
      payerName: 'MANUAL COMMERCIAL',
      trace: TRACE,
      claims: [
        {
          claimId: CLAIM_ID,
          lines: [{ hcpcs: 'J9173', modifiers: ['JZ'], units: 150, charge: 18750, paid: 15000 }],
        },
      ],
    }),
    headers: { 'content-type': 'application/edi-x12' },
  });
  expect(remitted.status).toBe(202);
  user = await webUser({ name: 'Axe Admin' });
  session = await webSession();
  ({ web, page } = session);
}, 900_000);

afterAll(async () => {
  if (session) await closeWebSession(session);
});

/** The serious and critical WCAG 2.1 A/AA violations on the page as it is now, one line each. */
async function violations(on: Page = page): Promise<string[]> {
  const result = await new AxeBuilder({ page: on as never })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('accessibility of every page (axe, WCAG 2.1 A/AA, no serious or critical violation)', () => {
  it('the sign-in card and the issuer sign-in form, also with a wrong password', async () => {
    await page.goto(web.appUrl);
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    expect(await violations(), 'sign-in card').toEqual([]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('E-mail').waitFor();
    expect(await violations(), 'issuer sign-in form').toEqual([]);
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await violations(), 'issuer sign-in form with an error').toEqual([]);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Worklist', level: 1 }).waitFor();
  });

  it('the worklist with cases in it', async () => {
    await page.goto(`${web.appUrl}#/`);
    await page.locator('table.worklist tbody tr').first().waitFor();
    expect(await violations(), 'worklist').toEqual([]);
  });

  it('an approved case with its claim and remittance', async () => {
    await page.goto(`${web.appUrl}#/cases/${encodeURIComponent(caseId)}`);
    await page.getByRole('heading', { name: `Case ${caseId}` }).waitFor();
    await page.getByRole('heading', { name: 'Claims', level: 2, exact: true }).waitFor();
    await page.locator('table.claims tbody tr', { hasText: CLAIM_ID }).first().waitFor();
    expect(await violations(), 'case page').toEqual([]);
  });

  it('the submit form with the example request, and with field errors', async () => {
    await page.goto(`${web.appUrl}#/submit`);
    await page.getByRole('button', { name: 'Load the example request' }).click();
    await exampleLoaded(page);
    expect(await violations(), 'submit form').toEqual([]);
    await page.getByLabel('Weight (kg)').fill('900');
    await page.getByRole('button', { name: 'Check only (stores nothing)' }).click();
    await page.locator('.error-summary:not([hidden])').waitFor();
    expect(await violations(), 'submit form with errors').toEqual([]);
  });

  it('the remittances and a remittance', async () => {
    await page.goto(`${web.appUrl}#/remittances`);
    await page.getByRole('heading', { name: 'Remittances', level: 1 }).waitFor();
    expect(await violations(), 'remittances').toEqual([]);
    await page.goto(`${web.appUrl}#/remittances/${encodeURIComponent(remittanceId)}`);
    await page.getByRole('heading', { name: `Remittance ${remittanceId}`, level: 1 }).waitFor();
    await page.getByText(CLAIM_ID).first().waitFor();
    expect(await violations(), 'remittance page').toEqual([]);
  });

  it('the API reference', async () => {
    await page.goto(`${web.appUrl}api.html`);
    await page.locator('.swagger-ui .info').first().waitFor();
    expect(await violations(), 'API reference').toEqual([]);
  });
});
