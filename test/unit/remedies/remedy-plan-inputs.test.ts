/**
 * What the remedy plan (core/remedies/plan.ts) hands the denial analysis and the deadline: the
 * indication's ICD-10-CM codes and ranges as the list a claim's diagnosis is checked against, the
 * case's authorization (by its number, with its units and days, or none), and the appeal an appeal
 * decision answers (the one it names, else the latest; none for a new denial).
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '#core/case/case-record.ts';
import type { Appeal, Decision } from '#core/model.ts';
import { caseAuthorization, indicationCodes, planRemedy, type RemedyDecision } from '#core/remedies/plan.ts';
import { claim, pacificAssessment, pacificBilling } from '../support/appeal-case.ts';
import { payerEvent, submittedCase } from '../support/payer-case.ts';

const NOW = new Date('2026-11-21T09:00:00Z');
const deniedCase = (overrides: Partial<CaseRecord> = {}) =>
  submittedCase({ status: 'DENIED', assessment: pacificAssessment, billing: pacificBilling, ...overrides });
const approval: Decision = {
  outcome: 'approved',
  authorizationNumber: 'PA-55120',
  payerReference: 'ACME-PA-7781',
  approvedUnits: 1950,
  validFrom: '2026-08-01',
  validTo: '2027-07-31',
  reasons: [],
  decidedAt: '2026-07-30T15:00:00Z',
};
const appeal = (appealId: string, level: number): Appeal => ({
  appealId,
  status: 'APPEAL_DENIED',
  remedy: 'appeal',
  subject: 'prior_auth',
  level,
  documentId: `doc_${appealId}`,
  dueAt: '2027-01-24T23:59:59.999Z',
  createdAt: '2026-11-20T16:00:00.000Z',
  eventId: 'evt_denial',
});

function remedy(record: CaseRecord, event = payerEvent(), claimInput = claim()): RemedyDecision {
  const result = planRemedy({ record, event, now: NOW, claim: claimInput });
  if (result.kind !== 'remedy') throw new Error(`expected a remedy, got ${result.kind}`);
  return result;
}

/** The remedy of an approved case whose claim CLM-1 (`claimInput`) is denied with CO `carc`. */
const claimDenied = (carc: string, claimInput: ReturnType<typeof claim>) =>
  remedy(
    deniedCase({ decision: approval }),
    payerEvent({
      type: 'claim.denied',
      claimId: 'CLM-1',
      reasons: [{ system: 'CARC', group: 'CO', code: carc }],
    }),
    claimInput,
  );

describe('indicationCodes', () => {
  it("lists the indication's codes and its ranges as from-to", () => {
    const codes = indicationCodes('NSCLC_STAGE3_UNRESECTABLE_PACIFIC');
    expect(codes).toHaveLength(6);
    expect(codes?.slice(0, 3)).toEqual(['C34.00-C34.02', 'C34.10-C34.12', 'C34.2']);
    expect(indicationCodes(null)).toBeUndefined();
    expect(indicationCodes('NO_SUCH_INDICATION')).toBeUndefined();
  });

  it("checks a denied claim's diagnosis against them", () => {
    // Act
    const result = claimDenied('11', claim({ diagnosisCodes: ['C18.9'] }));

    // Assess
    expect(result.analysis.findings).toContainEqual(
      expect.objectContaining({
        code: 'DIAGNOSIS_NOT_COVERED',
        message: expect.stringContaining('(C34.00-C34.02, C34.10-C34.12, C34.2,'),
      }),
    );
  });
});

describe('caseAuthorization', () => {
  it('is the approval by its number, with its units and days', () => {
    expect(caseAuthorization(deniedCase({ decision: approval }))).toEqual({
      number: 'PA-55120',
      approvedUnits: 1950,
      validFrom: '2026-08-01',
      validTo: '2027-07-31',
    });
  });

  it('gives null for what the approval lacks, and no authorization without a number', () => {
    // Act
    const bare = caseAuthorization(
      deniedCase({
        decision: { ...approval, approvedUnits: undefined, validFrom: undefined, validTo: undefined },
      }),
    );

    // Assess
    expect(bare).toEqual({ number: 'PA-55120', approvedUnits: null, validFrom: null, validTo: null });
    expect(
      caseAuthorization(deniedCase({ decision: { ...approval, authorizationNumber: null } })),
    ).toBeNull();
    expect(caseAuthorization(deniedCase({ decision: null }))).toBeNull();
  });

  it("lets the claim scrub find a claim without the case's authorization number", () => {
    // Act
    const result = claimDenied('197', claim({ authorizationNumber: null }));

    // Assess
    expect(result.analysis.findings.map((f) => f.code)).toContain('AUTH_NUMBER_MISSING');
  });
});

describe('the appeal an appeal decision answers', () => {
  const medicareCase = (appeals: Appeal[]) =>
    deniedCase({
      status: 'APPEAL_DENIED',
      payer: { ...submittedCase().payer, planType: 'medicare' },
      appeals,
      decision: {
        ...approval,
        outcome: 'denied',
        authorizationNumber: null,
        reasons: [{ system: 'CARC', code: '50' }],
      },
    });
  const upheld = (appealId: string | undefined) =>
    payerEvent({
      type: 'appeal.decision',
      outcome: 'upheld',
      occurredAt: '2027-01-10T12:00:00Z',
      reasons: [],
      appealId,
    });

  it('is the one it names, else the latest filed', () => {
    // Prepare
    const record = medicareCase([appeal('apl_one', 1), appeal('apl_two', 2)]);

    // Act + Assess
    expect(remedy(record, upheld('apl_one')).level).toBe(2);
    expect(remedy(record, upheld('apl_unknown')).level).toBe(3);
  });

  it('is none for a new denial of a case with earlier appeals: level 1', () => {
    expect(remedy(medicareCase([appeal('apl_one', 1)]), payerEvent()).level).toBe(1);
  });
});
