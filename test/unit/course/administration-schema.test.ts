/**
 * The administration request's shape (lambdas/schemas/administration.ts): limits as
 * lambdas/schemas/limits.ts, a 400's field path, and what is left to the findings instead.
 */
import { describe, expect, it } from 'vitest';
import { AdministrationClaimRequest, AdministrationInput } from '#schemas/administration.ts';
import example from '#schemas/examples/administration.json' with { type: 'json' };

const paths = (input: unknown) => {
  const parsed = AdministrationInput.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
};

describe('AdministrationInput', () => {
  it('takes the example, with a missing waste, witness and notes defaulted', () => {
    expect(paths(example)).toEqual([]);
    const { discardedMg, wasteWitness, notes, ...bare } = example;
    expect(AdministrationInput.parse(bare)).toMatchObject({
      discardedMg: 0,
      wasteWitness: null,
      notes: null,
    });
  });

  it('names the field of a malformed value', () => {
    expect(paths({ ...example, doseMg: 0 })).toEqual(['doseMg']);
    expect(paths({ ...example, administeredAt: '2026-08-10T14:05:00' })).toEqual(['administeredAt']);
    expect(paths({ ...example, vials: [] })).toEqual(['vials']);
    expect(paths({ ...example, vials: [{ ...example.vials[0], ndc11: '0310-4611-50' }] })).toEqual([
      'vials.0.ndc11',
    ]);
    expect(paths({ ...example, vials: [{ ...example.vials[0], expiresOn: '2027-02-30' }] })).toEqual([
      'vials.0.expiresOn',
    ]);
    expect(paths({ ...example, discardedMg: -1 })).toEqual(['discardedMg']);
    expect(paths({ ...example, surprise: true })).toEqual(['']);
  });

  it('holds names to 200 characters, notes to 20,000 and ids to 128', () => {
    expect(paths({ ...example, wasteWitness: 'w'.repeat(200) })).toEqual([]);
    expect(paths({ ...example, wasteWitness: 'w'.repeat(201) })).toEqual(['wasteWitness']);
    expect(paths({ ...example, notes: 'n'.repeat(20_000) })).toEqual([]);
    expect(paths({ ...example, notes: 'n'.repeat(20_001) })).toEqual(['notes']);
    expect(paths({ ...example, vials: [{ ...example.vials[0], lot: 'L'.repeat(201) }] })).toEqual([
      'vials.0.lot',
    ]);
    expect(paths({ ...example, administrationId: 'a'.repeat(128) })).toEqual([]);
    expect(paths({ ...example, administrationId: 'a'.repeat(129) })).toEqual(['administrationId']);
    expect(paths({ ...example, administrationId: 'mar/1' })).toEqual(['administrationId']);
  });

  it('leaves a vial without lot or expiry to the findings (DOCUMENTATION_INCOMPLETE), not to a 400', () => {
    expect(paths({ ...example, vials: [{ ndc11: '00310-4611-50', count: 3 }] })).toEqual([]);
  });
});

describe('AdministrationClaimRequest', () => {
  it('takes nothing or a 2-digit place of service', () => {
    expect(AdministrationClaimRequest.safeParse({}).success).toBe(true);
    expect(AdministrationClaimRequest.safeParse({ placeOfService: '49' }).success).toBe(true);
    expect(AdministrationClaimRequest.safeParse({ placeOfService: '4' }).success).toBe(false);
  });
});
