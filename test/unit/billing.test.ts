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
import { DURVALUMAB_VIALS } from '#core/billing/coding.ts';
import { BILLING_REFERENCE } from '#core/reference/index.ts';
import { PriorAuthRequest, type PriorAuthRequestInput } from '#schemas/prior-auth-request.ts';
import example from '../fixtures/prior-auth-request.json' with { type: 'json' };

type Draft = PriorAuthRequestInput & {
  patient: PriorAuthRequestInput['patient'];
  diagnosis: PriorAuthRequestInput['diagnosis'];
  treatmentPlan: PriorAuthRequestInput['treatmentPlan'];
};

function requestWith(change: (draft: Draft) => void): PriorAuthRequest {
  const draft = structuredClone(example) as unknown as Draft;
  draft.attachments = [];
  change(draft);
  return PriorAuthRequest.parse(draft);
}

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
    expect(billing).toMatchObject({
      hcpcs: 'J9173',
      unitMg: 10,
      dosePerAdministrationMg: 1500,
      unitsPerAdministration: 150,
      vials: [{ ndc11: '00310-4611-50', strengthMg: 500, count: 3 }],
      discardedMg: 0,
      discardedUnits: 0,
      wasteModifier: 'JZ',
      administrationsRequested: 13,
      unitsRequested: 1950,
    });
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

describe('computeBilling: the labeled regimen', () => {
  const adriatic = (draft: Draft) => {
    Object.assign(draft.diagnosis, { histology: 'small cell carcinoma', stage: 'limited' });
  };

  it('names the labeled weight-based dose when a fixed dose is asked for below 30 kg', () => {
    // Prepare
    const request = requestWith((draft) => {
      adriatic(draft);
      draft.patient.weightKg = 26;
    });

    // Act
    const { findings } = computeBilling(request, 'SCLC_LIMITED_ADRIATIC');

    // Assess
    expect(findings).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'DOSE_NOT_LABELED',
        path: 'treatmentPlan.dose',
        message: expect.stringContaining('20 mg/kg = 520 mg for a 26 kg patient'),
      }),
    );
  });

  it.each([
    [
      'PACIFIC 10 mg/kg every 2 weeks at 75 kg',
      'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
      75,
      { mgPerKg: 10 },
      2,
      20,
      undefined,
    ],
    [
      'PACIFIC 10 mg/kg every 2 weeks at 26 kg',
      'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
      26,
      { mgPerKg: 10 },
      2,
      20,
      undefined,
    ],
    [
      'PACIFIC 680 mg (= 10 mg/kg) every 2 weeks at 68 kg',
      'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
      68,
      { mg: 680 },
      2,
      20,
      undefined,
    ],
    [
      'ADRIATIC 20 mg/kg every 4 weeks at 25 kg',
      'SCLC_LIMITED_ADRIATIC',
      25,
      { mgPerKg: 20 },
      4,
      12,
      undefined,
    ],
    [
      'DUO-E 1120 mg every 3 weeks with chemotherapy',
      'ENDOMETRIAL_dMMR_DUOE',
      70,
      { mg: 1120 },
      3,
      6,
      'chemotherapy',
    ],
    [
      'DUO-E 15 mg/kg every 3 weeks at 27 kg',
      'ENDOMETRIAL_dMMR_DUOE',
      27,
      { mgPerKg: 15 },
      3,
      6,
      'chemotherapy',
    ],
  ] as const)('accepts %s', (_, id, weightKg, dose, intervalWeeks, administrations, phase) => {
    // Prepare
    const request = requestWith((draft) => {
      draft.patient.weightKg = weightKg;
      Object.assign(draft.treatmentPlan, {
        dose,
        intervalWeeks,
        administrations,
        ...(phase ? { phase } : {}),
      });
    });

    // Act
    const { findings, criteria } = computeBilling(request, id);

    // Assess
    expect(findings.filter((finding) => finding.code === 'DOSE_NOT_LABELED')).toEqual([]);
    expect(criteria).toContainEqual(expect.objectContaining({ id: 'labeled_dose', met: true }));
  });

  it.each([
    ['PACIFIC 1500 mg every 2 weeks', 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC', 68, { mg: 1500 }, 2],
    ['PACIFIC 20 mg/kg every 4 weeks', 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC', 68, { mgPerKg: 20 }, 4],
    ['PACIFIC 1500 mg at 28 kg', 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC', 28, { mg: 1500 }, 4],
    ['ADRIATIC 10 mg/kg every 2 weeks', 'SCLC_LIMITED_ADRIATIC', 68, { mgPerKg: 10 }, 2],
    ['DUO-E 1500 mg every 3 weeks with chemotherapy', 'ENDOMETRIAL_dMMR_DUOE', 70, { mg: 1500 }, 3],
  ] as const)('refuses %s with DOSE_NOT_LABELED', (_, id, weightKg, dose, intervalWeeks) => {
    // Prepare
    const request = requestWith((draft) => {
      draft.patient.weightKg = weightKg;
      Object.assign(draft.treatmentPlan, {
        dose,
        intervalWeeks,
        administrations: 4,
        ...(id === 'ENDOMETRIAL_dMMR_DUOE' ? { phase: 'chemotherapy' } : {}),
      });
    });

    // Act
    const { findings, criteria } = computeBilling(request, id);

    // Assess
    expect(findings).toContainEqual(expect.objectContaining({ code: 'DOSE_NOT_LABELED', severity: 'error' }));
    expect(criteria).toContainEqual(expect.objectContaining({ id: 'labeled_dose', met: false }));
  });

  it('warns when the matching regimen is UNVERIFIED in the reference (POSEIDON below 30 kg)', () => {
    // Prepare
    const request = requestWith((draft) => {
      draft.patient.weightKg = 28;
      Object.assign(draft.treatmentPlan, {
        dose: { mgPerKg: 20 },
        intervalWeeks: 3,
        administrations: 4,
        combination: ['tremelimumab', 'carboplatin', 'pemetrexed'],
      });
    });

    // Act
    const { findings } = computeBilling(request, 'NSCLC_METASTATIC_POSEIDON');

    // Assess
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'UNVERIFIED_REFERENCE' }),
    ]);
  });
});

describe('computeBilling: the label maximum duration', () => {
  it.each([
    [
      'PACIFIC 13 x 4 weeks = 52 weeks, within 12 months',
      'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
      68,
      { mg: 1500 },
      4,
      13,
      undefined,
      false,
    ],
    ['PACIFIC 14 x 4 weeks', 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC', 68, { mg: 1500 }, 4, 14, undefined, true],
    [
      'PACIFIC 26 x 2 weeks',
      'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
      68,
      { mgPerKg: 10 },
      2,
      26,
      undefined,
      false,
    ],
    [
      'PACIFIC 27 x 2 weeks',
      'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
      68,
      { mgPerKg: 10 },
      2,
      27,
      undefined,
      true,
    ],
    [
      'ADRIATIC 26 x 4 weeks, within 24 months',
      'SCLC_LIMITED_ADRIATIC',
      68,
      { mg: 1500 },
      4,
      26,
      undefined,
      false,
    ],
    ['ADRIATIC 27 x 4 weeks', 'SCLC_LIMITED_ADRIATIC', 68, { mg: 1500 }, 4, 27, undefined, true],
    [
      'AEGEAN adjuvant 12 cycles',
      'NSCLC_RESECTABLE_PERIOP_AEGEAN',
      68,
      { mg: 1500 },
      4,
      12,
      'adjuvant',
      false,
    ],
    [
      'AEGEAN adjuvant 13 cycles',
      'NSCLC_RESECTABLE_PERIOP_AEGEAN',
      68,
      { mg: 1500 },
      4,
      13,
      'adjuvant',
      true,
    ],
    ['NIAGARA adjuvant 9 cycles', 'MIBC_PERIOP_NIAGARA', 68, { mg: 1500 }, 4, 9, 'adjuvant', true],
    [
      'MATTERHORN single agent 10 cycles',
      'GASTRIC_GEJ_PERIOP_MATTERHORN',
      68,
      { mg: 1500 },
      4,
      10,
      'monotherapy',
      false,
    ],
    [
      'DUO-E 7 cycles with chemotherapy',
      'ENDOMETRIAL_dMMR_DUOE',
      68,
      { mg: 1120 },
      3,
      7,
      'chemotherapy',
      true,
    ],
  ] as const)('%s', (_, id, weightKg, dose, intervalWeeks, administrations, phase, exceeds) => {
    // Prepare
    const request = requestWith((draft) => {
      draft.patient.weightKg = weightKg;
      Object.assign(draft.treatmentPlan, {
        dose,
        intervalWeeks,
        administrations,
        ...(phase ? { phase } : {}),
      });
    });

    // Act
    const { findings, criteria } = computeBilling(request, id);

    // Assess
    expect(findings.some((finding) => finding.code === 'DURATION_EXCEEDS_LABEL')).toBe(exceeds);
    expect(criteria).toContainEqual(expect.objectContaining({ id: 'duration_within_label', met: !exceeds }));
  });

  it('starts the 12-month PACIFIC clock at the first durvalumab dose of the history', () => {
    // Prepare: durvalumab began 6 months before this plan's start
    const request = requestWith((draft) => {
      draft.oncologicHistory!.push({
        therapy: 'durvalumab consolidation',
        agents: ['durvalumab'],
        startDate: '2026-02-09',
        endDate: '2026-07-27',
      });
      Object.assign(draft.treatmentPlan, { administrations: 7 });
    });

    // Act
    const { findings } = computeBilling(request, 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC');

    // Assess
    expect(findings).toContainEqual(
      expect.objectContaining({
        code: 'DURATION_EXCEEDS_LABEL',
        message: expect.stringContaining('2027-02-09'),
      }),
    );
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
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'HCPCS_MISMATCH',
        path: 'treatmentPlan.hcpcs',
        message: expect.stringMatching(/pozelimab-bbfg.*J9173/),
      }),
    ]);
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
