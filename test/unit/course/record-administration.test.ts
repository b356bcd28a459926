/**
 * The record-administration and claim-from-administration use cases through the in-memory
 * adapters, and the sweep's AUTH_EXPIRING on an approved case.
 */
import { describe, expect, it } from 'vitest';
import { isSameAdministration, recordedAdministration } from '#core/course/record.ts';
import { ConflictError, NotFoundError } from '#core/errors.ts';
import { OPERATOR } from '#core/identity/claims.ts';
import { claimFromRecordedAdministration } from '#use-cases/claim-from-administration.ts';
import { recordAdministration } from '#use-cases/record-administration.ts';
import { sweep } from '#use-cases/sweep.ts';
import { CASE_ID } from '../support/payer-case.ts';
import { givenCase, historyOf, world } from '../use-cases/support.ts';
import { approvedCase, dose } from './approved-case.ts';

const expired = (day: string) =>
  dose(day, { vials: [{ ndc11: '00310-4611-50', lot: 'OLD1', expiresOn: '2026-09-01', count: 3 }] });

async function approvedWorld() {
  const w = world();
  w.clock.set('2026-08-10T20:00:00Z');
  await givenCase(w, approvedCase());
  return w;
}

describe('recordAdministration', () => {
  it('stores a complete dose, counts its units on the case and records it in the history', async () => {
    // Prepare
    const w = await approvedWorld();

    // Act
    const result = await recordAdministration(OPERATOR, CASE_ID, dose(), w);

    // Assess
    expect(result).toMatchObject({ findings: [], replayed: false });
    expect(result.administrationId).toMatch(/^adm_/);
    expect(await w.cases.listAdministrations(CASE_ID)).toEqual([
      expect.objectContaining({ administrationId: result.administrationId, units: 150, wasteModifier: 'JZ' }),
    ]);
    expect((await w.cases.requireCase(CASE_ID)).usedUnits).toBe(150);
    expect(await historyOf(w, CASE_ID)).toEqual(['administration.recorded']);
  });

  it('answers the same dose posted again with its stored findings, once', async () => {
    // Prepare
    const w = await approvedWorld();
    const first = await recordAdministration(OPERATOR, CASE_ID, dose(), w);

    // Act
    w.clock.advance(60_000);
    const again = await recordAdministration(OPERATOR, CASE_ID, dose(), w);

    // Assess
    expect(again).toEqual({ ...first, replayed: true });
    expect(await w.cases.listAdministrations(CASE_ID)).toHaveLength(1);
    expect((await w.cases.requireCase(CASE_ID)).usedUnits).toBe(150);
    expect(await historyOf(w, CASE_ID)).toEqual(['administration.recorded']);
  });

  it('knows the same dose whatever order a store gives its fields back in', () => {
    const fresh = recordedAdministration(approvedCase(), dose(), [], '2026-08-10T20:00:00Z');
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(fresh).reverse())));
    reordered.vials = fresh.vials.map((v) => Object.fromEntries(Object.entries(v).reverse()));
    expect(isSameAdministration({ ...reordered, recordedAt: 'later' }, fresh)).toBe(true);
    expect(isSameAdministration({ ...reordered, doseMg: 1120 }, fresh)).toBe(false);
    expect(isSameAdministration(undefined, fresh)).toBe(false);
  });

  it('refuses another dose under an id already used', async () => {
    const w = await approvedWorld();
    await recordAdministration(OPERATOR, CASE_ID, dose(), w);
    await expect(
      recordAdministration(OPERATOR, CASE_ID, { ...dose(), doseMg: 1120 }, w),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('stores an expired lot flagged, without counting it, and then the dose that tips over what is left', async () => {
    // Prepare
    const w = await approvedWorld();
    await recordAdministration(OPERATOR, CASE_ID, dose('2026-08-10'), w);
    await recordAdministration(OPERATOR, CASE_ID, dose('2026-09-07'), w);

    // Act
    const flagged = await recordAdministration(OPERATOR, CASE_ID, expired('2026-10-05'), w);
    const third = await recordAdministration(
      OPERATOR,
      CASE_ID,
      dose('2026-10-05', { administrationId: 'mar-3' }),
      w,
    );
    const fourth = await recordAdministration(OPERATOR, CASE_ID, dose('2026-11-02'), w);

    // Assess
    expect(flagged.findings.map((f) => f.code)).toEqual(['LOT_EXPIRED']);
    expect(third).toMatchObject({ administrationId: 'mar-3', findings: [] });
    expect(fourth.findings.map((f) => f.code)).toEqual(['OUTSIDE_AUTHORIZATION']);
    const stored = await w.cases.listAdministrations(CASE_ID);
    expect(stored.map((a) => a.countsTowardAuthorization)).toEqual([true, true, false, true, false]);
    const record = await w.cases.requireCase(CASE_ID);
    expect(record.usedUnits).toBe(450);
    expect(record.flags).toEqual(['AUTH_EXPIRING']);
    const recorded = (await historyOf(w, CASE_ID)).filter((e) => e === 'administration.recorded');
    expect(recorded).toHaveLength(5);
    const history = await w.cases.getCaseWithChildren(CASE_ID);
    expect(history?.history.find((h) => h.event === 'deadline.auth_expiring')?.detail).toBe(
      '0 units left, the next administration needs 150',
    );
  });

  it('refuses a dose for an unknown case', async () => {
    await expect(recordAdministration(OPERATOR, 'pa_unknown', dose(), world())).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('claimFromRecordedAdministration', () => {
  it('scrubs and keeps the claim built from the administration, the same claim for the same administration', async () => {
    // Prepare
    const w = await approvedWorld();
    const { administrationId } = await recordAdministration(OPERATOR, CASE_ID, dose(), w);

    // Act
    const first = await claimFromRecordedAdministration(OPERATOR, CASE_ID, administrationId, {}, w);
    const again = await claimFromRecordedAdministration(OPERATOR, CASE_ID, administrationId, {}, w);

    // Assess
    expect(first).toMatchObject({ replayed: false, administrationFindings: [] });
    expect(first.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(again).toEqual({ ...first, replayed: true });
    const stored = await w.cases.getClaim(CASE_ID, first.claimId);
    expect(stored?.claim).toMatchObject({ authorizationNumber: 'PA-55120', serviceDate: '2026-08-10' });
  });

  it('carries the administration’s own error findings beside the scrub’s', async () => {
    const w = await approvedWorld();
    const { administrationId } = await recordAdministration(OPERATOR, CASE_ID, expired('2026-10-05'), w);
    const result = await claimFromRecordedAdministration(OPERATOR, CASE_ID, administrationId, {}, w);
    expect(result.administrationFindings.map((f) => f.code)).toEqual(['LOT_EXPIRED']);
  });

  it('refuses an unknown administration', async () => {
    const w = await approvedWorld();
    await expect(
      claimFromRecordedAdministration(OPERATOR, CASE_ID, 'adm_none', {}, w),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('the sweep and AUTH_EXPIRING', () => {
  const options = { redriveAll: false, redriveAfterMs: 3_600_000 };

  it('flags an approved case 30 days before its authorization ends, once', async () => {
    // Prepare
    const w = await approvedWorld();
    w.clock.set('2026-12-31T12:00:00Z');
    const before = await sweep(options, w);

    // Act
    w.clock.set('2027-01-01T12:00:00Z');
    const flagged = await sweep(options, w);
    const again = await sweep(options, w);

    // Assess
    expect(before.flagged).toBe(0);
    expect(flagged.flagged).toBe(1);
    expect(again.flagged).toBe(0);
    const record = await w.cases.requireCase(CASE_ID);
    expect(record.flags).toEqual(['AUTH_EXPIRING']);
    const page = await w.cases.queryWorklist({ organizationId: 'default', limit: 10 });
    expect(page.items.map((c) => c.caseId)).toEqual([CASE_ID]);
  });
});
