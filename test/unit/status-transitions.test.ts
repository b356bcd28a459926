import { describe, expect, it } from 'vitest';
import { assertTransition, canTransition, isNewer, TRANSITIONS } from '#core/case/status-transitions.ts';
import { TransitionError, ValidationError } from '#core/errors.ts';
import { CASE_STATUSES, type CaseStatus } from '#core/model.ts';

/**
 * The allowed transitions written out by hand, independent of TRANSITIONS: a transition added to
 * or removed from the product's table fails here. PA decisions = PENDED, NEEDS_INFO, APPROVED,
 * PARTIALLY_APPROVED, DENIED.
 */
const ALLOWED: Record<CaseStatus, string> = {
  RECEIVED: 'PACKET_READY NEEDS_INFO SUBMISSION_FAILED CLOSED',
  PACKET_READY: 'SUBMITTED SUBMISSION_FAILED CLOSED PENDED NEEDS_INFO APPROVED PARTIALLY_APPROVED DENIED',
  NEEDS_INFO:
    'PACKET_READY SUBMITTED SUBMISSION_FAILED CLOSED PENDED NEEDS_INFO APPROVED PARTIALLY_APPROVED DENIED',
  SUBMITTED: 'PENDED NEEDS_INFO APPROVED PARTIALLY_APPROVED DENIED CLOSED',
  SUBMISSION_FAILED: 'SUBMITTED PACKET_READY CLOSED PENDED NEEDS_INFO APPROVED PARTIALLY_APPROVED DENIED',
  PENDED: 'PENDED NEEDS_INFO APPROVED PARTIALLY_APPROVED DENIED SUBMITTED CLOSED',
  APPROVED: 'APPROVED PARTIALLY_APPROVED DENIED CLOSED',
  PARTIALLY_APPROVED: 'APPEAL_READY APPROVED PARTIALLY_APPROVED DENIED CLOSED',
  DENIED: 'APPEAL_READY DENIED CLOSED',
  APPEAL_READY: 'APPEAL_SUBMITTED APPEAL_APPROVED APPEAL_DENIED APPEAL_READY DENIED CLOSED',
  APPEAL_SUBMITTED: 'APPEAL_APPROVED APPEAL_DENIED CLOSED',
  APPEAL_APPROVED: 'DENIED CLOSED',
  APPEAL_DENIED: 'APPEAL_READY CLOSED',
  CLOSED: '',
};

const ALL_PAIRS = CASE_STATUSES.flatMap((from) =>
  CASE_STATUSES.map((to) => [from, to, ALLOWED[from].split(' ').includes(to)] as const),
);

function reachableFrom(start: CaseStatus): Set<CaseStatus> {
  const seen = new Set<CaseStatus>([start]);
  const queue: CaseStatus[] = [start];
  while (queue.length > 0) {
    const next = queue.shift()!;
    for (const to of TRANSITIONS[next]) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}

describe('TRANSITIONS table', () => {
  it('has one row for every status and names only known statuses', () => {
    // Assess
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...CASE_STATUSES].sort());
    for (const targets of Object.values(TRANSITIONS)) {
      for (const to of targets) expect(CASE_STATUSES).toContain(to);
      expect(new Set(targets).size).toBe(targets.length);
    }
  });

  it.each(ALL_PAIRS)('%s -> %s allowed: %s (the literal table)', (from, to, allowed) => {
    // Act
    const act = () => assertTransition(from, to);
    // Assess
    expect(canTransition(from, to)).toBe(allowed);
    if (allowed) expect(act).not.toThrow();
    else expect(act).toThrow(TransitionError);
  });

  it('counts the allowed transitions (67 of the 196 pairs)', () => {
    expect(ALL_PAIRS.filter(([, , allowed]) => allowed)).toHaveLength(67);
    expect(Object.values(TRANSITIONS).flat()).toHaveLength(67);
  });

  it('reaches every status from RECEIVED', () => {
    expect([...reachableFrom('RECEIVED')].sort()).toEqual([...CASE_STATUSES].sort());
  });

  it.each(CASE_STATUSES.filter((s) => s !== 'CLOSED'))('%s can always be closed', (from) => {
    expect(canTransition(from, 'CLOSED')).toBe(true);
  });

  it('keeps CLOSED terminal', () => {
    expect(TRANSITIONS.CLOSED).toEqual([]);
  });

  it.each([
    ['RECEIVED', 'PACKET_READY', true, 'the packet is assembled'],
    ['RECEIVED', 'NEEDS_INFO', true, 'the request lacks what the packet needs'],
    ['PACKET_READY', 'SUBMITTED', true, 'the packet reaches the payer'],
    ['PACKET_READY', 'APPROVED', true, "a fast payer's webhook arrives before SUBMITTED is recorded"],
    ['PACKET_READY', 'DENIED', true, "a fast payer's denial arrives before SUBMITTED is recorded"],
    ['SUBMITTED', 'PENDED', true, 'the payer pends'],
    ['SUBMITTED', 'PARTIALLY_APPROVED', true, 'the payer approves part'],
    ['PENDED', 'APPROVED', true, 'a pended request is decided'],
    ['PENDED', 'SUBMITTED', true, 'resubmission with documents'],
    ['NEEDS_INFO', 'SUBMITTED', true, 'resubmission after a request for documents'],
    ['NEEDS_INFO', 'PACKET_READY', true, 'missing information supplied'],
    ['SUBMISSION_FAILED', 'SUBMITTED', true, 'a retried submission'],
    ['SUBMISSION_FAILED', 'PACKET_READY', true, 'the packet is rebuilt'],
    ['APPROVED', 'DENIED', true, 'a claim denial on an approved case'],
    ['APPROVED', 'PARTIALLY_APPROVED', true, 'the payer modifies an approval to less than requested (A6)'],
    ['PARTIALLY_APPROVED', 'APPEAL_READY', true, 'appeal of the denied part'],
    ['DENIED', 'APPEAL_READY', true, 'the remedy is composed'],
    ['APPEAL_READY', 'APPEAL_SUBMITTED', true, 'the appeal is filed'],
    ['APPEAL_READY', 'APPEAL_APPROVED', true, 'an appeal filed outside the system is overturned'],
    ['APPEAL_SUBMITTED', 'APPEAL_DENIED', true, 'the denial is upheld'],
    ['APPEAL_DENIED', 'APPEAL_READY', true, 'the next appeal level'],
    ['APPEAL_APPROVED', 'DENIED', true, 'a claim denial after an overturned denial'],
    ['APPROVED', 'PENDED', false, 'a late pend never rolls back an approval'],
    ['DENIED', 'PENDED', false, 'a late pend never rolls back a denial'],
    ['DENIED', 'APPROVED', false, 'a denial is reversed only through an appeal'],
    ['APPEAL_SUBMITTED', 'APPEAL_READY', false, 'a filed appeal is not un-filed'],
    ['SUBMITTED', 'RECEIVED', false, 'nothing goes back to RECEIVED'],
    ['SUBMITTED', 'APPEAL_READY', false, 'no appeal without a denial'],
    ['RECEIVED', 'APPROVED', false, 'no decision before a packet exists'],
    ['APPEAL_DENIED', 'APPEAL_APPROVED', false, 'the next level must be prepared first'],
    ['CLOSED', 'DENIED', false, 'a closed case is never reopened'],
  ] as Array<[CaseStatus, CaseStatus, boolean, string]>)('%s -> %s allowed: %s (%s)', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
    if (!allowed) expect(() => assertTransition(from, to)).toThrow(`${from} -> ${to}`);
  });

  it('names the statuses in the TransitionError, with status 409', () => {
    // Act
    let caught: unknown;
    try {
      assertTransition('CLOSED', 'APPROVED');
    } catch (error) {
      caught = error;
    }
    // Assess
    expect(caught).toBeInstanceOf(TransitionError);
    expect((caught as TransitionError).statusCode).toBe(409);
    expect((caught as TransitionError).message).toContain('CLOSED -> APPROVED');
  });
});

describe('isNewer', () => {
  const LAST = '2026-11-20T15:04:05Z';

  it.each(['2026-11-20T15:04:06Z', '2026-11-20T15:04:05.001Z', '2026-11-20T16:04:06+01:00'])(
    `event %s is newer than last applied ${LAST}`,
    (event) => {
      expect(isNewer(event, LAST)).toBe(true);
    },
  );

  it.each(['2026-11-20T15:04:04Z', LAST, '2026-11-20T16:04:05+01:00'])(
    `event %s is not newer than last applied ${LAST}`,
    (event) => {
      expect(isNewer(event, LAST)).toBe(false);
    },
  );

  it.each([null, undefined])('any event is newer when the last applied is %s', (last) => {
    expect(isNewer(LAST, last)).toBe(true);
  });

  it.each([
    ['not a date', '2026-11-20T15:04:05Z'],
    ['2026-11-20T15:04:05Z', 'garbage'],
  ])('rejects an unreadable instant (%s, %s)', (event, last) => {
    expect(() => isNewer(event, last)).toThrow(ValidationError);
  });
});
