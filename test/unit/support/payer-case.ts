/**
 * A submitted case of the example request (Demo Medicare Advantage; no assessment or billing
 * unless given) and payer events about it, for the tests of what a payer event does and which
 * remedy a denial gets.
 */
import type { CaseRecord } from '#core/case/case-record.ts';
import { createCase } from '#core/case/create-case.ts';
import type { Claim } from '#core/model.ts';
import type { EventReceipt, NormalisedPayerEvent } from '#core/ports.ts';
import { exampleRequest, PAYER, type World } from '../use-cases/support.ts';

export const CASE_ID = 'pa_01jd0000000000000000000000';
export const EVENT_ID = 'evt_00000000000000000000000000000001';
export const AT = '2026-11-20T16:00:00.000Z';

export function submittedCase(overrides: Partial<CaseRecord> = {}): CaseRecord {
  const request = exampleRequest();
  const created = '2026-11-18T09:00:00.000Z';
  const { record } = createCase({
    organizationId: 'default',
    caseId: CASE_ID,
    request,
    attachments: [],
    payer: PAYER,
    at: created,
  });
  return {
    ...record,
    version: 4,
    status: 'SUBMITTED',
    updatedAt: '2026-11-18T09:05:00.000Z',
    deadlines: { payerDecisionDueAt: '2026-12-02T09:05:00.000Z', appealDueAt: null },
    submission: {
      payerReference: null,
      submittedAt: '2026-11-18T09:05:00.000Z',
      transport: 'manual',
      detail: 'manual: awaiting payer decision by webhook',
    },
    workflow: null,
    flags: ['DECISION_OVERDUE'],
    ...overrides,
  };
}

/** A payer event about the case: a prior-auth denial (CARC 50) unless told otherwise. */
export function payerEvent(overrides: Partial<NormalisedPayerEvent> = {}): NormalisedPayerEvent {
  return {
    type: 'prior_auth.decision',
    occurredAt: '2026-11-20T15:04:05Z',
    caseId: CASE_ID,
    payerReference: 'ACME-PA-7781',
    outcome: 'denied',
    authorizationNumber: null,
    approvedUnits: null,
    validFrom: null,
    validTo: null,
    reasons: [{ system: 'CARC', group: 'CO', code: '50' }],
    requestedDocuments: [],
    note: 'Not medically necessary.',
    ...overrides,
  };
}

export const RAW = '{"the":"payer body"}';

/** The event as ReceiveWebhook stores it: pending until applied. */
export async function givenEvent(
  w: World,
  event: NormalisedPayerEvent,
  eventId = EVENT_ID,
): Promise<EventReceipt> {
  const receipt: EventReceipt = {
    eventId,
    payerId: PAYER.id,
    webhookId: `msg_${eventId}`,
    caseId: event.caseId,
    channel: 'webhook',
    receivedAt: '2026-11-20T15:05:00.000Z',
    event,
    raw: RAW,
  };
  await w.cases.storeEventOnce(receipt);
  return receipt;
}

/** A claim of the case as SubmitClaim stores it, scrubbed. */
export const storedClaim: Claim = {
  claimId: 'CLM-1',
  receivedAt: '2026-12-01T10:00:00.000Z',
  findings: [],
  claim: { claimId: 'CLM-1' },
  status: 'SCRUBBED',
};
