/**
 * The Playwright scenario (issue 13), in Chromium against the running stack: a person of
 * an organization signs in through the local provider (authorization code + PKCE), sees only
 * their organization's worklist (another organization's case is not listed and its page answers
 * "not found"), and the header shows who is signed in; assigns the case to themself, writes a
 * note, and exports the worklist as CSV (their organization's case only); an admin of the
 * organization sees the case's access history (the staff member's reads in it), which the staff
 * member's own case page does not show.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type WebUser, type webAppFor } from '../../scripts/screenshots.ts';
import { api, requestFor, submit, submittedCase, waitForCase } from './client.ts';
import { closeWebSession, webSession, webUser } from './web-session.ts';

const PAYER = 'manual-commercial';
const ORG = `org-team-${Date.now().toString(36)}`;

let session: Awaited<ReturnType<typeof webSession>> | undefined;
let web: Awaited<ReturnType<typeof webAppFor>>;
let page: Page;
let staff: WebUser;
let ownCase: string;
let otherCase: string;

beforeAll(async () => {
  const made = await api('POST', '/v1/organizations', { body: { id: ORG, name: 'Team Oncology' } });
  expect(made.status).toBe(201);
  ownCase = await submit(requestFor(PAYER, (r) => Object.assign(r, { organizationId: ORG })));
  await waitForCase(ownCase, (c) => c.status === 'SUBMITTED');
  otherCase = await submittedCase(PAYER);
  staff = await webUser({ organizationId: ORG, roles: ['staff'], name: 'Sam Staff' });
  session = await webSession();
  ({ web, page } = session);
}, 900_000);

afterAll(async () => {
  if (session) await closeWebSession(session);
});

describe('a team member of an organization in the web app', () => {
  it('signs in through the local provider and is shown by name, organization and role', async () => {
    await signIn(page, web.appUrl, staff);
    const who = (await page.locator('#signed-in-as').textContent()) ?? '';
    expect(who).toContain('Sam Staff');
    expect(who).toContain(ORG);
    expect(who).toContain('staff');
  });

  it("sees only the organization's cases: its own listed, another organization's neither listed nor opened", async () => {
    await page.goto(`${web.appUrl}#/`);
    await page.getByRole('link', { name: ownCase, exact: true }).waitFor();
    const links = await page.locator('table.worklist tbody tr a').allInnerTexts();
    expect(links).toContain(ownCase);
    expect(links).not.toContain(otherCase);
    await page.goto(`${web.appUrl}#/cases/${encodeURIComponent(otherCase)}`);
    await page.getByRole('heading', { name: /not found/i, level: 1 }).waitFor();
    await page.goto(`${web.appUrl}#/cases/${encodeURIComponent(ownCase)}`);
    await page.getByRole('heading', { name: `Case ${ownCase}` }).waitFor();
  });

  it('assigns the case to themself and writes a note, shown with its author', async () => {
    await page.goto(`${web.appUrl}#/cases/${encodeURIComponent(ownCase)}`);
    await page.getByRole('heading', { name: 'Assignment and notes', level: 2 }).waitFor();
    await page.getByLabel('Assignee').selectOption({ label: 'Sam Staff' });
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.locator('#assignee-current', { hasText: 'Sam Staff' }).waitFor();
    await page.getByLabel('New note').fill('Peer-to-peer review booked with the plan.');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.locator('ol.notes li.note').first();
    await note.locator('.note__text', { hasText: 'Peer-to-peer review booked' }).waitFor();
    await expect(note.locator('.note__author').textContent()).resolves.toBe('Sam Staff');
  });

  it("exports the worklist as CSV: the organization's case, assigned, and no other organization's", async () => {
    await page.goto(`${web.appUrl}#/`);
    await page.getByRole('link', { name: ownCase, exact: true }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = await readFile((await download.path()) as string, 'utf8');
    const row = csv.split(/\r?\n/).find((line) => line.includes(ownCase));
    expect(row).toContain('Sam Staff');
    expect(csv).not.toContain(otherCase);
  });

  it("shows an admin of the organization the case's access history, and not the staff member", async () => {
    await page.goto(`${web.appUrl}#/cases/${encodeURIComponent(ownCase)}`);
    await page.getByRole('heading', { name: 'Assignment and notes', level: 2 }).waitFor();
    await expect(page.getByRole('heading', { name: 'Access history' }).count()).resolves.toBe(0);
    const admin = await webUser({ organizationId: ORG, roles: ['admin'], name: 'Ada Admin' });
    const adminPage = await page.context().newPage();
    await signIn(adminPage, web.appUrl, admin);
    await adminPage.goto(`${web.appUrl}#/cases/${encodeURIComponent(ownCase)}`);
    await adminPage.getByRole('heading', { name: 'Access history', level: 2 }).waitFor();
    const history = adminPage.locator('#access-history');
    await history.locator('tbody tr', { hasText: staff.userId }).first().waitFor();
    await expect(history.textContent()).resolves.toContain('case.read');
    await adminPage.close();
  });
});
