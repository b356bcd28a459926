/**
 * POST /v1/webhooks/payers/{payerId}: a payer's signed status update. The signature covers the
 * body's bytes as sent; the body is read by its content type (webhook JSON, PAS ClaimResponse,
 * X12 278) only once its signature is verified.
 */
import {
  errorToProblem,
  type HttpEvent,
  type HttpResult,
  header,
  json,
  rawBodyBytes,
} from '#adapters/http.ts';
import { isWebhookJson, readWebhookJson } from '#adapters/transports/webhook-json.ts';
import { webhookBodyText } from '#core/payer/webhook-signature.ts';
import { receiveWebhook } from '#use-cases/receive-webhook.ts';
import { cases } from '../bindings/cases.ts';
import { clock, compose } from '../bindings/compose.ts';
import { metrics } from '../bindings/metrics.ts';
import { registry } from '../bindings/registry.ts';

/** The ports this function's use cases take, and only their adapters in its bundle. */
const ports = compose({ cases, clock, metrics, registry });

export const handler = async (event: HttpEvent): Promise<HttpResult> => {
  const payerId = event.pathParameters?.payerId ?? '';
  try {
    const bytes = rawBodyBytes(event);
    const headers = Object.fromEntries(
      ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, header(event, name)]),
    );
    const delivery = {
      payerId,
      headers,
      rawBody: bytes,
      // The webhook JSON here; a PAS or X12 body (or another type's 415) through the reader of
      // every type, loaded on first use: its cold start builds neither the PAS nor the X12 reader.
      readEvent: async (at: string) => {
        const body = {
          rawBody: webhookBodyText(bytes),
          contentType: header(event, 'content-type') ?? '',
          caseIdHint: event.queryStringParameters?.caseId,
        };
        if (isWebhookJson(body.contentType)) return readWebhookJson(body.rawBody);
        return (await import('#adapters/transports/webhook-body.ts')).readPayerBody(body, at);
      },
    };
    const outcome = await receiveWebhook(delivery, ports);
    return outcome.duplicate
      ? json(200, { duplicate: true, eventId: outcome.eventId })
      : json(202, { duplicate: false, received: true, eventId: outcome.eventId, caseId: outcome.caseId });
  } catch (error) {
    return errorToProblem(error, { payerId });
  }
};
