/**
 * POST /v1/webhooks/payers/{payerId}: a payer's signed status update, stored once and applied
 * later by HandlePayerEvent, so the payer gets its answer as soon as the event is stored. Nothing is stored for an unknown
 * payer, a bad signature or a stale timestamp, a body too large to store, a body that cannot be
 * read, or a case of another payer.
 *
 * 0. Refuse a body over MAX_WEBHOOK_BODY_BYTES (413): it could not be stored, and a 500 would
 *    make the payer retry it forever.
 * 1. Find the payer in the registry.
 * 2. Verify the Standard Webhooks signature on the raw bytes with the payer's secret. An unknown
 *    payer has no secret and gets the same 401 as a bad signature: payer ids cannot be enumerated.
 * 3. Read the body into a NormalisedPayerEvent (the webhook adapter's reader: only a signed body
 *    is parsed).
 * 4. Check that the event's case is a case of this payer (its payer id, read alone).
 * 5. Store the event with its raw body once, by payer and webhook-id; a redelivery ends here.
 * The answer goes out once the event is stored: HandlePayerEvent is started from the cases
 * table's stream (lib/event-stream.ts, start-stored-events.ts), off the payer's path, and the
 * sweep re-drives a stored event that no execution applied.
 */
import { AppError, NotFoundError, ValidationError } from '#core/errors.ts';
import { payerEventId } from '#core/ids.ts';
import { verifyWebhook, type WebhookBody, webhookBodyText } from '#core/payer/webhook-signature.ts';
import type { EventReceipt, NormalisedPayerEvent, Ports } from '#core/ports.ts';

export interface WebhookDelivery {
  payerId: string;
  headers: Record<string, string | undefined>;
  /** The body exactly as received (its bytes): what the signature covers and what is stored. */
  rawBody: WebhookBody;
  /**
   * The body as an event; `receivedAt` stands in where the channel carries no event time. It may
   * answer a promise: the webhook function loads the PAS and X12 readers only for such a body.
   */
  readEvent(receivedAt: string): ReadEvent | Promise<ReadEvent>;
}

type ReadEvent = { event: NormalisedPayerEvent; channel: EventReceipt['channel'] };

export type WebhookOutcome =
  | { duplicate: true; eventId: string }
  | { duplicate: false; eventId: string; caseId: string };

/**
 * The largest body stored: the event item (raw body, the event read from it, its keys) must stay
 * under DynamoDB's 400 KB item limit.
 */
export const MAX_WEBHOOK_BODY_BYTES = 256 * 1024;

function bodyBytes(body: WebhookBody): number {
  return typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
}

export type WebhookPorts = Pick<Ports, 'registry' | 'cases' | 'clock' | 'metrics'>;

/** Receives a delivery; a refusal (4xx: size, signature, body, case) is counted by its type. */
export async function receiveWebhook(
  delivery: WebhookDelivery,
  ports: WebhookPorts,
): Promise<WebhookOutcome> {
  try {
    return await acceptWebhook(delivery, ports);
  } catch (error) {
    if (error instanceof AppError && error.expose) ports.metrics.count('WebhooksRefused', error.type);
    throw error;
  }
}

async function acceptWebhook(delivery: WebhookDelivery, ports: WebhookPorts): Promise<WebhookOutcome> {
  const size = bodyBytes(delivery.rawBody);
  if (size > MAX_WEBHOOK_BODY_BYTES) {
    throw new ValidationError(
      `the webhook body is over ${MAX_WEBHOOK_BODY_BYTES} bytes`,
      [{ path: '(body)', message: `${size} bytes` }],
      { statusCode: 413 },
    );
  }
  const payer = await ports.registry.get(delivery.payerId);
  const now = ports.clock.now();
  const { webhookId } = verifyWebhook({
    headers: delivery.headers,
    rawBody: delivery.rawBody,
    secret: payer?.webhookSecret,
    previousSecret: payer?.previousWebhookSecret,
    now,
  });
  if (!payer) throw new Error('unreachable: a delivery without a payer never verifies');
  const receivedAt = now.toISOString();
  const { event, channel } = await delivery.readEvent(receivedAt);
  const { caseId } = event;
  if ((await ports.cases.getCasePayerId(caseId)) !== payer.id) {
    throw new NotFoundError(`case ${caseId} is not a case of payer ${payer.id}`);
  }
  const eventId = payerEventId(payer.id, webhookId);
  const receipt = { eventId, payerId: payer.id, webhookId, caseId, channel, receivedAt, event };
  const raw = webhookBodyText(delivery.rawBody);
  const stored = await ports.cases.storeEventOnce({ ...receipt, raw });
  if (!stored) return { duplicate: true, eventId };
  return { duplicate: false, eventId, caseId };
}
