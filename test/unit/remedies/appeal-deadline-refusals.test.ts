/**
 * The appeal deadline's refusals and edges (core/remedies/appeal-deadlines.ts), by what they say:
 * a notice date that is no calendar date, a level a plan type does not have, a level the payer
 * forwards on its own; a month window that ends past the end of a shorter month; which facts are
 * UNVERIFIED; the next level to file in level order; a due date that is not a date. The windows are
 * those of reference/appeal-rules.json.
 */
import { describe, expect, it } from 'vitest';
import {
  type AppealDeadlineInput,
  appealDeadline,
  DEFAULT_APPEAL_RULES,
  isUntimely,
  nextAppealLevel,
} from '#core/remedies/appeal-deadlines.ts';
import { thrownValidation } from '../support/thrown-validation.ts';

const deadline = (input: Partial<AppealDeadlineInput>) =>
  appealDeadline({ planType: 'medicare', level: 1, subject: 'claim', noticeDate: '2026-11-20', ...input });

describe('appealDeadline refuses', () => {
  it.each(['2026-02-30', 'the 20th', ''])(
    'a notice date %j that is no calendar date, naming noticeDate',
    (noticeDate) => {
      // Act
      const error = thrownValidation(() => deadline({ noticeDate }));

      // Assess
      expect(error.message).toBe('noticeDate must be a calendar date (YYYY-MM-DD)');
      expect(error.errors).toEqual([{ path: 'noticeDate', message: 'must be a calendar date (YYYY-MM-DD)' }]);
    },
  );

  it('a level the plan type does not have, listing the levels it has', () => {
    // Act
    const error = thrownValidation(() => deadline({ level: 6 }));

    // Assess
    expect(error.message).toBe('appeal level 6 does not exist for plan type medicare');
    expect(error.errors).toEqual([{ path: 'level', message: 'levels for medicare: 1, 2, 3, 4, 5' }]);
  });

  it('the level a Medicare Advantage plan forwards on its own (the IRE)', () => {
    // Act
    const error = thrownValidation(() => deadline({ planType: 'medicare_advantage', level: 2 }));

    // Assess
    expect(error.message).toBe(
      'appeal level 2 (Independent Review Entity review) for plan type medicare_advantage is forwarded automatically by the payer: nothing to file',
    );
    expect(error.errors).toEqual([
      { path: 'level', message: 'automatic level; use nextAppealLevel for the next level to file' },
    ]);
  });
});

describe('appealDeadline edges', () => {
  it('takes the calendar day of a notice timestamp', () => {
    expect(deadline({ planType: 'commercial', noticeDate: '2026-11-20T22:30:00-05:00' }).noticeDate).toBe(
      '2026-11-20',
    );
  });

  it('ends a month window on the last day of a shorter month (commercial level 2: 4 months)', () => {
    // Act
    const due = deadline({ planType: 'commercial', level: 2, noticeDate: '2026-10-31' });

    // Assess
    expect(due.dueDate).toBe('2027-02-28');
    expect(due.windowDays).toBe(120);
  });

  it.each([
    ['medicare', 1, undefined, ['receipt_presumption']],
    ['medicare_advantage', 1, undefined, ['window']],
    ['medicare_advantage', 3, undefined, ['receipt_presumption']],
    ['commercial', 1, undefined, []],
    ['medicaid', 1, 'ZZ', ['window', 'state_rules']],
  ] as const)('%s level %s (state %s): unverified %j', (planType, level, state, parts) => {
    // Act
    const due = deadline({ planType, level, ...(state ? { state } : {}) });

    // Assess
    expect(due.unverifiedParts).toEqual(parts);
    expect(due.unverified).toBe(parts.length > 0);
  });

  it('has no decision time where the reference gives none (Medicare level 3)', () => {
    expect(deadline({ level: 3 }).decisionTime).toBeNull();
    expect(deadline({ level: 1 }).decisionTime).toEqual(expect.any(String));
  });
});

describe('nextAppealLevel', () => {
  it('skips the level the payer forwards and ends after the last', () => {
    expect(nextAppealLevel('medicare_advantage', 1)).toBe(3);
    expect(nextAppealLevel('medicare', 4)).toBe(5);
    expect(nextAppealLevel('medicare', 5)).toBeNull();
  });

  it('takes the lowest higher level whatever the order the rules list them in', () => {
    // Prepare: Medicare's levels listed last to first
    const medicare = DEFAULT_APPEAL_RULES.plans.medicare;
    const rules = { plans: { medicare: { ...medicare, levels: [...medicare.levels].reverse() } } };

    // Act + Assess
    expect(nextAppealLevel('medicare', 1, { rules })).toBe(2);
    expect(nextAppealLevel('medicare', 3, { rules })).toBe(4);
  });
});

describe('isUntimely', () => {
  it('refuses a due date that is not a date, naming dueAt', () => {
    // Act
    const error = thrownValidation(() => isUntimely('soon', new Date('2026-11-20T00:00:00Z')));

    // Assess
    expect(error.message).toBe('dueAt must be an ISO date or timestamp');
    expect(error.errors).toEqual([{ path: 'dueAt', message: 'not a date' }]);
  });
});
