/**
 * The RemittanceStore contract, run against DynamoDB Local (test/integration/port-contracts.test.ts)
 * and the in-memory twin (test/unit/use-cases/port-contracts.test.ts): a remittance is stored once
 * by its id, its claims in file order, a matched claim's payment under its case.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '#core/errors.ts';
import type { RemittanceClaimRecord, RemittanceRecord } from '#core/remittance/records.ts';
import { type RemittanceStore, remittanceIdOf } from '#core/remittance/store.ts';
import { freshEach } from './fresh-each.ts';
import { remittanceListContract } from './remittance-list.contract.ts';

export function remittanceRecord(fields: Partial<RemittanceRecord> = {}): RemittanceRecord {
  return {
    remittanceId: remittanceIdOf('payer-1', 'TRACE-1'),
    payerKey: 'payer-1',
    payerName: 'DEMO PAYER',
    traceNumber: 'TRACE-1',
    paymentAmount: 800,
    paymentMethod: 'ACH',
    paymentDate: '2026-11-30',
    receivedAt: '2026-11-30T10:00:00.000Z',
    state: 'receiving',
    claims: 0,
    matched: 0,
    providerAdjustments: [],
    ...fields,
  };
}

export function claimRecord(fields: Partial<RemittanceClaimRecord> = {}): RemittanceClaimRecord {
  return {
    remittanceId: remittanceIdOf('payer-1', 'TRACE-1'),
    seq: 0,
    claimId: 'CLM-1',
    caseId: 'pa_1',
    matched: true,
    status: 'denied',
    statusCode: '4',
    chargeAmount: 1000,
    paidAmount: 0,
    patientResponsibility: 0,
    payerClaimControlNumber: null,
    adjustments: [],
    remarks: [],
    lines: [
      {
        hcpcs: 'J9173',
        modifiers: ['JZ'],
        units: 10,
        chargeAmount: 1000,
        paidAmount: 0,
        allowedAmount: null,
        adjustments: [{ group: 'CO', code: '16', amount: 1000 }],
        remarks: ['N56'],
      },
    ],
    findings: [],
    denialEventId: 'evt_1',
    receivedAt: '2026-11-30T10:00:00.000Z',
    ...fields,
  };
}

export function remittanceStoreContract(name: string, make: () => Promise<RemittanceStore>): void {
  describe(`RemittanceStore contract: ${name}`, () => {
    const store = freshEach(make);

    remittanceListContract(store);

    it('stores a remittance once by its id and answers the stored one to a second begin', async () => {
      const first = await store.begin(remittanceRecord());
      const again = await store.begin(
        remittanceRecord({ paymentAmount: 1, receivedAt: '2026-12-01T00:00:00.000Z' }),
      );
      expect(first).toEqual({ created: true, record: remittanceRecord() });
      expect(again).toEqual({ created: false, record: remittanceRecord() });
    });

    it('keeps claims in file order, with the same record stored twice once', async () => {
      const id = remittanceRecord().remittanceId;
      await store.begin(remittanceRecord());
      await store.putClaim(
        claimRecord({ seq: 1, claimId: 'CLM-2', caseId: null, matched: false, denialEventId: null }),
      );
      await store.putClaim(claimRecord({ seq: 0 }));
      await store.putClaim(claimRecord({ seq: 0 }));
      const found = await store.get(id);
      expect(found?.claims.map((c) => [c.seq, c.claimId, c.matched])).toEqual([
        [0, 'CLM-1', true],
        [1, 'CLM-2', false],
      ]);
      expect(found?.claims[0]).toEqual(claimRecord({ seq: 0 }));
    });

    it('pages claims in file order: at most limit after afterSeq, nextSeq while more follow', async () => {
      const id = remittanceRecord().remittanceId;
      await store.begin(remittanceRecord());
      for (const seq of [3, 0, 4, 1, 2]) await store.putClaim(claimRecord({ seq, claimId: `CLM-${seq}` }));
      const seqsOf = async (afterSeq: number | undefined, limit: number) => {
        const page = await store.get(id, { limit, afterSeq });
        return [page?.claims.map((c) => c.claimId), page?.nextSeq, page?.remittance.remittanceId];
      };
      expect(await seqsOf(undefined, 2)).toEqual([['CLM-0', 'CLM-1'], 1, id]);
      expect(await seqsOf(1, 2)).toEqual([['CLM-2', 'CLM-3'], 3, id]);
      expect(await seqsOf(3, 2)).toEqual([['CLM-4'], undefined, id]);
      // The last page exactly full, a page past the end, one page of all
      expect(await seqsOf(2, 2)).toEqual([['CLM-3', 'CLM-4'], undefined, id]);
      expect(await seqsOf(4, 2)).toEqual([[], undefined, id]);
      expect(await seqsOf(undefined, 5)).toEqual([
        ['CLM-0', 'CLM-1', 'CLM-2', 'CLM-3', 'CLM-4'],
        undefined,
        id,
      ]);
      expect(await seqsOf(undefined, 4)).toEqual([['CLM-0', 'CLM-1', 'CLM-2', 'CLM-3'], 3, id]);
      expect((await store.get(id, { limit: 1 }))?.claims).toEqual([
        claimRecord({ seq: 0, claimId: 'CLM-0' }),
      ]);
      expect(await store.get('rmt_none', { limit: 2 })).toBeUndefined();
    });

    it('completes a remittance with its counts and PLBs', async () => {
      await store.begin(remittanceRecord());
      const plb = [
        {
          providerId: '1234567893',
          fiscalPeriodDate: '2026-12-31',
          reason: 'WO',
          reference: null,
          amount: 12.5,
        },
      ];
      const done = await store.complete(remittanceRecord().remittanceId, {
        claims: 2,
        matched: 1,
        providerAdjustments: plb,
      });
      expect(done).toEqual(
        remittanceRecord({ state: 'complete', claims: 2, matched: 1, providerAdjustments: plb }),
      );
      expect((await store.get(remittanceRecord().remittanceId))?.remittance.state).toBe('complete');
    });

    it('refuses to complete a remittance it does not hold', async () => {
      await expect(
        store.complete('rmt_none', { claims: 0, matched: 0, providerAdjustments: [] }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('answers undefined for an unknown remittance', async () => {
      expect(await store.get('rmt_none')).toBeUndefined();
    });

    it("keeps a matched claim's payment under its case (not an unmatched one's), once per remittance and place", async () => {
      await store.begin(remittanceRecord());
      await store.putClaim(claimRecord({ seq: 0 }));
      await store.putClaim(claimRecord({ seq: 0 }));
      await store.putClaim(
        claimRecord({ seq: 1, remittanceId: 'rmt_other', status: 'paid', paidAmount: 900 }),
      );
      await store.putClaim(claimRecord({ seq: 2, caseId: null, matched: false }));
      const payments = await store.claimPayments('pa_1');
      expect(payments.sort((a, b) => a.seq - b.seq)).toEqual([
        {
          caseId: 'pa_1',
          claimId: 'CLM-1',
          remittanceId: remittanceRecord().remittanceId,
          seq: 0,
          status: 'denied',
          paidAmount: 0,
          receivedAt: '2026-11-30T10:00:00.000Z',
        },
        {
          caseId: 'pa_1',
          claimId: 'CLM-1',
          remittanceId: 'rmt_other',
          seq: 1,
          status: 'paid',
          paidAmount: 900,
          receivedAt: '2026-11-30T10:00:00.000Z',
        },
      ]);
      expect(await store.claimPayments('pa_2')).toEqual([]);
    });
  });
}
