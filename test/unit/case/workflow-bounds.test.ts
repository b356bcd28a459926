/**
 * Issue 11's smaller workflow findings, decided in core: a far-future occurredAt cannot freeze a
 * case, overlapping denials each keep their remedy, the submission re-drive has a cap, our own
 * throttling is not the payer's failure.
 */
import { describe, expect, it } from 'vitest';
import { applyPayerEventToCase, MAX_CLOCK_SKEW_MS, orderingTime } from '#core/case/apply-payer-event.ts';
import type { CaseRecord } from '#core/case/case-record.ts';
import { remediesOwed, remedyOwed, remedySettled } from '#core/case/remedies-owed.ts';
import { isOwnThrottling, submissionDeferred } from '#core/case/submission.ts';
import {
  MAX_SUBMISSION_ATTEMPTS,
  remediesToRedrive,
  submissionRedriven,
  submissionRedrivesExhausted,
} from '#core/case/sweep-plan.ts';
import { STUCK_FLAG } from '#core/case/workflow-failure.ts';
import { AT, payerEvent, submittedCase } from '../support/payer-case.ts';

const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

describe('a payer event dated in the future', () => {
  it('is ordered at the time it is applied, so later real events still apply', () => {
    // Prepare: a payer clock 70 years ahead pends the case.
    const future = payerEvent({ outcome: 'pended', occurredAt: '2096-01-01T00:00:00.000Z' });
    const first = applyPayerEventToCase({ record: submittedCase(), event: future, eventId: 'evt_f', at: AT });

    // Act: the real approval a minute later.
    const approval = payerEvent({ outcome: 'approved', occurredAt: plus(AT, 60_000) });
    const later = plus(AT, 10 * 60_000);
    const second = applyPayerEventToCase({
      record: first.next as CaseRecord,
      event: approval,
      eventId: 'evt_a',
      at: later,
    });

    // Assess
    expect(first.next?.lastEventAt).toBe(AT);
    expect(first.next?.decision?.decidedAt).toBe('2096-01-01T00:00:00.000Z');
    expect(second.outcome).toBe('applied');
    expect(second.next?.status).toBe('APPROVED');
  });

  it.each([
    ['the past', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z'],
    ['now', AT, AT],
    ['within the skew', plus(AT, MAX_CLOCK_SKEW_MS), plus(AT, MAX_CLOCK_SKEW_MS)],
    ['past the skew', plus(AT, MAX_CLOCK_SKEW_MS + 1), AT],
  ])('an occurredAt in %s is ordered at %s', (_when, occurredAt, ordered) => {
    expect(orderingTime(occurredAt, AT)).toBe(ordered);
  });
});

describe('two overlapping denials', () => {
  it('each keep their remedy: the second waits behind the first, and both are re-driven', () => {
    // Prepare: a denial whose remedy is owed, then a claim denial before it is composed.
    const record = submittedCase({ status: 'DENIED', pendingRemedyEventId: 'evt_first' });
    const claimDenial = payerEvent({ type: 'claim.denied', outcome: 'denied', claimId: 'CLM-2' });

    // Act
    const change = applyPayerEventToCase({ record, event: claimDenial, eventId: 'evt_second', at: AT });
    const next = change.next as CaseRecord;
    const redriven = remediesToRedrive(next, new Date(plus(AT, 3_600_000)), {
      redriveAll: false,
      redriveAfterMs: 60_000,
    });

    // Assess
    expect(change.remedyOwed).toBe(true);
    expect(remediesOwed(next)).toEqual(['evt_first', 'evt_second']);
    expect(redriven).toEqual(['evt_first', 'evt_second']);
    expect(remediesOwed({ ...next, ...remedySettled(next, 'evt_first') })).toEqual(['evt_second']);
    expect(remediesOwed({ ...next, ...remedySettled(next, 'evt_second') })).toEqual(['evt_first']);
  });

  it('adds a denial once, and settles to nothing owed', () => {
    const once = remedyOwed(remedyOwed({ pendingRemedyEventId: null }, 'evt_a'), 'evt_a');
    expect(once).toEqual({ pendingRemedyEventId: 'evt_a' });
    expect(remedySettled(once, 'evt_a')).toEqual({ pendingRemedyEventId: null });
    const queued = remedyOwed(once, 'evt_b');
    expect(remedySettled(remedySettled(queued, 'evt_a'), 'evt_b')).toEqual({
      pendingRemedyEventId: null,
      queuedRemedyEventIds: [],
    });
  });

  it('a STUCK case is left for a person, not re-driven', () => {
    const stuck = submittedCase({ status: 'DENIED', pendingRemedyEventId: 'evt_a', flags: [STUCK_FLAG] });
    expect(
      remediesToRedrive(stuck, new Date(plus(AT, 3_600_000)), { redriveAll: true, redriveAfterMs: 0 }),
    ).toEqual([]);
  });
});

describe('the submission re-drive', () => {
  const inFlight = (attempts: number, flags: string[] = []) =>
    submittedCase({
      status: 'PACKET_READY',
      submission: null,
      flags,
      workflow: { name: 'SubmitPriorAuth', step: 'AssemblePacket', startedAt: AT, attempts },
    });
  const now = new Date(plus(AT, 3_600_000));

  it('runs SubmitPriorAuth at most MAX_SUBMISSION_ATTEMPTS times', () => {
    expect(submissionRedriven(inFlight(MAX_SUBMISSION_ATTEMPTS - 1), now)?.attempts).toBe(
      MAX_SUBMISSION_ATTEMPTS,
    );
    expect(submissionRedriven(inFlight(MAX_SUBMISSION_ATTEMPTS), now)).toBeNull();
  });

  it('flags the case STUCK once when every attempt is used', () => {
    // Act
    const exhausted = submissionRedrivesExhausted(inFlight(MAX_SUBMISSION_ATTEMPTS), now);
    const again = submissionRedrivesExhausted(exhausted?.next as CaseRecord, now);
    const early = submissionRedrivesExhausted(inFlight(2), now);

    // Assess
    expect(exhausted?.next.flags).toEqual([STUCK_FLAG]);
    expect(exhausted?.history).toEqual([expect.objectContaining({ event: 'workflow.redrive_exhausted' })]);
    expect(again).toBeNull();
    expect(early).toBeNull();
  });
});

describe('a submission stopped by our own limits', () => {
  it.each([
    ['ThrottledError', true],
    ['ConflictError', true],
    ['ProvisionedThroughputExceededException', true],
    ['PayerUnavailableError', false],
    ['PayerRejectedError', false],
    [undefined, false],
  ])('%s is our own throttling: %s', (name, own) => {
    expect(isOwnThrottling(name ? { Error: name } : undefined)).toBe(own);
  });

  it('leaves the case where it was, with the reason, for the sweep', () => {
    const record = submittedCase({ status: 'PACKET_READY', submission: null });
    const change = submissionDeferred(record, 'ThrottledError: busy', AT);
    expect(change?.next).toEqual({ ...record, updatedAt: AT });
    expect(change?.history).toEqual([
      expect.objectContaining({ status: 'PACKET_READY', event: 'prior_auth.submission_deferred' }),
    ]);
    expect(submissionDeferred(submittedCase(), 'ThrottledError: busy', AT)).toBeNull();
  });
});
