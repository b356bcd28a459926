/**
 * The payer's webhooks as a payer posts them (API.md, "Payer webhooks"): the one builder of
 * their bodies, used by the CLI demo, the tests and the bench so they all send the same shape.
 * Pure: the caller gives the time (`occurredAt`); signing is `webhook-signature.ts`.
 */
import type { PayerWebhookBodyInput, WebhookReason } from '#schemas/webhook.ts';

type BodyOf<T extends PayerWebhookBodyInput['type']> = Extract<PayerWebhookBodyInput, { type: T }>;
export type PriorAuthDecisionBody = BodyOf<'prior_auth.decision'>;
export type PriorAuthOutcome = PriorAuthDecisionBody['data']['outcome'];

/**
 * A prior-auth decision: approved (with an authorization number), partially approved, pended
 * or denied; `extra` overrides any field of `data`.
 */
export function decisionWebhook(
  caseId: string,
  outcome: PriorAuthOutcome,
  occurredAt: string,
  extra: Partial<PriorAuthDecisionBody['data']> = {},
): PriorAuthDecisionBody {
  const approved = outcome === 'approved' || outcome === 'partially_approved';
  return {
    type: 'prior_auth.decision',
    occurredAt,
    data: {
      caseId,
      payerReference: `REF-${caseId.slice(-6)}`,
      outcome,
      authorizationNumber: approved ? `AUTH-${caseId.slice(-6)}` : null,
      approvedUnits: null,
      validFrom: null,
      validTo: null,
      reasons: [],
      requestedDocuments: [],
      note: null,
      ...extra,
    },
  };
}

/** An appeal's decision: `upheld` drafts the next level, `overturned` approves the case. */
export function appealDecisionWebhook(
  caseId: string,
  appealId: string,
  outcome: 'upheld' | 'overturned',
  occurredAt: string,
  extra: Partial<BodyOf<'appeal.decision'>['data']> = {},
): BodyOf<'appeal.decision'> {
  return { type: 'appeal.decision', occurredAt, data: { caseId, appealId, outcome, reasons: [], ...extra } };
}

/** A claim's denial with its CARC/RARC reasons. */
export function claimDeniedWebhook(
  caseId: string,
  claimId: string,
  reasons: WebhookReason[],
  occurredAt: string,
  payerReference = 'ICN-2026-77',
): BodyOf<'claim.denied'> {
  return { type: 'claim.denied', occurredAt, data: { caseId, claimId, payerReference, reasons, note: null } };
}
