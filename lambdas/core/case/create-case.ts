/**
 * A new case from a validated request: the record as first stored, its first history entry, and
 * the payer's own rules for the assessment. Pure.
 */
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import type { SiteOfCarePolicy } from '../clinical/site-of-care.ts';
import type { Continuation } from '../course/continuation.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import type { HistoryEntry } from '../model.ts';
import type { IdempotencyClaim, PayerConfig } from '../ports.ts';
import type { CaseRecord, StoredAttachment } from './case-record.ts';

/** The payer a request names must be in the registry, or nothing is written. */
export function knownPayer(payer: PayerConfig | undefined, payerId: string): PayerConfig {
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
  siteOfCare?: { policy: SiteOfCarePolicy; payerName: string };
} {
  const options = payer.options ?? {};
  return {
    planType: payer.planType,
    acceptNccn2B: options.acceptNccn2B === true,
    acceptLiterature: options.acceptLiterature === true,
    ...(payer.siteOfCarePolicy
      ? { siteOfCare: { policy: payer.siteOfCarePolicy, payerName: payer.name } }
      : {}),
  };
}

/** The stored request in the shape the domain takes (attachments are in the document store). */
export function domainRequest(record: CaseRecord): PriorAuthRequest {
  return { ...record.request, attachments: [] } as PriorAuthRequest;
}

export function createCase(input: {
  caseId: string;
  /** The organization the case belongs to (tenancy): never changes afterwards. */
  organizationId: string;
  request: PriorAuthRequest;
  attachments: StoredAttachment[];
  payer: PayerConfig;
  at: string;
  continuation?: Continuation;
}): { record: CaseRecord; history: HistoryEntry[] } {
  const { caseId, request, payer, at } = input;
  const record: CaseRecord = {
    caseId,
    organizationId: input.organizationId,
    version: 1,
    status: 'RECEIVED',
    priority: request.priority,
    createdAt: at,
    updatedAt: at,
    payer: { id: payer.id, name: payer.name, planType: payer.planType, transport: payer.transport },
    request: { ...request, attachments: input.attachments },
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
    ...(input.continuation ? { continuation: input.continuation } : {}),
  };
  const history: HistoryEntry[] = [
    { at, status: 'RECEIVED', source: 'api', event: 'prior_auth.received', detail: `payer ${payer.id}` },
  ];
  return { record, history };
}

/**
 * The most a new case may take as stored (JSON bytes): well under DynamoDB's 400 KB item, so the
 * findings, history, appeals and documents the workflow adds later always fit.
 */
export const NEW_CASE_MAX_BYTES = 200 * 1024;

/** A case too large to store is refused before anything is written, naming its largest field. */
export function checkCaseSize(record: CaseRecord): void {
  const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value) ?? '').length;
  const size = bytes(record);
  if (size <= NEW_CASE_MAX_BYTES) return;
  const [largest] = Object.entries(record.request)
    .map(([field, value]) => ({ field, size: bytes(value) }))
    .sort((a, b) => b.size - a.size);
  throw new ValidationError(
    'the request is too large to store as one case',
    [
      {
        path: largest?.field ?? 'request',
        message: `the case would take ${Math.ceil(size / 1024)} KB (at most ${NEW_CASE_MAX_BYTES / 1024} KB); this field takes ${Math.ceil((largest?.size ?? 0) / 1024)} KB`,
      },
    ],
    { statusCode: 413 },
  );
}

/** A request under an Idempotency-Key used before: the case it made, or a 422 for another body. */
export function checkReplay(
  existing: { caseId: string; bodyHash: string },
  claim: IdempotencyClaim,
): { caseId: string; replayed: true } {
  if (existing.bodyHash !== claim.bodyHash) {
    throw new ConflictError(`Idempotency-Key ${claim.key} was already used with a different body`, {
      statusCode: 422,
    });
  }
  return { caseId: existing.caseId, replayed: true };
}
