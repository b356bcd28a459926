import { describe, expect, it } from 'vitest';
import { normaliseX12_278Response, x12CaseReference } from '#adapters/transports/x12-278-response.ts';
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
    ['response-a6-modified.x12', 'A6', 'partially_approved', 'PARTIALLY_APPROVED'],
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

  /** SE01 recounted (ST to SE) after segments were added or removed. */
  const recounted = (text: string) => {
    const segments = text.split('~').map((s) => s.trim());
    const count =
      segments.indexOf(segments.find((s) => s.startsWith('SE*'))!) -
      segments.findIndex((s) => s.startsWith('ST*')) +
      1;
    return text.replace(/SE\*\d+\*/, `SE*${count}*`);
  };
  /** The A2 fixture with its service line's SV1 replaced by `lines`. */
  const a2With = (...lines: string[]) =>
    recounted(
      fixture('x12', 'response-a2-partial.x12').replace('SV1*HC:J9173**UN*900~', `${lines.join('~\n')}~`),
    );

  it.each([
    ['HSD01 FL (units)', ['HSD*FL*600'], 600],
    ['HSD01 VS (visits): not units', ['HSD*VS*6'], null],
    ['HSD01 DY (days) then FL', ['HSD*DY*180', 'HSD*FL*450'], 450],
    ['SV1 with a unit basis other than UN', ['SV1*HC:J9173**MJ*900'], null],
  ] as const)('reads HSD and SV1 quantities by their qualifier: %s', (_what, lines, units) => {
    expect(normaliseX12_278Response(a2With(...lines), CTX).approvedUnits).toBe(units);
  });

  it('takes the certification period from DTP*007 (effective) and DTP*036 (expiration)', () => {
    const body = a2With('SV1*HC:J9173**UN*900', 'DTP*007*D8*20260812', 'DTP*036*D8*20261231');
    expect(normaliseX12_278Response(body, CTX)).toMatchObject({
      validFrom: '2026-08-12',
      validTo: '2026-12-31',
    });
  });

  it('A6 (modified) without restated units approves none by default, never the requested ones', () => {
    expect(x12('response-a6-modified.x12').approvedUnits).toBeNull();
  });

  it.each([
    [
      'the TRN*2 trace of the patient event',
      (t: string) => t.replace('TRN*2*CASE-0001', 'TRN*2*case-trn'),
      'case-trn',
    ],
    [
      'BHT03 when there is no trace',
      (t: string) => recounted(t.replace(/TRN\*2\*CASE-0001[^~]*~\n/, '')),
      'CASE-0001',
    ],
  ])('names the case by %s', (_what, edit, caseId) => {
    expect(x12CaseReference(edit(fixture('x12', 'response-a1-approved.x12')))).toBe(caseId);
  });
});
