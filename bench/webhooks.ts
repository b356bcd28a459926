/**
 * Webhook ingestion at a fixed rate with bounded concurrency: for each submitted case a payer
 * sends two decisions (pended, then approved), 10 % of the deliveries are sent again with the same
 * webhook-id, and the order is shuffled (an approval may arrive before the pend it follows).
 * Proof of exactly once: every webhook-id has exactly one non-duplicate answer and every other is
 * answered `duplicate: true`; every case ends APPROVED with exactly one payer history entry per
 * event (applied, or recorded as stale). The floor (webhook-floor.ts): the same deliveries, at the
 * same rate and concurrency, to a bare receiver that does only what every webhook receiver must:
 * the HTTP request, one signature check, one conditional write of the event, on the same DynamoDB
 * Local. (Until 2026-11-30 the floor was the system's two-item transaction written directly,
 * without HTTP or signature: it measured the product's own storage choice, not the essential work.)
 */
import { performance } from 'node:perf_hooks';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import pLimit from 'p-limit';
import type { LocalCredentials } from '../lib/local/credentials.ts';
import { localDynamoDbClient } from '../lib/local/dynamodb.ts';
import type { HandlerSource } from '../lib/local/stack.ts';
import { LOCAL_TABLE_NAME } from '../lib/table-design.ts';
import { e2eSecret } from '../test/support/examples.ts';
import {
  benchClient,
  type CaseView,
  decisionDelivery,
  deliver,
  MANUAL_PAYER,
  submitCases,
  withBenchStack,
} from './http.ts';
import { forEachBounded, median, percentile, ratio, round } from './stats.ts';
import { FLOOR_WHAT, startFloorReceiver } from './webhook-floor.ts';

export const TARGET_RATE = 200;
export const WEBHOOK_CONCURRENCY = 32;
const REDELIVERY_SHARE = 0.1;

export interface WebhookFigures {
  /** What the stack ran: the TypeScript sources or the deployed bundles. */
  handlers: HandlerSource;
  cases: number;
  requests: number;
  redeliveries: number;
  targetRate: number;
  concurrency: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  retried503: number;
  duplicatesAnswered: number;
  exactlyOnce: { ok: boolean; webhookIds: number; casesChecked: number; problems: string[] };
  floor: { what: string; p50Ms: number; p99Ms: number; requestsPerSecond: number };
  p50Ratio: number;
  p99Ratio: number;
}

/** A seeded shuffle (mulberry32), so each run sends the same order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Starts `send(k)` at `rate` per second, never more than `concurrency` at once; times each. */
async function paced(
  count: number,
  rate: number,
  concurrency: number,
  send: (k: number) => Promise<void>,
): Promise<{ latencies: number[]; wallMs: number }> {
  const limit = pLimit(concurrency);
  const latencies: number[] = new Array(count);
  const started = performance.now();
  const jobs: Promise<void>[] = [];
  for (let k = 0; k < count; k++) {
    const due = started + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    jobs.push(
      limit(async () => {
        const t = performance.now();
        await send(k);
        latencies[k] = performance.now() - t;
      }),
    );
  }
  await Promise.all(jobs);
  return { latencies, wallMs: performance.now() - started };
}

type Log = (line: string) => void;

export async function benchWebhooks(cases: number, log: Log, from: HandlerSource = 'source') {
  return withBenchStack(from, async (stack, client): Promise<WebhookFigures> => {
    const caseIds = await submitCases(client, cases, 'bench-wh');
    await forEachBounded(caseIds, 4, async (caseId) => {
      await client.waitForCase(caseId, (c) => c.status === 'SUBMITTED', 600_000, { upToMs: 1_000 });
    });
    log(`  webhooks: ${cases} cases SUBMITTED; sending`);

    // Two events a case, 10 % of the deliveries again, all shuffled.
    const base = Date.now();
    const events = caseIds.flatMap((caseId, i) => [
      decisionDelivery(caseId, 'pended', new Date(base + i).toISOString()),
      decisionDelivery(caseId, 'approved', new Date(base + 60_000 + i).toISOString()),
    ]);
    const redelivered = shuffled(events, 11).slice(0, Math.round(events.length * REDELIVERY_SHARE));
    const deliveries = shuffled([...events, ...redelivered], 29);
    const answers = new Map<string, Array<{ duplicate: boolean; status: number }>>();
    let retried = 0;
    const run = await paced(deliveries.length, TARGET_RATE, WEBHOOK_CONCURRENCY, async (k) => {
      const d = deliveries[k]!;
      const res = await deliver(client, d);
      retried += res.retried;
      const list = answers.get(d.webhookId) ?? [];
      list.push({ duplicate: res.body?.duplicate === true, status: res.status });
      answers.set(d.webhookId, list);
    });
    log(`  webhooks: ${deliveries.length} sent in ${round(run.wallMs / 1000)} s; checking exactly once`);

    // Exactly once: one non-duplicate answer per webhook-id; one payer entry per event per case.
    const problems: string[] = [];
    for (const [webhookId, list] of answers) {
      const bad = list.filter((a) => a.status !== 200 && a.status !== 202);
      if (bad.length > 0) problems.push(`${webhookId}: answered ${bad.map((a) => a.status).join(',')}`);
      const firsts = list.filter((a) => !a.duplicate).length;
      if (firsts !== 1) problems.push(`${webhookId}: ${firsts} non-duplicate answers of ${list.length}`);
    }
    await forEachBounded(caseIds, 4, async (caseId) => {
      const until = Date.now() + 300_000;
      for (;;) {
        const c: CaseView = await client.getCase(caseId);
        const payerEntries = c.history.filter((h) => h.source === 'payer');
        if (c.status === 'APPROVED' && payerEntries.length >= 2) {
          const distinct = new Set(payerEntries.map((h) => h.eventId)).size;
          if (payerEntries.length !== 2 || distinct !== 2) {
            problems.push(`${caseId}: ${payerEntries.length} payer entries (${distinct} events), expected 2`);
          }
          return;
        }
        if (Date.now() > until) {
          problems.push(`${caseId}: ${c.status} with ${payerEntries.length} payer entries after 300 s`);
          return;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    });

    // The floor: a bare receiver doing the essential work (webhook-floor.ts), same rate and concurrency.
    const floor = await startFloorReceiver({
      endpoint: stack.dynamodbEndpoint,
      credentials: stack.dynamodbCredentials,
      secret: e2eSecret(MANUAL_PAYER) ?? '',
      items: await storedReceipts(stack.dynamodbEndpoint, stack.dynamodbCredentials),
    });
    let floorRun: Awaited<ReturnType<typeof paced>>;
    try {
      const floorClient = benchClient({ url: floor.url, token: '' });
      floorRun = await paced(deliveries.length, TARGET_RATE, WEBHOOK_CONCURRENCY, async (k) => {
        const res = await deliver(floorClient, deliveries[k]!);
        if (res.status !== 200 && res.status !== 202) throw new Error(`floor answered ${res.status}`);
      });
    } finally {
      await floor.stop();
    }
    const p50 = median(run.latencies);
    const p99 = percentile(run.latencies, 99);
    const floorP50 = median(floorRun.latencies);
    const floorP99 = percentile(floorRun.latencies, 99);
    return {
      handlers: from,
      cases,
      requests: deliveries.length,
      redeliveries: redelivered.length,
      targetRate: TARGET_RATE,
      concurrency: WEBHOOK_CONCURRENCY,
      requestsPerSecond: round((deliveries.length / run.wallMs) * 1000, 1),
      p50Ms: round(p50, 2),
      p99Ms: round(p99, 2),
      retried503: retried,
      duplicatesAnswered: [...answers.values()].flat().filter((a) => a.duplicate).length,
      exactlyOnce: {
        ok: problems.length === 0,
        webhookIds: answers.size,
        casesChecked: caseIds.length,
        problems: problems.slice(0, 10),
      },
      floor: {
        what: FLOOR_WHAT,
        p50Ms: round(floorP50, 2),
        p99Ms: round(floorP99, 2),
        requestsPerSecond: round((deliveries.length / floorRun.wallMs) * 1000, 1),
      },
      p50Ratio: ratio(p50, floorP50),
      p99Ratio: ratio(p99, floorP99),
    };
  });
}

async function storedReceipts(
  endpoint: string,
  credentials: LocalCredentials,
): Promise<Array<Record<string, AttributeValue>>> {
  const db = localDynamoDbClient(endpoint, credentials);
  const out: Array<Record<string, AttributeValue>> = [];
  let startKey: Record<string, AttributeValue> | undefined;
  try {
    do {
      const page = await db.send(
        new ScanCommand({
          TableName: LOCAL_TABLE_NAME,
          FilterExpression: 'sk = :r',
          ExpressionAttributeValues: { ':r': { S: 'RECEIPT' } },
          ExclusiveStartKey: startKey,
        }),
      );
      out.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  } finally {
    db.destroy();
  }
  if (out.length === 0) throw new Error('no webhook receipts in the table');
  return out;
}
