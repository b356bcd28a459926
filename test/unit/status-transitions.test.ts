import { describe, expect, it } from 'vitest';
import { assertTransition, canTransition, isNewer, TRANSITIONS } from '#core/case/status-transitions.ts';
import { TransitionError, ValidationError } from '#core/errors.ts';
import { CASE_STATUSES, type CaseStatus } from '#core/model.ts';

const ALL_PAIRS = CASE_STATUSES.flatMap((from) => CASE_STATUSES.map((to) => [from, to] as const));

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

  it.each(ALL_PAIRS)('%s -> %s: assertTransition throws exactly when canTransition is false', (from, to) => {
    // Act
    const allowed = canTransition(from, to);
    // Assess
    expect(allowed).toBe(TRANSITIONS[from].includes(to));
    if (allowed) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow(TransitionError);
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
    ['RECEIVED', 'PACKET_READY', 'the packet is assembled'],
    ['RECEIVED', 'NEEDS_INFO', 'the request lacks what the packet needs'],
    ['PACKET_READY', 'SUBMITTED', 'the packet reaches the payer'],
    ['PACKET_READY', 'APPROVED', "a fast payer's webhook arrives before SUBMITTED is recorded"],
    ['PACKET_READY', 'DENIED', "a fast payer's denial arrives before SUBMITTED is recorded"],
    ['SUBMITTED', 'PENDED', 'the payer pends'],
    ['SUBMITTED', 'PARTIALLY_APPROVED', 'the payer approves part'],
    ['PENDED', 'APPROVED', 'a pended request is decided'],
    ['PENDED', 'SUBMITTED', 'resubmission with documents'],
    ['NEEDS_INFO', 'SUBMITTED', 'resubmission after a request for documents'],
    ['NEEDS_INFO', 'PACKET_READY', 'missing information supplied'],
    ['SUBMISSION_FAILED', 'SUBMITTED', 'a retried submission'],
    ['SUBMISSION_FAILED', 'PACKET_READY', 'the packet is rebuilt'],
    ['APPROVED', 'DENIED', 'a claim denial on an approved case'],
    ['PARTIALLY_APPROVED', 'APPEAL_READY', 'appeal of the denied part'],
    ['DENIED', 'APPEAL_READY', 'the remedy is composed'],
    ['APPEAL_READY', 'APPEAL_SUBMITTED', 'the appeal is filed'],
    ['APPEAL_READY', 'APPEAL_APPROVED', 'an appeal filed outside the system is overturned'],
    ['APPEAL_SUBMITTED', 'APPEAL_DENIED', 'the denial is upheld'],
    ['APPEAL_DENIED', 'APPEAL_READY', 'the next appeal level'],
    ['APPEAL_APPROVED', 'DENIED', 'a claim denial after an overturned denial'],
  ] as Array<[CaseStatus, CaseStatus, string]>)('allows %s -> %s (%s)', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each([
    ['APPROVED', 'PENDED', 'a late pend never rolls back an approval'],
    ['DENIED', 'PENDED', 'a late pend never rolls back a denial'],
    ['DENIED', 'APPROVED', 'a denial is reversed only through an appeal'],
    ['APPEAL_SUBMITTED', 'APPEAL_READY', 'a filed appeal is not un-filed'],
    ['SUBMITTED', 'RECEIVED', 'nothing goes back to RECEIVED'],
    ['SUBMITTED', 'APPEAL_READY', 'no appeal without a denial'],
    ['RECEIVED', 'APPROVED', 'no decision before a packet exists'],
    ['APPEAL_DENIED', 'APPEAL_APPROVED', 'the next level must be prepared first'],
    ['CLOSED', 'DENIED', 'a closed case is never reopened'],
  ] as Array<[CaseStatus, CaseStatus, string]>)('refuses %s -> %s (%s)', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition(from, to)).toThrow(`${from} -> ${to}`);
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
  it.each([
    ['2026-11-20T15:04:06Z', '2026-11-20T15:04:05Z', true],
    ['2026-11-20T15:04:04Z', '2026-11-20T15:04:05Z', false],
    ['2026-11-20T15:04:05Z', '2026-11-20T15:04:05Z', false],
    ['2026-11-20T15:04:05.001Z', '2026-11-20T15:04:05Z', true],
    ['2026-11-20T16:04:05+01:00', '2026-11-20T15:04:05Z', false],
    ['2026-11-20T16:04:06+01:00', '2026-11-20T15:04:05Z', true],
    ['2026-11-20T15:04:05Z', null, true],
    ['2026-11-20T15:04:05Z', undefined, true],
  ] as const)('event %s after last applied %s -> %s', (event, last, expected) => {
    expect(isNewer(event, last)).toBe(expected);
  });

  it.each([
    ['not a date', '2026-11-20T15:04:05Z'],
    ['2026-11-20T15:04:05Z', 'garbage'],
  ])('rejects an unreadable instant (%s, %s)', (event, last) => {
    expect(() => isNewer(event, last)).toThrow(ValidationError);
  });
});
