import { describe, expect, it, vi } from 'vitest';
import { NotFoundError, SignatureError, ValidationError } from '#core/errors.ts';
import { payerEventId } from '#core/ids.ts';
import { type WebhookBody, webhookHeaders } from '#core/payer/webhook-signature.ts';
import type { NormalisedPayerEvent } from '#core/ports.ts';
import { MAX_WEBHOOK_BODY_BYTES, receiveWebhook, type WebhookDelivery } from '#use-cases/receive-webhook.ts';
import { CASE_ID, payerEvent, submittedCase } from '../support/payer-case.ts';
import { givenCase, MEDICARE, NOW, PAYER, type World, world } from './support.ts';

const RAW = '{"a":"signed body"}';
const nowSeconds = Math.floor(Date.parse(NOW) / 1000);

/** A delivery signed with the payer's secret, whose body reads as `event`. */
function delivery(
  options: {
    event?: NormalisedPayerEvent;
    timestamp?: number;
    secret?: string;
    payerId?: string;
    body?: WebhookBody;
  } = {},
): WebhookDelivery & { readEvent: ReturnType<typeof vi.fn> } {
  const body = options.body ?? RAW;
  const headers = webhookHeaders({
    id: 'msg_1',
    timestamp: options.timestamp ?? nowSeconds,
    body,
    secret: options.secret ?? PAYER.webhookSecret,
  });
  const event = options.event ?? payerEvent();
  return {
    payerId: options.payerId ?? PAYER.id,
    headers,
    rawBody: body,
    readEvent: vi.fn(() => ({ event, channel: 'webhook' as const })),
  };
}

async function stored(w: World) {
  return { items: w.cases.items.size, starts: w.workflows.starts.length };
}

describe('receiveWebhook', () => {
  it('stores the event with its raw body, pending, and starts nothing: the stream does', async () => {
    // Prepare
    const w = world();
    await givenCase(w, submittedCase());
    const input = delivery();
    // Act
    const outcome = await receiveWebhook(input, w);
    // Assess
    const eventId = payerEventId(PAYER.id, 'msg_1');
    expect(outcome).toEqual({ duplicate: false, eventId, caseId: CASE_ID });
    expect(input.readEvent).toHaveBeenCalledWith(NOW);
    expect(await w.cases.getEventReceipt(eventId)).toEqual({
      eventId,
      payerId: PAYER.id,
      webhookId: 'msg_1',
      caseId: CASE_ID,
      channel: 'webhook',
      receivedAt: NOW,
      event: payerEvent(),
      raw: RAW,
    });
    expect(await w.cases.listPendingEvents()).toEqual([{ caseId: CASE_ID, eventId, receivedAt: NOW }]);
    expect(await w.cases.getPendingEvent(eventId)).toEqual({ caseId: CASE_ID, eventId, receivedAt: NOW });
    expect(w.workflows.starts).toEqual([]);
  });

  it('answers a redelivery of the same webhook-id as a duplicate and starts nothing more', async () => {
    const w = world();
    await givenCase(w, submittedCase());
    const first = await receiveWebhook(delivery(), w);
    const before = await stored(w);
    const second = await receiveWebhook(delivery(), w);
    expect(second).toEqual({ duplicate: true, eventId: first.eventId });
    expect(await stored(w)).toEqual(before);
  });

  it.each([
    ['a bad signature', { secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }],
    ["another payer's secret", { secret: 'whsec_b3RoZXI=' }],
    ['a stale timestamp', { timestamp: nowSeconds - 6 * 60 }],
    ['a timestamp in the future', { timestamp: nowSeconds + 6 * 60 }],
  ])('refuses %s before reading the body, and stores nothing', async (_case, options) => {
    // Prepare
    const w = world();
    await givenCase(w, submittedCase());
    const before = await stored(w);
    const input = delivery(options);
    // Act
    const outcome = await receiveWebhook(input, w).catch((e) => e);
    // Assess
    expect(outcome).toBeInstanceOf(SignatureError);
    expect(input.readEvent).not.toHaveBeenCalled();
    expect(await stored(w)).toEqual(before);
  });

  it('answers a payer not in the registry with the 401 of a bad signature (no enumeration), storing nothing', async () => {
    // Prepare
    const w = world();
    const unknown = delivery({ payerId: 'no-such-payer' });
    const badSignature = delivery({ secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    // Act
    const [forUnknown, forBadSignature] = await Promise.all(
      [unknown, badSignature].map((input) => receiveWebhook(input, w).catch((e) => e)),
    );
    // Assess
    expect(forUnknown).toBeInstanceOf(SignatureError);
    expect(forUnknown.message).toBe(forBadSignature.message);
    expect(unknown.readEvent).not.toHaveBeenCalled();
    expect(w.cases.items.size).toBe(0);
  });

  it('verifies the signature over the raw bytes of a body that is not UTF-8, and stores every byte', async () => {
    // Prepare
    const w = world();
    await givenCase(w, submittedCase());
    const bytes = Buffer.from([0x49, 0x53, 0x41, 0x2a, 0xe9, 0xff, 0x7e]); // "ISA*" then Latin-1 bytes
    // Act
    const outcome = await receiveWebhook(delivery({ body: bytes }), w);
    // Assess
    const receipt = (await w.cases.getEventReceipt(outcome.eventId)) as { raw: string };
    expect(Buffer.from(receipt.raw, 'latin1')).toEqual(bytes);
  });

  it.each([
    ['one byte over the limit', MAX_WEBHOOK_BODY_BYTES + 1, 413],
    ['at the limit', MAX_WEBHOOK_BODY_BYTES, undefined],
  ])('a body %s: a 413 before anything is read or stored, or accepted', async (_case, size, status) => {
    // Prepare
    const w = world();
    await givenCase(w, submittedCase());
    const before = await stored(w);
    const input = delivery({ body: Buffer.alloc(size, 0x20) });
    // Act
    const outcome = await receiveWebhook(input, w).catch((e) => e);
    // Assess
    if (status === undefined) {
      expect(outcome).toMatchObject({ duplicate: false });
      return;
    }
    expect(outcome).toBeInstanceOf(ValidationError);
    expect(outcome.statusCode).toBe(status);
    expect(input.readEvent).not.toHaveBeenCalled();
    expect(await stored(w)).toEqual(before);
  });

  it('lets a body that cannot be read fail as the reader says, and stores nothing', async () => {
    const w = world();
    await givenCase(w, submittedCase());
    const before = await stored(w);
    const input = delivery();
    const refused = new ValidationError('the webhook body has invalid fields', [
      { path: 'data.outcome', message: 'x' },
    ]);
    input.readEvent.mockImplementation(() => {
      throw refused;
    });
    await expect(receiveWebhook(input, w)).rejects.toBe(refused);
    expect(await stored(w)).toEqual(before);
  });

  it.each([
    ['an unknown case', submittedCase({ caseId: 'pa_other' })],
    ['a case of another payer', submittedCase({ payer: { ...submittedCase().payer, id: MEDICARE.id } })],
  ])('refuses an event about %s with a 404, storing nothing', async (_case, record) => {
    const w = world();
    await givenCase(w, record);
    const before = await stored(w);
    const outcome = await receiveWebhook(delivery(), w).catch((e) => e);
    expect(outcome).toBeInstanceOf(NotFoundError);
    expect(outcome.message).toBe(`case ${CASE_ID} is not a case of payer ${PAYER.id}`);
    expect(await stored(w)).toEqual(before);
  });

  it('answers once the event is stored, whether or not workflows could start now', async () => {
    // Prepare
    const w = world();
    await givenCase(w, submittedCase());
    w.workflows.failWith(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    // Act
    const outcome = await receiveWebhook(delivery(), w);
    // Assess
    expect(outcome).toMatchObject({ duplicate: false, caseId: CASE_ID });
    expect(await w.cases.listPendingEvents()).toHaveLength(1);
    expect(w.workflows.starts).toEqual([]);
    expect(w.log.lines).toEqual([]);
  });
});
