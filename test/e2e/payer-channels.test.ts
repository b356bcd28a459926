/**
 * Every channel feeds one state model: a Da Vinci PAS ClaimResponse (application/fhir+json) and
 * an X12 278 response posted to the webhook, signed like any other delivery, each move the case
 * their signed body names (the PAS Claim identifier, the 278's TRN trace); an unsigned ?caseId=
 * that disagrees is a 422 and nothing is applied.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { api, expectStoresNothing, signedHeaders, submittedCase, waitForCase } from './client.ts';

const PAYER = 'manual-commercial';
const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

/** A fixture answering `caseId`: the 278's trace and BHT03, or the PAS Claim identifier. */
function answering(caseId: string, path: string): string {
  const text = fixture(path);
  if (path.endsWith('.x12')) return text.replaceAll('CASE-0001', caseId);
  const bundle = JSON.parse(text);
  const claimResponse = bundle.entry.find((e: any) => e.resource.resourceType === 'ClaimResponse').resource;
  claimResponse.request = { identifier: { system: 'urn:durvalumab-pa:case', value: caseId } };
  return JSON.stringify(bundle);
}

async function postRaw(caseIdHint: string, body: string, contentType: string) {
  return api('POST', `/v1/webhooks/payers/${PAYER}?caseId=${caseIdHint}`, {
    raw: body,
    headers: { ...signedHeaders(PAYER, body, { id: `msg_${randomUUID()}` }), 'content-type': contentType },
    auth: false,
  });
}

const PAS_JSON = 'application/fhir+json';
const X12 = 'application/edi-x12';

describe('payer channels', () => {
  it('a PAS ClaimResponse certified in total (A1) approves the case with its preAuthRef', async () => {
    const caseId = await submittedCase();
    const res = await postRaw(caseId, answering(caseId, 'pas/response-a1-approved.json'), PAS_JSON);
    const done = await waitForCase(caseId, (c) => c.status === 'APPROVED');

    expect(res.status).toBe(202);
    expect(done.decision.authorizationNumber).toBeTruthy();
    expect(done.history.find((h: any) => h.source === 'payer').detail).toContain('approved');
  });

  it('a PAS ClaimResponse not certified (A3) denies the case and produces the appeal', async () => {
    const caseId = await submittedCase();
    await postRaw(caseId, answering(caseId, 'pas/response-a3-denied.json'), PAS_JSON);
    const done = await waitForCase(caseId, (c) => c.status === 'APPEAL_READY');
    expect(done.decision.outcome).toBe('denied');
    expect(done.appeals[0].remedy).toBe('appeal');
  });

  it('an X12 278 response with HCR*A1 approves the case with the HCR02 number', async () => {
    const caseId = await submittedCase();
    const res = await postRaw(caseId, answering(caseId, 'x12/response-a1-approved.x12'), X12);
    const done = await waitForCase(caseId, (c) => c.status === 'APPROVED');

    expect(res.status).toBe(202);
    expect(done.decision.authorizationNumber).toBe('AUTH-A1-77001');
  });

  it('an X12 278 response with HCR*A2 partially approves the case', async () => {
    const caseId = await submittedCase();
    await postRaw(caseId, answering(caseId, 'x12/response-a2-partial.x12'), X12);
    const done = await waitForCase(caseId, (c) => c.status === 'PARTIALLY_APPROVED');
    expect(done.decision.outcome).toBe('partially_approved');
  });

  it.each([
    ['a PAS ClaimResponse', 'pas/response-a6-modified.json', PAS_JSON],
    ['an X12 278 response', 'x12/response-a6-modified.x12', X12],
  ])(
    '%s modified (A6) partially approves the case, never with the requested units',
    async (_what, path, type) => {
      const caseId = await submittedCase();
      const res = await postRaw(caseId, answering(caseId, path), type);
      const done = await waitForCase(caseId, (c) => c.status === 'PARTIALLY_APPROVED');
      expect(res.status).toBe(202);
      expect(done.decision).toMatchObject({ outcome: 'partially_approved', approvedUnits: null });
      expect(done.decision.authorizationNumber).toMatch(/^AUTH-A6/);
    },
  );

  it.each([
    ['a PAS ClaimResponse', 'pas/response-a1-approved.json', PAS_JSON],
    ['an X12 278 response', 'x12/response-a1-approved.x12', X12],
  ])(
    'refuses %s whose ?caseId= disagrees with its signed body: 422, nothing applied',
    async (_what, path, type) => {
      const [named, other] = [await submittedCase(), await submittedCase()];
      const res = await expectStoresNothing(
        () => postRaw(other, answering(named, path), type),
        [named, other],
      );
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    },
  );

  it('applies a 278 to the case its trace names when no ?caseId= is given', async () => {
    const caseId = await submittedCase();
    const body = answering(caseId, 'x12/response-a3-denied.x12');
    const res = await api('POST', `/v1/webhooks/payers/${PAYER}`, {
      raw: body,
      headers: { ...signedHeaders(PAYER, body, { id: `msg_${randomUUID()}` }), 'content-type': X12 },
      auth: false,
    });
    expect(res.status).toBe(202);
    expect((await waitForCase(caseId, (c) => c.decision?.outcome === 'denied')).decision.outcome).toBe(
      'denied',
    );
  });

  it('refuses an unreadable X12 body as 422 and stores nothing', async () => {
    const caseId = await submittedCase();
    const res = await expectStoresNothing(() => postRaw(caseId, 'ISA*this is not a 278~', X12), [caseId]);
    expect([400, 422]).toContain(res.status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
