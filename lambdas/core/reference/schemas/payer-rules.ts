/**
 * The schemas of the payer-program rules: reference/decision-clocks.json (when a payer owes a
 * prior-auth decision) and reference/appeal-rules.json (appeal levels and their windows).
 */
import * as z from 'zod';

export const ClockRule = z.object({
  hours: z.number().positive(),
  basis: z.string().min(1),
  source: z.string().optional(),
  unverified: z.boolean().default(true),
});
export type ClockRule = z.infer<typeof ClockRule>;

const PriorityClocks = z.object({ standard: ClockRule, expedited: ClockRule });

export const DecisionClocks = z.object({
  appealWarnings: z.object({ APPEAL_DUE_14D: z.number().positive(), APPEAL_DUE_3D: z.number().positive() }),
  programs: z.object({
    medicare: z.object({ priorAuthRequired: z.literal(false), basis: z.string() }),
    medicare_advantage: PriorityClocks,
    commercial: PriorityClocks,
    medicaid: PriorityClocks.extend({ states: z.record(z.string(), PriorityClocks.partial()).default({}) }),
  }),
});
export type DecisionClocks = z.infer<typeof DecisionClocks>;

const LevelRule = z.object({
  level: z.number().int().positive(),
  name: z.string().min(1),
  reviewer: z.string().min(1),
  windowDays: z.number().int().nonnegative().optional(),
  windowMonths: z.number().int().positive().optional(),
  alternativeWindowDays: z.number().int().positive().optional(),
  /** Whether the window counts from the notice date or from its presumed receipt. */
  from: z.enum(['notice', 'receipt']),
  /** Forwarded by the payer itself: nothing for the provider to file. */
  automatic: z.boolean().optional(),
  decisionTime: z.string().optional(),
  legalBasis: z.string().min(1),
  source: z.string().min(1),
  unverified: z.boolean(),
});
export type LevelRule = z.infer<typeof LevelRule>;

const PlanAppealRules = z.object({ program: z.string(), levels: z.array(LevelRule).min(1) });
export type PlanAppealRules = z.infer<typeof PlanAppealRules>;

export const AppealRules = z.object({
  receiptPresumption: z.object({
    days: z.number().int().nonnegative(),
    unverified: z.boolean(),
    source: z.string(),
  }),
  plans: z.object({
    medicare: PlanAppealRules,
    medicare_advantage: PlanAppealRules,
    commercial: PlanAppealRules,
    medicaid: PlanAppealRules,
  }),
  /** Medicaid rules by state (two-letter code); a state not listed uses plans.medicaid, flagged unverified. */
  medicaidStates: z.record(z.string(), PlanAppealRules).default({}),
});
export type AppealRules = z.infer<typeof AppealRules>;
