import { describe, expect, it } from 'vitest';
import { normaliseX12_278Response } from '#adapters/transports/x12-278-response.ts';
import { PayerRejectedError } from '#core/errors.ts';
import { REVIEW_ACTIONS, statusForEvent } from '#core/payer/payer-events.ts';
import { CTX, fixture } from './support.ts';

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

  it.each([
    [
      'HCR02, the DTP*472 service dates and the SV1 units of an approval',
      'response-a1-approved.x12',
      {
        authorizationNumber: 'AUTH-A1-77001',
        payerReference: 'ADMREF-0001',
        validFrom: '2026-08-10',
        validTo: '2027-08-09',
        approvedUnits: 1950,
        note: 'CERTIFIED IN TOTAL',
      },
    ],
    [
      'the partial units and the HCR03 reason of a partial approval',
      'response-a2-partial.x12',
      { approvedUnits: 900, validTo: '2027-02-07', reasons: [{ system: 'X12-HCR', code: '0U' }] },
    ],
    [
      'no authorization number on a denial, and the HCR03 reason',
      'response-a3-denied.x12',
      { authorizationNumber: null, reasons: [{ system: 'X12-HCR', code: '0Y' }] },
    ],
    [
      'a single-day D8 service date',
      'response-a6-modified.x12',
      { validFrom: '2026-08-17', validTo: '2026-08-17' },
    ],
    [
      'the patient-event HCR and its dates when no service level decides',
      'response-a1-event-level.x12',
      {
        outcome: 'approved',
        authorizationNumber: 'AUTH-EV-77010',
        validFrom: '2026-08-10',
        validTo: '2027-08-09',
      },
    ],
  ])('reads %s', (_what, file, expected) => {
    expect(x12(file)).toMatchObject(expected);
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
