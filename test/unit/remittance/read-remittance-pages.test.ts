/** GET /v1/remittances/{remittanceId} a page at a time: the use case over the in-memory store. */
import { describe, expect, it } from 'vitest';
import { inMemoryRemittanceStore } from '#adapters/in-memory/remittance-store.ts';
import { NotFoundError, ValidationError } from '#core/errors.ts';
import { OPERATOR } from '#core/identity/claims.ts';
import { decodeClaimsToken, encodeClaimsToken } from '#core/remittance/page-token.ts';
import { MAX_CLAIMS_PAGE, readRemittance } from '#use-cases/read-remittance.ts';
import { claimRecord, remittanceRecord } from '../../contract/remittance-store.contract.ts';

const ID = remittanceRecord().remittanceId;

/** A remittance of `count` claims, every third one unmatched. */
async function storeOf(count: number) {
  const remittances = inMemoryRemittanceStore();
  await remittances.begin(remittanceRecord({ state: 'complete', claims: count }));
  for (let seq = count - 1; seq >= 0; seq--) {
    const matched = seq % 3 !== 2;
    await remittances.putClaim(
      claimRecord({ seq, claimId: `CLM-${seq}`, matched, caseId: matched ? 'pa_1' : null }),
    );
  }
  return { remittances };
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe('readRemittance, a page at a time', () => {
  it('walks the claims in file order, limit a page, nextToken until the last page, the summary on each', async () => {
    // Prepare
    const ports = await storeOf(7);
    // Act
    const pages = [];
    let nextToken: string | undefined;
    do {
      const page = await readRemittance(OPERATOR, ID, ports, { limit: 3, nextToken });
      pages.push(page);
      nextToken = 'nextToken' in page ? page.nextToken : undefined;
    } while (nextToken);
    // Assess
    expect(pages.map((p) => p.claims.map((c) => c.claimId))).toEqual([
      ['CLM-0', 'CLM-1', 'CLM-2'],
      ['CLM-3', 'CLM-4', 'CLM-5'],
      ['CLM-6'],
    ]);
    expect(pages.map((p) => p.unmatched)).toEqual([['CLM-2'], ['CLM-5'], []]);
    expect(pages.map((p) => 'nextToken' in p)).toEqual([true, true, false]);
    expect(new Set(pages.map((p) => JSON.stringify([p.claimCount, p.remittanceId, p.state])))).toEqual(
      new Set([JSON.stringify([7, ID, 'complete'])]),
    );
  });

  it('gives 500 claims a page without a limit and never more with one', async () => {
    const ports = await storeOf(MAX_CLAIMS_PAGE + 1);
    const first = await readRemittance(OPERATOR, ID, ports);
    const capped = await readRemittance(OPERATOR, ID, ports, { limit: MAX_CLAIMS_PAGE + 100 });
    expect([first.claims.length, capped.claims.length]).toEqual([500, 500]);
    const last = await readRemittance(OPERATOR, ID, ports, {
      nextToken: 'nextToken' in first ? first.nextToken : '',
    });
    expect(last.claims.map((c) => c.claimId)).toEqual(['CLM-500']);
    expect('nextToken' in last).toBe(false);
    const exact = await readRemittance(OPERATOR, ID, await storeOf(MAX_CLAIMS_PAGE));
    expect([exact.claims.length, 'nextToken' in exact]).toEqual([500, false]);
  });

  it.each([
    ['not base64url', 'a+b/'],
    ['empty', ''],
    ['another prefix', b64('rc2:5')],
    ['no prefix', b64('5')],
    ['negative', b64('rc1:-1')],
    ['leading zero', b64('rc1:01')],
    ['exponent', b64('rc1:1e3')],
    ['past the largest seq', b64('rc1:1000000')],
    ['a worklist token', b64('{"pk":"CASE#pa_1","sk":"CASE"}')],
    ['too long', 'A'.repeat(33)],
  ])('refuses a token it did not give out (%s) as a 400 naming nextToken', async (_, token) => {
    const ports = await storeOf(2);
    const refusal = await readRemittance(OPERATOR, ID, ports, { nextToken: token }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).errors.map((e) => e.path)).toEqual(['nextToken']);
  });

  it('takes back every seq it gives out, 0 to 999999', () => {
    expect([0, 1, 499, 999_999].map((seq) => decodeClaimsToken(encodeClaimsToken(seq)))).toEqual([
      0, 1, 499, 999_999,
    ]);
  });

  it('answers 404 for an unknown remittance', async () => {
    await expect(readRemittance(OPERATOR, 'rmt_none', await storeOf(1))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
