import { describe, expect, it } from 'vitest';
import { ValidationError } from '#core/errors.ts';
import type { CaseStatus } from '#core/model.ts';
import {
  DEFAULT_DECISION_CLOCKS,
  DecisionClocks,
  payerDecisionDueAt,
  sweepFlags,
} from '#core/payer/decision-deadlines.ts';
import clocksData from '#core/reference/decision-clocks.json' with { type: 'json' };

const SUBMITTED_AT = '2026-11-20T15:00:00.000Z';
const SECOND = 1_000;
const HOUR = 3_600 * SECOND;
const DAY = 24 * HOUR;
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** The shipped clocks with one program's entries changed. */
function clocksWith(program: 'commercial' | 'medicaid', change: Record<string, unknown>): DecisionClocks {
  const programs = clocksData.programs;
  return DecisionClocks.parse({
    ...clocksData,
    programs: { ...programs, [program]: { ...programs[program], ...change } },
  });
}

describe('payerDecisionDueAt', () => {
  it.each([
    ['medicare_advantage', 'standard', 72, false],
    ['medicare_advantage', 'expedited', 24, false],
    ['commercial', 'expedited', 72, true],
    ['commercial', 'standard', 15 * 24, true],
    ['medicaid', 'standard', 14 * 24, true],
    ['medicaid', 'expedited', 72, true],
  ] as const)('%s %s: due %i h after submission (unverified %s)', (planType, priority, hours, unverified) => {
    // Act
    const due = payerDecisionDueAt({ planType, priority, submittedAt: SUBMITTED_AT });
    // Assess
    expect(due).not.toBeNull();
    expect(due!.dueAt).toBe(plus(SUBMITTED_AT, hours * HOUR));
    expect(due!.unverified).toBe(unverified);
    expect(due!.basis.length).toBeGreaterThan(10);
    expect(due!.source).toBeTruthy();
  });

  it('gives no clock for Original Medicare, which has no prior authorization', () => {
    expect(
      payerDecisionDueAt({ planType: 'medicare', priority: 'standard', submittedAt: SUBMITTED_AT }),
    ).toBeNull();
  });

  it('reads the hours from the data file, not from code', () => {
    // Prepare
    const clocks = clocksWith('commercial', {
      standard: { hours: 168, basis: 'plan contract: 7 days', unverified: false },
    });
    // Act
    const due = payerDecisionDueAt(
      { planType: 'commercial', priority: 'standard', submittedAt: SUBMITTED_AT },
      clocks,
    );
    // Assess
    expect(due).toEqual({
      dueAt: plus(SUBMITTED_AT, 168 * HOUR),
      basis: 'plan contract: 7 days',
      unverified: false,
    });
  });

  it('uses a state clock for Medicaid where the data has one, else the default', () => {
    // Prepare
    const clocks = clocksWith('medicaid', {
      states: { ZZ: { standard: { hours: 24, basis: 'synthetic state rule', unverified: true } } },
    });
    const at = (state: string, priority: 'standard' | 'expedited') =>
      payerDecisionDueAt({ planType: 'medicaid', priority, submittedAt: SUBMITTED_AT, state }, clocks)!.dueAt;
    // Act + Assess
    expect(at('zz', 'standard')).toBe(plus(SUBMITTED_AT, 24 * HOUR));
    expect(at('ZZ', 'expedited')).toBe(plus(SUBMITTED_AT, 72 * HOUR));
    expect(at('YY', 'standard')).toBe(plus(SUBMITTED_AT, 14 * DAY));
  });

  it("lets a payer's own clock win, even for a plan type without a default", () => {
    const overrides = { standard: { hours: 48, basis: 'payer contract', unverified: false } };
    expect(
      payerDecisionDueAt({
        planType: 'commercial',
        priority: 'standard',
        submittedAt: SUBMITTED_AT,
        overrides,
      }),
    ).toEqual({ dueAt: plus(SUBMITTED_AT, 48 * HOUR), basis: 'payer contract', unverified: false });
    expect(
      payerDecisionDueAt({ planType: 'medicare', priority: 'standard', submittedAt: SUBMITTED_AT, overrides })
        ?.dueAt,
    ).toBe(plus(SUBMITTED_AT, 48 * HOUR));
  });

  it('marks an override without a say on verification as unverified', () => {
    const due = payerDecisionDueAt({
      planType: 'commercial',
      priority: 'expedited',
      submittedAt: SUBMITTED_AT,
      overrides: { expedited: { hours: 12, basis: 'payer portal says 12 h' } },
    });
    expect(due?.unverified).toBe(true);
  });

  it('refuses a submission time that is not a date-time', () => {
    expect(() =>
      payerDecisionDueAt({ planType: 'commercial', priority: 'standard', submittedAt: 'yesterday' }),
    ).toThrow(ValidationError);
  });

  it('keeps CMS-0057-F clocks out: drugs are excluded (MA standard is 72 h, not 7 days)', () => {
    expect(DEFAULT_DECISION_CLOCKS.programs.medicare_advantage.standard.hours).toBe(72);
  });
});

describe('sweepFlags', () => {
  const NOW = '2026-12-01T12:00:00.000Z';
  const base = { now: NOW, payerDecisionDueAt: null, appealDueAt: null, status: 'SUBMITTED' as CaseStatus };

  it.each([
    ['SUBMITTED', -HOUR, ['DECISION_OVERDUE']],
    ['PENDED', -HOUR, ['DECISION_OVERDUE']],
    ['SUBMITTED', HOUR, []],
    ['NEEDS_INFO', -HOUR, []],
    ['APPROVED', -HOUR, []],
    ['DENIED', -HOUR, []],
    // At the deadline itself the payer is not late yet; one second (and one millisecond) after, it is.
    ['SUBMITTED', 0, []],
    ['SUBMITTED', -SECOND, ['DECISION_OVERDUE']],
    ['PENDED', -1, ['DECISION_OVERDUE']],
    ['SUBMITTED', SECOND, []],
  ] as const)('%s with the decision due in %i ms -> %j', (status, ms, flags) => {
    expect(sweepFlags({ ...base, status, payerDecisionDueAt: plus(NOW, ms) })).toEqual(flags);
  });

  it('raises DECISION_OVERDUE one second after a 72-hour MA clock ends, not later', () => {
    // Prepare
    const due = payerDecisionDueAt({
      planType: 'medicare_advantage',
      priority: 'standard',
      submittedAt: SUBMITTED_AT,
    })!.dueAt;
    const at = (now: string) => sweepFlags({ ...base, now, payerDecisionDueAt: due });
    // Act + Assess
    expect(due).toBe('2026-11-23T15:00:00.000Z');
    expect(at('2026-11-23T15:00:00.000Z')).toEqual([]);
    expect(at('2026-11-23T15:00:01.000Z')).toEqual(['DECISION_OVERDUE']);
  });

  it.each([
    ['DENIED', 30 * DAY, []],
    ['DENIED', 14 * DAY + HOUR, []],
    ['DENIED', 14 * DAY + SECOND, []],
    ['DENIED', 14 * DAY, ['APPEAL_DUE_14D']],
    ['DENIED', 3 * DAY + SECOND, ['APPEAL_DUE_14D']],
    ['DENIED', 4 * DAY, ['APPEAL_DUE_14D']],
    ['APPEAL_READY', 3 * DAY, ['APPEAL_DUE_3D']],
    ['APPEAL_READY', HOUR, ['APPEAL_DUE_3D']],
    ['APPEAL_DENIED', 0, ['APPEAL_DUE_3D']],
    ['APPEAL_READY', -HOUR, ['APPEAL_OVERDUE']],
    ['APPEAL_READY', -SECOND, ['APPEAL_OVERDUE']],
    ['PARTIALLY_APPROVED', -DAY, ['APPEAL_OVERDUE']],
    ['APPEAL_SUBMITTED', -DAY, []],
    ['APPEAL_APPROVED', HOUR, []],
    ['CLOSED', -DAY, []],
  ] as const)('%s with the appeal due in %i ms -> %j', (status, ms, flags) => {
    expect(sweepFlags({ ...base, status, appealDueAt: plus(NOW, ms) })).toEqual(flags);
  });

  it('raises nothing without deadlines', () => {
    expect(sweepFlags({ ...base, status: 'DENIED' })).toEqual([]);
  });

  it('accepts a Date as now (the injected clock)', () => {
    expect(sweepFlags({ ...base, now: new Date(NOW), payerDecisionDueAt: plus(NOW, -HOUR) })).toEqual([
      'DECISION_OVERDUE',
    ]);
  });
});
