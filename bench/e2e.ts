/**
 * End to end on the local stack: N cases submitted to the manual payer with bounded client
 * concurrency, each waited to SUBMITTED and then decided by a signed webhook (30 % denials),
 * until every case is APPROVED or APPEAL_READY. Then the FLOOR, in this process against the same
 * DynamoDB Local: every item the run left in the table written again with PutItem as many times
 * as the system wrote it (a case item `version` times, a webhook's receipt twice: stored, then
 * taken off the pending index), and the same packet and appeal renders, with the same client concurrency.
 */
import { performance } from 'node:perf_hooks';
import { type AttributeValue, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { LocalCredentials } from '../lib/local/credentials.ts';
import { localDynamoDbClient } from '../lib/local/dynamodb.ts';
import type { HandlerSource } from '../lib/local/stack.ts';
import { LOCAL_TABLE_NAME } from '../lib/table-design.ts';
import type { StackClient } from '../test/support/http-client.ts';
import {
  type CaseView,
  CLIENT_CONCURRENCY,
  decisionDelivery,
  deliver,
  submitCases,
  withBenchStack,
} from './http.ts';
import { forEachBounded, ratio, round } from './stats.ts';
import { e2eAppealSpec, packetSpec, renderPdf } from './workloads.ts';

/** Cases polled at once, oldest first (the local engine runs executions in arrival order). */
const WAITERS = 4;
const POLL_MS = 200;
const MAX_DROPPED_POLLS = 20;
export const DENIAL_SHARE = 0.3;

export interface E2eFigures {
  /** What the stack ran: the TypeScript sources or the deployed bundles. */
  handlers: HandlerSource;
  n: number;
  wallMs: number;
  casesPerSecond: number;
  costPerCaseMs: number;
  denials: number;
  appealsReady: number;
  approved: number;
  /** 503 answers (the stack's in-flight bound) the client retried. */
  retried503: number;
  writes: { total: number; perCase: number; items: number; bytesPerCase: number };
  floor: {
    wallMs: number;
    costPerCaseMs: number;
    writes: number;
    renders: number;
    /** Time spent in renders and in writes, summed over the concurrent cases (not wall time). */
    renderMsSum: number;
    writeMsSum: number;
  };
  /** cost per case / floor cost per case. */
  costRatio: number;
}

function denied(index: number): boolean {
  // Deterministic and evenly spread: 3 of every 10 cases.
  return index % 10 < DENIAL_SHARE * 10;
}

/** Waits for each case in order, WAITERS at a time; `then` runs once a case has reached `statuses`. */
async function waitInOrder(
  client: StackClient,
  caseIds: readonly string[],
  statuses: readonly string[],
  then: (caseId: string, index: number, current: CaseView) => Promise<void>,
): Promise<void> {
  await forEachBounded(caseIds, WAITERS, async (caseId, index) => {
    for (let dropped = 0; ; ) {
      // A stack under heavy load may drop a connection: poll again, up to a bound.
      const current: CaseView | undefined = await client.getCase(caseId).catch((error: unknown) => {
        if (++dropped > MAX_DROPPED_POLLS) throw error;
        return undefined;
      });
      if (current === undefined) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        continue;
      }
      if (statuses.includes(current.status)) return then(caseId, index, current);
      if (['SUBMISSION_FAILED', 'NEEDS_INFO', 'CLOSED'].includes(current.status)) {
        throw new Error(`case ${caseId} ended ${current.status}`);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  });
}

type Item = Record<string, AttributeValue>;

/** Every item of the table, grouped by the case it belongs to, with how often it was written. */
async function writesByCase(endpoint: string, credentials: LocalCredentials) {
  const db = localDynamoDbClient(endpoint, credentials);
  const byCase = new Map<string, Array<{ item: Item; times: number }>>();
  let items = 0;
  let bytes = 0;
  let startKey: Item | undefined;
  try {
    do {
      const page = await db.send(
        new ScanCommand({ TableName: LOCAL_TABLE_NAME, ExclusiveStartKey: startKey }),
      );
      for (const item of page.Items ?? []) {
        const pk = item.pk?.S ?? '';
        const sk = item.sk?.S ?? '';
        const caseId = pk.startsWith('CASE#') ? pk.slice(5) : (item.caseId?.S ?? 'none');
        // A receipt is written twice: stored (with its pending index keys), then updated when applied.
        const times = sk === 'CASE' ? Number(item.version?.N ?? '1') : sk === 'RECEIPT' ? 2 : 1;
        const list = byCase.get(caseId) ?? [];
        list.push({ item, times });
        byCase.set(caseId, list);
        items += 1;
        bytes += JSON.stringify(item).length * times;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  } finally {
    db.destroy();
  }
  return { byCase, items, bytes };
}

async function floorRun(
  endpoint: string,
  credentials: LocalCredentials,
  cases: Array<{ caseId: string; appeal: boolean; writes: Array<{ item: Item; times: number }> }>,
) {
  const db = localDynamoDbClient(endpoint, credentials);
  let writes = 0;
  let renders = 0;
  let renderMs = 0;
  let writeMs = 0;
  const started = performance.now();
  try {
    await forEachBounded(cases, CLIENT_CONCURRENCY, async ({ caseId, appeal, writes: items }) => {
      const t = performance.now();
      const packet = await renderPdf(packetSpec(caseId));
      renders += 1;
      if (appeal) {
        await renderPdf(e2eAppealSpec(packet));
        renders += 1;
      }
      renderMs += performance.now() - t;
      const w = performance.now();
      for (const { item, times } of items) {
        for (let k = 0; k < times; k++) {
          const copy: Item = { ...item, pk: { S: `FLOOR#${k}#${item.pk?.S ?? ''}` } };
          await db.send(new PutItemCommand({ TableName: LOCAL_TABLE_NAME, Item: copy }));
          writes += 1;
        }
      }
      writeMs += performance.now() - w;
    });
  } finally {
    db.destroy();
  }
  return { wallMs: performance.now() - started, writes, renders, renderMs, writeMs };
}

export async function benchEndToEnd(
  n: number,
  log: (line: string) => void,
  handlers: HandlerSource = 'source',
): Promise<E2eFigures> {
  return withBenchStack(handlers, async (stack, client) => {
    const started = performance.now();
    const caseIds = await submitCases(client, n, 'bench');
    log(`  N=${n}: ${n} submitted in ${round((performance.now() - started) / 1000)} s`);
    const decided: string[] = [];
    await waitInOrder(client, caseIds, ['SUBMITTED'], async (caseId, index) => {
      const outcome = denied(index) ? 'denied' : 'approved';
      const res = await deliver(client, decisionDelivery(caseId, outcome, new Date().toISOString()));
      if (res.status !== 200 && res.status !== 202)
        throw new Error(`webhook for ${caseId} answered ${res.status}`);
      decided.push(caseId);
    });
    log(`  N=${n}: all SUBMITTED and decided at ${round((performance.now() - started) / 1000)} s`);
    const finals: Record<string, number> = {};
    await waitInOrder(client, caseIds, ['APPROVED', 'APPEAL_READY'], async (_caseId, index, current) => {
      const expected = denied(index) ? 'APPEAL_READY' : 'APPROVED';
      if (current.status !== expected)
        throw new Error(`case ${current.caseId} is ${current.status}, not ${expected}`);
      finals[current.status] = (finals[current.status] ?? 0) + 1;
    });
    const wallMs = performance.now() - started;
    log(`  N=${n}: all final at ${round(wallMs / 1000)} s; measuring the floor`);

    const { byCase, items, bytes } = await writesByCase(stack.dynamodbEndpoint, stack.dynamodbCredentials);
    const floorCases = caseIds.map((caseId, index) => ({
      caseId,
      appeal: denied(index),
      writes: byCase.get(caseId) ?? [],
    }));
    const totalWrites = floorCases.reduce((sum, c) => sum + c.writes.reduce((s, w) => s + w.times, 0), 0);
    const floor = await floorRun(stack.dynamodbEndpoint, stack.dynamodbCredentials, floorCases);
    const costPerCaseMs = wallMs / n;
    const floorPerCase = floor.wallMs / n;
    return {
      handlers,
      n,
      wallMs: Math.round(wallMs),
      casesPerSecond: round((n / wallMs) * 1000, 2),
      costPerCaseMs: round(costPerCaseMs, 2),
      denials: floorCases.filter((c) => c.appeal).length,
      appealsReady: finals.APPEAL_READY ?? 0,
      approved: finals.APPROVED ?? 0,
      retried503: client.retriedBusy,
      writes: {
        total: totalWrites,
        perCase: round(totalWrites / n, 2),
        items,
        bytesPerCase: Math.round(bytes / n),
      },
      floor: {
        wallMs: Math.round(floor.wallMs),
        costPerCaseMs: round(floorPerCase, 2),
        writes: floor.writes,
        renders: floor.renders,
        renderMsSum: Math.round(floor.renderMs),
        writeMsSum: Math.round(floor.writeMs),
      },
      costRatio: ratio(costPerCaseMs, floorPerCase),
    };
  });
}
