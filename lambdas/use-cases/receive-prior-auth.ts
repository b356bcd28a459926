/**
 * POST /v1/prior-auths: store the case (once per Idempotency-Key), its attachments, and start
 * SubmitPriorAuth. The workflow does the rest; if starting it fails, the sweep re-drives it.
 */

import { checkReplay, createCase, getIdempotency } from '#adapters/case-repository.ts';
import { attachmentKey, putObject } from '#adapters/document-store.ts';
import { logger } from '#adapters/logger.ts';
import { unreadablePdfs } from '#adapters/pdf/validate.ts';
import { startSubmitPriorAuth } from '#adapters/workflow-starter.ts';
import type { CaseRecord, StoredAttachment } from '#core/case/case-record.ts';
import { ValidationError } from '#core/errors.ts';
import { newCaseId, sha256Hex } from '#core/ids.ts';
import type { Clock, PayerConfig, PayerRegistry } from '#core/ports.ts';
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';

export interface ReceivePriorAuthInput {
  request: PriorAuthRequest;
  rawBody: string;
  idempotencyKey?: string;
}

export async function requireKnownPayer(registry: PayerRegistry, payerId: string): Promise<PayerConfig> {
  const payer = await registry.get(payerId);
  if (!payer) {
    throw new ValidationError('the payer is not in the payer registry', [
      { path: 'coverage.payerId', message: `unknown payer ${payerId}` },
    ]);
  }
  return payer;
}

/** The payer's own rules for the assessment (NCCN 2B, literature: BPM ch.15 §50.4.5). */
export function assessmentOptions(payer: PayerConfig): {
  planType: PayerConfig['planType'];
  acceptNccn2B: boolean;
  acceptLiterature: boolean;
} {
  const options = payer.options ?? {};
  return {
    planType: payer.planType,
    acceptNccn2B: options.acceptNccn2B === true,
    acceptLiterature: options.acceptLiterature === true,
  };
}

export async function receivePriorAuth(
  input: ReceivePriorAuthInput,
  deps: { registry: PayerRegistry; clock: Clock },
): Promise<{ caseId: string; status: string; replayed: boolean }> {
  const { request } = input;
  // Prepare: the payer must be known before anything is written.
  const payer = await requireKnownPayer(deps.registry, request.coverage.payerId);
  const badAttachments = await unreadablePdfs(request.attachments);
  if (badAttachments.length > 0)
    throw new ValidationError('an attachment is not a readable PDF', badAttachments);
  const idempotency = input.idempotencyKey
    ? { key: input.idempotencyKey, bodyHash: sha256Hex(input.rawBody) }
    : undefined;
  if (idempotency) {
    const existing = await getIdempotency(idempotency.key);
    if (existing) {
      const replay = checkReplay(existing, idempotency);
      return { caseId: replay.caseId, status: 'RECEIVED', replayed: true };
    }
  }

  // Act: attachments to S3, then the case in one transaction.
  const caseId = newCaseId();
  const at = deps.clock.now().toISOString();
  const attachments: StoredAttachment[] = [];
  for (const [index, attachment] of request.attachments.entries()) {
    const bytes = Buffer.from(attachment.data, 'base64');
    const s3Key = attachmentKey(caseId, index);
    await putObject(s3Key, bytes, attachment.contentType);
    attachments.push({
      kind: attachment.kind,
      title: attachment.title,
      contentType: attachment.contentType,
      s3Key,
      bytes: bytes.length,
    });
  }
  const record: CaseRecord = {
    caseId,
    version: 1,
    status: 'RECEIVED',
    priority: request.priority,
    createdAt: at,
    updatedAt: at,
    payer: {
      id: payer.id,
      name: payer.name,
      planType: payer.planType,
      transport: payer.transport,
    },
    request: { ...request, attachments },
    assessment: null,
    billing: null,
    findings: [],
    decision: null,
    deadlines: { payerDecisionDueAt: null, appealDueAt: null },
    appeals: [],
    documents: [],
    submission: null,
    lastEventAt: null,
    appliedEventIds: [],
    workflow: { name: 'SubmitPriorAuth', step: 'Received', startedAt: at, attempts: 1 },
    flags: [],
  };
  const created = await createCase(
    record,
    [{ at, status: 'RECEIVED', source: 'api', event: 'prior_auth.received', detail: `payer ${payer.id}` }],
    idempotency,
  );
  if (created.replayed) return { caseId: created.caseId, status: 'RECEIVED', replayed: true };

  // Assess: the workflow takes it from here.
  try {
    await startSubmitPriorAuth(caseId);
  } catch (error) {
    logger.warn('could not start SubmitPriorAuth; the sweep will re-drive the case', {
      caseId,
      errorName: (error as Error).name,
    });
  }
  return { caseId, status: 'RECEIVED', replayed: false };
}
