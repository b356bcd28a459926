/**
 * What computeBilling's label checks say, word for word: the DOSE_NOT_LABELED and
 * UNVERIFIED_REFERENCE findings, the labeled_dose and duration_within_label criteria (description,
 * evidence), the dose tolerance and the mg/kg comparison, the maximum cycles and months, which
 * history entries start the clock, and when no check runs. The regimens and limits are those of
 * reference/indications.json (PACIFIC: 1500 mg every 4 weeks or 10 mg/kg every 2 weeks from 30 kg,
 * 10 mg/kg every 2 weeks below, at most 12 months; AEGEAN adjuvant: at most 12 cycles).
 */
import { describe, expect, it } from 'vitest';
import { computeBilling } from '#core/billing/billing.ts';
import { type Draft, requestWith } from '../support/indication-requests.ts';

const PACIFIC = 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC';
const PACIFIC_PHASE = 'consolidation after chemoradiation, single agent';

function plan(
  weightKg: number,
  treatmentPlan: Partial<Draft['treatmentPlan']>,
  change?: (draft: Draft) => void,
) {
  return requestWith((draft) => {
    draft.patient.weightKg = weightKg;
    Object.assign(draft.treatmentPlan, treatmentPlan);
    change?.(draft);
  });
}

const codes = (findings: { code: string }[]) => findings.map((f) => f.code);

describe('DOSE_NOT_LABELED, word for word', () => {
  it('names the asked dose, the phase, the weight and the labeled regimens, and says fixed doses start at 30 kg', () => {
    // Act
    const { findings, criteria } = computeBilling(
      plan(27.5, { dose: { mg: 1500 }, intervalWeeks: 4, administrations: 4 }),
      PACIFIC,
    );

    // Assess
    const labeled = '10 mg/kg = 275 mg for a 27.5 kg patient every 2 weeks';
    expect(findings).toEqual([
      {
        severity: 'error',
        code: 'DOSE_NOT_LABELED',
        message: `1500 mg every 4 weeks is not a labeled PACIFIC regimen (${PACIFIC_PHASE}) for a 27.5 kg patient; labeled: ${labeled}. Fixed doses are labeled only at >= 30 kg; below, dose by weight.`,
        path: 'treatmentPlan.dose',
      },
    ]);
    expect(criteria[0]).toEqual({
      id: 'labeled_dose',
      description: `Labeled dose and interval for the weight (PACIFIC, ${PACIFIC_PHASE})`,
      met: false,
      evidence: `treatmentPlan.dose = 1500 mg every 4 weeks, patient.weightKg = 27.5; labeled: ${labeled}`,
    });
  });

  it('says nothing of fixed doses when a weight-based dose is refused below 30 kg', () => {
    // Act
    const { findings } = computeBilling(
      plan(25, { dose: { mgPerKg: 20 }, intervalWeeks: 2, administrations: 4 }),
      PACIFIC,
    );

    // Assess
    expect(findings.map((f) => f.message)).toEqual([
      `20 mg/kg (500 mg) every 2 weeks is not a labeled PACIFIC regimen (${PACIFIC_PHASE}) for a 25 kg patient; labeled: 10 mg/kg = 250 mg for a 25 kg patient every 2 weeks.`,
    ]);
  });

  it('says nothing of fixed doses when a fixed dose is refused from 30 kg, listing every labeled regimen', () => {
    // Act
    const { findings } = computeBilling(
      plan(70, { dose: { mg: 1200 }, intervalWeeks: 4, administrations: 4 }),
      PACIFIC,
    );

    // Assess
    expect(findings.map((f) => f.message)).toEqual([
      `1200 mg every 4 weeks is not a labeled PACIFIC regimen (${PACIFIC_PHASE}) for a 70 kg patient; labeled: 1500 mg every 4 weeks or 10 mg/kg = 700 mg for a 70 kg patient every 2 weeks.`,
    ]);
  });

  it('writes a weight that rounds to a whole number at 2 decimals without a trailing point or zeros', () => {
    // Act
    const { findings } = computeBilling(
      plan(29.999, { dose: { mg: 1500 }, intervalWeeks: 4, administrations: 4 }),
      PACIFIC,
    );

    // Assess: 29.999 kg is below 30 kg, written "30"
    expect(findings[0]?.message).toContain(
      'for a 30 kg patient; labeled: 10 mg/kg = 299.99 mg for a 30 kg patient',
    );
  });
});

describe('the dose tolerance and the mg/kg comparison', () => {
  it.each([
    [1500.5, true],
    [1500.6, false],
    [1499.5, true],
    [1499.4, false],
  ])('%s mg every 4 weeks at 70 kg is labeled: %s (0.5 mg either side)', (mg, labeled) => {
    // Act
    const { findings, criteria } = computeBilling(
      plan(70, { dose: { mg }, intervalWeeks: 4, administrations: 4 }),
      PACIFIC,
    );

    // Assess
    expect(codes(findings).includes('DOSE_NOT_LABELED')).toBe(!labeled);
    expect(criteria[0]?.met).toBe(labeled);
  });

  it('compares a weight-based dose by its mg/kg, not by the milligrams it comes to', () => {
    // Act: 10.005 mg/kg x 70 kg = 700.35 mg, within 0.5 mg of 10 mg/kg's 700 mg, but not 10 mg/kg
    const { findings } = computeBilling(
      plan(70, { dose: { mgPerKg: 10.005 }, intervalWeeks: 2, administrations: 4 }),
      PACIFIC,
    );

    // Assess
    expect(codes(findings)).toEqual(['DOSE_NOT_LABELED']);
  });
});

describe('the weight band and the dose compared in mg', () => {
  it.each([
    [
      'takes a fixed dose equal to the mg/kg regimen for the weight as that regimen',
      70,
      { mg: 700 },
      2,
      '10 mg/kg = 700 mg for a 70 kg patient every 2 weeks',
    ],
    [
      'labels a weight-based dose that comes to the flat dose (20 mg/kg at 75 kg is 1500 mg)',
      75,
      { mgPerKg: 20 },
      4,
      '1500 mg every 4 weeks',
    ],
  ] as const)('%s', (_, weightKg, dose, intervalWeeks, labeledDose) => {
    // Act
    const { findings, billing } = computeBilling(
      plan(weightKg, { dose, intervalWeeks, administrations: 4 }),
      PACIFIC,
    );

    // Assess
    expect(findings).toEqual([]);
    expect(billing.labeledDose).toBe(labeledDose);
  });

  it('says nothing of fixed doses at 30 kg itself, the first weight of the fixed band', () => {
    // Act
    const { findings } = computeBilling(
      plan(30, { dose: { mg: 1200 }, intervalWeeks: 4, administrations: 4 }),
      PACIFIC,
    );

    // Assess
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/for a 30 kg patient; labeled: .+ weeks\.$/),
    ]);
  });
});

describe('UNVERIFIED_REFERENCE, word for word', () => {
  it('names the trial, the regimen for the weight and the reference note', () => {
    // Act
    const { findings, billing } = computeBilling(
      plan(28, {
        dose: { mgPerKg: 20 },
        intervalWeeks: 3,
        administrations: 4,
        combination: ['tremelimumab', 'carboplatin', 'pemetrexed'],
      }),
      'NSCLC_METASTATIC_POSEIDON',
    );

    // Assess
    const regimen = '20 mg/kg = 560 mg for a 28 kg patient every 3 weeks (UNVERIFIED)';
    expect(findings).toEqual([
      {
        severity: 'warning',
        code: 'UNVERIFIED_REFERENCE',
        message: `The POSEIDON regimen ${regimen} is UNVERIFIED in the reference data: UNVERIFIED: durvalumab 20 mg/kg (and tremelimumab 1 mg/kg) weight-based; label Table 2/3 not retrieved.`,
        path: 'treatmentPlan.dose',
      },
    ]);
    expect(billing.labeledDose).toBe(regimen);
  });
});

describe('the maximum duration, word for word', () => {
  it('refuses a plan that runs past 12 months, with the dates of both ends', () => {
    // Act: 14 x 4 weeks from 2026-08-10
    const { findings, criteria } = computeBilling(
      plan(68, { dose: { mg: 1500 }, intervalWeeks: 4, administrations: 14 }),
      PACIFIC,
    );

    // Assess
    expect(findings).toEqual([
      {
        severity: 'error',
        code: 'DURATION_EXCEEDS_LABEL',
        message:
          "14 administrations every 4 weeks run to 2027-09-06, past the PACIFIC label's maximum of 12 months (to 2027-08-10).",
        path: 'treatmentPlan.administrations',
      },
    ]);
    expect(criteria[1]).toEqual({
      id: 'duration_within_label',
      description: "Plan within the label's maximum duration (12 months)",
      met: false,
      evidence:
        '14 x 4 weeks = 56 weeks from 2026-08-10 to 2027-09-06; 12 months from 2026-08-10 end 2027-08-10',
    });
  });

  it('starts the clock at the first durvalumab dose of the history, and says so', () => {
    // Act: durvalumab with chemotherapy from 2026-06-01 (the history's chemoradiation starts then too)
    const { criteria } = computeBilling(
      plan(68, { dose: { mg: 1500 }, intervalWeeks: 4, administrations: 2 }, (draft) => {
        draft.oncologicHistory?.push(
          { therapy: 'later durvalumab', agents: ['Imfinzi'], startDate: '2026-09-01' },
          {
            therapy: 'durvalumab with chemotherapy',
            agents: ['carboplatin', 'durvalumab'],
            startDate: '2026-07-01',
          },
        );
      }),
      PACIFIC,
    );

    // Assess
    expect(criteria[1]?.evidence).toBe(
      '2 x 4 weeks = 8 weeks from 2026-08-10 to 2026-10-05; 12 months from 2026-07-01 (first durvalumab in oncologicHistory) end 2027-07-01',
    );
  });

  it('ignores a durvalumab entry that starts after the plan, and the history with no durvalumab', () => {
    // Act
    const { criteria } = computeBilling(
      plan(68, { dose: { mg: 1500 }, intervalWeeks: 4, administrations: 2 }, (draft) => {
        draft.oncologicHistory?.push({
          therapy: 'durvalumab',
          agents: ['durvalumab'],
          startDate: '2026-09-01',
        });
      }),
      PACIFIC,
    );

    // Assess
    expect(criteria[1]?.evidence).toBe(
      '2 x 4 weeks = 8 weeks from 2026-08-10 to 2026-10-05; 12 months from 2026-08-10 end 2027-08-10',
    );
  });

  it.each([
    [12, []],
    [13, ['DURATION_EXCEEDS_LABEL']],
  ])('AEGEAN adjuvant: %s administrations against its 12 cycles give %j', (administrations, expected) => {
    // Act
    const { findings, criteria } = computeBilling(
      plan(68, { dose: { mg: 1500 }, intervalWeeks: 4, administrations, phase: 'adjuvant' }),
      'NSCLC_RESECTABLE_PERIOP_AEGEAN',
    );

    // Assess
    expect(findings.map((f) => [f.code, f.severity, f.path])).toEqual(
      expected.map((code) => [code, 'error', 'treatmentPlan.administrations']),
    );
    expect(criteria[1]).toEqual({
      id: 'duration_within_label',
      description:
        "Plan within the label's maximum duration (12 cycles (adjuvant single agent after surgery))",
      met: expected.length === 0,
      evidence: `treatmentPlan.administrations = ${administrations}`,
    });
    if (expected.length > 0)
      expect(findings[0]?.message).toMatch(
        /^13 administrations exceed the AEGEAN label's 12 cycles for the adjuvant single agent after surgery phase \(.+\)\.$/,
      );
  });

  it('has no duration criterion for a phase with neither maximum cycles nor months (CASPIAN maintenance)', () => {
    // Act
    const { criteria } = computeBilling(
      plan(68, { dose: { mg: 1500 }, intervalWeeks: 4, administrations: 40, phase: 'maintenance' }),
      'SCLC_EXTENSIVE_CASPIAN',
    );

    // Assess
    expect(criteria.map((c) => c.id)).toEqual(['labeled_dose']);
  });
});

describe('when the label checks do not run', () => {
  it('checks neither dose nor duration for an indication that is not approved (POTOMAC)', () => {
    // Act
    const { findings, criteria, billing } = computeBilling(
      plan(25, { dose: { mg: 1500 }, intervalWeeks: 4, administrations: 40 }),
      'NMIBC_BCG_POTOMAC',
    );

    // Assess
    expect(findings).toEqual([]);
    expect(criteria).toEqual([]);
    expect(billing.labeledDose).toBeNull();
  });

  it('checks no HCPCS or NDC the request does not give', () => {
    // Act
    const { findings } = computeBilling(
      plan(68, {}, (draft) => {
        delete draft.treatmentPlan.hcpcs;
        delete draft.treatmentPlan.ndc11;
      }),
      PACIFIC,
    );

    // Assess
    expect(findings).toEqual([]);
  });
});
