/**
 * The 278 reader on public 278 responses it was not written against (test/fixtures/x12/public-278,
 * SOURCES.md): a byte-order mark, CRLF line ends, indentation, an ISA of version 00401: an approval
 * at the patient event level, an approval at the service level under a modified event, and a pend
 * with the payer's pend reference.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normaliseX12_278Response, x12CaseReference } from '#adapters/transports/x12-278-response.ts';
import { statusForEvent } from '#core/payer/payer-events.ts';
import { CTX } from './support.ts';

const sample = (name: string) =>
  readFileSync(new URL(`../../fixtures/x12/public-278/${name}.txt`, import.meta.url), 'utf8');

describe('public 278 responses', () => {
  it.each([
    [
      'Example_3_1_2_Response',
      'APPROVED',
      '111099',
      {
        outcome: 'approved',
        authorizationNumber: 'AUTH0001',
        // HSD*VS*1 counts visits, not units: the full approval keeps the units requested.
        approvedUnits: CTX.requestedUnits,
        validFrom: '2005-05-02',
        validTo: '2005-06-02',
        reasons: [],
      },
    ],
    [
      'Example_3_2_2_Response',
      'APPROVED',
      '97021001',
      {
        // The service line (2000F HCR*A1) decides; the event's HCR*A6 is the admission's.
        outcome: 'approved',
        authorizationNumber: 'AUTH0002',
        approvedUnits: CTX.requestedUnits,
        validFrom: '2005-05-16',
        validTo: '2005-05-16',
      },
    ],
    [
      'Example_3_3_2_Response',
      'PENDED',
      'YZZ099',
      {
        outcome: 'pended',
        payerReference: 'P20030216001',
        authorizationNumber: null,
        approvedUnits: null,
        validFrom: null,
        reasons: [{ system: 'X12-HCR', code: '0U' }],
      },
    ],
  ] as const)('%s: %s, traced to %s', (name, status, trace, expected) => {
    // Act
    const event = normaliseX12_278Response(sample(name), CTX);
    // Assess
    expect(event).toMatchObject({ type: 'prior_auth.decision', caseId: CTX.caseId, ...expected });
    expect(statusForEvent(event)).toBe(status);
    expect(x12CaseReference(sample(name))).toBe(trace);
  });
});
