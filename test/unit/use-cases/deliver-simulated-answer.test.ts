/**
 * The simulator's answers scheduled durably: submit() plans them as DeliverSimulatedAnswer starts
 * (ids only, named by webhook-id), and the delivery step re-plans each answer from the case and
 * posts it signed, with the in-memory ports and the real simulator transport.
 */
import { describe, expect, it } from 'vitest';
import { recordingWorkflowStarter } from '#adapters/in-memory/index.ts';
import { createTransport } from '#adapters/transports/index.ts';
import type { CaseRecord } from '#core/case/case-record.ts';
import { verifyWebhook } from '#core/payer/webhook-signature.ts';
import type { PayerConfig, PayerTransports, SimulatedDelivery } from '#core/ports.ts';
import { deliverSimulatedAnswer } from '#use-cases/deliver-simulated-answer.ts';
import { sweep } from '#use-cases/sweep.ts';
import { pacificAssessment, pacificBilling } from '../support/appeal-case.ts';
import { CASE_ID, submittedCase } from '../support/payer-case.ts';
import { clock, payer, submission, deps as transportDeps } from '../transports/support.ts';
import { world } from './support.ts';

const SIMULATED: PayerConfig = payer({
  options: { simulator: { outcome: 'pended_then_denied', latencyMs: 250 } },
});
const SUBMITTED_AT = '2026-11-18T09:05:00.000Z';

interface Posted {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The webhook route as the simulator sees it: records each POST and answers `status`. */
function receiver(status = 200) {
  const posted: Posted[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    posted.push({ url, headers: init.headers as Record<string, string>, body: String(init.body) });
    return new Response('{}', { status });
  }) as typeof globalThis.fetch;
  return { posted, fetch };
}

function simulatedWorld(fetch: typeof globalThis.fetch, payers: PayerConfig[] = [SIMULATED]) {
  const transports: PayerTransports = (p) =>
    createTransport(p, transportDeps({ publicUrl: 'http://127.0.0.1:3000/', fetch }));
  return { ...world({ payers }), transports };
}

async function submittedSimulatorCase(
  w: ReturnType<typeof simulatedWorld>,
  overrides: Partial<CaseRecord> = {},
) {
  const base = submittedCase();
  await w.cases.createCase(
    submittedCase({
      payer: { ...base.payer, id: SIMULATED.id },
      assessment: pacificAssessment,
      billing: pacificBilling,
      submission: { ...base.submission!, transport: 'simulator' },
      ...overrides,
    }),
    [],
  );
}

/** The deliveries submit() schedules for the case, through a recording WorkflowStarter. */
async function scheduled(p: PayerConfig = SIMULATED): Promise<SimulatedDelivery[]> {
  const starter = recordingWorkflowStarter();
  const transport = createTransport(
    p,
    transportDeps({ scheduleDelivery: (d) => starter.startSimulatedDelivery(d) }),
  );
  const input = submission(p, {
    caseId: CASE_ID,
    assessment: pacificAssessment,
    billing: pacificBilling,
    submittedAt: SUBMITTED_AT,
  });
  await transport.submit(input);
  await transport.submit(input);
  return starter.starts.map((s) => s.input as SimulatedDelivery);
}

describe('the simulator with a durable scheduler', () => {
  it('schedules each planned answer once, as ids only, named by its webhook-id, latencyMs apart', async () => {
    // Act
    const deliveries = await scheduled();

    // Assess
    expect(deliveries.map((d) => d.step)).toEqual([0, 1]);
    for (const delivery of deliveries) {
      expect(Object.keys(delivery).sort()).toEqual(
        ['caseId', 'deliverAt', 'payerId', 'step', 'submittedAt', 'webhookId'].sort(),
      );
      expect(delivery).toMatchObject({ caseId: CASE_ID, payerId: SIMULATED.id, submittedAt: SUBMITTED_AT });
      expect(delivery.webhookId).toMatch(/^msg_sim_[0-9a-f]{24}$/);
    }
    const [first, second] = deliveries;
    expect(Date.parse(second!.deliverAt) - Date.parse(first!.deliverAt)).toBe(250);
  });
});

describe('deliverSimulatedAnswer', () => {
  it('posts the planned answers signed with the payer secret: the pend, then the denial after it', async () => {
    // Prepare
    const { posted, fetch } = receiver();
    const w = simulatedWorld(fetch);
    await submittedSimulatorCase(w);
    const deliveries = await scheduled();

    // Act
    const results = [];
    for (const delivery of deliveries) results.push(await deliverSimulatedAnswer(delivery, w));

    // Assess
    expect(results.map((r) => r.delivered)).toEqual([true, true]);
    expect(posted.map((p) => p.url)).toEqual([
      `http://127.0.0.1:3000/v1/webhooks/payers/${SIMULATED.id}`,
      `http://127.0.0.1:3000/v1/webhooks/payers/${SIMULATED.id}`,
    ]);
    const verified = posted.map((p) =>
      verifyWebhook({
        headers: p.headers,
        rawBody: p.body,
        secret: SIMULATED.webhookSecret,
        now: clock.now(),
      }),
    );
    expect(verified.map((v) => v.webhookId)).toEqual(deliveries.map((d) => d.webhookId));
    const bodies = posted.map((p) => JSON.parse(p.body));
    expect(bodies.map((b) => b.data.outcome)).toEqual(['pended', 'denied']);
    expect(bodies.map((b) => b.data.caseId)).toEqual([CASE_ID, CASE_ID]);
    expect(Date.parse(bodies[1].occurredAt)).toBeGreaterThan(Date.parse(bodies[0].occurredAt));
  });

  it('re-delivers the same bytes under the same webhook-id when started again (the receipt dedupes)', async () => {
    // Prepare
    const { posted, fetch } = receiver();
    const w = simulatedWorld(fetch);
    await submittedSimulatorCase(w);
    const [first] = await scheduled();

    // Act
    await deliverSimulatedAnswer(first!, w);
    await deliverSimulatedAnswer(first!, w);

    // Assess
    expect(posted).toHaveLength(2);
    expect(posted[1]!.body).toBe(posted[0]!.body);
    expect(posted[1]!.headers['webhook-id']).toBe(posted[0]!.headers['webhook-id']);
  });

  it.each([
    [
      'a webhook-id the plan does not have',
      { webhookId: 'msg_sim_forged' },
      'not a planned answer of this submission',
    ],
    ['a step the plan does not have', { step: 1 }, 'not a planned answer of this submission'],
  ])('posts nothing for %s', async (_, change, reason) => {
    // Prepare
    const { posted, fetch } = receiver();
    const single = payer({ options: { simulator: { outcome: 'approved' } } });
    const w = simulatedWorld(fetch, [single]);
    await submittedSimulatorCase(w);
    const [first] = await scheduled(single);

    // Act
    const result = await deliverSimulatedAnswer({ ...first!, ...change }, w);

    // Assess
    expect(result).toMatchObject({ delivered: false, reason });
    expect(posted).toHaveLength(0);
  });

  it.each([
    ['the payer left the registry', [], 'payer no longer in the registry'],
    [
      'the payer is no longer simulated',
      [{ ...SIMULATED, transport: 'manual' as const }],
      'payer is not simulated',
    ],
  ])('posts nothing when %s', async (_, payers, reason) => {
    // Prepare
    const { posted, fetch } = receiver();
    const w = simulatedWorld(fetch, payers);
    await submittedSimulatorCase(w);
    const [first] = await scheduled();

    // Act
    const result = await deliverSimulatedAnswer(first!, w);

    // Assess
    expect(result).toMatchObject({ delivered: false, reason });
    expect(posted).toHaveLength(0);
  });

  it('reports a receiver that keeps refusing after the payer option attempts, without throwing', async () => {
    // Prepare
    const { posted, fetch } = receiver(503);
    const refused = payer({
      options: { simulator: { outcome: 'approved', deliveryAttempts: 3, retryBaseMs: 0 } },
    });
    const w = simulatedWorld(fetch, [refused]);
    await submittedSimulatorCase(w);
    const [first] = await scheduled(refused);

    // Act
    const result = await deliverSimulatedAnswer(first!, w);

    // Assess
    expect(result).toMatchObject({ delivered: false, reason: 'HTTP 503' });
    expect(posted).toHaveLength(3);
  });
});

describe('the sweep re-starts the simulator answers a restart lost', () => {
  const afterRestart = { redriveAll: true, redriveAfterMs: 300_000 };

  it('starts each planned answer of a case awaiting it again, under its webhook-id, once', async () => {
    // Prepare
    const w = simulatedWorld(receiver().fetch);
    await submittedSimulatorCase(w);
    const planned = await scheduled();

    // Act
    const first = await sweep(afterRestart, w);
    const again = await sweep(afterRestart, w);

    // Assess
    const starts = w.workflows.starts.filter((s) => s.workflow === 'DeliverSimulatedAnswer');
    expect(starts.map((s) => s.name)).toEqual(planned.map((d) => d.webhookId));
    expect(starts.map((s) => s.input)).toEqual(planned.map((d) => ({ ...d, deliverAt: expect.any(String) })));
    expect(first.redrivenEvents).toBe(2);
    expect(again.redrivenEvents).toBe(0);
  });

  it.each([
    [
      'a case another transport submitted',
      { submission: { ...submittedCase().submission!, transport: 'manual' } },
    ],
    ['a case decided already', { status: 'APPROVED' as const }],
    ['a case that moved recently (not after a restart)', {}, { redriveAll: false, redriveAfterMs: 1e15 }],
  ])('leaves %s alone', async (_, overrides: Partial<CaseRecord>, options = afterRestart) => {
    // Prepare
    const w = simulatedWorld(receiver().fetch);
    await submittedSimulatorCase(w, overrides);

    // Act
    await sweep(options, w);

    // Assess
    expect(w.workflows.starts.filter((s) => s.workflow === 'DeliverSimulatedAnswer')).toEqual([]);
  });
});
