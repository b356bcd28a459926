import { describe, expect, it } from 'vitest';
import { PayerEntry } from '#schemas/payer-registry.ts';

const entry = (rates: unknown) => ({
  id: 'demo-commercial',
  name: 'Demo Commercial',
  planType: 'commercial',
  transport: 'manual',
  webhookSecret: `whsec_${Buffer.alloc(24, 1).toString('base64')}`,
  rates,
});

describe("the payer registry's rates (UNDERPAID)", () => {
  it('takes an allowed amount per unit by HCPCS code with its source', () => {
    const rates = { J9173: { allowedPerUnit: 61.25, source: 'contract 2026-01 (synthetic)' } };
    expect(PayerEntry.parse(entry(rates)).rates).toEqual(rates);
  });

  it('is optional: no rate is assumed', () => {
    const { rates: _none, ...withoutRates } = entry(undefined);
    expect(PayerEntry.parse(withoutRates).rates).toBeUndefined();
  });

  it.each([
    ['a key that is not a HCPCS code', { j9173: { allowedPerUnit: 1, source: 's' } }, 'HCPCS code'],
    ['a rate without its source', { J9173: { allowedPerUnit: 1, source: '' } }, 'where the rate comes from'],
    ['a rate of zero', { J9173: { allowedPerUnit: 0, source: 's' } }, 'rates'],
  ])('refuses %s, naming the field', (_name, rates, words) => {
    const parsed = PayerEntry.safeParse(entry(rates));
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues[0];
    expect(issue?.path[0]).toBe('rates');
    if (words !== 'rates') expect(issue?.message).toContain(words);
  });
});
