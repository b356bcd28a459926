/**
 * Claims, payments and remittances in the web app, in a real browser (Debian's Chromium through
 * playwright-core, launched as test/e2e/web.test.ts does), against the running stack: an approved
 * case's claim, a synthetic 835 denying its J9173 line (CO-16 with M51) uploaded through the
 * remittances page, the remittance page showing the claim matched and denied and the unknown
 * claim left for a person, the case page showing the claim denied with its codes and remedy, the
 * claim's 837 downloaded (it starts with ISA), and the worklist's claims column with its sort.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build835 } from '../fixtures/x12/remittance-835.ts';
import { api, approvedCase, exampleClaim, waitForCase } from './client.ts';
import { closeWebSession, signedInWebSession, type WebSession } from './web-session.ts';

const PAYER = 'manual-commercial';
/** A manual payer of the e2e registry with a synthetic contracted J9173 rate (120.00 a unit). */
const PAYER_WITH_RATES = 'manual-commercial-rates';
/** The stack shares two cores with other work: its workflows are given a minute. */
const PATIENCE_MS = 60_000;
const STAMP = Date.now();
const CLAIM_ID = `CLM-WEB-${STAMP}`;
const UNKNOWN_CLAIM_ID = `CLM-NOBODY-WEB-${STAMP}`;

let session: WebSession | undefined;
let web: WebSession['web'];
let page: Page;
let caseId: string;
let dir: string;
let remittanceId: string;

const ADDRESS = { line1: '100 Synthetic Way', city: 'Springfield', state: 'IL', postalCode: '62701' };

/** The example claim with its J9173 line only, and what its 837 needs (unless `for837` is false). */
const claim = (claimId: string, for837 = true) => ({
  ...exampleClaim,
  claimId,
  ...(for837 ? { billingProvider: { taxId: '123456789', address: ADDRESS }, patientAddress: ADDRESS } : {}),
  lines: exampleClaim.lines.filter((l: { hcpcs: string }) => l.hcpcs === 'J9173'),
});

/** The J9173 line as billed (150 units, JZ) and as the 835 repeats it. */
const J9173 = { hcpcs: 'J9173', modifiers: ['JZ'], units: 150, charge: 18750 };

/** The payer's adjudication: the J9173 line denied CO-16 (claim lacks information) with M51; one claim nobody sent. */
const remittance835 = () =>
  build835({
    payerId: PAYER,
    payerName: 'MANUAL COMMERCIAL',
    trace: `EFT-WEB-${STAMP}`,
    claims: [
      {
        claimId: CLAIM_ID,
        lines: [
          { ...J9173, paid: 0, adjustments: [{ group: 'CO', code: '16', amount: 18750 }], remarks: ['M51'] },
        ],
      },
      { claimId: UNKNOWN_CLAIM_ID, lines: [{ hcpcs: 'J9173', units: 10, charge: 1250, paid: 1000 }] },
    ],
  });

/** A case of the payer, approved, with the claim posted. */
async function approvedCaseWithClaim(payerId: string, claimId: string, for837 = true): Promise<string> {
  const id = await approvedCase(payerId, PATIENCE_MS);
  const posted = await api('POST', `/v1/prior-auths/${id}/claims`, { body: claim(claimId, for837) });
  expect(posted.status, JSON.stringify(posted.body)).toBe(201);
  return id;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'web-claims-'));
  caseId = await approvedCaseWithClaim(PAYER, CLAIM_ID);
  session = await signedInWebSession();
  ({ web, page } = session);
}, 900_000);

afterAll(async () => {
  if (session) await closeWebSession(session);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const claimRow = () => page.locator('table.claims tbody tr', { hasText: CLAIM_ID }).first();

describe('claims and remittances in the web app', () => {
  it('shows the claim on the case page as not yet remitted, with its form', async () => {
    // Act
    await page.goto(`${web.appUrl}#/cases/${encodeURIComponent(caseId)}`);
    await page.getByRole('heading', { name: 'Claims', level: 2, exact: true }).waitFor();
    // Assess
    const row = claimRow();
    await expect(row.locator('th').innerText()).resolves.toContain('Professional (837P)');
    await expect(row.locator('.claim-status').innerText()).resolves.toBe('Not yet remitted');
    await expect(row.locator('.claim-remittances').innerText()).resolves.toBe('None yet');
  });

  it('uploads the 835 on the remittances page and opens the remittance: the claim matched and denied, the unknown one for a person', async () => {
    // Prepare
    const file = join(dir, 'remittance.835');
    await writeFile(file, remittance835());
    await page.goto(`${web.appUrl}#/remittances`);
    await page.getByRole('heading', { name: 'Remittances', level: 1 }).waitFor();
    // Act
    await page.getByLabel('835 file').setInputFiles(file);
    await page.getByRole('button', { name: 'Upload 835' }).click();
    // Assess
    await page.waitForURL(/#\/remittances\/rmt_/);
    remittanceId = decodeURIComponent(page.url().split('#/remittances/')[1] ?? '');
    await page.getByRole('heading', { name: `Remittance ${remittanceId}`, level: 1 }).waitFor();
    await page.getByRole('status').filter({ hasText: 'The 835 was received' }).waitFor();
    const mine = page.locator('section.remittance-claim', { hasText: CLAIM_ID });
    await expect(mine.locator('h3 .claim-status').innerText()).resolves.toBe('Denied');
    await expect(mine.getByRole('link', { name: caseId }).getAttribute('href')).resolves.toBe(
      `#/cases/${encodeURIComponent(caseId)}`,
    );
    const line = mine.locator('table.remittance-lines tbody tr').first();
    await expect(line.locator('th').innerText()).resolves.toContain('J9173');
    const lineText = await line.innerText();
    expect(lineText).toContain('CO-16');
    expect(lineText).toContain('$18,750.00');
    expect(lineText).toContain('M51');
    const unknown = page.locator('section.remittance-claim', { hasText: UNKNOWN_CLAIM_ID });
    await expect(unknown.locator('.match').innerText()).resolves.toBe('Unmatched: for a person to match');
    await expect(page.locator('.unmatched').innerText()).resolves.toBe(UNKNOWN_CLAIM_ID);
  });

  it('shows the same file uploaded again as received before, applied once', async () => {
    // Prepare
    await page.goto(`${web.appUrl}#/remittances`);
    await page.getByRole('heading', { name: 'Remittances', level: 1 }).waitFor();
    // Act
    await page.getByLabel('835 file').setInputFiles(join(dir, 'remittance.835'));
    await page.getByRole('button', { name: 'Upload 835' }).click();
    // Assess
    await page.getByRole('status').filter({ hasText: 'received before' }).waitFor();
    expect(page.url()).toContain(`#/remittances/${remittanceId}`);
  });

  it('shows a malformed 835 refused with the segment the API names, and stays on the form', async () => {
    // Prepare
    const file = join(dir, 'broken.835');
    await writeFile(
      file,
      remittance835()
        .replaceAll(`EFT-WEB-${STAMP}`, `EFT-BAD-${STAMP}`)
        .replace('SVC*HC:J9173:JZ*18750.00', 'SVC*HC:J9173:JZ*1875O.00'),
    );
    await page.goto(`${web.appUrl}#/remittances`);
    await page.getByRole('heading', { name: 'Remittances', level: 1 }).waitFor();
    // Act
    await page.getByLabel('835 file').setInputFiles(file);
    await page.getByRole('button', { name: 'Upload 835' }).click();
    // Assess
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.innerText()).resolves.toMatch(/The 835 was not accepted[\s\S]*SVC/);
    expect(page.url()).toMatch(/#\/remittances$/);
  });

  it('shows the claim denied on the case page with its codes, its remittance and its remedy', async () => {
    // Prepare: the remedy the denial started
    const remedied = await waitForCase(
      caseId,
      (c) =>
        c.appeals.some(
          (a: { claimId?: string; documentId: string | null }) => a.claimId === CLAIM_ID && a.documentId,
        ),
      PATIENCE_MS,
    );
    const remedy = remedied.appeals.find((a: { claimId?: string }) => a.claimId === CLAIM_ID);
    // Act
    await page.goto(`${web.appUrl}#/cases/${encodeURIComponent(caseId)}`);
    await page.getByRole('heading', { name: 'Claims', level: 2, exact: true }).waitFor();
    // Assess
    const row = claimRow();
    await expect(row.locator('.claim-status').innerText()).resolves.toBe('Denied');
    await expect(row.locator('.claim-paid').innerText()).resolves.toBe('$0.00');
    await expect(row.getByRole('link', { name: remittanceId }).getAttribute('href')).resolves.toBe(
      `#/remittances/${remittanceId}`,
    );
    const codes = row.locator('.claim-codes');
    await codes.waitFor();
    await expect(codes.innerText()).resolves.toMatch(/J9173[\s\S]*CO-16[\s\S]*M51/);
    const remedyText = await row.locator('.claim-remedy').innerText();
    if (remedy.remedy === 'corrected_claim') {
      expect(remedyText).toContain(`Corrected claim ${remedy.correctedClaimId}`);
      await expect(
        row.getByRole('button', { name: `Download 837 of ${remedy.correctedClaimId}` }).count(),
      ).resolves.toBe(1);
    } else {
      expect(remedyText).toContain('Appeal letter');
    }
    await expect(
      row
        .locator('.claim-remedy')
        .getByRole('button', { name: /^Open / })
        .count(),
    ).resolves.toBe(1);
  });

  it('downloads the claim’s 837 fetched with the token: an X12 file starting with ISA', async () => {
    // Prepare
    const cell = claimRow().locator('td').last();
    const download = page.waitForEvent('download', { timeout: PATIENCE_MS });
    // Act
    await cell.getByRole('button', { name: `Download 837 of ${CLAIM_ID}` }).click();
    // Assess
    const status = cell.locator('.doc-status');
    await expect.poll(() => status.innerText(), { timeout: PATIENCE_MS }).toMatch(/^(Downloaded|Could not)/);
    await expect(status.innerText()).resolves.toMatch(/^Downloaded/);
    const file = await download;
    expect(file.suggestedFilename()).toBe(`${CLAIM_ID}.x12`);
    const text = await readFile((await file.path()) ?? '', 'utf8');
    expect(text.startsWith('ISA')).toBe(true);
    expect(text).toContain(`CLM*${CLAIM_ID}*`);
  });

  it('opens a remittance by its id from the remittances page', async () => {
    // Prepare
    await page.goto(`${web.appUrl}#/remittances`);
    await page.getByRole('heading', { name: 'Remittances', level: 1 }).waitFor();
    // Act
    await page.getByLabel('Remittance id').fill(remittanceId);
    await page.getByRole('button', { name: 'Open remittance' }).click();
    // Assess
    await page.getByRole('region', { name: 'Summary' }).waitFor();
    await expect(page.locator('section.remittance-claim').count()).resolves.toBe(2);
    expect(page.url()).toContain(`#/remittances/${remittanceId}`);
  });

  it('opens the remittance page from the claim’s row', async () => {
    // Prepare
    await page.goto(`${web.appUrl}#/cases/${encodeURIComponent(caseId)}`);
    await page.getByRole('heading', { name: 'Claims', level: 2, exact: true }).waitFor();
    // Act
    await claimRow().getByRole('link', { name: remittanceId }).click();
    // Assess
    await page.getByRole('heading', { name: `Remittance ${remittanceId}`, level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Summary' }).waitFor();
    await expect(page.locator('section.remittance-claim').count()).resolves.toBe(2);
  });

  it('shows a payment under the payer’s configured rate as UNDERPAID on the case page and the remittance page, and what an 837 lacks', async () => {
    // Prepare: a payer with a contracted J9173 rate (120.00 a unit), the line allowed 100.00 a unit
    const underpaidClaimId = `CLM-WEB-UP-${STAMP}`;
    const underpaidCaseId = await approvedCaseWithClaim(PAYER_WITH_RATES, underpaidClaimId, false);
    const text = build835({
      payerId: PAYER_WITH_RATES,
      payerName: 'MANUAL COMMERCIAL RATES',
      trace: `EFT-WEB-UP-${STAMP}`,
      claims: [
        {
          claimId: underpaidClaimId,
          lines: [
            {
              ...J9173,
              paid: 15000,
              allowed: 15000,
              adjustments: [{ group: 'CO', code: '45', amount: 3750 }],
            },
          ],
        },
      ],
    });
    const posted = await api('POST', '/v1/remittances', {
      raw: text,
      headers: { 'content-type': 'application/edi-x12' },
    });
    expect(posted.status).toBe(202);
    // Act
    await page.goto(`${web.appUrl}#/cases/${encodeURIComponent(underpaidCaseId)}`);
    await page.getByRole('heading', { name: 'Claims', level: 2, exact: true }).waitFor();
    // Assess
    const row = page.locator('table.claims tbody tr', { hasText: underpaidClaimId }).first();
    await expect(row.locator('.claim-status').innerText()).resolves.toBe('Paid');
    await expect(row.locator('.claim-paid').innerText()).resolves.toBe('$15,000.00');
    const finding = row.locator('.claim-codes-cell .finding');
    await finding.waitFor();
    await expect(finding.innerText()).resolves.toMatch(
      /UNDERPAID[\s\S]*3000\.00 under the configured 120\.00 a unit/,
    );
    // Its 837 refused: the claim has no billing address; the page names what it lacks
    await row.getByRole('button', { name: `Download 837 of ${underpaidClaimId}` }).click();
    await expect
      .poll(() => row.locator('td').last().locator('.doc-status').innerText(), { timeout: PATIENCE_MS })
      .toMatch(/^Could not download it: 422 .*\(missing: .*billingProvider\.address/);
    await row.getByRole('link', { name: posted.body.remittanceId }).click();
    await page.getByRole('heading', { name: `Remittance ${posted.body.remittanceId}`, level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Summary' }).waitFor();
    await expect(page.locator('section.remittance-claim .finding').innerText()).resolves.toContain(
      'UNDERPAID',
    );
  });

  it('shows the denied claim in the worklist’s claims column, which sorts the rows by their claims', async () => {
    // Prepare: every e2e file shares the stack, so the payer's first page of 25 may hold others'
    // cases only; the case's status too keeps its row on the page.
    const { body } = await api('GET', `/v1/prior-auths/${caseId}`);
    await page.goto(`${web.appUrl}#/worklist?payerId=${PAYER}&status=${body.status}`);
    const link = page.getByRole('link', { name: caseId, exact: true });
    await link.waitFor();
    const row = page.locator('tr', { has: link });
    // Act
    await row.locator('.claim-counts').waitFor();
    const header = page.getByRole('columnheader', { name: /Claims/ });
    await header.getByRole('button').click();
    // Assess
    await expect(row.locator('.claim-counts').innerText()).resolves.toBe('1 denied');
    await expect(header.getAttribute('aria-sort')).resolves.toBe('descending');
    const first = page.locator('table.worklist tbody tr').first();
    await expect(first.locator('.cell-claims').getAttribute('data-claims-rank')).resolves.toBe('0');
    await header.getByRole('button').click();
    await expect(header.getAttribute('aria-sort')).resolves.toBe('ascending');
  });
});
