/**
 * The bench's use of the shared client of the running stack (test/support/http-client.ts): a
 * user with the bearer token, a payer with signed webhooks. The stack answers 503 with
 * retry-after when its in-flight bound is reached: the client waits and retries, and counts it.
 */
import type { HandlerSource } from '../lib/local/stack.ts';
import { decisionWebhook } from '../test/fixtures/payer-decision.ts';
import { E2E_PAYERS_FILE, e2ePayers, e2eSecret, requestFor } from '../test/support/examples.ts';
import { newWebhookId, type Reply, StackClient } from '../test/support/http-client.ts';
import { type BenchStack, startBenchStack } from './stack.ts';
import { forEachBounded } from './stats.ts';

export const PAYERS_FILE = E2E_PAYERS_FILE;

/** The payer the bench decides by hand: nothing answers but our signed webhooks. */
export const MANUAL_PAYER = 'manual-commercial';

/** How many cases the bench's clients submit at once. */
export const CLIENT_CONCURRENCY = 16;

/** What the bench reads of a case (API.md, "The case"). */
export interface CaseView {
  caseId: string;
  status: string;
  history: Array<{ source: string; eventId?: string; status?: string }>;
}

export function benchRequest(payerId = MANUAL_PAYER) {
  const payer = e2ePayers.find((p) => p.id === payerId);
  if (payer?.transport !== 'manual') throw new Error(`${payerId} is not a manual payer of ${PAYERS_FILE}`);
  return requestFor(payerId);
}

/** A client of the bench's stack that waits out busy answers (and counts them in `retriedBusy`). */
export function benchClient(stack: { url: string; token: string }): StackClient {
  // patient: a submission or a wait rides out a dropped connection of a stack under heavy load.
  return new StackClient(stack.url, stack.token, { secretFor: e2eSecret, busyRetries: 50, patient: true });
}

/**
 * Runs `work` against a fresh bench stack (the e2e payer registry) running `handlers` (the
 * TypeScript sources or the deployed bundles) and its client, and stops the stack after.
 */
export async function withBenchStack<T>(
  handlers: HandlerSource,
  work: (stack: BenchStack, client: StackClient) => Promise<T>,
): Promise<T> {
  const stack = await startBenchStack(PAYERS_FILE, handlers);
  try {
    return await work(stack, benchClient(stack));
  } catch (error) {
    process.stderr.write(
      `bench stack (${handlers}) log before the failure:\n${stack.recentLog().join('\n')}\n`,
    );
    throw error;
  } finally {
    await stack.stop();
  }
}

/** Submits `n` copies of the bench request to the manual payer, CLIENT_CONCURRENCY at a time. */
export async function submitCases(client: StackClient, n: number, keyPrefix: string): Promise<string[]> {
  const request = benchRequest(MANUAL_PAYER);
  const runId = Date.now().toString(36);
  const caseIds: string[] = new Array(n);
  await forEachBounded([...Array(n).keys()], CLIENT_CONCURRENCY, async (i) => {
    caseIds[i] = await client.submit(request, `${keyPrefix}-${runId}-${i}`);
  });
  return caseIds;
}

/** A decision as the payer sends it (API.md, "Payer webhooks"): its body and its webhook id. */
export function decisionDelivery(
  caseId: string,
  outcome: 'approved' | 'denied' | 'pended',
  occurredAt: string,
): { caseId: string; webhookId: string; body: string } {
  const note = outcome === 'denied' ? 'Documentation does not establish medical necessity.' : null;
  return {
    caseId,
    webhookId: newWebhookId(),
    body: JSON.stringify(decisionWebhook(caseId, outcome, { note }, occurredAt)),
  };
}

/** Posts a delivery signed as the manual payer; the same delivery again is a redelivery. */
export function deliver(client: StackClient, delivery: { webhookId: string; body: string }): Promise<Reply> {
  return client.postWebhook(MANUAL_PAYER, delivery.body, delivery.webhookId);
}
