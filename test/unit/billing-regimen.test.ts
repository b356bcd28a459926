import { describe, expect, it } from 'vitest';
import { computeBilling, labeledRegimens } from '#core/billing/billing.ts';
import { findIndication, resolvePhase } from '#core/clinical/indications.ts';
import { type Draft, requestWith } from './support/indication-requests.ts';

/** The example request (PACIFIC) with this weight and plan. */
function planned(plan: {
  weightKg: number;
  dose: { mg: number } | { mgPerKg: number };
  intervalWeeks: number;
  administrations: number;
  phase?: string | undefined;
}) {
  const { weightKg, phase, ...rest } = plan;
  return requestWith((draft) => {
    draft.patient.weightKg = weightKg;
    Object.assign(draft.treatmentPlan, { ...rest, ...(phase ? { phase } : {}) });
  });
}

describe('the 30 kg band of the fixed doses', () => {
  // The label gives fixed doses from 30 kg up and mg/kg doses below: 30 kg itself is in the fixed band.
  it.each([
    [29.9, true],
    [30, false],
    [30.1, false],
  ])('PACIFIC 1500 mg every 4 weeks at %s kg: DOSE_NOT_LABELED %s', (weightKg, refused) => {
    // Prepare
    const request = planned({ weightKg, dose: { mg: 1500 }, intervalWeeks: 4, administrations: 4 });

    // Act
    const { findings, criteria } = computeBilling(request, 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC');

    // Assess
    expect(findings.some((f) => f.code === 'DOSE_NOT_LABELED')).toBe(refused);
    expect(criteria).toContainEqual(expect.objectContaining({ id: 'labeled_dose', met: !refused }));
  });

  it.each([
    [29.9, ['<30kg']],
    [30, ['>=30kg']],
    [30.1, ['>=30kg']],
  ])('the PACIFIC regimens labeled at %s kg are the %j ones (besides "any")', (weightKg, bands) => {
    // Prepare
    const request = planned({ weightKg, dose: { mg: 1500 }, intervalWeeks: 4, administrations: 4 });
    const indication = findIndication('NSCLC_STAGE3_UNRESECTABLE_PACIFIC')!;
    const phase = resolvePhase(indication, request.treatmentPlan, request.oncologicHistory);

    // Act
    const regimens = labeledRegimens(phase, weightKg);

    // Assess
    expect([...new Set(regimens.map((r) => r.weightBand).filter((b) => b !== 'any'))]).toEqual(bands);
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
    const request = planned({ weightKg, dose, intervalWeeks, administrations, phase });

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
    const phase = id === 'ENDOMETRIAL_dMMR_DUOE' ? 'chemotherapy' : undefined;
    const request = planned({ weightKg, dose, intervalWeeks, administrations: 4, phase });

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
    const request = planned({ weightKg, dose, intervalWeeks, administrations, phase });

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
