/**
 * One dose from the medication administration record (`POST /v1/prior-auths/{caseId}/administrations`,
 * API.md "Administrations, authorizations and continuations"). The shape is checked here (a 400
 * names the field, nothing is written); what the record says about the dose, the vials, the waste
 * and the authorization is checked by the rules of lambdas/core/course/ and answered as findings.
 * A vial without its lot or expiry is accepted here on purpose: it is a DOCUMENTATION_INCOMPLETE
 * finding of the record, not a malformed request.
 */
import * as z from 'zod';
import { codeString, LIMITS, nameString, noteString } from './limits.ts';

const isoDate = z.iso.date({ error: 'must be a real calendar date (YYYY-MM-DD)' });

export const AdministrationVial = z
  .object({
    /** 11-digit NDC in 5-4-2 form, as on the carton. */
    ndc11: codeString()
      .trim()
      .regex(/^\d{5}-\d{4}-\d{2}$/, { error: 'NDC must be 11 digits in 5-4-2 form, e.g. 00310-4611-50' }),
    lot: nameString().trim().nullable().optional(),
    /** The expiration date printed on the vial (YYYY-MM-DD). */
    expiresOn: isoDate.nullable().optional(),
    count: z.number().int().positive().max(100),
  })
  .strict();
export type AdministrationVial = z.infer<typeof AdministrationVial>;

export const AdministrationInput = z
  .object({
    /** An id of the caller's own (e.g. the MAR entry), so a retry records the dose once. */
    administrationId: nameString()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,128}$/, { error: '1 to 128 letters, digits, dashes and underscores' })
      .optional(),
    /** When the infusion started, with its UTC offset. */
    administeredAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with offset' }),
    route: codeString().trim().min(1),
    doseMg: z.number().positive().max(5000),
    vials: z.array(AdministrationVial).min(1, { error: 'at least one vial' }).max(LIMITS.listItems),
    discardedMg: z.number().nonnegative().max(5000).default(0),
    /** Who witnessed the waste (a name or staff id); required when anything is discarded. */
    wasteWitness: nameString().trim().nullable().default(null),
    notes: noteString().nullable().default(null),
  })
  .strict();
export type AdministrationInput = z.infer<typeof AdministrationInput>;
export type AdministrationInputRaw = z.input<typeof AdministrationInput>;

/** The optional body of `POST .../administrations/{administrationId}/claim`. */
export const AdministrationClaimRequest = z
  .object({
    /** A place of service of the billing office's own, over the one the case's site of care gives. */
    placeOfService: codeString()
      .regex(/^\d{2}$/, { error: 'place of service is a 2-digit code' })
      .optional(),
  })
  .strict();
export type AdministrationClaimRequest = z.infer<typeof AdministrationClaimRequest>;
