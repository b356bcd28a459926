/**
 * POST /v1/prior-auths/{caseId}/continuations: a continuation (re-authorization) of an approved
 * case, as a new prior-auth case for the same patient, prefilled from the earlier case's request.
 *
 * Primary course:
 * 1. The earlier case must exist and hold an approved authorization (else 404 / 409).
 * 2. The course so far: the chain of earlier cases (previousCaseId after previousCaseId) and the
 *    administrations of each, read through the case store.
 * 3. The new request: the earlier one with the treatment plan's changes and the course given so
 *    far in its oncologic history, validated as any prior-auth request (a 400 names the field).
 * 4. From there it is a prior-auth request like any other (receive-prior-auth: idempotency, the
 *    case stored once, SubmitPriorAuth started with the case id only); the case carries its
 *    continuation, which the packet step assesses with (the whole course) and states.
 */

import type { CaseRecord } from '#core/case/case-record.ts';
import type { Administration } from '#core/course/administration.ts';
import {
  buildContinuation,
  continuationRequest,
  MAX_CHAIN,
  parseContinuationRequest,
  requireContinuable,
} from '#core/course/continuation.ts';
import type { Principal } from '#core/identity/claims.ts';
import { organizationOf } from '#core/identity/tenancy.ts';
import type { ContinuationInput } from '#schemas/continuation.ts';
import { requireVisibleCase } from './acting-organization.ts';
import { type ReceivePriorAuthDeps, receivePriorAuth } from './receive-prior-auth.ts';

export interface RequestContinuationInput {
  /** Who asks: the earlier case must be of an organization it sees. */
  caller: Principal;
  previousCaseId: string;
  continuation: ContinuationInput;
  rawBody: string;
  idempotencyKey?: string;
}

/** The earlier cases of a course, newest first, each with its administrations. */
async function courseChain(
  first: CaseRecord,
  deps: ReceivePriorAuthDeps,
): Promise<Array<{ record: CaseRecord; administrations: Administration[] }>> {
  const chain: Array<{ record: CaseRecord; administrations: Administration[] }> = [];
  let record: CaseRecord | undefined = first;
  while (record !== undefined && chain.length < MAX_CHAIN) {
    chain.push({ record, administrations: await deps.cases.listAdministrations(record.caseId) });
    const previousId: string | undefined = record.continuation?.previousCaseId;
    record = previousId === undefined ? undefined : await deps.cases.getCase(previousId);
  }
  return chain;
}

export async function requestContinuation(
  input: RequestContinuationInput,
  deps: ReceivePriorAuthDeps,
): Promise<{ caseId: string; previousCaseId: string; replayed: boolean }> {
  // 1. An approved earlier case, of an organization the caller sees.
  const previous = await requireVisibleCase(input.caller, input.previousCaseId, deps.cases);
  requireContinuable(previous);

  // 2. The course so far.
  const chain = await courseChain(previous, deps);
  const continuation = buildContinuation(chain, input.continuation.progressNotes);

  // 3. The new request, validated as a prior-auth request.
  const { priority, urgencyReason } = input.continuation;
  const raw = continuationRequest(previous.request, input.continuation.treatmentPlan, continuation);
  // The new case belongs to the earlier case's organization.
  const request = parseContinuationRequest({
    ...raw,
    organizationId: organizationOf(previous),
    ...(priority ? { priority } : {}),
    ...(urgencyReason ? { urgencyReason } : {}),
  });

  // 4. A prior-auth request like any other, carrying its continuation.
  const result = await receivePriorAuth(
    {
      caller: input.caller,
      request,
      rawBody: `continuation of ${previous.caseId}\n${input.rawBody}`,
      ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
      continuation,
    },
    deps,
  );
  return { caseId: result.caseId, previousCaseId: previous.caseId, replayed: result.replayed };
}
