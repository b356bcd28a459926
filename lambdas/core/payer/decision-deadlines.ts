/**
 * When the payer owes a decision, and which deadline flags the sweep raises. The clocks are
 * data (reference/decision-clocks.json) with their sources; an entry marked unverified is a
 * configurable default, overridable per payer and, for Medicaid, per state.
 */
import type * as z from 'zod';
import { ValidationError } from '../errors.ts';
import type { CaseStatus, PlanType } from '../model.ts';
import { ClockRule, DECISION_CLOCKS_REFERENCE, DecisionClocks } from '../reference/index.ts';

export { ClockRule, DecisionClocks };

/** The shipped table, validated once at load (reference/index.ts): a broken data file fails at start. */
export const DEFAULT_DECISION_CLOCKS: DecisionClocks = DECISION_CLOCKS_REFERENCE;

export type Priority = 'standard' | 'expedited';

/** A payer's own clock (payer.options.decisionClocks), which wins over the program default. */
export type DecisionClockOverrides = Partial<Record<Priority, z.input<typeof ClockRule>>>;

function instant(value: string | Date, path: string): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new ValidationError(`${path} is not a date-time`, [
      { path, message: 'must be an ISO 8601 date-time' },
    ]);
  }
  return ms;
}

/**
 * When the payer's decision is due for a request submitted at `submittedAt`; null where the
 * program has no prior authorization (Original Medicare).
 */
export function payerDecisionDueAt(
  input: {
    planType: PlanType;
    priority: Priority;
    submittedAt: string;
    /** Two-letter state, for Medicaid's per-state clocks. */
    state?: string;
    overrides?: DecisionClockOverrides;
  },
  clocks: DecisionClocks = DEFAULT_DECISION_CLOCKS,
): { dueAt: string; basis: string; unverified: boolean; source?: string } | null {
  const submitted = instant(input.submittedAt, 'submittedAt');
  const override = input.overrides?.[input.priority];
  let rule: ClockRule | undefined = override === undefined ? undefined : ClockRule.parse(override);
  if (rule === undefined) {
    switch (input.planType) {
      case 'medicare':
        return null;
      case 'medicaid': {
        const state = input.state?.toUpperCase();
        const stateRule =
          state === undefined ? undefined : clocks.programs.medicaid.states[state]?.[input.priority];
        rule = stateRule ?? clocks.programs.medicaid[input.priority];
        break;
      }
      default:
        rule = clocks.programs[input.planType][input.priority];
    }
  }
  return {
    dueAt: new Date(submitted + rule.hours * 3_600_000).toISOString(),
    basis: rule.basis,
    unverified: rule.unverified,
    ...(rule.source === undefined ? {} : { source: rule.source }),
  };
}

export type SweepFlag = 'DECISION_OVERDUE' | 'APPEAL_DUE_14D' | 'APPEAL_DUE_3D' | 'APPEAL_OVERDUE';

/** Waiting on the payer: its decision clock runs. NEEDS_INFO waits on us, so it is not flagged. */
const AWAITING_PAYER_DECISION: ReadonlySet<CaseStatus> = new Set(['SUBMITTED', 'PENDED']);
/** A denial (or a partial one) not yet appealed: the appeal clock runs until the appeal is filed. */
const APPEAL_NOT_FILED: ReadonlySet<CaseStatus> = new Set([
  'DENIED',
  'PARTIALLY_APPROVED',
  'APPEAL_READY',
  'APPEAL_DENIED',
]);

const DAY_MS = 86_400_000;

/**
 * The deadline flags of a case at `now`. At most one appeal flag is raised, the most urgent:
 * APPEAL_OVERDUE after the deadline, APPEAL_DUE_3D within 3 days of it, APPEAL_DUE_14D within 14.
 */
export function sweepFlags(
  input: {
    now: Date | string;
    payerDecisionDueAt: string | null | undefined;
    appealDueAt: string | null | undefined;
    status: CaseStatus;
  },
  clocks: DecisionClocks = DEFAULT_DECISION_CLOCKS,
): SweepFlag[] {
  const now = instant(input.now, 'now');
  const flags: SweepFlag[] = [];
  if (input.payerDecisionDueAt && AWAITING_PAYER_DECISION.has(input.status)) {
    if (now > instant(input.payerDecisionDueAt, 'payerDecisionDueAt')) flags.push('DECISION_OVERDUE');
  }
  if (input.appealDueAt && APPEAL_NOT_FILED.has(input.status)) {
    const left = instant(input.appealDueAt, 'appealDueAt') - now;
    if (left < 0) flags.push('APPEAL_OVERDUE');
    else if (left <= clocks.appealWarnings.APPEAL_DUE_3D * DAY_MS) flags.push('APPEAL_DUE_3D');
    else if (left <= clocks.appealWarnings.APPEAL_DUE_14D * DAY_MS) flags.push('APPEAL_DUE_14D');
  }
  return flags;
}
