import { describe, expect, it } from 'vitest';
import { ValidationError } from '#core/errors.ts';
import type { PlanType } from '#core/model.ts';
import {
  appealDeadline,
  DEFAULT_APPEAL_RULES,
  isUntimely,
  nextAppealLevel,
} from '#core/remedies/appeal-deadlines.ts';

const NOTICE = '2026-11-20';

describe('appealDeadline', () => {
  // Expected dates counted by hand from a notice of 2026-11-20 (Medicare windows count from the
  // presumed receipt five days later, 2026-11-25), not read back from the reference data.
  it.each<[PlanType, number, string, string, number, string, boolean]>([
    ['medicare', 1, '2026-11-25', '2027-03-25', 120, 'Redetermination', true],
    ['medicare', 2, '2026-11-25', '2027-05-24', 180, 'Reconsideration', true],
    ['medicare', 3, '2026-11-25', '2027-01-24', 60, 'Administrative Law Judge hearing', true],
    ['medicare', 4, '2026-11-25', '2027-01-24', 60, 'Medicare Appeals Council review', true],
    ['medicare', 5, '2026-11-25', '2027-01-24', 60, 'Federal district court review', true],
    ['medicare_advantage', 1, NOTICE, '2027-01-24', 65, 'Plan reconsideration', true],
    ['medicare_advantage', 3, '2026-11-25', '2027-01-24', 60, 'Administrative Law Judge hearing', true],
    ['medicare_advantage', 4, '2026-11-25', '2027-01-24', 60, 'Medicare Appeals Council review', true],
    ['medicare_advantage', 5, '2026-11-25', '2027-01-24', 60, 'Federal district court review', true],
    ['commercial', 1, NOTICE, '2027-05-19', 180, 'Internal appeal', false],
    ['commercial', 2, NOTICE, '2027-03-20', 120, 'External review', false],
    ['medicaid', 1, NOTICE, '2027-01-19', 60, 'Plan appeal', true],
    ['medicaid', 2, NOTICE, '2027-03-20', 120, 'State fair hearing', true],
  ])(
    '%s level %i: received %s, due %s (%i days), %s, unverified %s',
    (planType, level, received, due, windowDays, name, unverified) => {
      // Act
      const deadline = appealDeadline({ planType, level, subject: 'claim', noticeDate: NOTICE });

      // Assess
      expect(deadline.receivedDate).toBe(received);
      expect(deadline.dueDate).toBe(due);
      expect(deadline.dueAt).toBe(`${due}T23:59:59.999Z`);
      expect(deadline.windowDays).toBe(windowDays);
      expect(deadline.levelName).toBe(name);
      expect(deadline.unverified).toBe(unverified);
      expect(deadline.legalBasis.length).toBeGreaterThan(40);
    },
  );

  it('takes the calendar date of an ISO timestamp', () => {
    // Act
    const deadline = appealDeadline({
      planType: 'commercial',
      level: 1,
      subject: 'prior_auth',
      noticeDate: '2026-11-20T15:04:05Z',
    });

    // Assess
    expect(deadline.noticeDate).toBe(NOTICE);
  });

  it('lets a payer set the Medicare Advantage window to 60 days', () => {
    // Prepare
    const ma = DEFAULT_APPEAL_RULES.plans.medicare_advantage;
    const options = {
      plans: {
        medicare_advantage: {
          ...ma,
          levels: ma.levels.map((l) => (l.level === 1 ? { ...l, windowDays: 60, unverified: false } : l)),
        },
      },
    };

    // Act
    const deadline = appealDeadline({
      planType: 'medicare_advantage',
      level: 1,
      subject: 'prior_auth',
      noticeDate: NOTICE,
      options,
    });

    // Assess
    expect(deadline.dueDate).toBe('2027-01-19');
    expect(deadline.unverified).toBe(false);
  });

  it('lets the receipt presumption be configured', () => {
    // Act
    const deadline = appealDeadline({
      planType: 'medicare',
      level: 1,
      subject: 'claim',
      noticeDate: NOTICE,
      options: { receiptPresumption: { days: 0, unverified: false } },
    });

    // Assess
    expect(deadline.receivedDate).toBe(NOTICE);
    expect(deadline.dueDate).toBe('2027-03-20');
    expect(deadline.unverifiedParts).toEqual([]);
  });

  it('uses a configured Medicaid state and flags the default otherwise', () => {
    // Prepare
    const state = {
      program: 'Medicaid (XX)',
      levels: [
        {
          ...DEFAULT_APPEAL_RULES.plans.medicaid.levels[0]!,
          windowDays: 90,
          unverified: false,
          source: 'state manual',
        },
      ],
    };

    // Act
    const configured = appealDeadline({
      planType: 'medicaid',
      level: 1,
      subject: 'claim',
      noticeDate: NOTICE,
      state: 'xx',
      options: { medicaidStates: { XX: state } },
    });
    const fallback = appealDeadline({
      planType: 'medicaid',
      level: 1,
      subject: 'claim',
      noticeDate: NOTICE,
      state: 'YY',
    });

    // Assess
    expect(configured.windowDays).toBe(90);
    expect(configured.unverified).toBe(false);
    expect(fallback.unverifiedParts).toContain('state_rules');
  });

  it('cites a regulation only where the reference gives one', () => {
    // Act
    const medicare = appealDeadline({ planType: 'medicare', level: 1, subject: 'claim', noticeDate: NOTICE });
    const commercial = appealDeadline({
      planType: 'commercial',
      level: 1,
      subject: 'claim',
      noticeDate: NOTICE,
    });

    // Assess
    expect(medicare.legalBasis).not.toMatch(/CFR/);
    expect(commercial.legalBasis).toContain('45 CFR 147.136');
  });

  it.each([
    { name: 'an unknown level', input: { planType: 'commercial' as const, level: 3, noticeDate: NOTICE } },
    {
      name: 'the automatic MA IRE level',
      input: { planType: 'medicare_advantage' as const, level: 2, noticeDate: NOTICE },
    },
    {
      name: 'an impossible date',
      input: { planType: 'commercial' as const, level: 1, noticeDate: '2026-02-30' },
    },
  ])('refuses $name', ({ input }) => {
    // Act
    const act = () => appealDeadline({ ...input, subject: 'claim' });

    // Assess
    expect(act).toThrow(ValidationError);
  });
});

describe('nextAppealLevel', () => {
  it.each<{ planType: PlanType; level: number; next: number | null }>([
    { planType: 'medicare', level: 1, next: 2 },
    { planType: 'medicare', level: 5, next: null },
    { planType: 'medicare_advantage', level: 1, next: 3 },
    { planType: 'commercial', level: 1, next: 2 },
    { planType: 'commercial', level: 2, next: null },
    { planType: 'medicaid', level: 1, next: 2 },
  ])('$planType after level $level: $next', ({ planType, level, next }) => {
    expect(nextAppealLevel(planType, level)).toBe(next);
  });
});

describe('isUntimely', () => {
  it.each([
    { dueAt: '2027-01-24T23:59:59.999Z', now: '2027-01-24T23:00:00Z', expected: false },
    { dueAt: '2027-01-24T23:59:59.999Z', now: '2027-01-25T00:00:00Z', expected: true },
    { dueAt: '2027-01-24', now: '2027-01-24T12:00:00Z', expected: false },
    { dueAt: '2027-01-24', now: '2027-01-25T00:00:01Z', expected: true },
  ])('due $dueAt, now $now: $expected', ({ dueAt, now, expected }) => {
    expect(isUntimely(dueAt, new Date(now))).toBe(expected);
  });
});
