/**
 * Appeal levels and filing deadlines by plan type, as data (reference/appeal-rules.json, from
 * regulation.md (b)): deadline = notice date (or its presumed receipt) + the level's window.
 * A payer may override any of it (a Medicaid state's windows, the MA 60/65-day question).
 */
import { ValidationError } from '../errors.ts';
import type { PlanType } from '../model.ts';
import {
  APPEAL_RULES_REFERENCE,
  AppealRules,
  type LevelRule,
  type PlanAppealRules,
} from '../reference/index.ts';

export { AppealRules, type LevelRule, type PlanAppealRules };

/** What a payer may override: any part of the rules. */
export type AppealRulesOverride = {
  receiptPresumption?: Partial<AppealRules['receiptPresumption']>;
  plans?: Partial<AppealRules['plans']>;
  medicaidStates?: AppealRules['medicaidStates'];
};

/** The shipped rules, validated once at load (reference/index.ts). */
export const DEFAULT_APPEAL_RULES: AppealRules = APPEAL_RULES_REFERENCE;

export interface AppealDeadlineInput {
  planType: PlanType;
  level: number;
  subject: 'prior_auth' | 'claim';
  /** Date of the denial notice (YYYY-MM-DD or an ISO timestamp; the calendar date counts). */
  noticeDate: string;
  /** Medicaid state (two-letter code) whose rules apply. */
  state?: string;
  options?: AppealRulesOverride;
}

export interface AppealDeadline {
  /** End of the last day to file, UTC. */
  dueAt: string;
  dueDate: string;
  level: number;
  levelName: string;
  reviewer: string;
  legalBasis: string;
  source: string;
  noticeDate: string;
  /** The presumed receipt date (notice + presumption days) where the window counts from receipt; else the notice date. */
  receivedDate: string;
  countsFrom: 'notice' | 'receipt';
  windowDays: number;
  decisionTime: string | null;
  /** True when a fact behind this deadline is marked UNVERIFIED in the reference. */
  unverified: boolean;
  /** Which facts are unverified: the level's window, the receipt presumption, the (missing) state rules. */
  unverifiedParts: Array<'window' | 'receipt_presumption' | 'state_rules'>;
}

function resolveRules(options: AppealRulesOverride | undefined): AppealRules {
  if (!options) return DEFAULT_APPEAL_RULES;
  return {
    receiptPresumption: { ...DEFAULT_APPEAL_RULES.receiptPresumption, ...options.receiptPresumption },
    plans: { ...DEFAULT_APPEAL_RULES.plans, ...options.plans },
    medicaidStates: { ...DEFAULT_APPEAL_RULES.medicaidStates, ...options.medicaidStates },
  };
}

function planRules(
  rules: AppealRules,
  planType: PlanType,
  state?: string,
): { plan: PlanAppealRules; stateUnverified: boolean } {
  if (planType === 'medicaid') {
    const stateRules = state ? rules.medicaidStates[state.toUpperCase()] : undefined;
    if (stateRules) return { plan: stateRules, stateUnverified: false };
    return { plan: rules.plans.medicaid, stateUnverified: true };
  }
  return { plan: rules.plans[planType], stateUnverified: false };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;

function parseDate(value: string, field: string): Date {
  const m = DATE.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(Number.NaN);
  if (!m || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== m[0]) {
    throw new ValidationError(`${field} must be a calendar date (YYYY-MM-DD)`, [
      { path: field, message: 'must be a calendar date (YYYY-MM-DD)' },
    ]);
  }
  return date;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);

function addMonths(d: Date, months: number): Date {
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target;
}

function findLevel(plan: PlanAppealRules, planType: PlanType, level: number): LevelRule {
  const rule = plan.levels.find((l) => l.level === level);
  if (!rule) {
    throw new ValidationError(`appeal level ${level} does not exist for plan type ${planType}`, [
      { path: 'level', message: `levels for ${planType}: ${plan.levels.map((l) => l.level).join(', ')}` },
    ]);
  }
  return rule;
}

/** The deadline to file an appeal at a level, with the level's name and legal basis. */
export function appealDeadline(input: AppealDeadlineInput): AppealDeadline {
  const rules = resolveRules(input.options);
  const { plan, stateUnverified } = planRules(rules, input.planType, input.state);
  const rule = findLevel(plan, input.planType, input.level);
  if (rule.automatic) {
    throw new ValidationError(
      `appeal level ${input.level} (${rule.name}) for plan type ${input.planType} is forwarded automatically by the payer: nothing to file`,
      [{ path: 'level', message: 'automatic level; use nextAppealLevel for the next level to file' }],
    );
  }
  const notice = parseDate(input.noticeDate, 'noticeDate');
  const receiptDays = rule.from === 'receipt' ? rules.receiptPresumption.days : 0;
  const received = addDays(notice, receiptDays);
  const due =
    rule.windowMonths !== undefined
      ? addMonths(received, rule.windowMonths)
      : addDays(received, rule.windowDays ?? 0);
  const unverifiedParts: AppealDeadline['unverifiedParts'] = [];
  if (rule.unverified) unverifiedParts.push('window');
  if (rule.from === 'receipt' && rules.receiptPresumption.unverified)
    unverifiedParts.push('receipt_presumption');
  if (stateUnverified) unverifiedParts.push('state_rules');
  const windowDays = Math.round((due.getTime() - received.getTime()) / 86_400_000);
  return {
    dueAt: `${isoDay(due)}T23:59:59.999Z`,
    dueDate: isoDay(due),
    level: rule.level,
    levelName: rule.name,
    reviewer: rule.reviewer,
    legalBasis: rule.legalBasis,
    source: rule.source,
    noticeDate: isoDay(notice),
    receivedDate: isoDay(received),
    countsFrom: rule.from,
    windowDays,
    decisionTime: rule.decisionTime ?? null,
    unverified: unverifiedParts.length > 0,
    unverifiedParts,
  };
}

/**
 * The next level the provider files after `level` is upheld, or null after the last.
 * Levels the payer forwards on its own (the Medicare Advantage IRE) are skipped.
 */
export function nextAppealLevel(
  planType: PlanType,
  level: number,
  options?: { state?: string; rules?: AppealRulesOverride },
): number | null {
  const { plan } = planRules(resolveRules(options?.rules), planType, options?.state);
  const next = plan.levels
    .filter((l) => l.level > level && !l.automatic)
    .sort((a, b) => a.level - b.level)[0];
  return next?.level ?? null;
}

/** True once the last day to file has passed. A date-only dueAt counts to the end of that day (UTC). */
export function isUntimely(dueAt: string, now: Date): boolean {
  const end = /^\d{4}-\d{2}-\d{2}$/.test(dueAt) ? Date.parse(`${dueAt}T23:59:59.999Z`) : Date.parse(dueAt);
  if (Number.isNaN(end)) {
    throw new ValidationError('dueAt must be an ISO date or timestamp', [
      { path: 'dueAt', message: 'not a date' },
    ]);
  }
  return now.getTime() > end;
}
