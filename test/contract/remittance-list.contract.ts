/**
 * The RemittanceStore contract for the list of an organization's remittances (GET /v1/remittances),
 * run inside remittanceStoreContract against DynamoDB Local and the in-memory twin.
 */
import { expect, it } from 'vitest';
import { ValidationError } from '#core/errors.ts';
import type { RemittanceStore } from '#core/remittance/store.ts';
import { remittanceIdOf } from '#core/remittance/store.ts';
import { uniqueOrganizationId } from './case-fixture.ts';
import { remittanceRecord } from './remittance-store.contract.ts';

export function remittanceListContract(store: RemittanceStore): void {
  it("lists an organization's remittances newest first, a page at a time, and none of another's", async () => {
    // Prepare: three of one organization received a day apart (stored in another order), one of another.
    const [mine, theirs] = [uniqueOrganizationId(), uniqueOrganizationId()];
    const ofMine = ['2026-11-02', '2026-11-03', '2026-11-01'].map((day, i) =>
      remittanceRecord({
        remittanceId: remittanceIdOf('payer-1', `T-${i}`, mine),
        traceNumber: `T-${i}`,
        organizationId: mine,
        receivedAt: `${day}T10:00:00.000Z`,
      }),
    );
    for (const record of ofMine) await store.begin(record);
    await store.begin(
      remittanceRecord({ remittanceId: remittanceIdOf('payer-1', 'T-0', theirs), organizationId: theirs }),
    );
    // Completed, it stays listed.
    await store.complete(ofMine[0]?.remittanceId ?? '', { claims: 1, matched: 1, providerAdjustments: [] });

    // Act
    const first = await store.list({ organizationId: mine, limit: 2 });
    const second = await store.list({ organizationId: mine, limit: 2, nextToken: first.nextToken ?? '' });
    const foreignToken = await store
      .list({ organizationId: theirs, limit: 2, nextToken: first.nextToken ?? '' })
      .catch((e: unknown) => e);
    const junkToken = await store
      .list({ organizationId: mine, limit: 2, nextToken: 'bm90IGEgdG9rZW4' })
      .catch((e: unknown) => e);
    const ofTheirs = await store.list({ organizationId: theirs, limit: 10 });

    // Assess
    const ids = (page: { items: { remittanceId: string }[] }) => page.items.map((r) => r.remittanceId);
    expect(ids(first)).toEqual([ofMine[1]?.remittanceId, ofMine[0]?.remittanceId]);
    expect(first.items[1]).toMatchObject({ state: 'complete', organizationId: mine });
    expect(ids(second)).toEqual([ofMine[2]?.remittanceId]);
    expect(second.nextToken).toBeNull();
    expect(foreignToken).toBeInstanceOf(ValidationError);
    expect(junkToken).toBeInstanceOf(ValidationError);
    expect(ofTheirs.items.map((r) => r.organizationId)).toEqual([theirs]);
  });
}
