import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accountWaste,
  addMonths,
  billingUnits,
  computeBilling,
  doseMg,
  leastWasteVials,
  type VialSelection,
} from '#core/billing/billing.ts';
import { BILLING_REFERENCE, DURVALUMAB_VIALS } from '#core/billing/coding.ts';
import example from '#schemas/examples/prior-auth-request.json' with { type: 'json' };
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { pacificBilling } from './support/appeal-case.ts';
import { requestWith } from './support/indication-requests.ts';

const vialMg = (selection: VialSelection) =>
  selection.vials.reduce((sum, v) => sum + v.strengthMg * v.count, 0);
const countOf = (selection: VialSelection, strengthMg: number) =>
  selection.vials.find((vial) => vial.strengthMg === strengthMg)?.count ?? 0;

/** "7 x 120 mg = 840 mg", "2 x 500 + 1 x 120" -> { 120: 7 } / { 500: 2, 120: 1 } */
function parseVials(text: string): Record<number, number> {
  const out: Record<number, number> = {};
  for (const match of text.matchAll(/(\d+) x (\d+)/g)) out[Number(match[2])] = Number(match[1]);
  return out;
}

describe('worked examples of the reference data (billing.json workedExamples)', () => {
  it.each(BILLING_REFERENCE.workedExamples.map((example) => [example.case, example] as const))(
    '%s',
    (_, worked) => {
      // Act
      const selection = leastWasteVials(worked.dose_mg);
      const waste = accountWaste(worked.dose_mg, selection.totalMg);

      // Assess
      const expectedVials = parseVials(worked.vials ?? worked.least_waste_vials ?? '');
      for (const vial of DURVALUMAB_VIALS)
        expect(countOf(selection, vial.strengthMg)).toBe(expectedVials[vial.strengthMg] ?? 0);
      expect(waste.administeredUnits).toBe(worked.units_administered);
      expect(waste.discardedUnits).toBe(worked.jw_units);
      expect(waste.wasteModifier).toBe(worked.jw_units > 0 ? 'JW' : 'JZ');
    },
  );
});

describe('worked examples of issue 3', () => {
  it.each([
    // weightKg, dose, units, JW units, modifier, vials { strength: count }
    [75, { mgPerKg: 10 }, 75, 9, 'JW', { 120: 7 }],
    [27, { mgPerKg: 15 }, 41, 7, 'JW', { 120: 4 }],
    [70, { mg: 1120 }, 112, 0, 'JZ', { 500: 2, 120: 1 }],
    [70, { mg: 1500 }, 150, 0, 'JZ', { 500: 3 }],
  ] as const)('%s kg at %j: %s units, JW %s (%s)', (weightKg, dose, units, jw, modifier, vials) => {
    // Prepare
    const request = requestWith((draft) => {
      draft.patient.weightKg = weightKg;
      draft.treatmentPlan.dose = dose;
    });

    // Act
    const { billing } = computeBilling(request, null);

    // Assess
    expect(billing.hcpcs).toBe('J9173');
    expect(billing.unitsPerAdministration).toBe(units);
    expect(billing.discardedUnits).toBe(jw);
    expect(billing.wasteModifier).toBe(modifier);
    expect(Object.fromEntries(billing.vials.map((vial) => [vial.strengthMg, vial.count]))).toEqual(vials);
    expect(billing.unitsRequested).toBe(units * billing.administrationsRequested);
    expect(billing.discardedUnitsRequested).toBe(jw * billing.administrationsRequested);
  });

  it('bills the example request as J9173, 150 units, 3 x 500 mg (NDC 00310-4611-50), JZ, 1950 units', () => {
    // Act
    const { billing, findings } = computeBilling(
      PriorAuthRequest.parse(example),
      'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
    );

    // Assess
    expect(billing).toEqual({ ...pacificBilling, discardedUnitsRequested: 0 });
    expect(findings).toEqual([]);
  });
});

describe('billing invariants (property-based)', () => {
  const doses = fc.integer({ min: 1, max: 500_000 }).map((centiMg) => centiMg / 100);

  it('the vials hold the dose, and no other combination of the vial sizes holds it with less', () => {
    fc.assert(
      fc.property(doses, (dose) => {
        const selection = leastWasteVials(dose);
        expect(vialMg(selection)).toBe(selection.totalMg);
        expect(selection.totalMg).toBeGreaterThanOrEqual(dose);
        // brute force over the two sizes
        let bestMg = Number.POSITIVE_INFINITY;
        let bestCount = Number.POSITIVE_INFINITY;
        for (let large = 0; large <= Math.ceil(dose / 500); large += 1) {
          const small = Math.max(0, Math.ceil((dose - large * 500) / 120));
          const total = large * 500 + small * 120;
          if (total < bestMg || (total === bestMg && large + small < bestCount))
            [bestMg, bestCount] = [total, large + small];
        }
        expect(selection.totalMg).toBe(bestMg);
        expect(selection.vialCount).toBe(bestCount);
      }),
    );
  });

  it('administered + discarded units = the vials content in units; administered rounds up, discarded down', () => {
    fc.assert(
      fc.property(doses, (dose) => {
        const selection = leastWasteVials(dose);
        const waste = accountWaste(dose, selection.totalMg);
        expect(waste.administeredUnits + waste.discardedUnits).toBe(selection.totalMg / 10);
        expect(waste.administeredUnits * 10).toBeGreaterThanOrEqual(dose);
        expect((waste.administeredUnits - 1) * 10).toBeLessThan(dose);
        expect(waste.discardedUnits * 10).toBeLessThanOrEqual(selection.totalMg - dose + 1e-9);
        expect(waste.wasteModifier).toBe(waste.discardedUnits >= 1 ? 'JW' : 'JZ');
      }),
    );
  });

  it('units for the request are the units per administration times the administrations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 30, max: 150 }),
        fc.constantFrom(10, 15, 20),
        fc.integer({ min: 1, max: 30 }),
        (weightKg, mgPerKg, administrations) => {
          const request = requestWith((draft) => {
            draft.patient.weightKg = weightKg;
            draft.treatmentPlan.dose = { mgPerKg };
            draft.treatmentPlan.administrations = administrations;
          });
          const { billing } = computeBilling(request, null);
          expect(billing.dosePerAdministrationMg).toBe(weightKg * mgPerKg);
          expect(billing.unitsRequested).toBe(billing.unitsPerAdministration * administrations);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('pure helpers', () => {
  it.each([
    [750, 75],
    [405, 41],
    [410, 41],
    [410.01, 42],
    [0.5, 1],
  ])('billingUnits(%s) = %s', (mg, units) => {
    expect(billingUnits(mg)).toBe(units);
  });

  it('keeps 27.5 kg x 20 mg/kg at exactly 550 mg and 55 units', () => {
    // Prepare
    const request = requestWith((draft) => {
      draft.patient.weightKg = 27.5;
      draft.treatmentPlan.dose = { mgPerKg: 20 };
    });

    // Act
    const mg = doseMg(request);

    // Assess
    expect(mg).toBe(550);
    expect(billingUnits(mg)).toBe(55);
  });

  it('refuses a dose that is not a positive number', () => {
    expect(() => leastWasteVials(0)).toThrow(RangeError);
  });

  it.each([
    ['2026-08-10', 12, '2027-08-10'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2027-02-28', 12, '2028-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-11-30', 24, '2028-11-30'],
  ])('addMonths(%s, %s) = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('computeBilling: codes on the request', () => {
  it('reports J9376 as HCPCS_MISMATCH and still bills J9173', () => {
    // Prepare
    const request = requestWith((draft) => {
      draft.treatmentPlan.hcpcs = 'J9376';
    });

    // Act
    const { billing, findings } = computeBilling(request, 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC');

    // Assess
    expect(billing.hcpcs).toBe('J9173');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      code: 'HCPCS_MISMATCH',
      path: 'treatmentPlan.hcpcs',
    });
    expect(findings[0]?.message).toMatch(/pozelimab-bbfg.*J9173/);
  });

  it('reports an NDC that is not a durvalumab vial as NDC_HCPCS_MISMATCH', () => {
    // Prepare
    const request = requestWith((draft) => {
      draft.treatmentPlan.ndc11 = '61755-0014-00';
    });

    // Act
    const { findings } = computeBilling(request, null);

    // Assess
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'error', code: 'NDC_HCPCS_MISMATCH', path: 'treatmentPlan.ndc11' }),
    ]);
  });

  it('skips the label checks for an off-label use (no indication)', () => {
    // Prepare
    const request = requestWith((draft) => {
      draft.patient.weightKg = 26;
      draft.treatmentPlan.administrations = 40;
    });

    // Act
    const { findings, criteria, billing } = computeBilling(request, null);

    // Assess
    expect(findings).toEqual([]);
    expect(criteria).toEqual([]);
    expect(billing.labeledDose).toBeNull();
  });
});
