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
import { readPayerBody } from '#adapters/transports/webhook-body.ts';
import { webhookBodyText } from '#core/payer/webhook-signature.ts';
import { receiveWebhook } from '#use-cases/receive-webhook.ts';
import { cases } from '../bindings/cases.ts';
import { clock, compose, log } from '../bindings/compose.ts';
import { metrics } from '../bindings/metrics.ts';
import { registry } from '../bindings/registry.ts';
import { workflows } from '../bindings/workflows.ts';

/** The ports this function's use cases take, and only their adapters in its bundle. */
const ports = compose({ cases, clock, log, metrics, registry, workflows });

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
      readEvent: (at: string) =>
        readPayerBody(
          {
            rawBody: webhookBodyText(bytes),
            contentType: header(event, 'content-type') ?? '',
            caseIdHint: event.queryStringParameters?.caseId,
          },
          at,
        ),
    };
    const outcome = await receiveWebhook(delivery, ports);
    return outcome.duplicate
      ? json(200, { duplicate: true, eventId: outcome.eventId })
      : json(202, { duplicate: false, received: true, eventId: outcome.eventId, caseId: outcome.caseId });
  } catch (error) {
    return errorToProblem(error, { payerId });
  }
};
