/**
 * POST /v1/webhooks/payers/{payerId}: verify the Standard Webhooks signature on the raw body,
 * store the event once by webhook-id, answer fast, and let HandlePayerEvent apply it. Nothing is
 * stored for a bad signature, a stale timestamp, a bad body or an unknown case.
 */

import { getCase, storeEventOnce } from '#adapters/case-repository.ts';
import { zodIssues } from '#adapters/http.ts';
import { logger } from '#adapters/logger.ts';
import { startHandlePayerEvent } from '#adapters/workflow-starter.ts';
import { NotFoundError, PayerRejectedError, ValidationError } from '#core/errors.ts';
import { payerEventId } from '#core/ids.ts';
import {
  normalisePasClaimResponse,
  normaliseWebhook,
  normaliseX12_278Response,
} from '#core/payer/payer-events.ts';
import { verifyWebhook } from '#core/payer/webhook-signature.ts';
import type { Clock, NormalisedPayerEvent, PayerRegistry } from '#core/ports.ts';
import { PayerWebhookBody } from '#schemas/webhook.ts';

export interface WebhookInput {
  payerId: string;
  headers: Record<string, string | undefined>;
  rawBody: string;
  contentType: string;
  /** For PAS ClaimResponse and X12 278 bodies, which do not carry our case id. */
  caseIdHint?: string;
}

export type WebhookOutcome =
  | { duplicate: true; eventId: string }
  | { duplicate: false; eventId: string; caseId: string };

function normalise(
  input: WebhookInput,
  receivedAt: string,
): { event: NormalisedPayerEvent; channel: 'webhook' | 'fhir-pas' | 'x12-278' } {
  const type = input.contentType.toLowerCase();
  const mediaType = type.split(';')[0]!.trim();
  const isJson = /^application\/([a-z0-9.+-]*\+)?json$/.test(mediaType);
  const isX12 = mediaType.includes('x12') || mediaType === 'text/plain';
  if (!isJson && !isX12) {
    throw new ValidationError(
      'the body must be application/json (or a PAS ClaimResponse, or an X12 278 response)',
      [{ path: '(body)', message: `content-type ${mediaType || 'missing'}` }],
      { statusCode: 415 },
    );
  }
  if (isX12) {
    if (!input.caseIdHint)
      throw new ValidationError('an X12 278 response needs ?caseId=', [
        { path: 'caseId', message: 'required for X12 bodies' },
      ]);
    return {
      event: normaliseX12_278Response(input.rawBody, { caseId: input.caseIdHint, receivedAt }),
      channel: 'x12-278',
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(input.rawBody);
  } catch {
    throw new ValidationError('the body is not valid JSON', [{ path: '(body)', message: 'malformed JSON' }]);
  }
  if (mediaType.includes('fhir+json')) {
    if (!input.caseIdHint)
      throw new ValidationError('a PAS ClaimResponse needs ?caseId=', [
        { path: 'caseId', message: 'required for FHIR bodies' },
      ]);
    return {
      event: normalisePasClaimResponse(json, { caseId: input.caseIdHint, receivedAt }),
      channel: 'fhir-pas',
    };
  }
  const parsed = PayerWebhookBody.safeParse(json);
  if (!parsed.success)
    throw new ValidationError('the webhook body has invalid fields', zodIssues(parsed.error));
  return { event: normaliseWebhook(parsed.data), channel: 'webhook' };
}

export async function receiveWebhook(
  input: WebhookInput,
  deps: { registry: PayerRegistry; clock: Clock },
): Promise<WebhookOutcome> {
  const payer = await deps.registry.get(input.payerId);
  if (!payer) throw new NotFoundError(`payer ${input.payerId} is not in the registry`);
  const now = deps.clock.now();
  const { webhookId } = verifyWebhook({
    headers: input.headers,
    rawBody: input.rawBody,
    secret: payer.webhookSecret,
    now,
  });
  const receivedAt = now.toISOString();
  let normalised: ReturnType<typeof normalise>;
  try {
    normalised = normalise(input, receivedAt);
  } catch (error) {
    // A PAS or X12 body we cannot read was posted to us: the sender's fault, not a payer outage.
    if (error instanceof PayerRejectedError) {
      throw new ValidationError(
        'the payer response could not be read',
        [{ path: '(body)', message: error.message }],
        {
          statusCode: 422,
        },
      );
    }
    throw error;
  }
  const { event, channel } = normalised;
  const record = await getCase(event.caseId);
  if (!record || record.payer.id !== payer.id) {
    throw new NotFoundError(`case ${event.caseId} is not a case of payer ${payer.id}`);
  }
  const eventId = payerEventId(payer.id, webhookId);
  const stored = await storeEventOnce({
    eventId,
    payerId: payer.id,
    webhookId,
    caseId: event.caseId,
    channel,
    receivedAt,
    event,
    raw: input.rawBody,
  });
  if (!stored) return { duplicate: true, eventId };
  try {
    await startHandlePayerEvent(event.caseId, eventId);
  } catch (error) {
    logger.warn('could not start HandlePayerEvent; the sweep will re-drive it', {
      caseId: event.caseId,
      eventId,
      errorName: (error as Error).name,
    });
  }
  return { duplicate: false, eventId, caseId: event.caseId };
}
