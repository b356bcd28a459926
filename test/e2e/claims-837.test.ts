/**
 * Claims out as 837 files, through the running stack: an approved case's claim posted
 * (professional, then institutional), its 837 fetched from GET /v1/claims/{claimId}/x12 and
 * parsed back segment by segment; a claim.denied webhook with a billing-error CARC gives a
 * corrected_claim remedy whose corrected claim's 837 is a replacement (CLM05-3 7, REF*F8).
 */
import { describe, expect, it } from 'vitest';
import { claimDeniedWebhook } from '../fixtures/payer-decision.ts';
import { check837, segmentsOf } from '../unit/claims/x12-837-checker.ts';
import { api, decision, exampleClaim, postWebhook, submittedCase, waitForCase } from './client.ts';

const PAYER = 'manual-commercial';
const BILLING_PROVIDER = {
  taxId: '123456789',
  address: { line1: '100 Synthetic Way', city: 'Springfield', state: 'IL', postalCode: '62701' },
};
const DRUG = {
  hcpcs: 'J9173',
  units: 150,
  ndc11: '00310-4611-50',
  ndcQuantity: 30,
  ndcUnit: 'ML',
  chargeAmount: 18750,
};

async function approvedCase(): Promise<string> {
  const caseId = await submittedCase(PAYER);
  await postWebhook(
    PAYER,
    decision(caseId, 'approved', { authorizationNumber: 'PA-55120', approvedUnits: 1950 }),
  );
  await waitForCase(caseId, (c) => c.status === 'APPROVED');
  return caseId;
}

async function postClaim(
  caseId: string,
  claim: Record<string, unknown>,
): Promise<{ claimId: string; findings: Array<{ severity: string; code: string }> }> {
  const res = await api('POST', `/v1/prior-auths/${caseId}/claims`, { body: claim });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function file837(claimId: string): Promise<string> {
  const res = await api('GET', `/v1/claims/${claimId}/x12`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/edi-x12');
  return typeof res.body === 'string' ? res.body : new TextDecoder().decode(res.body);
}

/** The example claim (its date, authorization, diagnosis, dose), with what its 837 needs. */
const professionalClaim = (claimId: string, lines: unknown[] = [{ ...DRUG, modifiers: ['JZ'] }]) => ({
  ...exampleClaim,
  claimId,
  billingProvider: BILLING_PROVIDER,
  patientAddress: { ...BILLING_PROVIDER.address, line1: '1 Synthetic Patient Rd' },
  renderingProvider: { npi: '1234567893', familyName: 'Synthetic', givenName: 'Clinician' },
  lines,
});

describe('claims out: 837 files', () => {
  it('a professional claim of an approved case comes back as an 837P the checker accepts', async () => {
    const caseId = await approvedCase();
    const { claimId, findings } = await postClaim(caseId, professionalClaim(`CLM-P-${Date.now()}`));
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);

    const x12 = await file837(claimId);

    expect(check837(x12, 'professional')).toEqual([]);
    const segments = segmentsOf(x12);
    expect(segments).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^CLM\\*${claimId}\\*18750\\*\\*\\*11:B:1\\*`)),
        'REF*G1*PA-55120',
        'SV1*HC:J9173:JZ*18750*UN*150***1',
        'LIN**N4*00310461150',
        'CTP****30*ML',
      ]),
    );
  });

  it('an institutional claim (type of bill 131, revenue code 0636, 340B JG) comes back as an 837I', async () => {
    const caseId = await approvedCase();
    const claim = {
      ...professionalClaim(`CLM-I-${Date.now()}`, [
        { ...DRUG, modifiers: ['JZ', 'JG'], revenueCode: '0636' },
      ]),
      form: 'institutional',
      typeOfBill: '131',
      placeOfService: undefined,
    };
    const { claimId, findings } = await postClaim(caseId, claim);
    expect(findings.filter((f) => f.code === 'CLAIM_FORM' || f.code === 'MODIFIER_CONFLICT')).toEqual([]);

    const x12 = await file837(claimId);

    expect(check837(x12, 'institutional')).toEqual([]);
    expect(segmentsOf(x12)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^CLM\*.*\*\*\*13:A:1\*/),
        'SV2*0636*HC:J9173:JZ:JG*18750*UN*150',
        'DTP*434*RD8*20260907-20260907',
      ]),
    );
  });

  it('answers 404 for an unknown claim and 422 naming what a claim lacks for its 837', async () => {
    const caseId = await approvedCase();
    const { claimId } = await postClaim(caseId, {
      ...professionalClaim(`CLM-B-${Date.now()}`),
      billingProvider: undefined,
    });

    const unknown = await api('GET', '/v1/claims/CLM-NO-SUCH-CLAIM/x12');
    const lacking = await api('GET', `/v1/claims/${claimId}/x12`);

    expect(unknown.status).toBe(404);
    expect(lacking.status).toBe(422);
    expect(JSON.stringify(lacking.body)).toContain('billingProvider.taxId');
  });

  it('a billing-error denial gives a corrected claim whose 837 replaces the denied one (CLM05-3 7, REF*F8)', async () => {
    const caseId = await approvedCase();
    const denied = professionalClaim(`CLM-D-${Date.now()}`, [
      { ...DRUG, hcpcs: 'J9376', units: 1500, modifiers: [] },
    ]);
    const { claimId } = await postClaim(caseId, denied);

    await postWebhook(
      PAYER,
      claimDeniedWebhook(caseId, claimId, [{ system: 'CARC', group: 'CO', code: '181' }]),
    );
    const done = await waitForCase(caseId, (c) =>
      c.appeals.some((a: { correctedClaimId?: string }) => a.correctedClaimId),
    );
    const remedy = done.appeals.find((a: { correctedClaimId?: string }) => a.correctedClaimId);
    const x12 = await file837(remedy.correctedClaimId);

    expect(remedy).toMatchObject({ remedy: 'corrected_claim', subject: 'claim', claimId });
    expect(remedy.instructions).toContain('ICN-2026-77');
    expect(check837(x12, 'professional')).toEqual([]);
    const segments = segmentsOf(x12);
    expect(segments.find((s) => s.startsWith('CLM*'))).toMatch(/\*11:B:7\*/);
    expect(segments).toContain('REF*F8*ICN-2026-77');
    expect(segments).toContain('SV1*HC:J9173:JZ*18750*UN*150***1');
  });
});
