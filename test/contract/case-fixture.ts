/**
 * Cases for the contract suites: the example request as a new case, under an id of the test's own.
 */
import type { CaseRecord } from '#core/case/case-record.ts';
import { createCase } from '#core/case/create-case.ts';
import type { HistoryEntry } from '#core/model.ts';
import type { NormalisedPayerEvent, PayerConfig } from '#core/ports.ts';
import requestJson from '#schemas/examples/prior-auth-request.json' with { type: 'json' };
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';

const request = PriorAuthRequest.parse(requestJson);

export const PAYER: PayerConfig = {
  id: 'demo-medicare-advantage',
  name: 'Demo Medicare Advantage Plan',
  planType: 'medicare_advantage',
  transport: 'manual',
  webhookSecret: 'whsec_dGVzdA==',
};

let serial = 0;
/** A case id no other test uses (the real table outlives a test). */
export function uniqueCaseId(): string {
  serial += 1;
  return `pa_contract_${process.pid}_${Date.now().toString(36)}_${serial}`;
}

/** An organization id no other test uses: its worklist partitions hold this test's cases only. */
export function uniqueOrganizationId(): string {
  serial += 1;
  return `org-contract-${process.pid}-${Date.now().toString(36)}-${serial}`;
}

export function newCase(
  overrides: Partial<CaseRecord> = {},
  at = '2026-03-02T15:00:00.000Z',
): { record: CaseRecord; history: HistoryEntry[] } {
  const made = createCase({
    organizationId: 'default',
    caseId: uniqueCaseId(),
    request,
    attachments: [],
    payer: PAYER,
    at,
  });
  return { record: { ...made.record, ...overrides }, history: made.history };
}

export function entry(at: string, event: string): HistoryEntry {
  return { at, status: 'RECEIVED', source: 'workflow', event, detail: event };
}

/** A payer's decision about a case: an approval unless told otherwise. */
export function payerEvent(
  caseId: string,
  overrides: Partial<NormalisedPayerEvent> = {},
): NormalisedPayerEvent {
  return {
    type: 'prior_auth.decision',
    occurredAt: '2026-03-02T15:00:00.000Z',
    caseId,
    payerReference: null,
    outcome: 'approved',
    authorizationNumber: 'AUTH-1',
    approvedUnits: 150,
    validFrom: null,
    validTo: null,
    reasons: [],
    requestedDocuments: [],
    note: null,
    ...overrides,
  };
}

/** The metadata of a packet document of the case, as a change of the case stores it. */
export function documentMeta(caseId: string) {
  return {
    documentId: `doc_${caseId}`,
    kind: 'packet' as const,
    contentType: 'application/pdf',
    createdAt: '2026-03-02T15:00:00.000Z',
    bytes: 10,
    sha256: 'ab',
    caseId,
    s3Key: `documents/${caseId}/x.pdf`,
  };
}
