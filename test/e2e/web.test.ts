/**
 * The worklist web app in a real browser (Debian's Chromium through playwright-core), against
 * the running stack: sign-in through the local issuer (authorization code + PKCE), the worklist showing a submitted case, the case page with its
 * assessment and billing, and the submit form showing a field error from the API.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleLoaded, type WebUser, webAppFor } from '../../scripts/screenshots.ts';
import { type BrowserSession, launchChromium } from '../support/ensure-chromium.ts';
import { api, baseUrl, submittedCase, waitForCase } from './client.ts';
import { webUser } from './web-session.ts';

const PAYER = 'manual-medicaid';
const MAX_PAGES = 20;

let browser: BrowserSession;
let web: Awaited<ReturnType<typeof webAppFor>>;
let page: Page;
let caseId: string;
let user: WebUser;

beforeAll(async () => {
  browser = await launchChromium();
  web = await webAppFor(baseUrl());
  caseId = await submittedCase(PAYER);
  user = await webUser({ name: 'Dana Admin' });
  page = await browser.context.newPage();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

/** Pages through the filtered worklist until the case's row shows. */
async function findRow(caseIdToFind: string) {
  const link = page.getByRole('link', { name: caseIdToFind, exact: true });
  for (let i = 0; i < MAX_PAGES; i += 1) {
    await page.locator('.results table, .results .empty').first().waitFor();
    // The table seen may still be the one from before the last navigation (the filtered or next
    // page replaces it a moment later): give the row a few seconds to show before paging on.
    if (await link.count()) return link;
    if (
      await link.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      )
    )
      return link;
    const next = page.getByRole('button', { name: 'Next page →' });
    if (!(await next.count())) break;
    await next.click();
    await page.waitForTimeout(50);
  }
  return link;
}

describe('the web app', () => {
  it('is served by the stack at /app/', async () => {
    // Act
    const res = await api('GET', '/app/', { auth: false });
    // Assess
    expect(res.status, 'the local stack must serve web/ at /app/ (index.html is the entry)').toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('signs in through the local issuer, keeps the token in the tab only, and shows who is signed in', async () => {
    // Prepare
    await page.goto(web.appUrl);
    await expect(page.locator('input[type=password]').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Act
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Assess
    await page.getByRole('heading', { name: 'Worklist', level: 1 }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    const stored = String(await page.evaluate("sessionStorage.getItem('pa.apiToken')"));
    const claims = JSON.parse(Buffer.from(stored.split('.')[1] ?? '', 'base64url').toString());
    expect(claims).toMatchObject({ sub: user.userId, organizationId: 'default', roles: ['admin'] });
    await expect(page.evaluate('localStorage.length')).resolves.toBe(0);
    await expect(page.locator('#signed-in-as').innerText()).resolves.toContain('Dana Admin');
    await expect(page.locator('#signed-in-as').innerText()).resolves.toContain('default');
  });

  it('shows a wrong password on the sign-in page and signs in with the right one', async () => {
    // Prepare
    const other = await browser.context.newPage();
    await other.goto(web.appUrl);
    await other.getByRole('button', { name: 'Sign in' }).click();
    // Act
    await other.getByLabel('E-mail').fill(user.email);
    await other.getByLabel('Password').fill(`${user.password}-wrong`);
    await other.getByRole('button', { name: 'Sign in' }).click();
    // Assess
    await other.getByRole('alert').filter({ hasText: 'not right' }).waitFor();
    await other.getByLabel('Password').fill(user.password);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('heading', { name: 'Worklist', level: 1 }).waitFor();
    await other.close();
  });

  it('signs out: the token leaves the tab and the sign-in card shows', async () => {
    // Prepare
    const other = await browser.context.newPage();
    await other.goto(web.appUrl);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByLabel('E-mail').fill(user.email);
    await other.getByLabel('Password').fill(user.password);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('heading', { name: 'Worklist', level: 1 }).waitFor();
    // Act
    await other.getByRole('button', { name: 'Sign out' }).click();
    // Assess
    await other.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await expect(other.evaluate("sessionStorage.getItem('pa.apiToken')")).resolves.toBeNull();
    await other.close();
  });

  it('asks to sign in again when the API refuses the token (401)', async () => {
    // Prepare
    const other = await browser.context.newPage();
    await other.goto(web.appUrl);
    await other.evaluate("sessionStorage.setItem('pa.apiToken', 'a.b.c')");
    // Act
    await other.reload();
    // Assess
    await other.getByRole('alert').filter({ hasText: 'session has ended' }).waitFor();
    await expect(other.evaluate("sessionStorage.getItem('pa.apiToken')")).resolves.toBeNull();
    await other.close();
  });

  it('lists the submitted case in the worklist filtered by payer and status', async () => {
    // Prepare
    await page.goto(`${web.appUrl}#/`);
    await page.getByLabel('Status').selectOption('SUBMITTED');
    await page.getByLabel('Payer id').fill(PAYER);
    // Act
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const link = await findRow(caseId);
    // Assess
    await expect(link.count()).resolves.toBe(1);
    const row = page.locator('tr', { has: link });
    await expect(row.locator('.cell-status').innerText()).resolves.toBe('Submitted');
    await expect(row.locator('.urgency').innerText()).resolves.toMatch(/^Due in \d+ (days?|h)$/);
  });

  it('opens the case page with its assessment and billing', async () => {
    // Prepare
    const link = await findRow(caseId);
    // Act
    await link.click();
    await page.getByRole('heading', { name: `Case ${caseId}` }).waitFor();
    // Assess
    const assessment = page.locator('section', { has: page.getByRole('heading', { name: 'Assessment' }) });
    await expect(assessment.locator('.verdict').innerText()).resolves.toContain('Meets the FDA label');
    await expect(assessment.locator('table.criteria tbody tr').count()).resolves.toBeGreaterThan(0);
    const billing = page.locator('section', { has: page.getByRole('heading', { name: 'Billing' }) });
    const billingText = await billing.innerText();
    expect(billingText).toContain('J9173');
    expect(billingText).toContain('00310-4611-50');
    expect(billingText).toMatch(/Units per administration\s+150/i);
    await expect(page.getByRole('button', { name: /Open Prior-auth packet/ }).count()).resolves.toBe(1);
  });

  it('opens the packet PDF as a blob URL fetched with the token', async () => {
    // Prepare
    const popup = page.waitForEvent('popup');
    // Act
    await page.getByRole('button', { name: /Open Prior-auth packet/ }).click();
    // Assess
    const tab = await popup;
    expect(tab.url()).toMatch(/^blob:/);
    await tab.close();
  });

  it('shows the API’s field error next to the field on the submit form', async () => {
    // Prepare
    await page.goto(`${web.appUrl}#/submit`);
    await page.getByRole('button', { name: 'Load the example request' }).click();
    await exampleLoaded(page);
    await page.getByLabel('Weight (kg)').fill('900');
    // Act
    await page.getByRole('button', { name: 'Submit request' }).click();
    // Assess
    const summary = page.locator('.error-summary');
    await summary.getByText('patient.weightKg').waitFor();
    const weight = page.getByLabel('Weight (kg)');
    await expect(weight.getAttribute('aria-invalid')).resolves.toBe('true');
    const errorId = (await weight.getAttribute('aria-describedby'))
      ?.split(' ')
      .find((id) => id.endsWith('-error'));
    expect(errorId).toBeDefined();
    await expect(page.locator(`#${errorId}`).innerText()).resolves.not.toBe('');
    expect(page.url()).toContain('#/submit');
  });

  it('submits the example and lands on the new case', async () => {
    // Prepare
    await page.goto(`${web.appUrl}#/submit`);
    await page.getByRole('button', { name: 'Load the example request' }).click();
    await exampleLoaded(page);
    await page.getByLabel('Payer id').fill(PAYER);
    await page.getByLabel('Plan type').selectOption('medicaid');
    // Act
    await page.getByRole('button', { name: 'Submit request' }).click();
    // Assess
    await page.waitForURL(/#\/cases\/pa_/);
    const newCaseId = decodeURIComponent(page.url().split('#/cases/')[1] ?? '');
    const created = await waitForCase(newCaseId, (c) => c.status !== 'RECEIVED');
    expect(created.payer.id).toBe(PAYER);
  });
});
