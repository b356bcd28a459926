import { describe, expect, it } from 'vitest';
import { applyPayerEventToCase } from '#core/case/apply-payer-event.ts';
import type { Appeal } from '#core/model.ts';
import { AT, EVENT_ID, payerEvent, storedClaim, submittedCase } from './support/payer-case.ts';

const readyAppeal: Appeal = {
  appealId: 'apl_1',
  status: 'APPEAL_READY',
  remedy: 'appeal',
  subject: 'prior_auth',
  level: 1,
  documentId: null,
  dueAt: '2027-01-15T00:00:00.000Z',
  createdAt: '2026-12-01T00:00:00.000Z',
};

describe('what a payer event touches beyond the case status', () => {
  it('marks no claim DENIED for a prior-auth decision, even with a stored claim at hand', () => {
    // Act
    const change = applyPayerEventToCase({
      record: submittedCase(),
      event: payerEvent({ outcome: 'approved', reasons: [] }),
      eventId: EVENT_ID,
      at: AT,
      claim: storedClaim,
    });
    // Assess
    expect(change.outcome).toBe('applied');
    expect(change.deniedClaim).toBeUndefined();
  });

  it('leaves the ready appeals of a case as they are when a claim is denied', () => {
    // Act
    const change = applyPayerEventToCase({
      record: submittedCase({ status: 'APPROVED', appeals: [readyAppeal] }),
      event: payerEvent({ type: 'claim.denied', claimId: 'CLM-1', payerReference: null }),
      eventId: EVENT_ID,
      at: AT,
    });
    // Assess
    expect(change.next?.status).toBe('DENIED');
    expect(change.next?.appeals).toEqual([readyAppeal]);
  });
});
