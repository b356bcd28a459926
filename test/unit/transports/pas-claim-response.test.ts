import { describe, expect, it } from 'vitest';
import { normalisePasClaimResponse } from '#adapters/transports/pas-claim-response.ts';
import { PayerRejectedError } from '#core/errors.ts';
import { statusForEvent } from '#core/payer/payer-events.ts';
import { approvalTerms, CTX, fixture } from './support.ts';

const pas = (name: string): unknown => JSON.parse(fixture('pas', name));

describe('normalisePasClaimResponse', () => {
  it.each([
    ['response-a1-approved.json', 'approved', 'APPROVED'],
    ['response-a2-partial.json', 'partially_approved', 'PARTIALLY_APPROVED'],
    ['response-a3-denied.json', 'denied', 'DENIED'],
    ['response-a4-pended.json', 'pended', 'NEEDS_INFO'],
    ['response-a4-pended-no-request.json', 'pended', 'PENDED'],
    ['response-a6-modified.json', 'partially_approved', 'PARTIALLY_APPROVED'],
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
    expect(event).toMatchObject(
      approvalTerms('AUTH-A1-55120', ['2026-08-10', '2027-08-09'], 1950, '2026-08-05T18:30:00.000Z'),
    );
  });

  it('takes the authorized quantity of a partial approval, not the requested units', () => {
    const event = normalisePasClaimResponse(pas('response-a2-partial.json'), CTX);
    expect(event.approvedUnits).toBe(900);
    expect(event.reasons).toEqual([{ system: 'X12-HCR', code: '0U' }]);
  });

  it('falls back to the requested units only for a full approval (A1) that does not restate them', () => {
    // Prepare: the bare A1 without its authorized quantity
    const bare = pas('claimresponse-a1-bare.json') as { item: Array<{ extension?: unknown[] }> };
    for (const item of bare.item) item.extension = [];
    // Act
    const a1 = normalisePasClaimResponse(bare, CTX);
    const a6 = normalisePasClaimResponse(pas('response-a6-modified.json'), CTX);
    // Assess: A6 (modified) certifies less than requested, so no default
    expect(a1.approvedUnits).toBe(CTX.requestedUnits);
    expect(a6.outcome).toBe('partially_approved');
    expect(a6.approvedUnits).toBeNull();
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
