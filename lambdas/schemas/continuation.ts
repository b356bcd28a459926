/**
 * A continuation (re-authorization) request, `POST /v1/prior-auths/{caseId}/continuations`
 * (API.md "Administrations, authorizations and continuations"): the progress notes since the
 * earlier authorization and the changes to its treatment plan. The plan's changes are checked as
 * part of the whole prior-auth request they make with the earlier case's (a 400 names the
 * treatmentPlan field), by lambdas/use-cases/request-continuation.ts.
 */
import * as z from 'zod';
import { LIMITS, noteString } from './limits.ts';

/** RECIST response categories, as the progress notes state the response. */
export const RECIST_RESPONSES = [
  'complete_response',
  'partial_response',
  'stable_disease',
  'progressive_disease',
] as const;
export const RecistResponse = z.enum(RECIST_RESPONSES);

const isoDate = z.iso.date({ error: 'must be a real calendar date (YYYY-MM-DD)' });

export const ProgressNote = z
  .object({
    date: isoDate,
    response: RecistResponse,
    adverseEvents: noteString().default(''),
    text: noteString().default(''),
  })
  .strict();
export type ProgressNote = z.infer<typeof ProgressNote>;

export const ContinuationInput = z
  .object({
    progressNotes: z
      .array(ProgressNote)
      .min(1, { error: 'at least one progress note' })
      .max(LIMITS.listItems),
    /** Changes to the earlier request's treatment plan (startDate, administrations, ...). */
    treatmentPlan: z.record(z.string(), z.unknown()).default({}),
    priority: z.enum(['standard', 'expedited']).optional(),
    urgencyReason: noteString().optional(),
  })
  .strict();
export type ContinuationInput = z.infer<typeof ContinuationInput>;
