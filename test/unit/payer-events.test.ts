import { describe, expect, it } from 'vitest';
import { canTransition } from '#core/case/status-transitions.ts';
import { ValidationError } from '#core/errors.ts';
import {
  combineReviewActions,
  isActionableAnswer,
  MANUAL_WORK_QUEUE_NOTE,
  normaliseWebhook,
  type ReviewAnswer,
  reviewDecision,
  statusForEvent,
} from '#core/payer/payer-events.ts';
import type { NormalisedPayerEvent } from '#core/ports.ts';
import deniedWebhook from '#schemas/examples/webhook-denied.json' with { type: 'json' };
import { refusedPaths } from './support/validation-refusal.ts';

const CTX = { caseId: 'case-01J', receivedAt: '2026-08-05T18:31:00.000Z', requestedUnits: 1950 };

describe('normaliseWebhook', () => {
  it('normalises the example denial of API.md', () => {
    // Prepare
    const body = { ...deniedWebhook, data: { ...deniedWebhook.data, caseId: 'case-01J' } };
    // Act
    const event = normaliseWebhook(body);
    // Assess
    expect(event).toEqual({
      type: 'prior_auth.decision',
      occurredAt: body.occurredAt,
      caseId: 'case-01J',
      payerReference: body.data.payerReference,
      outcome: 'denied',
      authorizationNumber: null,
      approvedUnits: null,
      validFrom: null,
      validTo: null,
      reasons: body.data.reasons,
      requestedDocuments: [],
      note: body.data.note,
    });
    expect(statusForEvent(event)).toBe('DENIED');
  });

  it('fills optional fields of a minimal approval with null and empty lists', () => {
    const event = normaliseWebhook({
      type: 'prior_auth.decision',
      occurredAt: '2026-11-20T15:04:05Z',
      data: {
        caseId: 'c1',
        outcome: 'approved',
        authorizationNumber: 'PA-1',
        approvedUnits: 1950,
        validFrom: '2026-08-10',
      },
    });
    expect(event).toMatchObject({
      payerReference: null,
      authorizationNumber: 'PA-1',
      approvedUnits: 1950,
      validFrom: '2026-08-10',
      validTo: null,
      reasons: [],
      requestedDocuments: [],
      note: null,
    });
  });

  const co4n822 = [
    { system: 'CARC', group: 'CO', code: '4' },
    { system: 'RARC', code: 'N822' },
  ];
  const co16m119 = [
    { system: 'CARC', group: 'CO', code: '16' },
    { system: 'RARC', code: 'M119' },
  ];
  it.each([
    [{ claimId: 'CLM-1', group: 'CO', code: '50' }, [{ system: 'CARC', group: 'CO', code: '50' }]],
    [{ claimId: 'CLM-1', reasons: co4n822 }, co4n822],
    [{ claimId: 'CLM-1', group: 'CO', code: '16', reasons: co16m119 }, co16m119],
    [{ claimId: 'CLM-1', code: '16', reasons: co16m119 }, [{ system: 'CARC', code: '16' }, ...co16m119]],
  ])('normalises a claim denial carrying %j', (extra, reasons) => {
    // Act
    const event = normaliseWebhook({
      type: 'claim.denied',
      occurredAt: '2026-11-20T15:04:05Z',
      data: { caseId: 'c1', ...extra },
    });
    // Assess
    expect(event).toMatchObject({ type: 'claim.denied', outcome: 'denied', claimId: 'CLM-1', reasons });
    expect(statusForEvent(event)).toBe('DENIED');
  });

  it.each([
    ['overturned', 'APPEAL_APPROVED'],
    ['upheld', 'APPEAL_DENIED'],
  ] as const)('normalises an appeal decision %s -> %s', (outcome, status) => {
    const event = normaliseWebhook({
      type: 'appeal.decision',
      occurredAt: '2026-12-01T10:00:00+00:00',
      data: { caseId: 'c1', appealId: 'apl-1', outcome },
    });
    expect(event).toMatchObject({ type: 'appeal.decision', outcome, appealId: 'apl-1' });
    expect(statusForEvent(event)).toBe(status);
  });

  it.each([
    [
      'an unknown type',
      { type: 'prior_auth.updated', occurredAt: '2026-11-20T15:04:05Z', data: { caseId: 'c' } },
      'type',
    ],
    [
      'a missing caseId',
      { type: 'prior_auth.decision', occurredAt: '2026-11-20T15:04:05Z', data: { outcome: 'denied' } },
      'data.caseId',
    ],
    [
      'an outcome of another event type',
      {
        type: 'prior_auth.decision',
        occurredAt: '2026-11-20T15:04:05Z',
        data: { caseId: 'c', outcome: 'upheld' },
      },
      'data.outcome',
    ],
    [
      'a date that is not ISO',
      { type: 'prior_auth.decision', occurredAt: '20 Nov 2026', data: { caseId: 'c', outcome: 'denied' } },
      'occurredAt',
    ],
    [
      'a claim denial without a CARC',
      { type: 'claim.denied', occurredAt: '2026-11-20T15:04:05Z', data: { caseId: 'c', claimId: 'CLM-1' } },
      'data.code',
    ],
    [
      'an appeal decision without appealId',
      {
        type: 'appeal.decision',
        occurredAt: '2026-11-20T15:04:05Z',
        data: { caseId: 'c', outcome: 'upheld' },
      },
      'data.appealId',
    ],
    ['not an object', 'denied', ''],
  ])('refuses %s with a ValidationError naming the field', (_case, body, path) => {
    expect(refusedPaths(() => normaliseWebhook(body))).toContain(path);
  });
});

describe('combineReviewActions', () => {
  it.each([
    [['A1'], 'approved'],
    // A6 (modified) certifies less than requested: never a plain approval.
    [['A6'], 'partially_approved'],
    [['A1', 'A6'], 'partially_approved'],
    [['A6', 'A3'], 'partially_approved'],
    [['A3', 'A3'], 'denied'],
    [['A1', 'A3'], 'partially_approved'],
    [['A2'], 'partially_approved'],
    [['A1', 'A4'], 'pended'],
    [['A1', 'CT'], 'pended'],
    [[], 'pended'],
  ] as const)('%j -> %s', (codes, outcome) => {
    expect(combineReviewActions(codes).outcome).toBe(outcome);
  });
});

describe('statusForEvent', () => {
  const base: Pick<NormalisedPayerEvent, 'type' | 'outcome' | 'requestedDocuments'> = {
    type: 'prior_auth.decision',
    outcome: 'approved',
    requestedDocuments: [],
  };

  it.each([
    ['prior_auth.decision', 'approved', [], 'APPROVED'],
    ['prior_auth.decision', 'partially_approved', [], 'PARTIALLY_APPROVED'],
    ['prior_auth.decision', 'denied', [], 'DENIED'],
    ['prior_auth.decision', 'pended', [], 'PENDED'],
    ['prior_auth.decision', 'pended', ['imaging report'], 'NEEDS_INFO'],
    ['claim.denied', 'denied', [], 'DENIED'],
    ['appeal.decision', 'overturned', [], 'APPEAL_APPROVED'],
    ['appeal.decision', 'upheld', [], 'APPEAL_DENIED'],
  ] as const)('%s %s (documents %j) -> %s', (type, outcome, requestedDocuments, status) => {
    expect(statusForEvent({ type, outcome, requestedDocuments: [...requestedDocuments] })).toBe(status);
  });

  it.each([
    ['prior_auth.decision', 'upheld'],
    ['claim.denied', 'approved'],
    ['appeal.decision', 'denied'],
  ] as const)('refuses %s with outcome %s', (type, outcome) => {
    expect(() => statusForEvent({ ...base, type, outcome })).toThrow(ValidationError);
  });

  it('gives only statuses a submitted case can reach for prior-auth decisions', () => {
    for (const outcome of ['approved', 'partially_approved', 'denied', 'pended'] as const) {
      expect(canTransition('SUBMITTED', statusForEvent({ ...base, outcome }))).toBe(true);
    }
  });
});

describe('reviewDecision', () => {
  const answer = (overrides: Partial<ReviewAnswer> = {}): ReviewAnswer => ({
    codes: ['A1'],
    occurredAt: '2026-08-05T18:30:00.000Z',
    payerReference: 'PAYREF-1',
    authorizationNumber: 'AUTH-1',
    quantities: [],
    period: { from: '2026-08-10', to: '2027-08-09' },
    reasons: [],
    requestedDocuments: [],
    notes: [],
    ...overrides,
  });

  it('grants the certification number, period and the units requested on a full approval', () => {
    expect(reviewDecision(answer(), CTX)).toEqual({
      type: 'prior_auth.decision',
      occurredAt: '2026-08-05T18:30:00.000Z',
      caseId: CTX.caseId,
      payerReference: 'PAYREF-1',
      outcome: 'approved',
      authorizationNumber: 'AUTH-1',
      approvedUnits: CTX.requestedUnits,
      validFrom: '2026-08-10',
      validTo: '2027-08-09',
      reasons: [],
      requestedDocuments: [],
      note: null,
    });
  });

  it.each([
    [['A1'], [900, 150], 1050],
    [['A2'], [900], 900],
    [['A2'], [], null],
    [['A1'], [], 1950],
    [['A3'], [900], null],
    [['A4'], [900], null],
  ] as const)('%j with quantities %j approves %s units', (codes, quantities, units) => {
    expect(
      reviewDecision(answer({ codes: [...codes], quantities: [...quantities] }), CTX).approvedUnits,
    ).toBe(units);
  });

  it('keeps no number, period or units on a denial or a pend', () => {
    for (const code of ['A3', 'A4', 'CT'] as const) {
      expect(reviewDecision(answer({ codes: [code] }), CTX)).toMatchObject({
        authorizationNumber: null,
        approvedUnits: null,
        validFrom: null,
        validTo: null,
      });
    }
  });

  it('keeps each reason once and puts the manual work queue note first', () => {
    const event = reviewDecision(
      answer({
        codes: ['CT', 'CT'],
        reasons: [
          { system: 'X12-HCR', code: '0Y' },
          { system: 'X12-HCR', code: '0Y' },
          { system: 'CARC', code: '0Y' },
        ],
        notes: ['CALL US', null, '  ', undefined, 'FAX 555-0100'],
      }),
      CTX,
    );
    expect(event.reasons).toEqual([
      { system: 'X12-HCR', code: '0Y' },
      { system: 'CARC', code: '0Y' },
    ]);
    expect(event.note).toBe(
      `${MANUAL_WORK_QUEUE_NOTE} the payer answered CT (Contact payer); a person must follow up with the payer | CALL US | FAX 555-0100`,
    );
  });

  it('uses the requested units only when the context has them', () => {
    expect(reviewDecision(answer(), { caseId: 'c', receivedAt: CTX.receivedAt }).approvedUnits).toBeNull();
  });
});

describe('isActionableAnswer', () => {
  const event = normaliseWebhook({ ...deniedWebhook, data: { ...deniedWebhook.data, caseId: 'c' } });
  it.each<[string, Partial<NormalisedPayerEvent>, boolean]>([
    ['a final decision', { outcome: 'denied' }, true],
    ['a pend asking for documents', { outcome: 'pended', requestedDocuments: ['Pathology report'] }, true],
    ['a pend for the manual work queue', { outcome: 'pended', note: `${MANUAL_WORK_QUEUE_NOTE} CT` }, true],
    ['a plain pend', { outcome: 'pended', note: 'final answer follows' }, false],
    ['a plain pend without a note', { outcome: 'pended', note: null }, false],
  ])('%s: %s', (_case, overrides, actionable) => {
    expect(isActionableAnswer({ ...event, requestedDocuments: [], ...overrides })).toBe(actionable);
  });
});
