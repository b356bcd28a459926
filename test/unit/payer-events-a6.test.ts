/**
 * A6 (modified) certifies less than requested (API.md part 2): on a submitted or an approved case
 * it makes the case PARTIALLY_APPROVED, with the authorization the payer states, never the units
 * requested.
 */
import { describe, expect, it } from 'vitest';
import { applyPayerEventToCase } from '#core/case/apply-payer-event.ts';
import { reviewDecision } from '#core/payer/payer-events.ts';
import { AT, EVENT_ID, submittedCase } from './support/payer-case.ts';

const CTX = { caseId: 'case-01J', receivedAt: '2026-08-05T18:31:00.000Z', requestedUnits: 1950 };
const modified = (quantities: number[]) =>
  reviewDecision(
    {
      codes: ['A6'],
      occurredAt: '2026-08-05T18:30:00.000Z',
      payerReference: 'PAYREF-A6',
      authorizationNumber: 'AUTH-A6-1',
      quantities,
      period: { from: '2026-08-10', to: '2026-12-31' },
      reasons: [],
      requestedDocuments: [],
      notes: [],
    },
    CTX,
  );

describe('A6 (modified)', () => {
  it.each(['SUBMITTED', 'APPROVED'] as const)(
    'partially approves a %s case with the stated authorization',
    (status) => {
      // Act
      const change = applyPayerEventToCase({
        record: submittedCase({ status }),
        event: modified([900]),
        eventId: EVENT_ID,
        at: AT,
      });
      // Assess
      expect(change.outcome).toBe('applied');
      expect(change.next?.status).toBe('PARTIALLY_APPROVED');
      expect(change.next?.decision).toMatchObject({
        outcome: 'partially_approved',
        authorizationNumber: 'AUTH-A6-1',
        approvedUnits: 900,
        validFrom: '2026-08-10',
        validTo: '2026-12-31',
      });
    },
  );

  it('approves no units by default when the payer states none (not the requested ones)', () => {
    expect(modified([]).approvedUnits).toBeNull();
  });
});
