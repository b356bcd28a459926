/**
 * POST /v1/prior-auths: store the case (once per Idempotency-Key), its attachments, and start
 * SubmitPriorAuth. The workflow does the rest; if starting it fails, the sweep re-drives it.
 *
 * Primary course:
 * 1. The organization the case belongs to: the caller's own; the operator's named one (which must
 *    exist) or `default`; another organization named by anyone else is refused as unknown (400).
 *    The payer must be in the registry and every attachment (base64 or uploaded in that
 *    organization) a readable PDF, before anything is written.
 * 2. A replayed Idempotency-Key answers with the case it made (another body under it is a 422).
 * 3. The case must fit in one item (well under DynamoDB's 400 KB), before anything is written.
 * 4. The case, its first history entry and its Idempotency-Key are stored at once: the key is
 *    claimed before any attachment is written, so a concurrent request under the same key gets
 *    the replay and writes nothing (no orphaned attachment, no 500).
 * 5. The attachments go to the document store under the keys the case names.
 * 6. SubmitPriorAuth starts; a start that fails is left to the sweep.
 */

import type { StoredAttachment } from '#core/case/case-record.ts';
import { checkCaseSize, checkReplay, createCase, knownPayer } from '#core/case/create-case.ts';
import { idempotencyKeyIn } from '#core/case/organization.ts';
import { attachmentKey } from '#core/case/storage-keys.ts';
import type { Continuation } from '#core/course/continuation.ts';
import { ValidationError } from '#core/errors.ts';
import type { Principal } from '#core/identity/claims.ts';
import { sha256Hex } from '#core/ids.ts';
import type { PayerConfig, PayerRegistry, Ports } from '#core/ports.ts';
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { resolveOrganization } from './acting-organization.ts';
import { attachmentBytes } from './attachment-bytes.ts';

export interface ReceivePriorAuthInput {
  /** Who asks: the case belongs to the organization it acts for. */
  caller: Principal;
  request: PriorAuthRequest;
  rawBody: string;
  idempotencyKey?: string;
  /** A continuation's course (request-continuation.ts): stored on the new case. */
  continuation?: Continuation;
}

export type ReceivePriorAuthDeps = Pick<
  Ports,
  'cases' | 'documents' | 'workflows' | 'renderer' | 'registry' | 'clock' | 'ids' | 'log' | 'identity'
>;

export async function requireKnownPayer(registry: PayerRegistry, payerId: string): Promise<PayerConfig> {
  return knownPayer(await registry.get(payerId), payerId);
}

export async function receivePriorAuth(
  input: ReceivePriorAuthInput,
  deps: ReceivePriorAuthDeps,
): Promise<{ caseId: string; status: string; replayed: boolean }> {
  const { request } = input;
  // 1. The organization, a known payer, readable attachments.
  const organizationId = await resolveOrganization(
    input.caller,
    request.organizationId,
    deps,
    (org) =>
      new ValidationError('unknown organization', [
        { path: 'organizationId', message: `no organization ${org}` },
      ]),
  );
  const payer = await requireKnownPayer(deps.registry, request.coverage.payerId);
  const attachmentFiles = await attachmentBytes(request.attachments, organizationId, deps);

  const storeAttachments = async (forCase: string) => {
    for (const [index, { bytes, contentType }] of attachmentFiles.entries()) {
      await deps.documents.put(attachmentKey(forCase, index), bytes, contentType);
    }
  };

  // 2. A replay answers with the case it made.
  const idempotency = input.idempotencyKey
    ? { key: idempotencyKeyIn(organizationId, input.idempotencyKey), bodyHash: sha256Hex(input.rawBody) }
    : undefined;
  const existing = idempotency ? await deps.cases.getIdempotency(idempotency.key) : undefined;
  if (idempotency && existing) {
    const replay = checkReplay(existing, idempotency);
    await storeAttachments(replay.caseId);
    return { caseId: replay.caseId, status: 'RECEIVED', replayed: true };
  }

  const caseId = deps.ids.caseId();
  const at = deps.clock.now().toISOString();

  // 3. The case must fit in one item.
  const attachments: StoredAttachment[] = attachmentFiles.map(({ bytes, ...attachment }, index) => ({
    kind: attachment.kind,
    title: attachment.title,
    contentType: attachment.contentType,
    s3Key: attachmentKey(caseId, index),
    bytes: bytes.length,
  }));
  const { continuation } = input;
  const { record, history } = createCase({
    caseId,
    organizationId,
    request,
    attachments,
    payer,
    at,
    ...(continuation ? { continuation } : {}),
  });
  checkCaseSize(record);

  // 4. The case and its key, at once: a request that lost the race answers with the winner's case.
  const created = await deps.cases.createCase(record, history, idempotency);
  // (the store answers a lost race as a replay, or a 422 for another body)
  if (created.replayed) {
    await storeAttachments(created.caseId);
    return { caseId: created.caseId, status: 'RECEIVED', replayed: true };
  }

  // 5. The attachments, under the keys the case names. A replay (same key, same body) writes them
  //    again, so a crash between storing the case and its attachments is mended by the client's retry.
  await storeAttachments(caseId);

  // 6. The workflow takes it from here.
  try {
    await deps.workflows.startSubmitPriorAuth(caseId);
  } catch (error) {
    deps.log.warn('could not start SubmitPriorAuth; the sweep will re-drive the case', {
      caseId,
      errorName: (error as Error).name,
    });
  }
  return { caseId, status: 'RECEIVED', replayed: false };
}
