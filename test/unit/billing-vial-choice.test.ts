/**
 * How the billing core picks vials and words regimens (core/billing/billing.ts): the least-waste
 * combination over any vial sizes given in any order, fewer vials among equal amounts, what it
 * refuses, and a regimen as a reviewer reads it; the weight band of a regimen.
 */
import { describe, expect, it } from 'vitest';
import { describeRegimen, labeledRegimens, leastWasteVials, type VialSize } from '#core/billing/billing.ts';
import type { Phase, Regimen } from '#core/reference/schemas/indications.ts';

const v = (strengthMg: number): VialSize => ({ ndc11: `ndc-${strengthMg}`, strengthMg }) as VialSize;
const picked = (doseMg: number, sizes: VialSize[]) =>
  leastWasteVials(doseMg, sizes)
    .vials.map((x) => `${x.count}x${x.strengthMg}`)
    .join('+');

describe('leastWasteVials over given sizes', () => {
  it('takes the sizes in any order and lists the larger vials first', () => {
    // 1120 mg: 2 x 500 + 1 x 120, whichever order the sizes come in.
    expect(picked(1120, [v(120), v(500)])).toBe('2x500+1x120');
    expect(picked(1120, [v(500), v(120)])).toBe('2x500+1x120');
  });

  it('gives the vials, their total and their count, with their NDCs', () => {
    expect(leastWasteVials(620, [v(120), v(500)])).toEqual({
      vials: [
        { ndc11: 'ndc-500', strengthMg: 500, count: 1 },
        { ndc11: 'ndc-120', strengthMg: 120, count: 1 },
      ],
      totalMg: 620,
      vialCount: 2,
    });
  });

  it('prefers fewer vials among combinations holding the same amount', () => {
    // 600 mg: 1 x 600 or 2 x 300 or 6 x 100, all exact: the single vial wins.
    expect(picked(600, [v(100), v(300), v(600)])).toBe('1x600');
    expect(leastWasteVials(600, [v(100), v(300), v(600)]).vialCount).toBe(1);
  });

  it('prefers less waste over fewer vials', () => {
    // 250 mg: 1 x 300 wastes 50 mg in one vial; 2 x 125 wastes nothing in two.
    expect(picked(250, [v(300), v(125)])).toBe('2x125');
  });

  it('fills a dose with the smallest vial alone when that wastes least', () => {
    expect(picked(230, [v(500), v(120)])).toBe('2x120');
    expect(picked(100, [v(500), v(120)])).toBe('1x120');
  });

  it('uses a single size for every dose', () => {
    expect(picked(1, [v(120)])).toBe('1x120');
    expect(picked(121, [v(120)])).toBe('2x120');
    expect(picked(240, [v(120)])).toBe('2x120');
  });

  it('refuses a dose that is not a positive finite number, naming it', () => {
    for (const dose of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => leastWasteVials(dose)).toThrow(`dose must be a positive number of mg, got ${dose}`);
    }
  });

  it('refuses to choose from no vial sizes', () => {
    expect(() => leastWasteVials(100, [])).toThrow(new RangeError('at least one vial size is needed'));
  });
});

describe('describeRegimen', () => {
  const regimen = (r: Partial<Regimen>): Regimen => ({ weightBand: 'any', intervalWeeks: 4, ...r });

  it('states a fixed dose and its interval', () => {
    expect(describeRegimen(regimen({ mg: 1500 }), 70)).toBe('1500 mg every 4 weeks');
  });

  it('states a weight-based dose with what it comes to for the patient', () => {
    expect(describeRegimen(regimen({ mgPerKg: 20, intervalWeeks: 3 }), 26)).toBe(
      '20 mg/kg = 520 mg for a 26 kg patient every 3 weeks',
    );
  });

  it('writes fractions to at most two decimals without trailing zeros', () => {
    expect(describeRegimen(regimen({ mgPerKg: 10 }), 27.35)).toBe(
      '10 mg/kg = 273.5 mg for a 27.35 kg patient every 4 weeks',
    );
    expect(describeRegimen(regimen({ mgPerKg: 1.5 }), 20.1)).toBe(
      '1.5 mg/kg = 30.15 mg for a 20.1 kg patient every 4 weeks',
    );
  });

  it('marks a regimen the reference has not verified', () => {
    expect(describeRegimen(regimen({ mg: 1120, intervalWeeks: 3, unverified: true }), 70)).toBe(
      '1120 mg every 3 weeks (UNVERIFIED)',
    );
  });
});

describe('labeledRegimens', () => {
  const phase = {
    regimens: [
      { weightBand: '>=30kg', mg: 1500, intervalWeeks: 4 },
      { weightBand: '<30kg', mgPerKg: 20, intervalWeeks: 4 },
      { weightBand: 'any', mg: 10, intervalWeeks: 2 },
    ],
  } as Phase;

  it('gives the fixed dose from 30 kg and the weight-based dose below, with those for any weight', () => {
    expect(labeledRegimens(phase, 30).map((r) => r.weightBand)).toEqual(['>=30kg', 'any']);
    expect(labeledRegimens(phase, 29.9).map((r) => r.weightBand)).toEqual(['<30kg', 'any']);
  });
});
