import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canTransition } from '#core/case/status-transitions.ts';
import { PayerRejectedError, ValidationError } from '#core/errors.ts';
import {
  combineReviewActions,
  normalisePasClaimResponse,
  normaliseWebhook,
  normaliseX12_278Response,
  REVIEW_ACTIONS,
  statusForEvent,
} from '#core/payer/payer-events.ts';
import type { NormalisedPayerEvent } from '#core/ports.ts';
import deniedWebhook from '../fixtures/webhook-denied.json' with { type: 'json' };

const fixture = (dir: 'pas' | 'x12', name: string) =>
  readFileSync(new URL(`../fixtures/${dir}/${name}`, import.meta.url), 'utf8');
const pas = (name: string): unknown => JSON.parse(fixture('pas', name));
const CTX = { caseId: 'case-01J', receivedAt: '2026-08-05T18:31:00.000Z', requestedUnits: 1950 };

describe('normaliseWebhook', () => {
  it('normalises the example denial of API.md', () => {
    // Prepare
    const body = { ...deniedWebhook, data: { ...deniedWebhook.data, caseId: 'case-01J' } };
    // Act
    const event = normaliseWebhook(body);
    // Assess
    expect(event).toEqual({
      type: 'prior_auth.decision',
      occurredAt: body.occurredAt,
      caseId: 'case-01J',
      payerReference: body.data.payerReference,
      outcome: 'denied',
      authorizationNumber: null,
      approvedUnits: null,
      validFrom: null,
      validTo: null,
      reasons: body.data.reasons,
      requestedDocuments: [],
      note: body.data.note,
    });
    expect(statusForEvent(event)).toBe('DENIED');
  });

  it('fills optional fields of a minimal approval with null and empty lists', () => {
    const event = normaliseWebhook({
      type: 'prior_auth.decision',
      occurredAt: '2026-11-20T15:04:05Z',
      data: {
        caseId: 'c1',
        outcome: 'approved',
        authorizationNumber: 'PA-1',
        approvedUnits: 1950,
        validFrom: '2026-08-10',
      },
    });
    expect(event).toMatchObject({
      payerReference: null,
      authorizationNumber: 'PA-1',
      approvedUnits: 1950,
      validFrom: '2026-08-10',
      validTo: null,
      reasons: [],
      requestedDocuments: [],
      note: null,
    });
  });

  it.each([
    [{ claimId: 'CLM-1', group: 'CO', code: '50' }, [{ system: 'CARC', group: 'CO', code: '50' }]],
    [
      {
        claimId: 'CLM-1',
        reasons: [
          { system: 'CARC', group: 'CO', code: '4' },
          { system: 'RARC', code: 'N822' },
        ],
      },
      [
        { system: 'CARC', group: 'CO', code: '4' },
        { system: 'RARC', code: 'N822' },
      ],
    ],
    [
      {
        claimId: 'CLM-1',
        group: 'CO',
        code: '16',
        reasons: [
          { system: 'CARC', group: 'CO', code: '16' },
          { system: 'RARC', code: 'M119' },
        ],
      },
      [
        { system: 'CARC', group: 'CO', code: '16' },
        { system: 'RARC', code: 'M119' },
      ],
    ],
  ])('normalises a claim denial carrying %j', (extra, reasons) => {
    // Act
    const event = normaliseWebhook({
      type: 'claim.denied',
      occurredAt: '2026-11-20T15:04:05Z',
      data: { caseId: 'c1', ...extra },
    });
    // Assess
    expect(event).toMatchObject({ type: 'claim.denied', outcome: 'denied', claimId: 'CLM-1', reasons });
    expect(statusForEvent(event)).toBe('DENIED');
  });

  it.each([
    ['overturned', 'APPEAL_APPROVED'],
    ['upheld', 'APPEAL_DENIED'],
  ] as const)('normalises an appeal decision %s -> %s', (outcome, status) => {
    const event = normaliseWebhook({
      type: 'appeal.decision',
      occurredAt: '2026-12-01T10:00:00+00:00',
      data: { caseId: 'c1', appealId: 'apl-1', outcome },
    });
    expect(event).toMatchObject({ type: 'appeal.decision', outcome, appealId: 'apl-1' });
    expect(statusForEvent(event)).toBe(status);
  });

  it.each([
    [
      'an unknown type',
      { type: 'prior_auth.updated', occurredAt: '2026-11-20T15:04:05Z', data: { caseId: 'c' } },
      'type',
    ],
    [
      'a missing caseId',
      { type: 'prior_auth.decision', occurredAt: '2026-11-20T15:04:05Z', data: { outcome: 'denied' } },
      'data.caseId',
    ],
    [
      'an outcome of another event type',
      {
        type: 'prior_auth.decision',
        occurredAt: '2026-11-20T15:04:05Z',
        data: { caseId: 'c', outcome: 'upheld' },
      },
      'data.outcome',
    ],
    [
      'a date that is not ISO',
      { type: 'prior_auth.decision', occurredAt: '20 Nov 2026', data: { caseId: 'c', outcome: 'denied' } },
      'occurredAt',
    ],
    [
      'a claim denial without a CARC',
      { type: 'claim.denied', occurredAt: '2026-11-20T15:04:05Z', data: { caseId: 'c', claimId: 'CLM-1' } },
      'data.code',
    ],
    [
      'an appeal decision without appealId',
      {
        type: 'appeal.decision',
        occurredAt: '2026-11-20T15:04:05Z',
        data: { caseId: 'c', outcome: 'upheld' },
      },
      'data.appealId',
    ],
    ['not an object', 'denied', ''],
  ])('refuses %s with a ValidationError naming the field', (_case, body, path) => {
    // Act
    let caught: unknown;
    try {
      normaliseWebhook(body);
    } catch (error) {
      caught = error;
    }
    // Assess
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).errors.map((e) => e.path)).toContain(path);
  });
});

describe('normalisePasClaimResponse', () => {
  it.each([
    ['response-a1-approved.json', 'approved', 'APPROVED'],
    ['response-a2-partial.json', 'partially_approved', 'PARTIALLY_APPROVED'],
    ['response-a3-denied.json', 'denied', 'DENIED'],
    ['response-a4-pended.json', 'pended', 'NEEDS_INFO'],
    ['response-a4-pended-no-request.json', 'pended', 'PENDED'],
    ['response-a6-modified.json', 'approved', 'APPROVED'],
    ['response-c-cancelled.json', 'pended', 'PENDED'],
    ['response-ct-contact-payer.json', 'pended', 'PENDED'],
    ['response-na-no-action.json', 'pended', 'PENDED'],
  ] as const)('%s -> %s (%s)', (file, outcome, status) => {
    // Act
    const event = normalisePasClaimResponse(pas(file), CTX);
    // Assess
    expect(event.type).toBe('prior_auth.decision');
    expect(event.caseId).toBe(CTX.caseId);
    expect(event.outcome).toBe(outcome);
    expect(statusForEvent(event)).toBe(status);
    expect(event.payerReference).toMatch(/^PAYREF-/);
    if (outcome === 'approved' || outcome === 'partially_approved') {
      expect(event.authorizationNumber).toMatch(/^AUTH-/);
      expect(event.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    } else {
      expect(event.authorizationNumber).toBeNull();
      expect(event.approvedUnits).toBeNull();
    }
  });

  it('reads preAuthRef, the certification period and the authorized quantity of an approval', () => {
    const event = normalisePasClaimResponse(pas('response-a1-approved.json'), CTX);
    expect(event).toMatchObject({
      authorizationNumber: 'AUTH-A1-55120',
      validFrom: '2026-08-10',
      validTo: '2027-08-09',
      approvedUnits: 1950,
      occurredAt: '2026-08-05T18:30:00.000Z',
    });
  });

  it('takes the authorized quantity of a partial approval, not the requested units', () => {
    const event = normalisePasClaimResponse(pas('response-a2-partial.json'), CTX);
    expect(event.approvedUnits).toBe(900);
    expect(event.reasons).toEqual([{ system: 'X12-HCR', code: '0U' }]);
  });

  it('falls back to the requested units for a full approval that does not restate them', () => {
    const a6 = normalisePasClaimResponse(pas('response-a6-modified.json'), CTX);
    const withoutUnits = normalisePasClaimResponse(pas('response-a6-modified.json'), {
      ...CTX,
      requestedUnits: undefined,
    });
    expect(a6.approvedUnits).toBe(CTX.requestedUnits);
    expect(withoutUnits.approvedUnits).toBeNull();
  });

  it('keeps the decision reason codes and the notes of a denial', () => {
    const event = normalisePasClaimResponse(pas('response-a3-denied.json'), CTX);
    expect(event.reasons).toEqual([{ system: 'X12-HCR', code: '0Y' }]);
    expect(event.note).toContain('Not medically necessary');
  });

  it('lists the documents a pended response asks for', () => {
    const event = normalisePasClaimResponse(pas('response-a4-pended.json'), CTX);
    expect(event.requestedDocuments).toHaveLength(2);
    expect(event.requestedDocuments[1]).toBe('Pathology study');
  });

  it.each([
    ['response-c-cancelled.json', 'C (Cancelled)'],
    ['response-ct-contact-payer.json', 'CT (Contact payer)'],
    ['response-na-no-action.json', 'NA (No action required)'],
  ])('routes %s to the manual work queue with a note', (file, named) => {
    const event = normalisePasClaimResponse(pas(file), CTX);
    expect(event.note).toContain('manual work queue');
    expect(event.note).toContain(named);
  });

  it('reads a bare ClaimResponse as well as a Bundle, and uses receivedAt when created is missing', () => {
    // Prepare
    const bare = pas('claimresponse-a1-bare.json') as Record<string, unknown>;
    delete bare.created;
    // Act
    const event = normalisePasClaimResponse(bare, CTX);
    // Assess
    expect(event).toMatchObject({
      outcome: 'approved',
      authorizationNumber: 'AUTH-A1-BARE',
      occurredAt: CTX.receivedAt,
    });
  });

  it('reads a Parameters wrapper around the response Bundle', () => {
    const wrapped = {
      resourceType: 'Parameters',
      parameter: [{ name: 'return', resource: pas('response-a3-denied.json') }],
    };
    expect(normalisePasClaimResponse(wrapped, CTX).outcome).toBe('denied');
  });

  it.each([
    ['an OperationOutcome', pas('operation-outcome-invalid.json')],
    ['a Bundle without ClaimResponse', { resourceType: 'Bundle', type: 'collection', entry: [] }],
    ['not FHIR at all', 'oops'],
    [
      'an error outcome',
      { resourceType: 'ClaimResponse', outcome: 'error', error: [{ code: { coding: [{ code: '15' }] } }] },
    ],
  ])('treats %s as a rejection', (_case, body) => {
    expect(() => normalisePasClaimResponse(body, CTX)).toThrow(PayerRejectedError);
  });

  it('pends a ClaimResponse with no review action, saying so', () => {
    const event = normalisePasClaimResponse(
      { resourceType: 'ClaimResponse', outcome: 'queued', item: [] },
      CTX,
    );
    expect(event.outcome).toBe('pended');
    expect(event.note).toContain('no review action');
  });
});

describe('normaliseX12_278Response', () => {
  const x12 = (name: string) => normaliseX12_278Response(fixture('x12', name), CTX);

  it.each([
    ['response-a1-approved.x12', 'A1', 'approved', 'APPROVED'],
    ['response-a2-partial.x12', 'A2', 'partially_approved', 'PARTIALLY_APPROVED'],
    ['response-a3-denied.x12', 'A3', 'denied', 'DENIED'],
    ['response-a4-pended.x12', 'A4', 'pended', 'PENDED'],
    ['response-a6-modified.x12', 'A6', 'approved', 'APPROVED'],
    ['response-c-cancelled.x12', 'C', 'pended', 'PENDED'],
    ['response-ct-contact-payer.x12', 'CT', 'pended', 'PENDED'],
    ['response-na-no-action.x12', 'NA', 'pended', 'PENDED'],
  ] as const)('%s (HCR01 %s) -> %s (%s)', (file, code, outcome, status) => {
    // Act
    const event = x12(file);
    // Assess
    expect(event.outcome).toBe(outcome);
    expect(REVIEW_ACTIONS[code].outcome).toBe(outcome);
    expect(statusForEvent(event)).toBe(status);
    expect(event.caseId).toBe(CTX.caseId);
    expect(event.occurredAt).toBe(CTX.receivedAt);
    expect(event.note?.includes('manual work queue') ?? false).toBe(REVIEW_ACTIONS[code].manualWorkQueue);
  });

  it('reads HCR02, the DTP*472 service dates and the SV1 units of an approval', () => {
    expect(x12('response-a1-approved.x12')).toMatchObject({
      authorizationNumber: 'AUTH-A1-77001',
      payerReference: 'ADMREF-0001',
      validFrom: '2026-08-10',
      validTo: '2027-08-09',
      approvedUnits: 1950,
      note: 'CERTIFIED IN TOTAL',
    });
  });

  it('reads the partial units and the HCR03 reason of a partial approval', () => {
    expect(x12('response-a2-partial.x12')).toMatchObject({
      approvedUnits: 900,
      validTo: '2027-02-07',
      reasons: [{ system: 'X12-HCR', code: '0U' }],
    });
  });

  it('keeps no authorization number on a denial, and the HCR03 reason', () => {
    const event = x12('response-a3-denied.x12');
    expect(event.authorizationNumber).toBeNull();
    expect(event.reasons).toEqual([{ system: 'X12-HCR', code: '0Y' }]);
  });

  it('reads a single-day D8 service date', () => {
    expect(x12('response-a6-modified.x12')).toMatchObject({ validFrom: '2026-08-17', validTo: '2026-08-17' });
  });

  it('falls back to the patient-event HCR and its dates when no service level decides', () => {
    expect(x12('response-a1-event-level.x12')).toMatchObject({
      outcome: 'approved',
      authorizationNumber: 'AUTH-EV-77010',
      validFrom: '2026-08-10',
      validTo: '2027-08-09',
    });
  });

  it.each([['response-aaa-rejected.x12', 'AAA reject reasons: 75']])(
    'treats %s as a rejection',
    (file, message) => {
      expect(() => x12(file)).toThrow(message);
    },
  );

  it.each([
    ['garbage', 'not x12 at all'],
    ['another transaction set', fixture('x12', 'response-a1-approved.x12').replace('ST*278', 'ST*271')],
  ])('refuses %s as a PayerRejectedError', (_case, text) => {
    expect(() => normaliseX12_278Response(text, CTX)).toThrow(PayerRejectedError);
  });
});

describe('combineReviewActions', () => {
  it.each([
    [['A1'], 'approved'],
    [['A1', 'A6'], 'approved'],
    [['A3', 'A3'], 'denied'],
    [['A1', 'A3'], 'partially_approved'],
    [['A2'], 'partially_approved'],
    [['A1', 'A4'], 'pended'],
    [['A1', 'CT'], 'pended'],
    [[], 'pended'],
  ] as const)('%j -> %s', (codes, outcome) => {
    expect(combineReviewActions(codes).outcome).toBe(outcome);
  });
});

describe('statusForEvent', () => {
  const base: Pick<NormalisedPayerEvent, 'type' | 'outcome' | 'requestedDocuments'> = {
    type: 'prior_auth.decision',
    outcome: 'approved',
    requestedDocuments: [],
  };

  it.each([
    ['prior_auth.decision', 'approved', [], 'APPROVED'],
    ['prior_auth.decision', 'partially_approved', [], 'PARTIALLY_APPROVED'],
    ['prior_auth.decision', 'denied', [], 'DENIED'],
    ['prior_auth.decision', 'pended', [], 'PENDED'],
    ['prior_auth.decision', 'pended', ['imaging report'], 'NEEDS_INFO'],
    ['claim.denied', 'denied', [], 'DENIED'],
    ['appeal.decision', 'overturned', [], 'APPEAL_APPROVED'],
    ['appeal.decision', 'upheld', [], 'APPEAL_DENIED'],
  ] as const)('%s %s (documents %j) -> %s', (type, outcome, requestedDocuments, status) => {
    expect(statusForEvent({ type, outcome, requestedDocuments: [...requestedDocuments] })).toBe(status);
  });

  it.each([
    ['prior_auth.decision', 'upheld'],
    ['claim.denied', 'approved'],
    ['appeal.decision', 'denied'],
  ] as const)('refuses %s with outcome %s', (type, outcome) => {
    expect(() => statusForEvent({ ...base, type, outcome })).toThrow(ValidationError);
  });

  it('gives only statuses a submitted case can reach for prior-auth decisions', () => {
    for (const outcome of ['approved', 'partially_approved', 'denied', 'pended'] as const) {
      expect(canTransition('SUBMITTED', statusForEvent({ ...base, outcome }))).toBe(true);
    }
  });
});
