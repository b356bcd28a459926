/**
 * The body of a payer webhook (API.md "Payer webhooks", `POST /v1/webhooks/payers/{payerId}`),
 * discriminated on `type`. Payers may add fields: unknown keys are kept out of the parsed value
 * but do not fail validation.
 */
import * as z from 'zod';
import { codeString, LIMITS, nameString, noteString } from './limits.ts';

const isoDateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });
/** Certification dates arrive as dates (2026-08-10) or date-times. */
const isoDateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'must be an ISO 8601 date or date-time',
});

export const WebhookReason = z.object({
  system: z.enum(['CARC', 'RARC', 'X12-HCR', 'PAYER']),
  code: codeString().trim().min(1),
  /** Claim adjustment group (CO, PR, OA, PI) for a CARC. */
  group: codeString().trim().min(1).optional(),
});
export type WebhookReason = z.infer<typeof WebhookReason>;

/** HCR01 / PAS reviewActionCode values (regulation.md (e)). */
export const ReviewActionCode = z.enum(['A1', 'A2', 'A3', 'A4', 'A6', 'C', 'CT', 'NA']);
export type ReviewActionCode = z.infer<typeof ReviewActionCode>;

const common = {
  caseId: nameString().trim().min(1, { error: 'caseId is required' }),
  payerReference: nameString().nullish(),
  reasons: z.array(WebhookReason).max(LIMITS.listItems).default([]),
  /** The payer's free text: 20,000 characters at most. */
  note: noteString().nullish(),
};

export const PriorAuthDecisionWebhook = z.object({
  type: z.literal('prior_auth.decision'),
  occurredAt: isoDateTime,
  data: z.object({
    ...common,
    outcome: z.enum(['approved', 'partially_approved', 'denied', 'pended']),
    /** The X12 HCR01 code behind the outcome, when the payer sends it (informational). */
    reviewAction: ReviewActionCode.optional(),
    authorizationNumber: nameString().nullish(),
    approvedUnits: z.number().int().nonnegative().nullish(),
    validFrom: isoDateOrDateTime.nullish(),
    validTo: isoDateOrDateTime.nullish(),
    requestedDocuments: z.array(nameString()).max(LIMITS.listItems).default([]),
  }),
});

export const ClaimDeniedWebhook = z.object({
  type: z.literal('claim.denied'),
  occurredAt: isoDateTime,
  data: z
    .object({
      ...common,
      claimId: nameString().trim().min(1, { error: 'claimId is required' }),
      /** The CARC group and code may come as top-level fields (`CO` `50`) or as reasons. */
      group: codeString().trim().min(1).optional(),
      code: codeString().trim().min(1).optional(),
    })
    .refine((data) => data.code !== undefined || data.reasons.some((r) => r.system === 'CARC'), {
      error: 'a claim denial needs a CARC: data.code (with data.group) or a CARC entry in data.reasons',
      path: ['code'],
    }),
});

export const AppealDecisionWebhook = z.object({
  type: z.literal('appeal.decision'),
  occurredAt: isoDateTime,
  data: z.object({
    ...common,
    appealId: nameString().trim().min(1, { error: 'appealId is required' }),
    outcome: z.enum(['overturned', 'upheld']),
    authorizationNumber: nameString().nullish(),
    approvedUnits: z.number().int().nonnegative().nullish(),
    validFrom: isoDateOrDateTime.nullish(),
    validTo: isoDateOrDateTime.nullish(),
  }),
});

export const PayerWebhookBody = z.discriminatedUnion('type', [
  PriorAuthDecisionWebhook,
  ClaimDeniedWebhook,
  AppealDecisionWebhook,
]);
export type PayerWebhookBody = z.infer<typeof PayerWebhookBody>;
export type PayerWebhookBodyInput = z.input<typeof PayerWebhookBody>;
