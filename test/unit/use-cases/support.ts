/**
 * The world of a use case test: every port in memory, the example request, its payer.
 */
import { inMemoryPorts } from '#adapters/in-memory/index.ts';
import type { CaseRecord } from '#core/case/case-record.ts';
import { documentKey } from '#core/case/storage-keys.ts';
import { OPERATOR } from '#core/identity/claims.ts';
import { packetDocumentId } from '#core/ids.ts';
import type { PayerConfig } from '#core/ports.ts';
import requestJson from '#schemas/examples/prior-auth-request.json' with { type: 'json' };
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { assemblePacket } from '#use-cases/assemble-packet.ts';
import { receivePriorAuth } from '#use-cases/receive-prior-auth.ts';
import { PAYER } from '../../contract/case-fixture.ts';
import { pacificAssessment, pacificBilling } from '../support/appeal-case.ts';
import { CASE_ID, EVENT_ID, submittedCase } from '../support/payer-case.ts';

export { PAYER };

export const NOW = '2026-03-02T15:00:00.000Z';

export const MEDICARE: PayerConfig = {
  id: 'demo-medicare',
  name: 'Demo Medicare Part B (MAC)',
  planType: 'medicare',
  transport: 'manual',
  webhookSecret: 'whsec_dGVzdA==',
};

export function exampleRequest(overrides: Partial<PriorAuthRequest> = {}): PriorAuthRequest {
  return { ...PriorAuthRequest.parse(requestJson), ...overrides };
}

export function world(overrides: Parameters<typeof inMemoryPorts>[0] = {}) {
  return inMemoryPorts({ payers: [PAYER, MEDICARE], ...overrides });
}

export type World = ReturnType<typeof world>;

/** A case received and its packet assembled (PACKET_READY): what SubmitToPayer starts from. */
export async function packetReady(w: World): Promise<string> {
  const { caseId } = await receivePriorAuth(
    { caller: OPERATOR, request: exampleRequest(), rawBody: '{}' },
    w,
  );
  await assemblePacket(caseId, w);
  return caseId;
}

/** The history of a case, as the API would show it. */
export async function historyOf(w: World, caseId: string): Promise<string[]> {
  return ((await w.cases.getCaseWithChildren(caseId))?.history ?? []).map((h) => h.event);
}

/** Stores a case through the store, as the earlier steps would have left it. */
export async function givenCase(w: World, record: CaseRecord): Promise<CaseRecord> {
  await w.cases.createCase(record, []);
  return record;
}

export const PACKET_BYTES = new TextEncoder().encode('%PDF-1.7 the original packet');

/** A case the payer denied, with its packet on file; the remedy is owed for EVENT_ID. */
export async function deniedCase(w: World, overrides: Partial<CaseRecord> = {}): Promise<void> {
  const packetId = packetDocumentId(CASE_ID);
  await givenCase(
    w,
    submittedCase({
      status: 'DENIED',
      assessment: pacificAssessment,
      billing: pacificBilling,
      documents: [{ documentId: packetId, kind: 'packet', contentType: 'application/pdf' }],
      pendingRemedyEventId: EVENT_ID,
      ...overrides,
    }),
  );
  await w.documents.put(documentKey(CASE_ID, packetId), PACKET_BYTES, 'application/pdf');
}
