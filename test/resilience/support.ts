/**
 * What the resilience tests share: a stack process with a client bound to it, a payer registry
 * file, a stand-in Da Vinci PAS payer on 127.0.0.1 whose behaviour a test switches, signed
 * webhooks, polling, and the invariants "nothing lost, nothing doubled" read from a case.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll } from 'vitest';
import { decisionWebhook } from '../fixtures/payer-decision.ts';
import { requestFor } from '../support/examples.ts';
import { inBatches, type Reply, retryAfterMs, StackClient, sleep } from '../support/http-client.ts';
import { type StackProcess, startStackProcess } from '../support/local-stack.ts';
import { dataDirWithPayers, secretFor } from '../support/stand-in-payers.ts';

export { requestFor } from '../support/examples.ts';
export { inBatches, type Reply, retryAfterMs, StackClient, sleep } from '../support/http-client.ts';
export {
  dataDirWithPayers,
  type PasBehaviour,
  type PayerEntry,
  pasApproved,
  secretFor,
  standInPasPayer,
} from '../support/stand-in-payers.ts';

export async function removeDataDir(dataDir: string | undefined): Promise<void> {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

/** A client of one running stack that waits out outages, with the registry's webhook secrets. */
export function clientOf(stack: { url: string; token: string }): StackClient {
  return new StackClient(stack.url, stack.token, { secretFor, patient: true, timeoutMs: 60_000 });
}

export async function startStack(
  dataDir: string,
  env: Record<string, string>,
): Promise<{ stack: StackProcess; client: StackClient }> {
  const stack = await startStackProcess({ dataDir, env, timeoutMs: 120_000 });
  return { stack, client: clientOf(stack) };
}

/**
 * A stack on one manual payer for a describe block: started before its tests, stopped and its
 * data dir removed after them. `beforeStop` runs first (e.g. to wake a paused store).
 */
export function manualPayerStack(env: Record<string, string> = {}, beforeStop?: (dataDir: string) => void) {
  const bound = {} as { dataDir: string; stack: StackProcess; client: StackClient };
  beforeAll(async () => {
    const made = dataDirWithPayers([{ id: 'manual-payer', planType: 'commercial', transport: 'manual' }]);
    bound.dataDir = made.dataDir;
    Object.assign(bound, await startStack(made.dataDir, { PA_PAYERS_FILE: made.payersFile, ...env }));
  }, 150_000);
  afterAll(async () => {
    if (bound.dataDir) beforeStop?.(bound.dataDir);
    await bound.stack?.stop();
    await removeDataDir(bound.dataDir);
  });
  return bound;
}

/** `n` cases of the example request submitted to a payer (4 at a time) and waited to SUBMITTED. */
export async function submittedCases(
  client: StackClient,
  n: number,
  payerId = 'manual-payer',
): Promise<string[]> {
  const caseIds = await inBatches(Array.from({ length: n }), 4, () =>
    client.submit(requestFor(payerId, 'commercial')),
  );
  await client.waitForAll(caseIds, (c) => c.status === 'SUBMITTED');
  return caseIds;
}

/** What a careful client saw of one answer; status 0 is a client-side timeout (a hang). */
export interface Observed {
  status: number;
  contentType: string;
  retryAfter: string | null;
  ms: number;
}

/**
 * Sends until a 2xx, as a payer or a careful client would, honouring Retry-After; records every
 * answer. Another 4xx than a 429 (when `busy429`) is a refusal, thrown.
 */
export async function untilAccepted(
  send: () => Promise<Reply>,
  seen: Observed[],
  { deadlineMs = 150_000, busy429 = false } = {},
): Promise<Reply> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const started = Date.now();
    let reply: Reply | undefined;
    try {
      reply = await send();
    } catch {
      // A client-side timeout (60 s) is a hang: recorded as status 0.
      seen.push({ status: 0, contentType: '', retryAfter: null, ms: Date.now() - started });
    }
    if (reply) {
      const { status, contentType } = reply;
      seen.push({
        status,
        contentType,
        retryAfter: reply.headers.get('retry-after'),
        ms: Date.now() - started,
      });
      if (status < 300) return reply;
      if (status < 500 && !(busy429 && status === 429))
        throw new Error(`refused with ${status}: ${JSON.stringify(reply.body)}`);
      await sleep(retryAfterMs(reply));
    }
    if (Date.now() > until) throw new Error('never accepted');
  }
}

export const decision = (
  caseId: string,
  outcome: 'approved' | 'denied' | 'pended',
  occurredAt = new Date().toISOString(),
) => decisionWebhook(caseId, outcome, {}, occurredAt);

/** How often a history event occurs (applied only, for payer events). */
export function countEvents(c: any, event: string, appliedOnly = false): number {
  return c.history.filter((h: any) => h.event === event && (!appliedOnly || h.applied === true)).length;
}

/** The invariants every case keeps whatever failed: one packet, one submission at most. */
export function doubled(c: any): string[] {
  const faults: string[] = [];
  const packets = c.documents.filter((d: any) => d.kind === 'packet').length;
  if (packets > 1) faults.push(`${packets} packet documents`);
  if (countEvents(c, 'packet.assembled') > 1) faults.push('packet.assembled twice');
  if (countEvents(c, 'prior_auth.submitted') > 1) faults.push('prior_auth.submitted twice');
  const applied = c.history.filter((h: any) => h.applied === true).map((h: any) => h.eventId);
  if (new Set(applied).size !== applied.length) faults.push('a payer event applied twice');
  const remedies = c.history.filter((h: any) =>
    ['appeal.ready', 'corrected_claim.ready', 'appeal.not_recommended'].includes(h.event),
  );
  const remedyEvents = remedies.map((h: any) => h.eventId);
  if (new Set(remedyEvents).size !== remedyEvents.length)
    faults.push('a remedy composed twice for one denial');
  const appealIds = c.appeals.map((a: any) => a.appealId);
  if (new Set(appealIds).size !== appealIds.length) faults.push('an appeal listed twice');
  return faults;
}
