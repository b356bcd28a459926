/**
 * The e2e tests' view of the shared client (test/support/http-client.ts), bound to the stack of
 * the global setup: it speaks to it as a user (bearer token) or as a payer (signed webhooks).
 */
import { expect, inject } from 'vitest';
import { decisionWebhook } from '../fixtures/payer-decision.ts';
import { e2ePayers, e2eSecret, requestFor } from '../support/examples.ts';
import { type SendOptions, StackClient, type WebhookOptions } from '../support/http-client.ts';

export { exampleClaim, exampleRequest, requestFor } from '../support/examples.ts';
export type { Reply } from '../support/http-client.ts';

export const payers = e2ePayers;

export function baseUrl(): string {
  return inject('baseUrl');
}

export function token(): string {
  return inject('apiToken');
}

let bound: StackClient | undefined;
export function client(): StackClient {
  bound ??= new StackClient(baseUrl(), token(), { secretFor: e2eSecret });
  return bound;
}

export const api = (method: string, path: string, options?: SendOptions) =>
  client().api(method, path, options);
export const submit = (body: unknown, idempotencyKey?: string) => client().submit(body, idempotencyKey);
export const getCase = (caseId: string) => client().getCase(caseId);
export const waitForCase = (caseId: string, done: (c: any) => boolean, timeoutMs?: number) =>
  client().waitForCase(caseId, done, timeoutMs);
export const signedHeaders = (payerId: string, raw: string, options?: WebhookOptions) =>
  client().signedHeaders(payerId, raw, options);
export const postWebhook = (payerId: string, payload: unknown, options?: WebhookOptions) =>
  client().postWebhook(payerId, payload, options);

/** A case of the example request, submitted to a manual payer and waited to SUBMITTED. */
export async function submittedCase(
  payerId = 'manual-commercial',
  change?: (r: Record<string, any>) => void,
): Promise<string> {
  const caseId = await submit(requestFor(payerId, change));
  await waitForCase(caseId, (c) => c.status === 'SUBMITTED');
  return caseId;
}

/** A decision webhook (the one builder, test/fixtures/payer-decision.ts). */
export const decision = decisionWebhook;

/** A case of the example request, approved for the example claim's authorization (PA-55120, 1950 units). */
export async function approvedCase(payerId = 'manual-commercial', timeoutMs?: number): Promise<string> {
  const caseId = await submittedCase(payerId);
  const approval = await postWebhook(
    payerId,
    decision(caseId, 'approved', { authorizationNumber: 'PA-55120', approvedUnits: 1950 }),
  );
  expect(approval.status).toBe(202);
  await waitForCase(caseId, (c) => c.status === 'APPROVED', timeoutMs);
  return caseId;
}

/** How many cases the whole worklist holds, every page counted. */
export async function caseCount(): Promise<number> {
  return (await client().worklist()).length;
}

/**
 * Runs a refused request and proves that it stored nothing: no new case in the whole worklist,
 * and no new history event on the cases it names.
 */
export async function expectStoresNothing<T>(act: () => Promise<T>, caseIds: string[] = []): Promise<T> {
  const histories = async () => Promise.all(caseIds.map(async (id) => (await getCase(id)).history.length));
  const [cases, before] = await Promise.all([caseCount(), histories()]);
  const result = await act();
  expect(await caseCount(), 'cases in the worklist').toBe(cases);
  expect(await histories(), `history events of ${caseIds.join(', ')}`).toEqual(before);
  return result;
}
