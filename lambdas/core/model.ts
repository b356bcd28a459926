/**
 * The shared vocabulary of the product: statuses, findings, assessment, billing, decisions,
 * appeals and the case itself. Pure types and zod schemas; no I/O.
 *
 * The field names follow ../shared/API.md ("The case"), which is the public contract.
 */
import * as z from 'zod';

export const CASE_STATUSES = [
  'RECEIVED',
  'PACKET_READY',
  'NEEDS_INFO',
  'SUBMITTED',
  'SUBMISSION_FAILED',
  'PENDED',
  'APPROVED',
  'PARTIALLY_APPROVED',
  'DENIED',
  'APPEAL_READY',
  'APPEAL_SUBMITTED',
  'APPEAL_APPROVED',
  'APPEAL_DENIED',
  'CLOSED',
] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const PLAN_TYPES = ['medicare', 'medicare_advantage', 'medicaid', 'commercial'] as const;
export const PlanType = z.enum(PLAN_TYPES);
export type PlanType = z.infer<typeof PlanType>;

/** How letters, bundles and screens name a plan type: the one home of these labels. */
export const PLAN_TYPE_LABELS: Readonly<Record<PlanType, string>> = {
  medicare: 'Original Medicare',
  medicare_advantage: 'Medicare Advantage',
  medicaid: 'Medicaid',
  commercial: 'Commercial',
};

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** Finding codes of API.md; more are welcome. */
export const FINDING_CODES = [
  'HCPCS_MISMATCH',
  'NDC_HCPCS_MISMATCH',
  'DOSE_NOT_LABELED',
  'DURATION_EXCEEDS_LABEL',
  'CRITERION_NOT_MET',
  'POLICY_RISK',
  'UNITS_MISMATCH',
  'WASTE_MODIFIER',
  'WASTE_NOT_MINIMAL',
  'AUTH_NUMBER_MISSING',
  'AUTH_EXCEEDED',
  'APPEAL_UNTIMELY',
  // additions
  'DIAGNOSIS_NOT_COVERED',
  'INSUFFICIENT_INFORMATION',
  'OFF_LABEL_UNSUPPORTED',
  'NO_PRIOR_AUTH_REQUIRED',
  'UNVERIFIED_REFERENCE',
  // site of care, lines of therapy, continuations
  'SITE_OF_CARE_POLICY',
  'LINE_OF_THERAPY_NOT_LABELED',
  'PROGRESSION_ON_THERAPY',
  // administrations (lambdas/core/course/)
  'LOT_EXPIRED',
  'OUTSIDE_AUTHORIZATION',
  'DOSE_DIFFERS_FROM_PLAN',
  'DOCUMENTATION_INCOMPLETE',
  // claim files (lambdas/core/billing/modifiers.ts, claim-form.ts)
  'MODIFIER_CONFLICT',
  'CLAIM_FORM',
  // remittances (lambdas/core/remittance/)
  'UNDERPAID',
] as const;
export const FindingCode = z.enum(FINDING_CODES);
export type FindingCode = z.infer<typeof FindingCode>;

export const Finding = z.object({
  severity: Severity,
  code: FindingCode,
  message: z.string(),
  /** The request or claim field the finding is about, as a dotted path. */
  path: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;

export const Verdict = z.enum([
  'meets_label',
  'compendia_supported',
  'not_supported',
  'insufficient_information',
]);
export type Verdict = z.infer<typeof Verdict>;

export const Criterion = z.object({
  id: z.string(),
  description: z.string(),
  /** true = met, false = not met, null = unknown (the request does not say). */
  met: z.boolean().nullable(),
  evidence: z.string(),
});
export type Criterion = z.infer<typeof Criterion>;

export const Assessment = z.object({
  verdict: Verdict,
  /** Id of the labeled indication the request was matched to (e.g. NSCLC_STAGE3_UNRESECTABLE_PACIFIC). */
  indication: z.string().nullable(),
  indicationTitle: z.string().nullable().optional(),
  trial: z.string().nullable().optional(),
  /** The label's wording of the indication and where it comes from, for letters. */
  labelSummary: z.string().nullable().optional(),
  labelSource: z.string().nullable().optional(),
  criteria: z.array(Criterion),
  /** The compendium or literature citation that made an off-label use supported. */
  supportingEvidence: z.string().nullable().optional(),
  summary: z.string().optional(),
});
export type Assessment = z.infer<typeof Assessment>;

export const VialLine = z.object({
  ndc11: z.string(),
  strengthMg: z.number(),
  count: z.number().int(),
});
export type VialLine = z.infer<typeof VialLine>;

export const Billing = z.object({
  hcpcs: z.string(),
  unitMg: z.number(),
  dosePerAdministrationMg: z.number(),
  unitsPerAdministration: z.number().int(),
  vials: z.array(VialLine),
  discardedMg: z.number(),
  discardedUnits: z.number().int(),
  wasteModifier: z.enum(['JW', 'JZ']),
  administrationsRequested: z.number().int(),
  unitsRequested: z.number().int(),
  /** Units of the JW line over the whole request (discardedUnits x administrations). */
  discardedUnitsRequested: z.number().int().optional(),
  labeledDose: z.string().nullable().optional(),
});
export type Billing = z.infer<typeof Billing>;

export const Reason = z.object({
  system: z.enum(['CARC', 'RARC', 'X12-HCR', 'PAYER']),
  code: z.string(),
  group: z.string().optional(),
  description: z.string().optional(),
});
export type Reason = z.infer<typeof Reason>;

export const DecisionOutcome = z.enum(['approved', 'partially_approved', 'denied', 'pended']);
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;

export const Decision = z.object({
  outcome: DecisionOutcome,
  authorizationNumber: z.string().nullable(),
  payerReference: z.string().nullable().optional(),
  approvedUnits: z.number().nullable().optional(),
  validFrom: z.string().nullable().optional(),
  validTo: z.string().nullable().optional(),
  reasons: z.array(Reason),
  requestedDocuments: z.array(z.string()).optional(),
  note: z.string().nullable().optional(),
  decidedAt: z.string(),
  /** The event that set this decision. */
  eventId: z.string().optional(),
});
export type Decision = z.infer<typeof Decision>;

export const AppealStatus = z.enum([
  'APPEAL_READY',
  'APPEAL_SUBMITTED',
  'APPEAL_APPROVED',
  'APPEAL_DENIED',
  'NOT_APPEALED',
]);
export type AppealStatus = z.infer<typeof AppealStatus>;

export const Appeal = z.object({
  appealId: z.string(),
  status: AppealStatus,
  remedy: z.enum(['appeal', 'corrected_claim', 'none']),
  subject: z.enum(['prior_auth', 'claim']),
  claimId: z.string().optional(),
  level: z.number().int(),
  levelName: z.string().optional(),
  category: z.string().optional(),
  documentId: z.string().nullable(),
  dueAt: z.string().nullable(),
  createdAt: z.string(),
  /** The payer event this remedy answers. */
  eventId: z.string().optional(),
  reason: z.string().optional(),
  /** A corrected_claim remedy: the corrected claim, stored with the case (GET /v1/claims/{id}/x12). */
  correctedClaimId: z.string().optional(),
  /** How the corrected claim goes back: replacement, new claim (MA130) or reopening (Medicare Part B). */
  instructions: z.string().optional(),
});
export type Appeal = z.infer<typeof Appeal>;

export const DocumentKind = z.enum(['packet', 'appeal', 'corrected_claim', 'pas_bundle', 'x12_278']);
export type DocumentKind = z.infer<typeof DocumentKind>;

export const DocumentRef = z.object({
  documentId: z.string(),
  kind: DocumentKind,
  contentType: z.string(),
  createdAt: z.string().optional(),
  bytes: z.number().int().optional(),
  sha256: z.string().optional(),
  templateVersion: z.string().optional(),
});
export type DocumentRef = z.infer<typeof DocumentRef>;

export const HistoryEntry = z.object({
  at: z.string(),
  status: CaseStatus.optional(),
  source: z.enum(['api', 'workflow', 'payer', 'sweep', 'system']),
  /** What happened, for people: ids and codes, never patient data. */
  event: z.string(),
  detail: z.string().optional(),
  eventId: z.string().optional(),
  applied: z.boolean().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const Deadlines = z.object({
  payerDecisionDueAt: z.string().nullable(),
  appealDueAt: z.string().nullable(),
});
export type Deadlines = z.infer<typeof Deadlines>;

/** How far the workflows got, so that a crash or a restart can be re-driven (DESIGN.md). */
export const WorkflowProgress = z.object({
  name: z.enum(['SubmitPriorAuth', 'HandlePayerEvent']),
  step: z.string(),
  startedAt: z.string(),
  attempts: z.number().int(),
});
export type WorkflowProgress = z.infer<typeof WorkflowProgress>;

export const Claim = z.object({
  claimId: z.string(),
  receivedAt: z.string(),
  findings: z.array(Finding),
  /** The claim as submitted by the billing office (no patient name in it). */
  claim: z.record(z.string(), z.unknown()),
  status: z.enum(['SCRUBBED', 'DENIED', 'CORRECTED']).optional(),
});
export type Claim = z.infer<typeof Claim>;
