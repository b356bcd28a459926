/**
 * A claim for a durvalumab case (`POST /v1/prior-auths/{caseId}/claims`), as
 * lambdas/schemas/examples/claim.json shows it: the billing office's 837P lines (or, with `form`
 * institutional, the 837I's type of bill and revenue codes), without the patient's name.
 * The scrub (lambdas/core/billing/claim-scrub.ts, modifiers.ts, claim-form.ts), the denial
 * analysis and the 837 (lambdas/core/billing/claim-837.ts) read it.
 */
import * as z from 'zod';
import { codeString, LIMITS, nameString } from './limits.ts';

const isoDate = z.iso.date({ error: 'must be a real calendar date (YYYY-MM-DD)' });

export const ClaimLine = z.object({
  /** HCPCS Level II or CPT code (SV101-2). Durvalumab is J9173. */
  hcpcs: codeString()
    .trim()
    .regex(/^[A-Z0-9]{5}$/, { error: 'HCPCS/CPT code must be 5 characters, e.g. J9173 or 96413' }),
  modifiers: z
    .array(
      codeString()
        .trim()
        .regex(/^[A-Z0-9]{2}$/, { error: 'a modifier is 2 characters' }),
    )
    .max(LIMITS.listItems)
    .default([]),
  /** Billing units (SV104); J9173 is 10 mg a unit. */
  units: z.number().positive().max(100_000),
  /** 11-digit NDC in 5-4-2 form (LIN03, qualifier N4). */
  ndc11: codeString()
    .regex(/^\d{5}-\d{4}-\d{2}$/, { error: 'NDC must be 11 digits in 5-4-2 form, e.g. 00310-4611-50' })
    .optional(),
  /** NDC quantity (CTP04) and its unit (CTP05-1). */
  ndcQuantity: z.number().positive().optional(),
  ndcUnit: z.enum(['ML', 'UN', 'GR', 'F2', 'ME']).optional(),
  chargeAmount: z.number().nonnegative().optional(),
  /** 837I only: the revenue code (SV201), e.g. 0636 for drugs requiring detailed coding. */
  revenueCode: codeString()
    .regex(/^\d{4}$/, { error: 'a revenue code is 4 digits, e.g. 0636' })
    .optional(),
});
export type ClaimLine = z.infer<typeof ClaimLine>;

const npi = codeString()
  .trim()
  .regex(/^\d{10}$/, { error: 'NPI must be 10 digits' });

/** A street address (N3/N4). */
export const PostalAddress = z.object({
  line1: nameString().min(1),
  city: nameString().min(1),
  state: codeString().regex(/^[A-Z]{2}$/, { error: 'a 2-letter state code' }),
  postalCode: codeString().regex(/^\d{5}(\d{4})?$/, { error: '5 or 9 digits' }),
});

/** Who bills (2010AA): the case's provider unless the claim says otherwise; the address the 837 needs. */
export const BillingProvider = z.object({
  name: nameString().min(1).optional(),
  npi: npi.optional(),
  /** Employer identification number (REF*EI), 9 digits. */
  taxId: codeString()
    .regex(/^\d{9}$/, { error: 'a tax id (EIN) is 9 digits' })
    .optional(),
  address: PostalAddress.optional(),
});

/** The clinician who gave the drug: 2310B rendering (837P) or 2310A attending (837I). */
export const ClaimClinician = z.object({
  npi,
  familyName: nameString().min(1),
  givenName: nameString().min(1).optional(),
});

export const ClaimInput = z.object({
  claimId: nameString().trim().min(1),
  /** The payer's claim control number (ICN/DCN) once adjudicated: the original claim of a frequency-7 replacement. */
  payerClaimNumber: nameString().trim().min(1).optional(),
  serviceDate: isoDate,
  placeOfService: codeString()
    .regex(/^\d{2}$/, { error: 'place of service is a 2-digit code' })
    .optional(),
  /** Prior-authorization number (REF*G1). */
  authorizationNumber: nameString().trim().min(1).nullable().optional(),
  diagnosisCodes: z
    .array(codeString().trim().min(3))
    .min(1, { error: 'at least one ICD-10-CM code is required' })
    .max(LIMITS.listItems),
  /** The dose given on the date of service, from the medication administration record. */
  administeredMg: z.number().positive().max(5000).optional(),
  /** The amount discarded from the opened single-dose vials, from the waste log. */
  discardedMg: z.number().nonnegative().max(5000).optional(),
  /** Claim frequency code (CLM05-3): 1 original, 7 replacement, 8 void. */
  frequencyCode: z.enum(['1', '7', '8']).default('1'),
  /** Professional (837P, CMS-1500; when absent) or institutional (837I, UB-04: hospital outpatient). */
  form: z.enum(['professional', 'institutional']).optional(),
  /** 837I: the type of bill, e.g. 131 (hospital outpatient); CLM05-1 is its first two digits. */
  typeOfBill: codeString()
    .regex(/^\d{3}$/, { error: 'a type of bill is 3 digits, e.g. 131' })
    .optional(),
  /** The clinical trial's number (NCT, 8 digits) when Q0/Q1 lines are billed. */
  clinicalTrialNumber: codeString()
    .regex(/^(NCT)?\d{8}$/, { error: 'the 8-digit NCT number, e.g. NCT01234567' })
    .optional(),
  billingProvider: BillingProvider.optional(),
  /** The patient's (the subscriber's) address, 2010BA N3/N4: required there when the patient is the subscriber. */
  patientAddress: PostalAddress.optional(),
  renderingProvider: ClaimClinician.optional(),
  lines: z.array(ClaimLine).min(1, { error: 'a claim has at least one line' }).max(LIMITS.listItems),
});
export type ClaimInput = z.infer<typeof ClaimInput>;
export type ClaimInputRaw = z.input<typeof ClaimInput>;
