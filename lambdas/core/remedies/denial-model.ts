/**
 * The shapes of a denial analysis: the categories a denial falls in, what the analysis takes
 * (the denial, the case's facts, the claim) and what it gives (the remedy, the point-by-point
 * rebuttals, the corrections of a corrected claim).
 */
import type { ClaimInput } from '#schemas/claim.ts';
import type { Assessment, Billing, Finding, Reason } from '../model.ts';

export const DENIAL_CATEGORIES = [
  'medical_necessity',
  'experimental_off_label',
  'authorization_absent',
  'authorization_exceeded',
  'dosage_units',
  'modifier',
  'coding',
  'diagnosis',
  'timely_filing',
  'benefit_exclusion',
  'site_of_care',
  'duplicate',
  'other',
] as const;
export type DenialCategory = (typeof DENIAL_CATEGORIES)[number];
export type Remedy = 'appeal' | 'corrected_claim' | 'none';

export interface CaseAuthorization {
  number: string | null;
  approvedUnits?: number | null;
  validFrom?: string | null;
  validTo?: string | null;
}

export interface DenialInput {
  subject: 'prior_auth' | 'claim';
  reasons: Reason[];
  note: string | null;
  assessment: Assessment | null;
  billing: Billing | null;
  claim?: ClaimInput;
  /** The case's findings (request assessment and any earlier claim scrub). */
  findings: Finding[];
  /** The case's approved authorization, for a claim denial. */
  authorization?: CaseAuthorization | null;
  /** The case's ICD-10-CM codes (request.diagnosis.icd10): what a corrected claim reports. */
  caseDiagnosisCodes?: string[];
  /** ICD-10-CM codes and ranges of the matched indication. */
  indicationIcd10?: string[];
  /** The payer's plan type: Original Medicare Part B fixes clerical errors by reopening. */
  planType?: string;
}

export interface Rebuttal {
  reason: Reason;
  /** The code's meaning (reference/denials.json, or the payer's own text). */
  description: string;
  category: DenialCategory | null;
  /** The point-by-point answer, from the case's facts. */
  answer: string;
  /** The case's documents and facts that rebut the reason. */
  evidence: string[];
  /** What the reference says answers this code in general. */
  strategy: string[];
}

export interface Correction {
  field: string;
  from: string;
  to: string;
  why: string;
}

export interface DenialAnalysis {
  category: DenialCategory;
  remedy: Remedy;
  /** Why this remedy, in a sentence or two a billing specialist can act on. */
  reason: string;
  rebuttals: Rebuttal[];
  corrections: Correction[];
  /** The claim was returned as unprocessable (MA130): no appeal rights, submit a new claim. */
  noAppealRights: boolean;
  /** The case's findings plus the claim scrub's. */
  findings: Finding[];
  /** Codes not in the reference: answered generically, worth a human look. */
  unknownCodes: string[];
}
