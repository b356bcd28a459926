/**
 * A remittance of 2,000 claims through the running stack, read back a page at a time: every claim
 * once, in file order, each page well inside Lambda's 6 MB response (which the local stack enforces).
 */
import { describe, expect, it } from 'vitest';
import { remittanceIdOf } from '#core/remittance/store.ts';
import { build835, type Claim835, ORIGINATOR } from '../fixtures/x12/remittance-835.ts';
import { api } from './client.ts';

const CLAIMS = 2_000;
const SIX_MB = 6 * 1024 * 1024;
const COMPLETE_MS = 180_000;

async function until(done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('the remittance was not complete in time');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Synthetic claims no case knows: a J9173 line short-paid and an administration line, each with CAS and remarks. */
function claimsOf(stamp: number): Claim835[] {
  return Array.from({ length: CLAIMS }, (_, i) => ({
    claimId: `CLM-PG-${stamp}-${String(i).padStart(4, '0')}`,
    lines: [
      {
        hcpcs: 'J9173',
        modifiers: ['JZ'],
        units: 150,
        charge: 18750,
        paid: 15000,
        adjustments: [{ group: 'CO' as const, code: '45', amount: 3750 }],
        remarks: ['N381'],
      },
      {
        hcpcs: '96413',
        units: 1,
        charge: 310,
        paid: 248,
        adjustments: [{ group: 'CO' as const, code: '45', amount: 62 }],
      },
    ],
  }));
}

interface RemittancePage {
  remittanceId: string;
  claimCount: number;
  state: string;
  claims: Array<{ claimId: string; lines: Array<{ hcpcs: string; units: number; paidAmount: number }> }>;
  unmatched: string[];
  nextToken?: string;
}

const claimIdsOf = (p: RemittancePage) => p.claims.map((c) => c.claimId);
const page = (id: string, query = '') => api('GET', `/v1/remittances/${id}${query}`);

describe('GET /v1/remittances/{remittanceId}, a page at a time', () => {
  it('walks a 2,000-claim remittance: every claim once, in file order, each page under 6 MB', async () => {
    // Prepare
    const stamp = Date.now();
    const claims = claimsOf(stamp);
    const text = build835({ payerId: 'PAYER1', payerName: 'DEMO PAYER', trace: `PG${stamp}`, claims });
    const posted = await api('POST', '/v1/remittances', {
      raw: text,
      headers: { 'content-type': 'application/edi-x12' },
    });
    // The POST reads and stores all 2,000 claims before it answers: on two busy cores that can pass
    // API Gateway's 30 s (a 504) while the function goes on, so the remittance is awaited complete.
    expect([202, 504]).toContain(posted.status);
    if (posted.status === 202) expect(posted.body).toMatchObject({ claims: CLAIMS, matched: 0 });
    const id = remittanceIdOf(ORIGINATOR, `PG${stamp}`);
    await until(async () => (await page(id, '?limit=1')).body?.state === 'complete', COMPLETE_MS);
    // Act
    const pages: RemittancePage[] = [];
    const sizes: number[] = [];
    let query = '';
    do {
      const res = await page(id, query);
      expect(res.status).toBe(200);
      pages.push(res.body);
      sizes.push(Buffer.byteLength(JSON.stringify(res.body)));
      query = res.body.nextToken ? `?nextToken=${encodeURIComponent(res.body.nextToken)}` : '';
    } while (query && pages.length <= CLAIMS);
    // Assess
    expect(pages.map((p) => p.claims.length)).toEqual([500, 500, 500, 500]);
    expect(pages.flatMap(claimIdsOf)).toEqual(claims.map((c) => c.claimId));
    expect(pages.flatMap((p) => p.unmatched)).toEqual(claims.map((c) => c.claimId));
    expect(pages.map((p) => [p.remittanceId, p.claimCount, p.state])).toEqual(
      pages.map(() => [id, CLAIMS, 'complete']),
    );
    expect(pages[0]?.claims[0]).toMatchObject({
      matched: false,
      status: 'paid',
      paidAmount: 15248,
    });
    expect(pages[0]?.claims[0]?.lines.map((l) => [l.hcpcs, l.units, l.paidAmount])).toEqual([
      ['J9173', 150, 15000],
      ['96413', 1, 248],
    ]);
    for (const size of sizes) expect(size).toBeLessThan(SIX_MB);
    console.info(`remittance pages of 500 claims: ${sizes.join(', ')} bytes`);

    // A smaller limit pages the same claims; a bad limit or token is a 400 naming it
    const small = await page(id, '?limit=3');
    expect(claimIdsOf(small.body)).toEqual(claims.slice(0, 3).map((c) => c.claimId));
    const next = await page(id, `?limit=2&nextToken=${encodeURIComponent(small.body.nextToken)}`);
    expect(claimIdsOf(next.body)).toEqual(claims.slice(3, 5).map((c) => c.claimId));
    for (const [query, field] of [
      ['?nextToken=not-a-token', 'nextToken'],
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?limit=ten', 'limit'],
    ]) {
      const refused = await page(id, query);
      expect(refused.status).toBe(400);
      expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual([field]);
    }
  }, 420_000);
});
