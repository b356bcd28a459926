/**
 * Claims are matched and stored several at a time: whatever order the store finishes them in, each
 * keeps its place in the file, and one that cannot be stored fails the file, which finishes when
 * posted again.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRemittance } from '#adapters/x12/remittance-835.ts';
import { remittanceIdOf } from '#core/remittance/store.ts';
import { receiveRemittance } from '#use-cases/receive-remittance.ts';
import { build835, type Claim835, ORIGINATOR } from '../../fixtures/x12/remittance-835.ts';
import { world } from '../use-cases/support.ts';

const claims: Claim835[] = Array.from({ length: 40 }, (_, i) => ({
  claimId: `CLM-${i}`,
  lines: [{ hcpcs: 'J9173', units: 10, charge: 1000, paid: 900 }],
}));
const text = build835({ payerId: 'PAYER1', payerName: 'DEMO PAYER', trace: 'TRACE-C', claims });
const source = () => readRemittance(Readable.from([Buffer.from(text)]));
const remittanceId = remittanceIdOf(ORIGINATOR, 'TRACE-C');

describe('receiveRemittance stores claims several at a time', () => {
  it('keeps the file order whatever order the stores finish in, with more than one in flight', async () => {
    // Prepare: the store answers the earlier claims last.
    const w = world();
    const putClaim = w.remittances.putClaim.bind(w.remittances);
    let inFlight = 0;
    let most = 0;
    w.remittances.putClaim = async (record) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 40 - record.seq));
      await putClaim(record);
      inFlight -= 1;
    };
    // Act
    const outcome = await receiveRemittance(source, w, 'default');
    // Assess
    expect(outcome).toEqual({ remittanceId, claims: 40, matched: 0, duplicate: false });
    expect(most).toBeGreaterThan(1);
    const stored = await w.remittances.get(remittanceId);
    expect(stored?.claims.map((c) => c.claimId)).toEqual(claims.map((c) => c.claimId));
  });

  it('fails the file when a claim cannot be stored, and finishes it when posted again', async () => {
    // Prepare: the 7th claim's store fails once.
    const w = world();
    const putClaim = w.remittances.putClaim.bind(w.remittances);
    let failed = false;
    w.remittances.putClaim = async (record) => {
      if (record.seq === 6 && !failed) {
        failed = true;
        throw new Error('store unavailable');
      }
      await putClaim(record);
    };
    // Act / Assess
    await expect(receiveRemittance(source, w, 'default')).rejects.toThrow('store unavailable');
    const again = await receiveRemittance(source, w, 'default');
    expect(again).toEqual({ remittanceId, claims: 40, matched: 0, duplicate: false });
    const stored = await w.remittances.get(remittanceId);
    expect(stored?.claims).toHaveLength(40);
  });
});
