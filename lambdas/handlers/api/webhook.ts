/**
 * POST /v1/webhooks/payers/{payerId}: a payer's signed status update.
 */
import { errorToProblem, type HttpEvent, type HttpResult, header, json, rawBody } from '#adapters/http.ts';
import { receiveWebhook } from '#use-cases/receive-webhook.ts';
import { ports } from '../composition-root.ts';

export const handler = async (event: HttpEvent): Promise<HttpResult> => {
  const payerId = event.pathParameters?.payerId ?? '';
  try {
    const outcome = await receiveWebhook(
      {
        payerId,
        headers: {
          'webhook-id': header(event, 'webhook-id'),
          'webhook-timestamp': header(event, 'webhook-timestamp'),
          'webhook-signature': header(event, 'webhook-signature'),
        },
        rawBody: rawBody(event),
        contentType: header(event, 'content-type') ?? '',
        caseIdHint: event.queryStringParameters?.caseId,
      },
      ports,
    );
    return outcome.duplicate
      ? json(200, { duplicate: true, eventId: outcome.eventId })
      : json(202, { duplicate: false, received: true, eventId: outcome.eventId, caseId: outcome.caseId });
  } catch (error) {
    return errorToProblem(error, { payerId });
  }
};
