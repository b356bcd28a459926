/**
 * A professional claim for a durvalumab case (`POST /v1/prior-auths/{caseId}/claims`), as
 * lambdas/schemas/examples/claim.json shows it: the billing office's 837P lines, without the patient's name.
 * The scrub (lambdas/core/claim-scrub.ts) and the denial analysis read it.
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
});
export type ClaimLine = z.infer<typeof ClaimLine>;

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
  lines: z.array(ClaimLine).min(1, { error: 'a claim has at least one line' }).max(LIMITS.listItems),
});
export type ClaimInput = z.infer<typeof ClaimInput>;
export type ClaimInputRaw = z.input<typeof ClaimInput>;
