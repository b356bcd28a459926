/**
 * Every channel feeds one state model: a Da Vinci PAS ClaimResponse (application/fhir+json) and
 * an X12 278 response posted to the webhook, signed like any other delivery, each move a case.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { api, expectStoresNothing, signedHeaders, submittedCase, waitForCase } from './client.ts';

const PAYER = 'manual-commercial';
const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

async function postRaw(caseId: string, body: string, contentType: string) {
  return api('POST', `/v1/webhooks/payers/${PAYER}?caseId=${caseId}`, {
    raw: body,
    headers: { ...signedHeaders(PAYER, body, { id: `msg_${randomUUID()}` }), 'content-type': contentType },
    auth: false,
  });
}

describe('payer channels', () => {
  it('a PAS ClaimResponse certified in total (A1) approves the case with its preAuthRef', async () => {
    const caseId = await submittedCase();
    const res = await postRaw(caseId, fixture('pas/response-a1-approved.json'), 'application/fhir+json');
    const done = await waitForCase(caseId, (c) => c.status === 'APPROVED');

    expect(res.status).toBe(202);
    expect(done.decision.authorizationNumber).toBeTruthy();
    expect(done.history.find((h: any) => h.source === 'payer').detail).toContain('approved');
  });

  it('a PAS ClaimResponse not certified (A3) denies the case and produces the appeal', async () => {
    const caseId = await submittedCase();
    await postRaw(caseId, fixture('pas/response-a3-denied.json'), 'application/fhir+json');
    const done = await waitForCase(caseId, (c) => c.status === 'APPEAL_READY');
    expect(done.decision.outcome).toBe('denied');
    expect(done.appeals[0].remedy).toBe('appeal');
  });

  it('an X12 278 response with HCR*A1 approves the case with the HCR02 number', async () => {
    const caseId = await submittedCase();
    const res = await postRaw(caseId, fixture('x12/response-a1-approved.x12'), 'application/edi-x12');
    const done = await waitForCase(caseId, (c) => c.status === 'APPROVED');

    expect(res.status).toBe(202);
    expect(done.decision.authorizationNumber).toBe('AUTH-A1-77001');
  });

  it('an X12 278 response with HCR*A2 partially approves the case', async () => {
    const caseId = await submittedCase();
    await postRaw(caseId, fixture('x12/response-a2-partial.x12'), 'application/edi-x12');
    const done = await waitForCase(caseId, (c) => c.status === 'PARTIALLY_APPROVED');
    expect(done.decision.outcome).toBe('partially_approved');
  });

  it('refuses an unreadable X12 body as 422 and stores nothing', async () => {
    const caseId = await submittedCase();
    const res = await expectStoresNothing(
      () => postRaw(caseId, 'ISA*this is not a 278~', 'application/edi-x12'),
      [caseId],
    );
    expect([400, 422]).toContain(res.status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
