/**
 * The webhook JSON of API.md (application/json), read without the PAS and X12 readers: the
 * webhook function reads it with this module alone and loads webhook-body.ts (PAS ClaimResponse,
 * X12 278: the reference facts, node-x12) only for a body of those types, so its cold start does
 * not build them.
 */
import { parseJsonText, zodIssues } from '#adapters/http.ts';
import { ValidationError } from '#core/errors.ts';
import { normaliseWebhook } from '#core/payer/payer-events.ts';
import type { NormalisedPayerEvent } from '#core/ports.ts';
import { PayerWebhookBody } from '#schemas/webhook.ts';

/** The media type of a Content-Type header, lower case, without its parameters. */
export function mediaTypeOf(contentType: string): string {
  return contentType.toLowerCase().split(';')[0]!.trim();
}

/** A JSON media type (application/json, application/fhir+json, ...). */
export const isJsonMediaType = (mediaType: string): boolean =>
  /^application\/([a-z0-9.+-]*\+)?json$/.test(mediaType);

/** The webhook JSON of API.md: a JSON media type that is not a PAS (FHIR) one. */
export const isWebhookJson = (contentType: string): boolean => {
  const mediaType = mediaTypeOf(contentType);
  return isJsonMediaType(mediaType) && !mediaType.includes('fhir+json');
};

/** Already-parsed webhook JSON as an event; bad fields are a 400 naming them. */
export function webhookJsonEvent(json: unknown): NormalisedPayerEvent {
  const parsed = PayerWebhookBody.safeParse(json);
  if (!parsed.success)
    throw new ValidationError('the webhook body has invalid fields', zodIssues(parsed.error));
  return normaliseWebhook(parsed.data);
}

/** The webhook JSON's text as an event (a body that is not JSON is a 400). */
export function readWebhookJson(rawBody: string): { event: NormalisedPayerEvent; channel: 'webhook' } {
  return { event: webhookJsonEvent(parseJsonText(rawBody)), channel: 'webhook' };
}
