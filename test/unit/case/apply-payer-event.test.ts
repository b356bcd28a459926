import { describe, expect, it } from 'vitest';
import { applyPayerEventToCase, describePayerEvent } from '#core/case/apply-payer-event.ts';
import type { CaseRecord } from '#core/case/case-record.ts';
import { ValidationError } from '#core/errors.ts';
import type { Appeal, CaseStatus, Claim } from '#core/model.ts';
import type { NormalisedPayerEvent } from '#core/ports.ts';
import { AT, EVENT_ID, payerEvent, storedClaim, submittedCase } from '../support/payer-case.ts';

const apply = (record: CaseRecord, event: NormalisedPayerEvent, claim?: Claim) =>
  applyPayerEventToCase({ record, event, eventId: EVENT_ID, at: AT, claim });

const appeal = (appealId: string, status: Appeal['status'], remedy: Appeal['remedy'] = 'appeal'): Appeal => ({
  appealId,
  status,
  remedy,
  subject: 'prior_auth',
  level: 1,
  documentId: null,
  dueAt: '2027-01-19T23:59:59.999Z',
  createdAt: '2026-11-20T16:00:00.000Z',
});

describe('applyPayerEventToCase: a prior-auth decision on a submitted case', () => {
  it.each([
    ['approved', [], 'APPROVED', false],
    ['partially_approved', [], 'PARTIALLY_APPROVED', false],
    ['denied', [], 'DENIED', true],
    ['pended', [], 'PENDED', false],
    ['pended', ['Pathology report'], 'NEEDS_INFO', false],
  ] as const)('%s (documents %j) -> %s, remedy owed: %s', (outcome, documents, status, owed) => {
    // Prepare
    const event = payerEvent({ outcome, requestedDocuments: [...documents] });
    // Act
    const change = apply(submittedCase(), event);
    // Assess
    expect(change.outcome).toBe('applied');
    expect(change.remedyOwed).toBe(owed);
    expect(change.next).toMatchObject({
      status,
      updatedAt: AT,
      lastEventAt: event.occurredAt,
      appliedEventIds: [EVENT_ID],
      flags: [],
    });
    expect(change.next?.pendingRemedyEventId).toBe(owed ? EVENT_ID : undefined);
    expect(change.history).toEqual([
      {
        at: AT,
        source: 'payer',
        eventId: EVENT_ID,
        status,
        event: 'prior_auth.decision',
        applied: true,
        detail: describePayerEvent(event),
      },
    ]);
    expect(change.deniedClaim).toBeUndefined();
  });

  it('records the decision with every field of the event', () => {
    // Prepare
    const event = payerEvent({
      outcome: 'approved',
      authorizationNumber: 'AUTH-1',
      approvedUnits: 1950,
      validFrom: '2026-12-01',
      validTo: '2027-11-30',
      reasons: [],
      note: null,
    });
    // Act
    const { next } = apply(submittedCase(), event);
    // Assess
    expect(next?.decision).toEqual({
      outcome: 'approved',
      authorizationNumber: 'AUTH-1',
      payerReference: 'ACME-PA-7781',
      approvedUnits: 1950,
      validFrom: '2026-12-01',
      validTo: '2027-11-30',
      reasons: [],
      requestedDocuments: [],
      note: null,
      decidedAt: event.occurredAt,
      eventId: EVENT_ID,
    });
  });

  it('keeps a remedy owed by an earlier event when a later decision owes none', () => {
    const record = submittedCase({ status: 'PENDED', pendingRemedyEventId: 'evt_earlier' });
    const change = apply(record, payerEvent({ outcome: 'approved' }));
    expect(change.next?.pendingRemedyEventId).toBe('evt_earlier');
    expect(change.remedyOwed).toBe(false);
  });

  it('leaves the record it was given as it was', () => {
    const record = submittedCase();
    const copy = structuredClone(record);
    apply(record, payerEvent());
    expect(record).toEqual(copy);
  });
});

describe('applyPayerEventToCase: a claim denial', () => {
  const denial = payerEvent({ type: 'claim.denied', claimId: 'CLM-1', payerReference: null });

  it('denies an approved case, owes a remedy and marks the stored claim DENIED', () => {
    const change = apply(submittedCase({ status: 'APPROVED' }), denial, storedClaim);
    expect(change.next).toMatchObject({ status: 'DENIED', pendingRemedyEventId: EVENT_ID });
    expect(change.remedyOwed).toBe(true);
    expect(change.deniedClaim).toEqual({ ...storedClaim, status: 'DENIED' });
    expect(change.next?.decision).toBeNull();
  });

  it('owes the remedy even when the claim it names is not stored', () => {
    const change = apply(submittedCase({ status: 'APPROVED' }), denial);
    expect(change.remedyOwed).toBe(true);
    expect(change.deniedClaim).toBeUndefined();
  });
});

describe('applyPayerEventToCase: an appeal decision', () => {
  const appeals = [
    appeal('apl_1', 'APPEAL_READY'),
    appeal('apl_2', 'APPEAL_READY'),
    appeal('apl_3', 'NOT_APPEALED', 'none'),
  ];
  const decided = (outcome: 'overturned' | 'upheld', appealId?: string) =>
    payerEvent({ type: 'appeal.decision', outcome, ...(appealId ? { appealId } : {}) });

  it.each([
    ['overturned', 'APPEAL_APPROVED', false],
    ['upheld', 'APPEAL_DENIED', true],
  ] as const)('%s -> %s on the appeal it names only; remedy owed: %s', (outcome, status, owed) => {
    const change = apply(submittedCase({ status: 'APPEAL_READY', appeals }), decided(outcome, 'apl_2'));
    expect(change.next?.status).toBe(status);
    expect(change.next?.appeals.map((a) => a.status)).toEqual(['APPEAL_READY', status, 'NOT_APPEALED']);
    expect(change.remedyOwed).toBe(owed);
    expect(change.next?.pendingRemedyEventId).toBe(owed ? EVENT_ID : undefined);
  });

  it('answers every ready appeal when the decision names none', () => {
    const change = apply(submittedCase({ status: 'APPEAL_READY', appeals }), decided('overturned'));
    expect(change.next?.appeals.map((a) => a.status)).toEqual([
      'APPEAL_APPROVED',
      'APPEAL_APPROVED',
      'NOT_APPEALED',
    ]);
  });

  it('keeps the prior-auth decision of the case', () => {
    const decision = apply(submittedCase(), payerEvent()).next!.decision;
    const change = apply(
      submittedCase({ status: 'APPEAL_READY', appeals, decision }),
      decided('upheld', 'apl_1'),
    );
    expect(change.next?.decision).toEqual(decision);
  });
});

describe('applyPayerEventToCase: events it does not apply', () => {
  it('records an event older than the last applied one as stale and changes nothing else', () => {
    // Prepare
    const record = submittedCase({ status: 'APPROVED', lastEventAt: '2026-11-20T15:04:06Z' });
    // Act
    const change = apply(record, payerEvent());
    // Assess
    expect(change.outcome).toBe('stale');
    expect(change.remedyOwed).toBe(false);
    expect(change.next).toEqual({ ...record, updatedAt: AT, appliedEventIds: [EVENT_ID] });
    expect(change.history).toEqual([
      {
        at: AT,
        source: 'payer',
        eventId: EVENT_ID,
        event: 'prior_auth.decision.stale',
        applied: false,
        detail: `${describePayerEvent(payerEvent())}; occurred 2026-11-20T15:04:05Z, older than the last applied event (2026-11-20T15:04:06Z): not applied`,
      },
    ]);
  });

  it('applies an event of the same instant as the last one (only older is stale)', () => {
    const record = submittedCase({ status: 'PENDED', lastEventAt: '2026-11-20T15:04:05.000Z' });
    expect(apply(record, payerEvent()).outcome).toBe('applied');
  });

  it.each([
    ['CLOSED', payerEvent({ outcome: 'approved' }), 'CLOSED -> APPROVED'],
    ['RECEIVED', payerEvent(), 'RECEIVED -> DENIED'],
    [
      'SUBMITTED',
      payerEvent({ type: 'appeal.decision', outcome: 'overturned' }),
      'SUBMITTED -> APPEAL_APPROVED',
    ],
    [
      'APPEAL_APPROVED',
      payerEvent({ type: 'appeal.decision', outcome: 'upheld' }),
      'APPEAL_APPROVED -> APPEAL_DENIED',
    ],
  ] as const)('refuses a transition from %s and records why', (status: CaseStatus, event, transition) => {
    // Prepare
    const record = submittedCase({ status });
    // Act
    const change = apply(record, event, storedClaim);
    // Assess
    expect(change.outcome).toBe('refused');
    expect(change.remedyOwed).toBe(false);
    expect(change.deniedClaim).toBeUndefined();
    expect(change.next).toEqual({ ...record, updatedAt: AT, appliedEventIds: [EVENT_ID] });
    expect(change.history).toHaveLength(1);
    expect(change.history[0]).toMatchObject({ event: `${event.type}.refused`, applied: false });
    expect(change.history[0]!.detail).toContain(`transition ${transition} is not allowed: not applied`);
    expect(change.history[0]!.status).toBeUndefined();
  });

  it.each([
    [EVENT_ID, true],
    ['evt_other', false],
    [null, false],
  ])(
    'writes nothing for an event applied before, and says the remedy is owed when pending is %s',
    (pending, owed) => {
      const record = submittedCase({
        status: 'DENIED',
        appliedEventIds: [EVENT_ID],
        pendingRemedyEventId: pending,
      });
      expect(apply(record, payerEvent())).toEqual({
        outcome: 'redrive',
        next: null,
        history: [],
        remedyOwed: owed,
      });
    },
  );

  it.each([
    ['prior_auth.decision', 'upheld'],
    ['claim.denied', 'approved'],
    ['appeal.decision', 'denied'],
  ] as const)('refuses a %s event with outcome %s as a ValidationError', (type, outcome) => {
    expect(() => apply(submittedCase(), payerEvent({ type, outcome }))).toThrow(ValidationError);
  });
});

describe('describePayerEvent', () => {
  it.each([
    [payerEvent(), 'prior_auth.decision denied; reasons CARC CO-50'],
    [
      payerEvent({ outcome: 'approved', authorizationNumber: 'AUTH-1', reasons: [] }),
      'prior_auth.decision approved; authorization AUTH-1',
    ],
    [
      payerEvent({
        type: 'claim.denied',
        claimId: 'CLM-1',
        reasons: [
          { system: 'CARC', code: '16' },
          { system: 'RARC', code: 'M119' },
        ],
      }),
      'claim.denied denied; claim CLM-1; reasons CARC 16, RARC M119',
    ],
    [
      payerEvent({ type: 'appeal.decision', outcome: 'upheld', appealId: 'apl_1', reasons: [] }),
      'appeal.decision upheld; appeal apl_1',
    ],
  ])('describes %j with ids and codes only', (event, text) => {
    expect(describePayerEvent(event)).toBe(text);
  });
});
