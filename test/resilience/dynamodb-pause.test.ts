/**
 * DynamoDB Local stopped under load and started again. The stack does not restart a JVM that
 * died, so the honest fault is SIGSTOP (the store stops answering, its sockets stay open, as a
 * store behind a stalled network does) and SIGCONT after longer than the API's 30 s handler
 * timeout. Meanwhile every request ends cleanly (2xx, or a problem+json 503/504/5xx, never a hang
 * past the handler timeout); clients retry as careful clients do (the same Idempotency-Key, the
 * same webhook-id), and afterwards every case ends right with nothing lost or doubled.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decision,
  doubled,
  inBatches,
  manualPayerStack,
  type Observed,
  requestFor,
  sleep,
  submittedCases,
  untilAccepted,
} from './support.ts';

const HANDLER_TIMEOUT_MS = 30_000;
const PAUSE_MS = 33_000;

/** A signal to the JVM, if it still runs (a failed test may have stopped the stack already). */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone
  }
}

describe('DynamoDB Local paused under load', () => {
  const bound = manualPayerStack(
    { PA_SWEEP_INTERVAL_MS: '1000', PA_REDRIVE_AFTER_MS: '5000' },
    // A test that failed mid-pause must not leave a stopped JVM behind.
    () => {
      const pid = javaPid();
      if (pid) signal(pid, 'SIGCONT');
    },
  );

  const javaPid = (): number | undefined => {
    try {
      return Number.parseInt(readFileSync(join(bound.dataDir, 'dynamodb', 'java.pid'), 'utf8'), 10);
    } catch {
      return undefined;
    }
  };

  it('answers cleanly while the store is away and loses or doubles nothing', async () => {
    // Prepare: 10 cases awaiting a decision.
    const { client } = bound;
    const decided = await submittedCases(client, 10);
    const pid = javaPid();
    expect(pid).toBeGreaterThan(0);

    // Act: stop the store, then load: 20 submissions, 10 decisions, a burst of reads past the
    // in-flight bound; start the store again after the pause.
    const seen: Observed[] = [];
    process.kill(pid!, 'SIGSTOP');
    const resumed = sleep(PAUSE_MS).then(() => signal(pid!, 'SIGCONT'));
    const submissions = Array.from({ length: 20 }, (_, i) => ({
      key: `pause-${i}`,
      body: requestFor('manual-payer', 'commercial'),
    }));
    const submitting = inBatches(submissions, 20, (s) =>
      untilAccepted(
        () => client.api('POST', '/v1/prior-auths', { body: s.body, headers: { 'idempotency-key': s.key } }),
        seen,
      ),
    );
    const deliveries = decided.map((caseId, i) => ({
      webhookId: `msg_pause_${i}`,
      payload: decision(caseId, i < 5 ? 'denied' : 'approved'),
    }));
    const delivering = inBatches(deliveries, 10, (d) =>
      untilAccepted(() => client.postWebhook('manual-payer', d.payload, d.webhookId), seen),
    );
    await sleep(500);
    const burst = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const started = Date.now();
        const reply = await client.api('GET', `/v1/prior-auths/${decided[0]}`);
        return { status: reply.status, contentType: reply.contentType, ms: Date.now() - started };
      }),
    );
    const accepted = await submitting;
    await delivering;
    await resumed;

    // Assess: clean answers only, none later than the handler timeout.
    const all = [...seen, ...burst];
    const unclean = all.filter(
      (o) => o.status === 0 || (o.status >= 300 && !o.contentType.startsWith('application/problem+json')),
    );
    expect(unclean).toEqual([]);
    expect(Math.max(...all.map((o) => o.ms))).toBeLessThan(HANDLER_TIMEOUT_MS + 3_000);
    expect(burst.filter((o) => o.status === 503).length).toBeGreaterThan(0);
    // The pause outlasts the handler timeout: requests held by the store got 504, not a hang.
    expect(all.filter((o) => o.status === 504).length).toBeGreaterThan(0);

    // ...and afterwards every case ends right: one case per Idempotency-Key, each decision once.
    const caseIds = accepted.map((reply) => reply.body.caseId as string);
    expect(new Set(caseIds).size).toBe(20);
    const fresh = await client.waitForAll(caseIds, (c) => c.status === 'SUBMITTED', 120_000);
    const denied = await client.waitForAll(decided.slice(0, 5), (c) => c.status === 'APPEAL_READY', 120_000);
    const approved = await client.waitForAll(decided.slice(5), (c) => c.status === 'APPROVED', 120_000);
    expect(await client.worklist()).toHaveLength(30);
    const cases = [...fresh, ...denied, ...approved];
    expect(cases.flatMap((c) => doubled(c).map((fault) => `${c.caseId}: ${fault}`))).toEqual([]);
    for (const c of [...denied, ...approved]) {
      expect(c.history.filter((h: any) => h.event === 'prior_auth.decision' && h.applied)).toHaveLength(1);
    }
    for (const c of denied) expect(c.appeals).toHaveLength(1);
    for (const c of cases) expect(c.documents.filter((d: any) => d.kind === 'packet')).toHaveLength(1);
  }, 300_000);
});
