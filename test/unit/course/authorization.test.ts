/**
 * The authorization on the case (core/course/authorization.ts): the view, AUTH_EXPIRING at 30
 * days and at fewer units left than a dose, the sweep's flag and the worklist deadline.
 */
import { describe, expect, it } from 'vitest';
import { toCaseView, worklistDueAt, worklistSortKey } from '#core/case/case-record.ts';
import { flagsRaised, flagsToRaise, WATCHED } from '#core/case/sweep-plan.ts';
import { usedUnits } from '#core/course/administration.ts';
import {
  administrationContext,
  authExpiringReason,
  authorizationOf,
  daysUntil,
  labeledDosesMg,
} from '#core/course/authorization.ts';
import { APPROVAL, approvedCase } from './approved-case.ts';

const at = (iso: string) => new Date(iso);

describe('authorizationOf', () => {
  it('gives the approved period and units, the used and the remaining units', () => {
    expect(authorizationOf(approvedCase({ usedUnits: 150 }))).toEqual({
      number: 'PA-55120',
      validFrom: '2026-08-01',
      validTo: '2027-01-31',
      approvedUnits: 450,
      usedUnits: 150,
      remainingUnits: 300,
    });
  });

  it('is null without an approval in force, and open in units when the payer stated none', () => {
    expect(authorizationOf(approvedCase({ decision: null }))).toBeNull();
    expect(authorizationOf(approvedCase({ decision: { ...APPROVAL, outcome: 'denied' } }))).toBeNull();
    const partial = { ...APPROVAL, outcome: 'partially_approved' as const, approvedUnits: null };
    expect(authorizationOf(approvedCase({ decision: partial }))?.remainingUnits).toBeNull();
    expect(authorizationOf(approvedCase({ usedUnits: 500 }))?.remainingUnits).toBe(0);
  });

  it('is on the case view', () => {
    expect(toCaseView(approvedCase({ usedUnits: 300 }), [], []).authorization?.remainingUnits).toBe(150);
  });
});

describe('usedUnits', () => {
  it('counts only the administrations without an error', () => {
    expect(
      usedUnits([
        { units: 150, countsTowardAuthorization: true },
        { units: 150, countsTowardAuthorization: false },
        { units: 75, countsTowardAuthorization: true },
      ]),
    ).toBe(225);
  });
});

describe('AUTH_EXPIRING', () => {
  it('is raised 30 days before the last day, not 31', () => {
    expect(daysUntil('2027-01-31', at('2027-01-01T23:59:00Z'))).toBe(30);
    expect(authExpiringReason(approvedCase(), at('2027-01-01T00:00:00Z'))).toContain('ends 2027-01-31');
    expect(authExpiringReason(approvedCase(), at('2026-12-31T23:59:59Z'))).toBeNull();
    expect(authExpiringReason(approvedCase(), at('2027-03-01T00:00:00Z'))).not.toBeNull();
  });

  it('is raised when fewer units are left than the next dose needs, not when exactly enough', () => {
    const now = at('2026-09-01T00:00:00Z');
    expect(authExpiringReason(approvedCase({ usedUnits: 300 }), now)).toBeNull();
    expect(authExpiringReason(approvedCase({ usedUnits: 301 }), now)).toBe(
      '149 units left, the next administration needs 150',
    );
  });

  it('is not raised without an approval', () => {
    expect(authExpiringReason(approvedCase({ decision: null }), at('2027-01-31T00:00:00Z'))).toBeNull();
  });

  it('is one of the sweep’s flags for approved cases, raised once with its reason in the history', () => {
    const now = at('2027-01-10T00:00:00Z');
    expect(WATCHED).toEqual(expect.arrayContaining(['APPROVED', 'PARTIALLY_APPROVED']));
    expect(flagsToRaise(approvedCase(), now)).toEqual(['AUTH_EXPIRING']);
    expect(flagsToRaise(approvedCase({ flags: ['AUTH_EXPIRING'] }), now)).toEqual([]);
    const change = flagsRaised(approvedCase(), ['AUTH_EXPIRING'], null, now);
    expect(change?.next.flags).toEqual(['AUTH_EXPIRING']);
    expect(change?.history[0]).toMatchObject({
      event: 'deadline.auth_expiring',
      detail: 'authorization PA-55120 ends 2027-01-31',
    });
  });

  it('orders a flagged authorization among the decision and appeal deadlines by its last day', () => {
    const awaiting = approvedCase({
      caseId: 'pa_awaiting',
      status: 'SUBMITTED',
      decision: null,
      deadlines: { payerDecisionDueAt: '2027-01-20T00:00:00Z', appealDueAt: null },
    });
    const appeal = approvedCase({
      caseId: 'pa_denied',
      status: 'DENIED',
      decision: null,
      deadlines: { payerDecisionDueAt: null, appealDueAt: '2027-02-15T00:00:00Z' },
    });
    const expiring = approvedCase({ caseId: 'pa_expiring', flags: ['AUTH_EXPIRING'] });
    const quiet = approvedCase({ caseId: 'pa_quiet' });
    const order = [quiet, appeal, expiring, awaiting].sort((a, b) =>
      worklistSortKey(a).localeCompare(worklistSortKey(b)),
    );
    expect(order.map((c) => c.caseId)).toEqual(['pa_awaiting', 'pa_expiring', 'pa_denied', 'pa_quiet']);
  });

  it('puts a flagged authorization in the worklist on its last day, an unflagged one last', () => {
    expect(worklistDueAt(approvedCase({ flags: ['AUTH_EXPIRING'] }))).toBe('2027-01-31T23:59:59.999Z');
    expect(worklistDueAt(approvedCase())).toBeNull();
    const timed = { ...APPROVAL, validTo: '2027-01-31T12:00:00Z' };
    expect(worklistDueAt(approvedCase({ flags: ['AUTH_EXPIRING'], decision: timed }))).toBe(
      '2027-01-31T12:00:00Z',
    );
  });
});

describe('administrationContext', () => {
  it('takes the plan, the label for the weight and the used units from the case', () => {
    expect(administrationContext(approvedCase({ usedUnits: 150 }))).toMatchObject({
      usedUnits: 150,
      plannedDoseMg: 1500,
      labeledDosesMg: [1500],
    });
    expect(labeledDosesMg(approvedCase({ assessment: null }))).toEqual([]);
  });
});
