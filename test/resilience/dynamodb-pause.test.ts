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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackProcess } from '../support/local-stack.ts';
import {
  dataDirWithPayers,
  decision,
  doubled,
  inBatches,
  type Reply,
  removeDataDir,
  requestFor,
  retryAfterMs,
  type StackClient,
  sleep,
  startStack,
} from './support.ts';

const HANDLER_TIMEOUT_MS = 30_000;
const PAUSE_MS = 33_000;

interface Observed {
  status: number;
  contentType: string;
  ms: number;
}

/** Sends until a 2xx, as a payer or a careful client would; records every answer. */
async function untilAccepted(
  send: () => Promise<Reply>,
  seen: Observed[],
  deadlineMs = 150_000,
): Promise<Reply> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const started = Date.now();
    try {
      const reply = await send();
      seen.push({ status: reply.status, contentType: reply.contentType, ms: Date.now() - started });
      if (reply.status < 300) return reply;
      if (reply.status < 500) throw new Error(`refused with ${reply.status}: ${JSON.stringify(reply.body)}`);
      await sleep(retryAfterMs(reply));
    } catch (error) {
      if ((error as Error).message.startsWith('refused')) throw error;
      // A client-side timeout (60 s) is a hang: recorded as status 0.
      seen.push({ status: 0, contentType: '', ms: Date.now() - started });
    }
    if (Date.now() > until) throw new Error('never accepted');
  }
}

/** A signal to the JVM, if it still runs (a failed test may have stopped the stack already). */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone
  }
}

async function countCases(client: StackClient): Promise<number> {
  let count = 0;
  let nextToken: string | null = null;
  do {
    const query: string = `/v1/prior-auths?limit=100${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`;
    const page = await client.api('GET', query);
    count += page.body.items.length;
    nextToken = page.body.nextToken;
  } while (nextToken);
  return count;
}

describe('DynamoDB Local paused under load', () => {
  let dataDir: string;
  let stack: StackProcess;
  let client: StackClient;

  beforeAll(async () => {
    const made = dataDirWithPayers([{ id: 'manual-payer', planType: 'commercial', transport: 'manual' }]);
    dataDir = made.dataDir;
    ({ stack, client } = await startStack(dataDir, {
      PA_PAYERS_FILE: made.payersFile,
      PA_SWEEP_INTERVAL_MS: '1000',
      PA_REDRIVE_AFTER_MS: '5000',
    }));
  }, 150_000);

  afterAll(async () => {
    // A test that failed mid-pause must not leave a stopped JVM behind.
    const pid = javaPid();
    if (pid) signal(pid, 'SIGCONT');
    await stack?.stop();
    await removeDataDir(dataDir);
  });

  const javaPid = (): number | undefined => {
    try {
      return Number.parseInt(readFileSync(join(dataDir, 'dynamodb', 'java.pid'), 'utf8'), 10);
    } catch {
      return undefined;
    }
  };

  it('answers cleanly while the store is away and loses or doubles nothing', async () => {
    // Prepare: 10 cases awaiting a decision.
    const decided = await inBatches(Array.from({ length: 10 }), 4, () =>
      client.submit(requestFor('manual-payer', 'commercial')),
    );
    await client.waitForAll(decided, (c) => c.status === 'SUBMITTED');
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
    expect(await countCases(client)).toBe(30);
    const cases = [...fresh, ...denied, ...approved];
    expect(cases.flatMap((c) => doubled(c).map((fault) => `${c.caseId}: ${fault}`))).toEqual([]);
    for (const c of [...denied, ...approved]) {
      expect(c.history.filter((h: any) => h.event === 'prior_auth.decision' && h.applied)).toHaveLength(1);
    }
    for (const c of denied) expect(c.appeals).toHaveLength(1);
    for (const c of cases) expect(c.documents.filter((d: any) => d.kind === 'packet')).toHaveLength(1);
  }, 300_000);
});
