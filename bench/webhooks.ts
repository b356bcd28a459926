/**
 * Webhook ingestion at a fixed rate with bounded concurrency: for each submitted case a payer
 * sends two decisions (pended, then approved), 10 % of the deliveries are sent again with the same
 * webhook-id, and the order is shuffled (an approval may arrive before the pend it follows).
 * Proof of exactly once: every webhook-id has exactly one non-duplicate answer and every other is
 * answered `duplicate: true`; every case ends APPROVED with exactly one payer history entry per
 * event (applied, or recorded as stale). The floor (webhook-floor.ts): the same deliveries, at the
 * same rate and concurrency, to a bare receiver that does only what every receiver of this
 * contract's webhooks must: the HTTP request, one signature check, the case's payer (one GetItem,
 * once per case: an event of another payer's case is refused), one conditional write of the
 * event, on the same DynamoDB Local. (Until 2026-11-30 the floor was the system's two-item
 * transaction written directly, without HTTP or signature: it measured the product's own storage
 * choice, not the essential work.)
 *
 * Same conditions for both sides: DynamoDB Local's JVM bounds both and its speed drifts within a
 * run (JIT warm-up in the first minute, its background work), so a side measured all at once
 * after the other takes the drift alone. Hence, once the cases are SUBMITTED:
 * - a warm-up of that JVM and of each side's own process, not counted: WARM_UP_DELIVERIES
 *   throwaway webhook-ids a side. To the floor; to the system, half for cases that do not exist
 *   (a 404 storing nothing), half pends of warm-up cases of their own, as many as the measured
 *   ones, two each: the first update of a case reads its payer, as the measured cases' first
 *   updates do (warmed on 10 cases only, that read ran cold in the first round: DynamoDB Local's
 *   JVM spent 900 ms of CPU on that round against 350 ms on the others, measured 2026-11-30);
 * - the floor's event items are read then (the warm-up's receipts: a Scan of the table, after
 *   which the JVM collected for a second; read before the floor's first round, it slowed that
 *   round once to a p50 of 96 ms);
 * - a pause of WARM_UP_QUIET_MS once the warm-up's events are applied;
 * - the deliveries in `rounds` slices of the shuffled list (each still with pends, approvals,
 *   redeliveries and out-of-order pairs), each slice sent to the system and to the floor, the
 *   side that goes first alternating ABBA (system, floor; floor, system; ...), each at the same
 *   pace and concurrency, and each after a pause of ROUND_GAP_MS: every round then starts from
 *   the same idle state whichever side ran before it (ABBA alone puts the floor right after its
 *   own round twice and the system once). After each system round the bench waits,
 *   untimed, until the system has applied (or recorded as stale) every event delivered so far,
 *   so that neither side's round runs over the system's backlog.
 * The figures pool each side's latencies over the rounds; each round's own figures are kept
 * beside them.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as pause } from 'node:timers/promises';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import pLimit from 'p-limit';
import { newCaseId } from '#core/ids.ts';
import type { LocalCredentials } from '../lib/local/credentials.ts';
import { localDynamoDbClient } from '../lib/local/dynamodb.ts';
import type { HandlerSource } from '../lib/local/stack.ts';
import { LOCAL_TABLE_NAME } from '../lib/table-design.ts';
import { e2eSecret } from '../test/support/examples.ts';
import type { StackClient } from '../test/support/http-client.ts';
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
/** Interleaved rounds of system and floor deliveries (ABBA). */
export const WEBHOOK_ROUNDS = 4;
/** Floor deliveries of throwaway webhook-ids before measuring: the shared JVM's warm-up. */
export const WARM_UP_DELIVERIES = Number(process.env.WARM ?? 1_200);
/** A pause after the warm-up's events are applied, before the first round. */
const WARM_UP_QUIET_MS = Number(process.env.QUIET ?? 3_000);
/** A pause before each side's round, so that every round starts from the same idle state. */
const ROUND_GAP_MS = Number(process.env.GAP ?? 1_000);
const REDELIVERY_SHARE = 0.1;
/** How long the wait for the system's events may take: after a round (then on regardless), at the end. */
const ROUND_SETTLE_TIMEOUT_MS = 120_000;
const SETTLE_TIMEOUT_MS = 300_000;

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
  /** Over all rounds: the pooled latencies of each side. */
  p50Ratio: number;
  p99Ratio: number;
  warmUpDeliveries: number;
  /** Each round's figures, in the order run (`first`: the side that went first). */
  rounds: RoundFigures[];
}

export interface RoundFigures {
  first: 'webhook' | 'floor';
  requests: number;
  p50Ms: number;
  p99Ms: number;
  floorP50Ms: number;
  floorP99Ms: number;
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

interface Paced {
  latencies: number[];
  wallMs: number;
}

/** Starts `send(k)` at `rate` per second, never more than `concurrency` at once; times each. */
async function paced(
  count: number,
  rate: number,
  concurrency: number,
  send: (k: number) => Promise<void>,
): Promise<Paced> {
  const limit = pLimit(concurrency);
  const latencies: number[] = new Array(count);
  const started = performance.now();
  const jobs: Promise<void>[] = [];
  for (let k = 0; k < count; k++) {
    const due = started + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await pause(wait);
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
type Delivery = ReturnType<typeof decisionDelivery>;
type Answer = { duplicate: boolean; status: number };

const payerEntries = (c: CaseView) => c.history.filter((h) => h.source === 'payer');

/**
 * Reads each case (4 at a time) until `ready` holds of it or `timeoutMs` has passed: the last
 * view of each case, and whether it got ready.
 */
async function waitForCases(
  client: StackClient,
  caseIds: readonly string[],
  ready: (c: CaseView) => boolean,
  timeoutMs: number,
): Promise<Array<{ caseId: string; view: CaseView; ready: boolean }>> {
  const out: Array<{ caseId: string; view: CaseView; ready: boolean }> = [];
  const until = Date.now() + timeoutMs;
  await forEachBounded(caseIds, 4, async (caseId) => {
    for (;;) {
      const view: CaseView = await client.getCase(caseId);
      if (ready(view) || Date.now() > until) {
        out.push({ caseId, view, ready: ready(view) });
        return;
      }
      await pause(200);
    }
  });
  return out;
}

/** `items` in `count` contiguous slices of (nearly) equal length. */
function slices<T>(items: readonly T[], count: number): T[][] {
  const n = Math.max(1, Math.min(count, items.length));
  return [...Array(n).keys()].map((r) =>
    items.slice(Math.round((r * items.length) / n), Math.round(((r + 1) * items.length) / n)),
  );
}

/** Exactly once: one non-duplicate answer per webhook-id; one payer entry per event per case. */
async function exactlyOnceProblems(
  client: StackClient,
  caseIds: readonly string[],
  answers: ReadonlyMap<string, Answer[]>,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [webhookId, list] of answers) {
    const bad = list.filter((a) => a.status !== 200 && a.status !== 202);
    if (bad.length > 0) problems.push(`${webhookId}: answered ${bad.map((a) => a.status).join(',')}`);
    const firsts = list.filter((a) => !a.duplicate).length;
    if (firsts !== 1) problems.push(`${webhookId}: ${firsts} non-duplicate answers of ${list.length}`);
  }
  const finals = await waitForCases(
    client,
    caseIds,
    (c) => c.status === 'APPROVED' && payerEntries(c).length >= 2,
    SETTLE_TIMEOUT_MS,
  );
  for (const { caseId, view, ready } of finals) {
    const entries = payerEntries(view);
    const distinct = new Set(entries.map((h) => h.eventId)).size;
    if (!ready) {
      problems.push(`${caseId}: ${view.status} with ${entries.length} payer entries after 300 s`);
    } else if (entries.length !== 2 || distinct !== 2) {
      problems.push(`${caseId}: ${entries.length} payer entries (${distinct} events), expected 2`);
    }
  }
  return problems;
}

export async function benchWebhooks(
  cases: number,
  log: Log,
  from: HandlerSource = 'source',
  rounds = WEBHOOK_ROUNDS,
) {
  return withBenchStack(from, async (stack, client): Promise<WebhookFigures> => {
    const caseIds = await submitCases(client, cases, 'bench-wh');
    // Cases of the warm-up only (not measured, not checked): its deliveries take the whole path.
    // As many as the measured cases: each warm-up case's first update reads its payer.
    const warmCaseIds = await submitCases(client, cases, 'bench-wh-warm');
    await forEachBounded([...caseIds, ...warmCaseIds], 4, async (caseId) => {
      await client.waitForCase(caseId, (c) => c.status === 'SUBMITTED', 600_000, { upToMs: 1_000 });
    });
    log(`  webhooks: ${cases} cases SUBMITTED`);

    // Two events a case, 10 % of the deliveries again, all shuffled.
    const base = Date.now();
    const events = caseIds.flatMap((caseId, i) => [
      decisionDelivery(caseId, 'pended', new Date(base + i).toISOString()),
      decisionDelivery(caseId, 'approved', new Date(base + 60_000 + i).toISOString()),
    ]);
    const redelivered = shuffled(events, 11).slice(0, Math.round(events.length * REDELIVERY_SHARE));
    const deliveries = shuffled([...events, ...redelivered], 29);
    const answers = new Map<string, Answer[]>();
    const delivered = new Map<string, Set<string>>(); // caseId -> its webhook-ids sent so far
    let retried = 0;

    // The floor receiver stays up across the rounds (webhook-floor.ts).
    const floor = await startFloorReceiver({
      endpoint: stack.dynamodbEndpoint,
      credentials: stack.dynamodbCredentials,
      payerId: MANUAL_PAYER,
      secret: e2eSecret(MANUAL_PAYER) ?? '',
    });
    const floorClient = benchClient({ url: floor.url, token: '' });
    /** `known(k)`: whether the k-th delivery is for a case that exists (else the answer is 404). */
    const toFloor = (slice: readonly Delivery[], known: (k: number) => boolean = () => true) =>
      paced(slice.length, TARGET_RATE, WEBHOOK_CONCURRENCY, async (k) => {
        const res = await deliver(floorClient, slice[k]!);
        const expected = known(k) ? [200, 202] : [404];
        if (!expected.includes(res.status)) throw new Error(`floor answered ${res.status}`);
      });
    const toSystem = async (slice: readonly Delivery[]) => {
      const run = await paced(slice.length, TARGET_RATE, WEBHOOK_CONCURRENCY, async (k) => {
        const d = slice[k]!;
        const res = await deliver(client, d);
        retried += res.retried;
        const list = answers.get(d.webhookId) ?? [];
        list.push({ duplicate: res.body?.duplicate === true, status: res.status });
        answers.set(d.webhookId, list);
      });
      // Untimed: until every event delivered so far is applied (or recorded as stale).
      for (const d of slice) delivered.set(d.caseId, (delivered.get(d.caseId) ?? new Set()).add(d.webhookId));
      const touched = [...new Set(slice.map((d) => d.caseId))];
      const settleStarted = performance.now();
      const settled = await waitForCases(
        client,
        touched,
        (c) => payerEntries(c).length >= (delivered.get(c.caseId)?.size ?? 0),
        ROUND_SETTLE_TIMEOUT_MS,
      );
      const behind = settled.filter((x) => !x.ready).length;
      log(
        `  webhooks: system round of ${slice.length} in ${round(run.wallMs / 1000)} s; its events applied ${behind === 0 ? 'after' : `but for ${behind} cases in`} ${round((performance.now() - settleStarted) / 1000)} s more`,
      );
      return run;
    };

    let measured: Array<{ first: RoundFigures['first']; system: Paced; floor: Paced }>;
    try {
      // The warm-up of the JVM both sides share, and of each side's own process, none counted:
      // throwaway webhook-ids to the floor, and to the system pends of the warm-up cases, stored
      // and applied as any (the whole path: the payer read, the write, the stream, the workflow).
      // Every other one for a case that does not exist (404, nothing stored): the read of a case's
      // payer is warmed as much as the write (DynamoDB Local runs a new kind of request slowly for
      // its first few hundred: p50 134 ms against 4 ms once warm, measured).
      const warmUp = Array.from({ length: WARM_UP_DELIVERIES }, (_, i) =>
        decisionDelivery(
          i % 2 === 0 ? warmCaseIds[(i / 2) % warmCaseIds.length]! : newCaseId(),
          'pended',
          new Date(base - 1 - i).toISOString(),
        ),
      );
      const warmPends = new Map<string, number>();
      for (const [i, d] of warmUp.entries())
        if (i % 2 === 0) warmPends.set(d.caseId, (warmPends.get(d.caseId) ?? 0) + 1);
      const warmFloor = await toFloor(warmUp, (k) => k % 2 === 0);
      const warmSystem = await paced(warmUp.length, TARGET_RATE, WEBHOOK_CONCURRENCY, async (k) => {
        const res = await deliver(client, warmUp[k]!);
        if (res.status !== (k % 2 === 0 ? 202 : 404))
          throw new Error(`a warm-up webhook answered ${res.status}`);
      });
      await waitForCases(
        client,
        [...warmPends.keys()],
        (c) => payerEntries(c).length >= (warmPends.get(c.caseId) ?? 0),
        ROUND_SETTLE_TIMEOUT_MS,
      );
      // The floor writes items of the system's own (the warm-up's receipts), read now: the Scan
      // that reads them would otherwise land on a round.
      floor.useItems(await storedReceipts(stack.dynamodbEndpoint, stack.dynamodbCredentials));
      // The tail of the warm-up's background (its last workflows, the database's own upkeep)
      // would land on the first round alone.
      await pause(WARM_UP_QUIET_MS);
      log(
        `  webhooks: warm-up, ${warmUp.length} deliveries a side: floor ${round(warmFloor.wallMs / 1000)} s, system ${round(warmSystem.wallMs / 1000)} s`,
      );

      measured = [];
      for (const [r, slice] of slices(deliveries, rounds).entries()) {
        // ABBA: the system first in rounds 1, 3, ..., the floor first in rounds 2, 4, ...; each
        // side's round after the same pause.
        const first: RoundFigures['first'] = r % 2 === 0 ? 'webhook' : 'floor';
        const after = async <T>(run: () => Promise<T>): Promise<T> => {
          await pause(ROUND_GAP_MS);
          return run();
        };
        let system: Paced;
        let floorRun: Paced;
        if (first === 'webhook') {
          system = await after(() => toSystem(slice));
          floorRun = await after(() => toFloor(slice));
        } else {
          floorRun = await after(() => toFloor(slice));
          system = await after(() => toSystem(slice));
        }
        measured.push({ first, system, floor: floorRun });
        log(
          `  webhooks: round ${r + 1} (${first} first), ${slice.length} deliveries: p50 ${round(median(system.latencies))} ms, floor ${round(median(floorRun.latencies))} ms`,
        );
      }
    } finally {
      await floor.stop();
    }
    log(`  webhooks: ${deliveries.length} sent in ${measured.length} rounds; checking exactly once`);
    const problems = await exactlyOnceProblems(client, caseIds, answers);

    const pooled = (side: 'system' | 'floor') => {
      const latencies = measured.flatMap((m) => m[side].latencies);
      const wallMs = measured.reduce((sum, m) => sum + m[side].wallMs, 0);
      return {
        p50: median(latencies),
        p99: percentile(latencies, 99),
        perSecond: round((latencies.length / wallMs) * 1000, 1),
      };
    };
    const system = pooled('system');
    const floorFigures = pooled('floor');
    return {
      handlers: from,
      cases,
      requests: deliveries.length,
      redeliveries: redelivered.length,
      targetRate: TARGET_RATE,
      concurrency: WEBHOOK_CONCURRENCY,
      requestsPerSecond: system.perSecond,
      p50Ms: round(system.p50, 2),
      p99Ms: round(system.p99, 2),
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
        p50Ms: round(floorFigures.p50, 2),
        p99Ms: round(floorFigures.p99, 2),
        requestsPerSecond: floorFigures.perSecond,
      },
      p50Ratio: ratio(system.p50, floorFigures.p50),
      p99Ratio: ratio(system.p99, floorFigures.p99),
      warmUpDeliveries: WARM_UP_DELIVERIES,
      rounds: measured.map(({ first, system: s, floor: f }) => roundFigures(first, s, f)),
    };
  });
}

function roundFigures(first: RoundFigures['first'], system: Paced, floor: Paced): RoundFigures {
  const [p50, p99] = [median(system.latencies), percentile(system.latencies, 99)];
  const [floorP50, floorP99] = [median(floor.latencies), percentile(floor.latencies, 99)];
  return {
    first,
    requests: system.latencies.length,
    p50Ms: round(p50, 2),
    p99Ms: round(p99, 2),
    floorP50Ms: round(floorP50, 2),
    floorP99Ms: round(floorP99, 2),
    p50Ratio: ratio(p50, floorP50),
    p99Ratio: ratio(p99, floorP99),
  };
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
          // The system's receipts, not the floor's own (FLOOR#...).
          FilterExpression: 'sk = :r AND begins_with(pk, :e)',
          ExpressionAttributeValues: { ':r': { S: 'RECEIPT' }, ':e': { S: 'EVENT#' } },
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
