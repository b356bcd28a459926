import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '#adapters/transports/index.ts';
import { normaliseWebhook, statusForEvent } from '#core/payer/payer-events.ts';
import { verifyWebhook } from '#core/payer/webhook-signature.ts';
import type { PlannedDeliveryResult, SimulatedDelivery, SubmissionInput } from '#core/ports.ts';
import {
  BILLING,
  clock,
  close,
  deps,
  type LocalServer,
  listen,
  payer,
  SECRET,
  submission,
} from './support.ts';

let receiver: LocalServer;
const deliveries: Array<{ webhookId: string; body: string }> = [];
let failNext = 0;

beforeAll(async () => {
  receiver = await listen((req, res, body) => {
    if (failNext > 0) {
      failNext -= 1;
      res.writeHead(503).end();
      return;
    }
    try {
      const { webhookId } = verifyWebhook({
        headers: req.headers as Record<string, string | undefined>,
        rawBody: body,
        secret: SECRET,
        now: clock.now(),
      });
      expect(req.url).toBe('/v1/webhooks/payers/demo-medicare-advantage');
      deliveries.push({ webhookId, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } catch {
      res.writeHead(401).end();
    }
  });
});

afterEach(() => {
  deliveries.length = 0;
  failNext = 0;
});

afterAll(async () => {
  await close(receiver.server);
});

/**
 * The simulator with a scheduler that records what it schedules (as DeliverSimulatedAnswer
 * starts would, once per webhook-id); `deliver()` then runs each scheduled answer, as the
 * state machine's Task does when it is due.
 */
const simulator = (options: Record<string, unknown>) => {
  const scheduled = new Map<string, SimulatedDelivery>();
  const transport = createTransport(
    payer({ options: { simulator: { latencyMs: 5, retryBaseMs: 5, ...options } } }),
    deps({
      publicUrl: `${receiver.url}/`,
      scheduleDelivery: async (delivery) => {
        if (scheduled.has(delivery.webhookId)) return { started: false };
        scheduled.set(delivery.webhookId, delivery);
        return { started: true };
      },
    }),
  );
  const deliver = async (input: SubmissionInput): Promise<PlannedDeliveryResult[]> => {
    const results: PlannedDeliveryResult[] = [];
    for (const delivery of scheduled.values()) results.push(await transport.deliverPlanned!(input, delivery));
    return results;
  };
  return { transport, scheduled, deliver };
};

describe('simulator webhook delivery', () => {
  it('answers later by a signed webhook that verifies and normalises to the decision', async () => {
    // Prepare
    const input = submission();
    // Act
    const sim = simulator({});
    const result = await sim.transport.submit(input);
    const immediately = deliveries.length;
    const report = await sim.deliver(input);
    // Assess
    expect(immediately).toBe(0);
    expect(result.payerReference).toMatch(/^SIMREF-[0-9A-F]{12}$/);
    expect(result.immediateDecision).toBeUndefined();
    expect(report).toEqual([{ delivered: true, status: 200 }]);
    expect(deliveries).toHaveLength(1);
    const event = normaliseWebhook(JSON.parse(deliveries[0]!.body));
    expect(event).toMatchObject({
      caseId: input.caseId,
      outcome: 'approved',
      payerReference: result.payerReference,
      approvedUnits: BILLING.unitsRequested,
    });
    expect(event.authorizationNumber).toMatch(/^SIM-/);
  });

  it('sends a pend and then the final answer, strictly later, with distinct stable ids', async () => {
    // Prepare
    const input = submission();
    // Act
    const first = simulator({ outcome: 'pended_then_denied' });
    await first.transport.submit(input);
    await first.deliver(input);
    const firstIds = deliveries.map((d) => d.webhookId);
    deliveries.length = 0;
    const second = simulator({ outcome: 'pended_then_denied' });
    await second.transport.submit(input);
    await second.deliver(input);
    // Assess
    const events = deliveries.map((d) => normaliseWebhook(JSON.parse(d.body)));
    expect(events.map((e) => statusForEvent(e))).toEqual(['NEEDS_INFO', 'DENIED']);
    expect(Date.parse(events[1]!.occurredAt)).toBeGreaterThan(Date.parse(events[0]!.occurredAt));
    expect(new Set(firstIds).size).toBe(2);
    expect(deliveries.map((d) => d.webhookId)).toEqual(firstIds);
  });

  it('retries a failed delivery with the same webhook id until the receiver is back', async () => {
    // Prepare
    failNext = 2;
    const input = submission();
    const sim = simulator({});
    // Act
    await sim.transport.submit(input);
    const report = await sim.deliver(input);
    // Assess
    expect(report).toEqual([{ delivered: true, status: 200 }]);
    expect(deliveries).toHaveLength(1);
  });

  it('gives up after the configured attempts and reports it', async () => {
    // Prepare
    failNext = 10;
    const input = submission();
    const sim = simulator({ deliveryAttempts: 2 });
    // Act
    await sim.transport.submit(input);
    const report = await sim.deliver(input);
    // Assess
    expect(report).toEqual([{ delivered: false, reason: 'HTTP 503' }]);
    expect(deliveries).toHaveLength(0);
  });

  it('schedules a retried submit of the same submission once, and posts nothing itself', async () => {
    // Prepare
    const sim = simulator({ latencyMs: 50 });
    // Act
    await sim.transport.submit(submission());
    await sim.transport.submit(submission());
    // Assess
    expect(sim.scheduled.size).toBe(1);
    expect(deliveries).toHaveLength(0);
  });

  it('refuses to submit without a scheduler: its answers would be lost', async () => {
    // Prepare
    const bare = createTransport(payer(), deps({ publicUrl: `${receiver.url}/` }));
    // Act, Assess
    await expect(bare.submit(submission())).rejects.toThrow(/scheduler/);
  });
});
