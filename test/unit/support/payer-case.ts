/**
 * A submitted case of the example request (Demo Medicare Advantage; no assessment or billing
 * unless given) and payer events about it, for the tests of what a payer event does and which remedy a denial gets.
 */
import type { CaseRecord } from '#core/case/case-record.ts';
import type { NormalisedPayerEvent } from '#core/ports.ts';
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import requestJson from '../../fixtures/prior-auth-request.json' with { type: 'json' };

const request = PriorAuthRequest.parse(requestJson);

export const CASE_ID = 'pa_01jd0000000000000000000000';
export const EVENT_ID = 'evt_00000000000000000000000000000001';
export const AT = '2026-11-20T16:00:00.000Z';

export function submittedCase(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return {
    caseId: CASE_ID,
    version: 4,
    status: 'SUBMITTED',
    priority: 'standard',
    createdAt: '2026-11-18T09:00:00.000Z',
    updatedAt: '2026-11-18T09:05:00.000Z',
    payer: {
      id: 'demo-medicare-advantage',
      name: 'Demo Medicare Advantage Plan',
      planType: 'medicare_advantage',
      transport: 'manual',
    },
    request: { ...request, attachments: [] },
    assessment: null,
    billing: null,
    findings: [],
    decision: null,
    deadlines: { payerDecisionDueAt: '2026-12-02T09:05:00.000Z', appealDueAt: null },
    appeals: [],
    documents: [],
    submission: {
      payerReference: null,
      submittedAt: '2026-11-18T09:05:00.000Z',
      transport: 'manual',
      detail: 'manual: awaiting payer decision by webhook',
    },
    lastEventAt: null,
    appliedEventIds: [],
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
