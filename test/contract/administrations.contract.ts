/**
 * The CaseStore contract for administrations (putAdministration, listAdministrations), run inside
 * caseStoreContract against DynamoDB Local and the in-memory twin.
 */
import { expect, it } from 'vitest';
import type { Administration } from '#core/course/administration.ts';
import type { CaseStore } from '#core/ports.ts';
import { newCase } from './case-fixture.ts';

export function administration(
  caseId: string,
  administrationId: string,
  overrides: Partial<Administration> = {},
): Administration {
  return {
    administrationId,
    caseId,
    recordedAt: '2026-08-10T20:00:00.000Z',
    administeredAt: '2026-08-10T14:05:00-05:00',
    route: 'IV',
    doseMg: 1500,
    vials: [{ ndc11: '00310-4611-50', lot: 'KX2207', expiresOn: '2027-03-31', count: 3 }],
    discardedMg: 0,
    wasteWitness: null,
    notes: null,
    units: 150,
    discardedUnits: 0,
    wasteModifier: 'JZ',
    findings: [],
    countsTowardAuthorization: true,
    ...overrides,
  };
}

export function administrationsContract(store: CaseStore): void {
  it('stores an administration once by its id and lists a case’s administrations oldest first', async () => {
    // Prepare
    const { record, history } = newCase();
    const other = newCase();
    await store.createCase(record, history);
    await store.createCase(other.record, other.history);
    const later = administration(record.caseId, 'adm_a', { administeredAt: '2026-09-07T09:00:00-05:00' });
    // 19:35Z on 10 Aug: after `first` (19:05Z) although its local time reads earlier.
    const middle = administration(record.caseId, 'adm_b', { administeredAt: '2026-08-10T12:35:00-07:00' });
    const first = administration(record.caseId, 'adm_c', {
      administeredAt: '2026-08-10T14:05:00-05:00',
      findings: [{ severity: 'error', code: 'LOT_EXPIRED', message: 'expired', path: 'vials[0].expiresOn' }],
      countsTowardAuthorization: false,
    });

    // Act
    const stored = [
      await store.putAdministration(record.caseId, later),
      await store.putAdministration(record.caseId, middle),
      await store.putAdministration(record.caseId, first),
    ];
    const again = await store.putAdministration(record.caseId, { ...later, doseMg: 1 });
    await store.putAdministration(other.record.caseId, administration(other.record.caseId, 'adm_a'));

    // Assess
    expect(stored).toEqual([true, true, true]);
    expect(again).toBe(false);
    expect(await store.listAdministrations(record.caseId)).toEqual([first, middle, later]);
    expect(await store.listAdministrations(other.record.caseId)).toHaveLength(1);
    expect(await store.listAdministrations('pa_unknown')).toEqual([]);
    expect((await store.getCaseWithChildren(record.caseId))?.record).toEqual(record);
  });
}
