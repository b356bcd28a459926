import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTransport,
  flushSimulatorCallbacks,
  pendingSimulatorCallbacks,
} from '#adapters/transports/index.ts';
import { normaliseWebhook, statusForEvent } from '#core/payer/payer-events.ts';
import { verifyWebhook } from '#core/payer/webhook-signature.ts';
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

afterEach(async () => {
  await flushSimulatorCallbacks({ cancel: true });
  deliveries.length = 0;
  failNext = 0;
});

afterAll(async () => {
  await flushSimulatorCallbacks({ cancel: true });
  await close(receiver.server);
});

const simulator = (options: Record<string, unknown>) =>
  createTransport(
    payer({ options: { simulator: { latencyMs: 5, retryBaseMs: 5, ...options } } }),
    deps({ publicUrl: `${receiver.url}/` }),
  );

describe('simulator webhook delivery', () => {
  it('answers later by a signed webhook that verifies and normalises to the decision', async () => {
    // Prepare
    const input = submission();
    // Act
    const result = await simulator({}).submit(input);
    const immediately = deliveries.length;
    const report = await flushSimulatorCallbacks();
    // Assess
    expect(immediately).toBe(0);
    expect(result.payerReference).toMatch(/^SIMREF-[0-9A-F]{12}$/);
    expect(result.immediateDecision).toBeUndefined();
    expect(report.delivered).toHaveLength(1);
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
    await simulator({ outcome: 'pended_then_denied' }).submit(input);
    await flushSimulatorCallbacks();
    const firstIds = deliveries.map((d) => d.webhookId);
    deliveries.length = 0;
    await simulator({ outcome: 'pended_then_denied' }).submit(input);
    await flushSimulatorCallbacks();
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
    // Act
    await simulator({}).submit(submission());
    const report = await flushSimulatorCallbacks();
    // Assess
    expect(report.delivered).toHaveLength(1);
    expect(report.failed).toEqual([]);
    expect(deliveries).toHaveLength(1);
  });

  it('gives up after the configured attempts and reports it', async () => {
    failNext = 10;
    await simulator({ deliveryAttempts: 2 }).submit(submission());
    const report = await flushSimulatorCallbacks();
    expect(report.failed).toEqual([
      { caseId: 'case-01JTEST', webhookId: expect.stringMatching(/^msg_sim_/), reason: 'HTTP 503' },
    ]);
    expect(deliveries).toHaveLength(0);
  });

  it('schedules a retried submit of the same submission once', async () => {
    const transport = simulator({ latencyMs: 50 });
    await transport.submit(submission());
    await transport.submit(submission());
    expect(pendingSimulatorCallbacks()).toBe(1);
    await flushSimulatorCallbacks();
    expect(deliveries).toHaveLength(1);
  });

  it('cancels pending answers on shutdown', async () => {
    await simulator({ latencyMs: 60_000 }).submit(submission());
    const report = await flushSimulatorCallbacks({ cancel: true });
    expect(report.cancelled).toBe(1);
    expect(pendingSimulatorCallbacks()).toBe(0);
    expect(deliveries).toHaveLength(0);
  });
});
