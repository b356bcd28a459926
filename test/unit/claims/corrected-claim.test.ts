/**
 * The corrected claim of a denied claim: its route (replacement, new claim after MA130, reopening
 * for Original Medicare Part B), its frequency and REF*F8, its corrected lines, its id; and the
 * corrected_claim remedy that stores it with the case so its 837 is served.
 */
import { describe, expect, it } from 'vitest';
import { build837 } from '#adapters/x12/claim-837.ts';
import { correctedClaimIdOf } from '#core/case/claim-scrubbed.ts';
import { OPERATOR } from '#core/identity/claims.ts';
import {
  correctedClaim,
  correctionRoute,
  frequencyCodeCorrection,
} from '#core/remedies/claim-corrections.ts';
import { analyseDenial } from '#core/remedies/denials.ts';
import { ClaimInput, type ClaimInputRaw } from '#schemas/claim.ts';
import { composeRemedy } from '#use-cases/compose-remedy.ts';
import { readClaimFile } from '#use-cases/read-claim-file.ts';
import { denialInput, pacificBilling } from '../support/appeal-case.ts';
import { CASE_ID, EVENT_ID, givenEvent, payerEvent } from '../support/payer-case.ts';
import { deniedCase, world } from '../use-cases/support.ts';
import { check837 } from './x12-837-checker.ts';

const BILLING_PROVIDER = {
  taxId: '123456789',
  address: { line1: '100 Synthetic Way', city: 'Springfield', state: 'IL', postalCode: '62701' },
};

function denied(overrides: Partial<ClaimInputRaw> = {}): ClaimInput {
  return ClaimInput.parse({
    claimId: 'CLM-DENIED-1',
    serviceDate: '2026-09-07',
    placeOfService: '11',
    diagnosisCodes: ['C34.12'],
    administeredMg: 1500,
    billingProvider: BILLING_PROVIDER,
    patientAddress: BILLING_PROVIDER.address,
    lines: [{ hcpcs: 'J9376', modifiers: [], units: 1500, ndc11: '00310-4611-50', chargeAmount: 18750 }],
    ...overrides,
  });
}

const context = (claim: ClaimInput, planType: string, payerClaimNumber: string | null = 'ICN-77') => ({
  claim,
  billing: pacificBilling,
  authorization: { number: 'PA-55120' },
  caseDiagnosisCodes: ['C34.12'],
  correctedClaimId: 'CLM-DENIED-1-CABC123',
  planType,
  payerClaimNumber,
});

describe('correctionRoute', () => {
  it.each([
    ['medicare_advantage', false, 'replacement'],
    ['commercial', false, 'replacement'],
    ['medicaid', false, 'replacement'],
    ['medicare', false, 'reopening'],
    ['medicare', true, 'new_claim'],
    ['commercial', true, 'new_claim'],
  ] as const)('%s, no appeal rights %s: %s', (planType, noAppealRights, route) => {
    expect(correctionRoute(planType, noAppealRights)).toBe(route);
  });
});

describe('correctedClaim', () => {
  it('replaces the denied claim: frequency 7, REF*F8 the payer claim number, J9173 and its units, the authorization', () => {
    // Act
    const { route, claim, instructions } = correctedClaim(context(denied(), 'medicare_advantage'), false);

    // Assess
    expect(route).toBe('replacement');
    expect(claim).toMatchObject({
      claimId: 'CLM-DENIED-1-CABC123',
      frequencyCode: '7',
      payerClaimNumber: 'ICN-77',
      authorizationNumber: 'PA-55120',
    });
    expect(claim.lines[0]).toMatchObject({ hcpcs: 'J9173', units: 150, ndcQuantity: 30, ndcUnit: 'ML' });
    expect(instructions).toContain('replacement (frequency 7) of payer claim ICN-77 (REF*F8)');
    expect(instructions).toContain('/v1/claims/CLM-DENIED-1-CABC123/x12');
  });

  it('submits a new claim after MA130: frequency 1, no REF*F8, and says there are no appeal rights', () => {
    // Act
    const { route, claim, instructions } = correctedClaim(
      context(denied({ payerClaimNumber: 'ICN-1' }), 'commercial'),
      true,
    );

    // Assess
    expect(route).toBe('new_claim');
    expect(claim.frequencyCode).toBe('1');
    expect(claim.payerClaimNumber).toBeUndefined();
    expect(instructions).toContain('MA130');
    expect(instructions).toContain('as a new claim (frequency 1)');
  });

  it('asks Original Medicare Part B for a reopening first', () => {
    // Act
    const { route, claim, instructions } = correctedClaim(context(denied(), 'medicare'), false);

    // Assess
    expect(route).toBe('reopening');
    expect(claim.frequencyCode).toBe('7');
    expect(instructions).toContain('clerical-error reopening of claim ICN-77');
    expect(instructions).toContain('UNVERIFIED');
  });

  it('keeps the payer claim number the denied claim carried when the denial gives none, and says where to find one otherwise', () => {
    const carried = correctedClaim(
      context(denied({ payerClaimNumber: 'ICN-ON-CLAIM' }), 'commercial', null),
      false,
    );
    const none = correctedClaim(context(denied(), 'commercial', null), false);
    expect(carried.claim.payerClaimNumber).toBe('ICN-ON-CLAIM');
    expect(none.claim.payerClaimNumber).toBeUndefined();
    expect(none.instructions).toContain('read it from the remittance');
  });

  it.each([
    [false, '137'],
    [true, '131'],
  ])('moves an institutional type of bill to the frequency (MA130 %s → %s)', (noAppealRights, typeOfBill) => {
    const institutional = denied({
      form: 'institutional',
      typeOfBill: '131',
      placeOfService: undefined,
      lines: [{ hcpcs: 'J9376', units: 1500, ndc11: '00310-4611-50', revenueCode: '0636' }],
    });
    expect(correctedClaim(context(institutional, 'commercial'), noAppealRights).claim.typeOfBill).toBe(
      typeOfBill,
    );
  });
});

describe('frequencyCodeCorrection by plan type', () => {
  it.each([
    ['medicare', false, '7', 'clerical-error reopening'],
    ['medicare_advantage', false, '7', 'Replacement of the denied claim'],
    ['commercial', false, '7', 'Replacement of the denied claim'],
    ['medicare', true, '1', 'MA130'],
  ] as const)('%s, no appeal rights %s: frequency %s, says %s', (planType, noAppealRights, to, says) => {
    const correction = frequencyCodeCorrection(denied(), noAppealRights, planType);
    expect(correction.to).toBe(to);
    expect(correction.why).toContain(says);
  });

  it('the denial analysis of an Original Medicare claim asks for the reopening in its corrections', () => {
    // Act
    const analysis = analyseDenial(
      denialInput({
        subject: 'claim',
        reasons: [{ system: 'CARC', code: '181' }],
        claim: denied(),
        planType: 'medicare',
      }),
    );

    // Assess
    expect(analysis.remedy).toBe('corrected_claim');
    expect(analysis.corrections.at(-1)?.why).toContain('clerical-error reopening');
  });
});

describe('correctedClaimIdOf', () => {
  it('marks the original id, one per denial event, within the 38 characters of CLM01', () => {
    const id = correctedClaimIdOf('CLM-1', 'evt_1');
    expect(id).toMatch(/^CLM-1-C[0-9A-F]{6}$/);
    expect(correctedClaimIdOf('CLM-1', 'evt_1')).toBe(id);
    expect(correctedClaimIdOf('CLM-1', 'evt_2')).not.toBe(id);
  });

  it.each([
    [30, 38],
    [31, 21],
  ])('an original of %i characters gives an id of %i', (length, expected) => {
    expect(correctedClaimIdOf('X'.repeat(length), 'evt_1')).toHaveLength(expected);
  });

  it('keeps the id to the characters a path segment takes', () => {
    expect(correctedClaimIdOf('CLM.2026/7', 'evt_1')).toMatch(/^CLM-2026-7-C[0-9A-F]{6}$/);
  });
});

describe('composeRemedy with a corrected claim', () => {
  it('stores the corrected claim with the case, names it on the remedy, and serves its 837 as a replacement', async () => {
    // Prepare
    const w = world();
    await deniedCase(w);
    const original = denied();
    await w.cases.putClaimOnce(CASE_ID, {
      claimId: original.claimId,
      receivedAt: '2026-12-01T10:00:00Z',
      findings: [],
      claim: original,
    });
    await givenEvent(
      w,
      payerEvent({
        type: 'claim.denied',
        claimId: original.claimId,
        payerReference: 'ICN-2026-77',
        reasons: [{ system: 'CARC', code: '181' }],
      }),
    );

    // Act
    await composeRemedy(CASE_ID, EVENT_ID, w);

    // Assess
    const record = await w.cases.requireCase(CASE_ID);
    const appeal = record.appeals[0];
    expect(appeal).toMatchObject({
      remedy: 'corrected_claim',
      correctedClaimId: correctedClaimIdOf(original.claimId, EVENT_ID),
    });
    expect(appeal?.instructions).toContain('payer claim ICN-2026-77');
    const found = await w.cases.findClaim(appeal?.correctedClaimId ?? '');
    expect(found?.caseId).toBe(CASE_ID);
    expect(found?.claim.claim).toMatchObject({ frequencyCode: '7', payerClaimNumber: 'ICN-2026-77' });
    const file = await readClaimFile(OPERATOR, appeal?.correctedClaimId ?? '', w);
    expect(file.view).toMatchObject({ frequencyCode: '7', payerClaimNumber: 'ICN-2026-77' });
    expect(check837(build837(file.view, file.envelope), 'professional')).toEqual([]);
  });
});
