/**
 * 835 remittances through the running stack: a claim of an approved case, a generated 835 that
 * denies its J9173 line (a billing-error CARC), and the remedy a claim.denied webhook would give,
 * exactly once, however often the file or the webhook for the same denial arrives.
 */
import { describe, expect, it } from 'vitest';
import { claimDeniedWebhook } from '../fixtures/payer-decision.ts';
import { adjudicate837, build835, type Claim835, claimsOf837 } from '../fixtures/x12/remittance-835.ts';
import { api, approvedCase, decision, exampleClaim, postWebhook, waitForCase } from './client.ts';

const PAYER = 'manual-commercial';
const EDI = { 'content-type': 'application/edi-x12' };
/** The stack shares two cores with other work: its workflows are given a minute. */
const PATIENCE_MS = 60_000;

/** The example claim (J9173 150 units JZ, 96413) under its own id, on an approved case. */
async function approvedCaseWithClaim(claimId: string): Promise<string> {
  const caseId = await approvedCase(PAYER, PATIENCE_MS);
  const res = await api('POST', `/v1/prior-auths/${caseId}/claims`, { body: { ...exampleClaim, claimId } });
  expect(res.status).toBe(201);
  return caseId;
}

/** The payer's adjudication: the J9173 line denied CO-16 with M51 (a coding error), the administration paid. */
function deniedJ9173(claimId: string): Claim835 {
  return {
    claimId,
    lines: [
      {
        hcpcs: 'J9173',
        modifiers: ['JZ'],
        units: 150,
        charge: 18750,
        paid: 0,
        adjustments: [{ group: 'CO', code: '16', amount: 18750 }],
        remarks: ['M51'],
      },
      {
        hcpcs: '96413',
        units: 1,
        charge: 310,
        paid: 248,
        allowed: 248,
        adjustments: [{ group: 'CO', code: '45', amount: 62 }],
      },
    ],
  };
}

const post835 = (text: string, headers: Record<string, string> = EDI) =>
  api('POST', '/v1/remittances', { raw: text, headers });

describe('POST /v1/remittances', () => {
  it('a denied J9173 line in an 835 gets one remedy: the file twice and the claim.denied webhook for it add none', async () => {
    // Prepare
    const stamp = Date.now();
    const claimId = `CLM-835-${stamp}`;
    const caseId = await approvedCaseWithClaim(claimId);
    const unknown = `CLM-NOBODY-${stamp}`;
    const text = build835({
      payerId: PAYER,
      payerName: 'MANUAL COMMERCIAL',
      trace: `EFT-${stamp}`,
      claims: [
        deniedJ9173(claimId),
        { claimId: unknown, lines: [{ hcpcs: 'J9173', units: 10, charge: 1250, paid: 1000 }] },
      ],
    });
    // Act
    const first = await post835(text);
    // Assess: accepted, matched, the remedy composed for the claim
    expect(first.status).toBe(202);
    expect(first.body).toEqual({
      remittanceId: expect.stringMatching(/^rmt_/),
      claims: 2,
      matched: 1,
      duplicate: false,
    });
    const { remittanceId } = first.body;
    const remedied = await waitForCase(caseId, (c) => c.status === 'APPEAL_READY', PATIENCE_MS);
    expect(remedied.appeals).toHaveLength(1);
    expect(remedied.appeals[0]).toMatchObject({ subject: 'claim', claimId });

    // The same file again: a duplicate, applied once
    const again = await post835(text);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ remittanceId, claims: 2, matched: 1, duplicate: true });

    // The payer's claim.denied webhook for the same denial: recorded, no second remedy
    const webhook = await postWebhook(
      PAYER,
      claimDeniedWebhook(caseId, claimId, [
        { system: 'CARC', group: 'CO', code: '16' },
        { system: 'RARC', code: 'M51' },
      ]),
    );
    expect(webhook.status).toBe(202);
    const after = await waitForCase(
      caseId,
      (c) => c.history.some((h: { event: string }) => h.event === 'claim.denied.refused'),
      PATIENCE_MS,
    );
    expect(after.appeals).toHaveLength(1);
    expect(after.status).toBe('APPEAL_READY');

    // The case shows its claim with what the remittance said
    expect(after.claims).toEqual([
      expect.objectContaining({
        claimId,
        status: 'partially_paid',
        paidAmount: 248,
        remittanceIds: [remittanceId],
      }),
    ]);

    // The remittance: per claim, lines with adjustments and remarks; the unmatched claim listed
    const view = await api('GET', `/v1/remittances/${remittanceId}`);
    expect(view.status).toBe(200);
    expect(view.body.unmatched).toEqual([unknown]);
    expect(view.body.claims[0]).toMatchObject({
      claimId,
      matched: true,
      status: 'partially_paid',
      paidAmount: 248,
      lines: [
        {
          hcpcs: 'J9173',
          units: 150,
          paidAmount: 0,
          adjustments: [{ group: 'CO', code: '16', amount: 18750 }],
          remarks: ['M51'],
        },
        {
          hcpcs: '96413',
          units: 1,
          paidAmount: 248,
          adjustments: [{ group: 'CO', code: '45', amount: 62 }],
          remarks: [],
        },
      ],
    });
    expect(view.body.claims[1]).toMatchObject({ claimId: unknown, matched: false, status: 'paid' });
    expect(JSON.stringify(view.body)).not.toContain('PATIENT');
  }, 240_000);

  it('a malformed 835 is a 400 naming the segment, and nothing is stored', async () => {
    const stamp = Date.now();
    const text = build835({
      payerId: PAYER,
      payerName: 'MANUAL COMMERCIAL',
      trace: `EFT-BAD-${stamp}`,
      claims: [{ claimId: `CLM-BAD-${stamp}`, lines: [{ hcpcs: 'J9173', units: 1, charge: 100, paid: 80 }] }],
    });
    const res = await post835(text.replace('SVC*HC:J9173*100.00', 'SVC*HC:J9173*1OO.00'));
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.detail).toMatch(/segment \d+ \(SVC\): SVC02/);
    expect(res.body.errors[0].path).toMatch(/^segment \d+ \(SVC\)$/);
    // Nothing stored: the corrected file is new (202), not a duplicate of a half-stored one.
    const fixed = await post835(text);
    expect(fixed.status).toBe(202);
    expect(fixed.body).toMatchObject({ claims: 1, matched: 0, duplicate: false });
  });

  it('refuses a body that is not application/edi-x12 (415) and an unknown remittance (404)', async () => {
    expect((await post835('{}', { 'content-type': 'application/json' })).status).toBe(415);
    expect((await api('GET', '/v1/remittances/rmt_00000000000000000000000000')).status).toBe(404);
  });

  it('round trip: claim -> 837 -> the payer denies its J9376 line in an 835 -> corrected claim -> its 837 replaces the denied one', async () => {
    // Prepare: an approved case's claim billed as J9376 (HCPCS_MISMATCH), and its 837
    const stamp = Date.now();
    const caseId = await approvedCase(PAYER, PATIENCE_MS);
    const claim = {
      ...exampleClaim,
      claimId: `CLM-RT-${stamp}`,
      billingProvider: {
        taxId: '123456789',
        address: { line1: '100 Synthetic Way', city: 'Springfield', state: 'IL', postalCode: '62701' },
      },
      // The subscriber's address (2010BA N3/N4): synthetic.
      patientAddress: {
        line1: '1 Synthetic Patient Rd',
        city: 'Springfield',
        state: 'IL',
        postalCode: '62701',
      },
      renderingProvider: { npi: '1234567893', familyName: 'Synthetic', givenName: 'Clinician' },
      lines: [
        {
          hcpcs: 'J9376',
          units: 1500,
          ndc11: '00310-4611-50',
          ndcQuantity: 30,
          ndcUnit: 'ML',
          chargeAmount: 18750,
        },
      ],
    };
    const posted = await api('POST', `/v1/prior-auths/${caseId}/claims`, { body: claim });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const original = await api('GET', `/v1/claims/${claim.claimId}/x12`);
    expect(original.status, JSON.stringify(original.body)).toBe(200);
    const x12 = (b: unknown) => (typeof b === 'string' ? b : new TextDecoder().decode(b as Uint8Array));

    // Act: the payer adjudicates the 837 (CO-181 on the J9376 line) and sends an 835
    const icn = `ICN-${stamp}`;
    const claims = adjudicate837(
      x12(original.body),
      (line) =>
        line.hcpcs === 'J9376'
          ? { paid: 0, adjustments: [{ group: 'CO', code: '181', amount: line.charge }] }
          : {},
      () => icn,
    );
    expect(claims.map((c) => c.claimId)).toEqual([claim.claimId]);
    const remittance = build835({
      payerId: PAYER,
      payerName: 'MANUAL COMMERCIAL',
      trace: `EFT-RT-${stamp}`,
      claims,
    });
    const res = await post835(remittance);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ claims: 1, matched: 1 });

    // Assess: the corrected claim's 837 replaces the denied one (frequency 7, REF*F8 = CLP07) and bills J9173
    const done = await waitForCase(
      caseId,
      (c) => c.appeals.some((a: { correctedClaimId?: string }) => a.correctedClaimId),
      PATIENCE_MS,
    );
    const remedy = done.appeals.find((a: { correctedClaimId?: string }) => a.correctedClaimId);
    expect(remedy).toMatchObject({ remedy: 'corrected_claim', subject: 'claim', claimId: claim.claimId });
    const corrected = await api('GET', `/v1/claims/${remedy.correctedClaimId}/x12`);
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const text = x12(corrected.body);
    expect(text).toMatch(/CLM\*[^~]*\*11:B:7\*/);
    expect(text).toContain(`REF*F8*${icn}`);
    expect(claimsOf837(text)[0]?.lines.map((l) => l.hcpcs)).toEqual(['J9173']);
  }, 240_000);
});
