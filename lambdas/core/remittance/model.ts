/**
 * The remittance model: what an X12 835 (005010X221A1) says about payments, read claim by claim
 * (adapters/x12/remittance-835.ts) and decided here. It carries codes, amounts and ids only:
 * the patient's and the provider's names of the file (NM1) are never read into it.
 */

/** CAS01 claim adjustment group: contractual, patient responsibility, other, payer initiated, correction. */
export type AdjustmentGroup = 'CO' | 'PR' | 'OA' | 'PI' | 'CR';
export const ADJUSTMENT_GROUPS: readonly AdjustmentGroup[] = ['CO', 'PR', 'OA', 'PI', 'CR'];

/** One CAS reason: its group, the CARC and the amount (a negative amount gives money back). */
export interface Adjustment {
  group: AdjustmentGroup;
  code: string;
  amount: number;
  quantity?: number;
}

/** One SVC service line with its CAS adjustments, LQ*HE remarks and AMT*B6 allowed amount. */
export interface RemittanceLine {
  /** SVC01-2 when SVC01-1 is HC (HCPCS/CPT), else null. */
  hcpcs: string | null;
  /** SVC01-3.. the procedure modifiers. */
  modifiers: string[];
  chargeAmount: number;
  paidAmount: number;
  /** SVC05 units of service paid (1 when absent, as the TR3 says). */
  units: number;
  adjustments: Adjustment[];
  /** LQ*HE remark codes (RARC). */
  remarks: string[];
  /** AMT*B6 allowed (actual), when given. */
  allowedAmount: number | null;
}

/** One CLP claim payment loop (2100) with its service lines (2110). */
export interface RemittanceClaim {
  /** CLP01: the provider's claim id as sent in CLM01. */
  claimId: string;
  /** CLP02 claim status code (1 primary, 2 secondary, 3 tertiary, 4 denied, 22 reversal, ...). */
  statusCode: string;
  chargeAmount: number;
  paidAmount: number;
  patientResponsibility: number;
  /** CLP07: the payer's claim control number. */
  payerClaimControlNumber: string | null;
  /** Claim-level CAS. */
  adjustments: Adjustment[];
  /** Claim-level remarks (MOA/MIA remark codes). */
  remarks: string[];
  lines: RemittanceLine[];
}

/** The 835's header: who pays (N1*PR, TRN03), how much (BPR), under which trace number (TRN02). */
export interface RemittanceHeader {
  /** The payer's key for idempotency: TRN03, else N1*PR's id (N104), else its name. */
  payerKey: string;
  payerName: string | null;
  /** TRN02: the check or EFT trace number. */
  traceNumber: string;
  /** BPR02 total payment. */
  paymentAmount: number;
  /** BPR04: ACH, CHK, FWT, BOP, NON. */
  paymentMethod: string | null;
  /** BPR16 payment date, else DTM*405 production date (YYYY-MM-DD). */
  paymentDate: string | null;
}

/** PLB: a provider-level adjustment, kept at the remittance level (not tied to a claim). */
export interface ProviderAdjustment {
  providerId: string;
  fiscalPeriodDate: string | null;
  /** PLB03-1 reason (WO overpayment recovery, L6 interest, CV capital pass-through, ...). */
  reason: string;
  /** PLB03-2 reference id, when given. */
  reference: string | null;
  amount: number;
}

/** What the reader yields, in file order: a header per transaction, its claims, its PLBs. */
export type RemittancePart =
  | { kind: 'header'; header: RemittanceHeader }
  | { kind: 'claim'; claim: RemittanceClaim }
  | { kind: 'provider-adjustments'; adjustments: ProviderAdjustment[] };

export type ClaimPaymentStatus = 'paid' | 'partially_paid' | 'denied' | 'reversed';
