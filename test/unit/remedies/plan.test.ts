import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '#core/case/case-record.ts';
import type { Appeal, Decision, DocumentRef, PlanType } from '#core/model.ts';
import { appealDeadline } from '#core/remedies/appeal-deadlines.ts';
import { CORRECTED_CLAIM_TEMPLATE } from '#core/remedies/compose-appeal.ts';
import { denialCategoryRule } from '#core/remedies/denials.ts';
import {
  type NoFurtherLevel,
  planRemedy,
  type RemedyDecision,
  type RemedyPlanInput,
  recordNoFurtherLevel,
  recordRemedy,
  remedyLetterInput,
} from '#core/remedies/plan.ts';
import {
  alkPositiveAegean,
  claim,
  claimWithDrugLine,
  pacificAssessment,
  pacificBilling,
  request,
} from '../support/appeal-case.ts';
import { AT, CASE_ID, EVENT_ID, payerEvent, submittedCase } from '../support/payer-case.ts';

/** The example case, denied: assessed (PACIFIC, meets label) and billed (1950 units). */
const deniedCase = (overrides: Partial<CaseRecord> = {}) =>
  submittedCase({ status: 'DENIED', assessment: pacificAssessment, billing: pacificBilling, ...overrides });

const BEFORE_DEADLINE = new Date('2026-11-21T09:00:00Z');
const plan = (input: Partial<RemedyPlanInput> = {}) =>
  planRemedy({ record: deniedCase(), event: payerEvent(), now: BEFORE_DEADLINE, ...input });
const decided = (input: Partial<RemedyPlanInput> = {}): RemedyDecision => {
  const result = plan(input);
  if (result.kind !== 'remedy') throw new Error(`expected a remedy, got ${result.kind}`);
  return result;
};

const filed = (level: number, overrides: Partial<Appeal> = {}): Appeal => ({
  appealId: `apl_level${level}`,
  status: 'APPEAL_DENIED',
  remedy: 'appeal',
  subject: 'prior_auth',
  level,
  documentId: `doc_level${level}`,
  dueAt: '2027-01-24T23:59:59.999Z',
  createdAt: '2026-11-20T16:00:00.000Z',
  eventId: 'evt_denial',
  ...overrides,
});

const denial: Decision = {
  outcome: 'denied',
  authorizationNumber: null,
  payerReference: 'ACME-PA-7781',
  reasons: [{ system: 'CARC', code: '50' }],
  decidedAt: '2026-11-20T15:04:05Z',
};

/** The case after an appeal was upheld, answered by an `appeal.decision` event. */
const upheld = (planType: PlanType, appeals: Appeal[], decision: Decision | null = denial) => ({
  record: deniedCase({
    status: 'APPEAL_DENIED',
    payer: { ...submittedCase().payer, planType },
    appeals,
    decision,
  }),
  event: payerEvent({
    type: 'appeal.decision',
    outcome: 'upheld',
    occurredAt: '2027-01-10T12:00:00Z',
    reasons: [],
    appealId: appeals.at(-1)?.appealId,
  }),
});

describe('planRemedy: which remedy a denial gets', () => {
  it('appeals a medical-necessity denial of a labeled use at level 1, by the deadline of the plan', () => {
    // Act
    const result = decided();
    // Assess
    expect(result).toMatchObject({
      kind: 'remedy',
      remedy: 'appeal',
      subject: 'prior_auth',
      level: 1,
      untimely: false,
      reasons: payerEvent().reasons,
    });
    expect(result.template).toBe(denialCategoryRule(result.analysis.category).template);
    expect(result.deadline).toEqual(
      appealDeadline({
        planType: 'medicare_advantage',
        level: 1,
        subject: 'prior_auth',
        noticeDate: '2026-11-20',
      }),
    );
    expect(result.claimId).toBeUndefined();
  });

  it.each([
    ['the day the window closes', '2027-01-24T23:59:59.999Z', false],
    ['the day after', '2027-01-25T00:00:00.000Z', true],
  ])('marks a denial answered %s untimely: %s', (_when, now, untimely) => {
    const result = decided({ now: new Date(now) });
    expect(result.deadline.dueAt).toBe('2027-01-24T23:59:59.999Z');
    expect(result.untimely).toBe(untimely);
  });

  it('records no appeal for an ALK-positive AEGEAN request, with no template', () => {
    const result = decided({ record: deniedCase({ assessment: alkPositiveAegean }) });
    expect(result).toMatchObject({ remedy: 'none', template: null });
    expect(result.analysis.reason).not.toBe('');
  });

  it('answers a J9376 claim denial with a corrected claim, naming the claim', () => {
    // Prepare
    const event = payerEvent({
      type: 'claim.denied',
      claimId: 'CLM-9',
      reasons: [{ system: 'CARC', group: 'CO', code: '181' }],
    });
    // Act
    const result = decided({
      record: deniedCase({ status: 'DENIED' }),
      event,
      claim: claimWithDrugLine({ hcpcs: 'J9376', units: 1500 }),
    });
    // Assess
    expect(result).toMatchObject({
      remedy: 'corrected_claim',
      template: CORRECTED_CLAIM_TEMPLATE,
      subject: 'claim',
      claimId: 'CLM-9',
    });
    expect(result.deadline.levelName).toBe('Plan reconsideration');
  });

  it("reads a claim denial against the case's authorization", () => {
    const authorised = deniedCase({
      decision: { ...denial, outcome: 'approved', authorizationNumber: 'PA-55120', approvedUnits: 1950 },
    });
    const event = payerEvent({
      type: 'claim.denied',
      claimId: 'CLM-1',
      reasons: [{ system: 'CARC', code: '197' }],
    });
    const result = decided({ record: authorised, event, claim: claim({ authorizationNumber: null }) });
    expect(result.analysis.category).toBe('authorization_absent');
    expect(result.decision.authorizationNumber).toBe('PA-55120');
  });

  it("quotes the event's references, else the case's decision", () => {
    const withRefs = decided({
      event: payerEvent({ payerReference: 'REF-EVENT', authorizationNumber: 'AUTH-EVENT' }),
    });
    const withoutRefs = decided({
      record: deniedCase({
        decision: { ...denial, authorizationNumber: 'AUTH-CASE', payerReference: 'REF-CASE' },
      }),
      event: payerEvent({ payerReference: null }),
    });
    const neither = decided({ event: payerEvent({ payerReference: null }) });
    expect(withRefs.decision).toMatchObject({
      payerReference: 'REF-EVENT',
      authorizationNumber: 'AUTH-EVENT',
    });
    expect(withoutRefs.decision).toMatchObject({
      payerReference: 'REF-CASE',
      authorizationNumber: 'AUTH-CASE',
    });
    expect(neither.decision).toMatchObject({ payerReference: null, authorizationNumber: null });
    expect(neither.decision).toMatchObject({ note: payerEvent().note, decidedAt: payerEvent().occurredAt });
  });
});

describe('planRemedy: an upheld appeal', () => {
  it.each([
    ['medicare', 1, 2, 'Reconsideration'],
    ['medicare', 2, 3, 'Administrative Law Judge hearing'],
    ['medicare', 4, 5, 'Federal district court review'],
    ['medicare_advantage', 1, 3, 'Administrative Law Judge hearing'],
    ['commercial', 1, 2, 'External review'],
    ['medicaid', 1, 2, 'State fair hearing'],
  ] as const)('%s level %i upheld: the next level is %i (%s)', (planType, level, next, levelName) => {
    // Act
    const result = planRemedy({ ...upheld(planType, [filed(level)]), now: new Date('2027-01-11T00:00:00Z') });
    // Assess
    expect(result).toMatchObject({ kind: 'remedy', level: next, subject: 'prior_auth' });
    expect((result as RemedyDecision).deadline).toMatchObject({
      level: next,
      levelName,
      noticeDate: '2027-01-10',
    });
  });

  it.each([
    ['medicare', 5],
    ['medicare_advantage', 5],
    ['commercial', 2],
    ['medicaid', 2],
  ] as const)('%s level %i upheld: no further level', (planType, level) => {
    const result = planRemedy({ ...upheld(planType, [filed(level)]), now: BEFORE_DEADLINE });
    expect(result).toEqual({ kind: 'no_further_level', previous: filed(level) });
  });

  it('answers with the reasons of the denial it appealed, and keeps its subject and claim', () => {
    const appealed = filed(1, { subject: 'claim', claimId: 'CLM-2' });
    const result = decided(upheld('commercial', [appealed]));
    expect(result).toMatchObject({ subject: 'claim', claimId: 'CLM-2', reasons: denial.reasons });
  });

  it('falls back to CARC 50 of the appealed event when the case kept no denial reasons', () => {
    const result = decided(upheld('commercial', [filed(1)], null));
    expect(result.reasons).toEqual([{ system: 'CARC', code: '50', eventId: 'evt_denial' }]);
  });

  it('answers the latest appeal filed when the decision names none it knows', () => {
    // Prepare
    const appeals = [filed(1), filed(2, { appealId: 'apl_corrected', remedy: 'corrected_claim' })];
    const { record, event } = upheld('medicare', appeals);
    // Act
    const result = decided({ record, event: { ...event, appealId: 'apl_unknown' } });
    // Assess: the corrected claim is not an appeal; level 1 was the last appeal
    expect(result.level).toBe(2);
  });

  it('starts at level 1 when the case has no appeal on file', () => {
    const { record, event } = upheld('medicare', []);
    expect(decided({ record, event })).toMatchObject({ level: 1, subject: 'prior_auth' });
  });
});

describe('remedyLetterInput', () => {
  it("gathers the case's facts and the plan into the letter's input", () => {
    // Prepare
    const record = deniedCase();
    const createdAt = new Date('2026-11-20T15:05:00Z');
    const result = decided({ record });
    // Act
    const input = remedyLetterInput(result, { record, appealId: 'apl_1', request, createdAt });
    // Assess
    expect(input).toEqual({
      caseId: CASE_ID,
      appealId: 'apl_1',
      request,
      assessment: pacificAssessment,
      billing: pacificBilling,
      findings: [],
      payer: {
        id: 'demo-medicare-advantage',
        name: 'Demo Medicare Advantage Plan',
        planType: 'medicare_advantage',
      },
      decision: result.decision,
      analysis: result.analysis,
      level: 1,
      deadline: result.deadline,
      subject: 'prior_auth',
      createdAt,
    });
  });

  it('carries the claim, and asks for good cause when the deadline has passed', () => {
    const late = decided({ now: new Date('2027-03-01T00:00:00Z') });
    const input = remedyLetterInput(late, {
      record: deniedCase(),
      appealId: 'apl_1',
      request,
      claim: claim(),
      createdAt: new Date(AT),
    });
    expect(input.claim?.claimId).toBe(claim().claimId);
    expect(input.untimely?.goodCause).toContain('good cause');
  });
});

describe('recordRemedy', () => {
  const document: DocumentRef = {
    documentId: 'doc_1',
    kind: 'appeal',
    contentType: 'application/pdf',
    createdAt: AT,
    bytes: 1000,
    sha256: 'ab',
    templateVersion: 'v1',
  };
  const record = deniedCase({ pendingRemedyEventId: EVENT_ID, flags: ['APPEAL_DUE_14D'] });
  const remedy = { appealId: 'apl_1', eventId: EVENT_ID, document, at: AT };

  it('records a ready appeal with its document and deadline, once', () => {
    // Prepare
    const result = decided();
    // Act
    const change = recordRemedy(record, result, remedy);
    // Assess
    expect(change?.next).toEqual({
      ...record,
      status: 'APPEAL_READY',
      updatedAt: AT,
      appeals: [
        {
          appealId: 'apl_1',
          status: 'APPEAL_READY',
          remedy: 'appeal',
          subject: 'prior_auth',
          level: 1,
          levelName: 'Plan reconsideration',
          category: result.analysis.category,
          documentId: 'doc_1',
          dueAt: result.deadline.dueAt,
          createdAt: AT,
          eventId: EVENT_ID,
          reason: result.analysis.reason,
        },
      ],
      documents: [document],
      deadlines: { ...record.deadlines, appealDueAt: result.deadline.dueAt },
      pendingRemedyEventId: null,
      flags: [],
    });
    expect(change?.history).toEqual([
      {
        at: AT,
        status: 'APPEAL_READY',
        source: 'workflow',
        eventId: EVENT_ID,
        event: 'appeal.ready',
        detail: `${result.analysis.category}: ${result.analysis.reason}; level 1 (Plan reconsideration) due ${result.deadline.dueAt}; document doc_1`,
      },
    ]);
    expect(recordRemedy(change!.next, result, remedy)).toBeNull();
  });

  it('adds APPEAL_UNTIMELY when the deadline has passed', () => {
    const late = decided({ now: new Date('2027-03-01T00:00:00Z') });
    const change = recordRemedy(record, late, remedy);
    expect(change?.next.findings).toEqual([
      {
        severity: 'error',
        code: 'APPEAL_UNTIMELY',
        message: `The Plan reconsideration deadline (${late.deadline.dueAt}) has passed; the letter asks for a good-cause extension.`,
      },
    ]);
  });

  it('records a corrected claim with its claim id', () => {
    const event = payerEvent({
      type: 'claim.denied',
      claimId: 'CLM-9',
      reasons: [{ system: 'CARC', code: '181' }],
    });
    const result = decided({ event, claim: claimWithDrugLine({ hcpcs: 'J9376', units: 1500 }) });
    const change = recordRemedy(record, result, {
      ...remedy,
      document: { ...document, kind: 'corrected_claim' },
    });
    expect(change?.next.appeals[0]).toMatchObject({
      remedy: 'corrected_claim',
      status: 'APPEAL_READY',
      claimId: 'CLM-9',
    });
    expect(change?.history[0]?.event).toBe('corrected_claim.ready');
  });

  it('records no appeal, keeping the status, with no document', () => {
    const result = decided({ record: deniedCase({ assessment: alkPositiveAegean }) });
    const change = recordRemedy(record, result, { ...remedy, document: null });
    expect(change?.next.status).toBe('DENIED');
    expect(change?.next.appeals[0]).toMatchObject({
      status: 'NOT_APPEALED',
      remedy: 'none',
      documentId: null,
    });
    expect(change?.next.documents).toEqual([]);
    expect(change?.history[0]).toMatchObject({ status: 'DENIED', event: 'appeal.not_recommended' });
    expect(change?.history[0]?.detail).not.toContain('document');
  });
});

describe('recordNoFurtherLevel', () => {
  const last: NoFurtherLevel = { kind: 'no_further_level', previous: filed(2) };

  it('clears the owed remedy and says why in the history', () => {
    const record = deniedCase({ status: 'APPEAL_DENIED', pendingRemedyEventId: EVENT_ID });
    const change = recordNoFurtherLevel(record, last, { eventId: EVENT_ID, at: AT });
    expect(change).toEqual({
      next: { ...record, pendingRemedyEventId: null, updatedAt: AT },
      history: [
        {
          at: AT,
          status: 'APPEAL_DENIED',
          source: 'workflow',
          eventId: EVENT_ID,
          event: 'appeal.no_further_level',
          detail:
            'appeal apl_level2 upheld at level 2: no further level is configured for medicare_advantage',
        },
      ],
    });
  });

  it('does nothing when the remedy is no longer owed for this event', () => {
    const record = deniedCase({ pendingRemedyEventId: 'evt_other' });
    expect(recordNoFurtherLevel(record, last, { eventId: EVENT_ID, at: AT })).toBeNull();
  });

  it('names an unknown appeal plainly', () => {
    const record = deniedCase({ pendingRemedyEventId: EVENT_ID });
    const change = recordNoFurtherLevel(
      record,
      { kind: 'no_further_level', previous: undefined },
      { eventId: EVENT_ID, at: AT },
    );
    expect(change?.history[0]?.detail).toBe(
      'appeal  upheld at level ?: no further level is configured for medicare_advantage',
    );
  });
});
