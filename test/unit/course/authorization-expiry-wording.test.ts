/**
 * Why an authorization is running out (core/course/authorization.ts), word for word: its number
 * and last day (a timestamp read as its day, a missing number left out), the units left against
 * the next administration, nothing to say without units to compare; and what the administration
 * checks get from a case with no billing.
 */
import { describe, expect, it } from 'vitest';
import { administrationContext, authExpiringReason, daysUntil } from '#core/course/authorization.ts';
import { APPROVAL, approvedCase } from './approved-case.ts';

const NOW = new Date('2027-01-10T12:00:00Z');

describe('authExpiringReason wording', () => {
  it('names the authorization and its last day, a timestamp read as its day', () => {
    // Act
    const reason = authExpiringReason(
      approvedCase({ decision: { ...APPROVAL, validTo: '2027-01-31T23:59:59Z' } }),
      NOW,
    );

    // Assess
    expect(reason).toBe('authorization PA-55120 ends 2027-01-31');
  });

  it('leaves out a missing authorization number without a double space', () => {
    // Act
    const reason = authExpiringReason(
      approvedCase({ decision: { ...APPROVAL, authorizationNumber: null } }),
      NOW,
    );

    // Assess
    expect(reason).toBe('authorization ends 2027-01-31');
  });

  it('says how many units are left against what the next administration needs', () => {
    // Act
    const reason = authExpiringReason(approvedCase({ usedUnits: 400 }), new Date('2026-09-01T00:00:00Z'));

    // Assess
    expect(reason).toBe('50 units left, the next administration needs 150');
  });

  it('says nothing of units without an approved count or without a plan to compare with', () => {
    // Prepare
    const early = new Date('2026-09-01T00:00:00Z');

    // Act + Assess
    expect(
      authExpiringReason(approvedCase({ decision: { ...APPROVAL, approvedUnits: null } }), early),
    ).toBeNull();
    expect(authExpiringReason(approvedCase({ usedUnits: 450, billing: null }), early)).toBeNull();
  });
});

describe('the days to a last day given as a timestamp', () => {
  it('counts whole days to its calendar day', () => {
    expect(daysUntil('2027-01-31T23:59:59Z', NOW)).toBe(21);
  });
});

describe('administrationContext', () => {
  it('has no planned dose for a case without billing', () => {
    expect(administrationContext(approvedCase({ billing: null })).plannedDoseMg).toBeNull();
  });
});
