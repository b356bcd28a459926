/**
 * Each kind of criterion says met / not met / unknown with the evidence a reviewer reads and the
 * request field that decided it: exact wording, boundaries (>= 4 cm, <= 42 days, ECOG <= 1) and
 * the history entries that count as prior systemic therapy.
 */
import { describe, expect, it } from 'vitest';
import type { Draft } from '../support/indication-requests.ts';
import { criteriaOf, expectReading, therapy } from './criteria-of.ts';

const PACIFIC = 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC';
const AEGEAN = 'NSCLC_RESECTABLE_PERIOP_AEGEAN';
const POSEIDON = 'NSCLC_METASTATIC_POSEIDON';
const TOPAZ = 'BTC_TOPAZ1';

describe('diagnosis_code', () => {
  it('names the code and the span it falls in, with no finding for a verified span', () => {
    // Act
    const { diagnosis_code: code } = criteriaOf(PACIFIC);

    // Assess
    expectReading(code!, true, 'diagnosis.icd10 = C34.12 (within C34.10-C34.12)', 'diagnosis.icd10');
    expect(code!.findings).toEqual([]);
  });

  it('names a single-code span by its code', () => {
    // Act
    const { diagnosis_code: code } = criteriaOf(TOPAZ);

    // Assess
    expect(code!.evidence).toBe('diagnosis.icd10 = C22.1 (within C22.1)');
  });

  it('warns with the reference note when the code matched an UNVERIFIED span', () => {
    // Act
    const { diagnosis_code: code } = criteriaOf(TOPAZ, (draft) => {
      draft.diagnosis.icd10 = ['C24.1'];
    });

    // Assess
    expect(code!.met).toBe(true);
    expect(code!.findings).toEqual([
      {
        severity: 'warning',
        code: 'UNVERIFIED_REFERENCE',
        message:
          'C24.1 under TOPAZ-1: UNVERIFIED whether ampulla of Vater (C24.1) is covered; TOPAZ-1 reportedly excluded ampullary carcinoma',
        path: 'diagnosis.icd10',
      },
    ]);
  });

  it('lists every code given and every span of the indication when none matches', () => {
    // Act
    const { diagnosis_code: code } = criteriaOf(TOPAZ, (draft) => {
      draft.diagnosis.icd10 = ['C34.12', 'C18.0'];
    });

    // Assess
    expectReading(
      code!,
      false,
      'diagnosis.icd10 = C34.12, C18.0: not in C22.1, C23, C24.0, C24.8, C24.9, C24.1',
      'diagnosis.icd10',
    );
    expect(code!.findings).toEqual([]);
  });
});

describe('tumor_size_or_nodes (AEGEAN: tumor >= 4 cm and/or node positive)', () => {
  const evidenceOf = (size: number | undefined, nodes: string | undefined) =>
    criteriaOf(AEGEAN, (draft) => {
      if (size === undefined) delete draft.diagnosis.tumorSizeCm;
      else draft.diagnosis.tumorSizeCm = size;
      if (nodes === undefined) delete draft.diagnosis.nodalStatus;
      else draft.diagnosis.nodalStatus = nodes;
    }).tumor_4cm_or_node_positive!;

  it.each([
    [5, 'N1', true, 'diagnosis.tumorSizeCm = 5; diagnosis.nodalStatus = N1', 'diagnosis.tumorSizeCm'],
    [4, 'N0', true, 'diagnosis.tumorSizeCm = 4; diagnosis.nodalStatus = N0', 'diagnosis.tumorSizeCm'],
    [3.9, 'N0', false, 'diagnosis.tumorSizeCm = 3.9; diagnosis.nodalStatus = N0', 'diagnosis.tumorSizeCm'],
    [3, 'N2', true, 'diagnosis.tumorSizeCm = 3; diagnosis.nodalStatus = N2', 'diagnosis.nodalStatus'],
    [
      undefined,
      'N1',
      true,
      'diagnosis.tumorSizeCm not given; diagnosis.nodalStatus = N1',
      'diagnosis.nodalStatus',
    ],
    [
      undefined,
      'N0',
      null,
      'diagnosis.tumorSizeCm not given; diagnosis.nodalStatus = N0',
      'diagnosis.tumorSizeCm',
    ],
    [
      3,
      undefined,
      null,
      'diagnosis.tumorSizeCm = 3; diagnosis.nodalStatus not given',
      'diagnosis.nodalStatus',
    ],
    [
      3,
      'unclear',
      null,
      'diagnosis.tumorSizeCm = 3; diagnosis.nodalStatus = unclear',
      'diagnosis.nodalStatus',
    ],
    [
      6,
      undefined,
      true,
      'diagnosis.tumorSizeCm = 6; diagnosis.nodalStatus not given',
      'diagnosis.tumorSizeCm',
    ],
  ])('size %s cm, nodes %s: met %s', (size, nodes, met, evidence, path) => {
    // Act
    const criterion = evidenceOf(size, nodes);

    // Assess
    expectReading(criterion, met, evidence, path);
  });
});

describe('chemoradiation_ended_within_days (PACIFIC trial: 42 days)', () => {
  const within = (change: (draft: Draft) => void) => criteriaOf(PACIFIC, change).crt_within_42_days!;

  it.each([
    ['2026-08-24', true, 42],
    ['2026-08-25', false, 43],
    ['2026-07-13', true, 0],
  ])('a start on %s is met: %s (%s days after the end)', (start, met, days) => {
    // Act
    const criterion = within((draft) => {
      draft.treatmentPlan.startDate = start;
    });

    // Assess
    expectReading(
      criterion,
      met,
      `chemoradiation ended 2026-07-13, treatmentPlan.startDate = ${start} (${days} days)`,
      'treatmentPlan.startDate',
    );
  });

  it('is unknown when the chemoradiation has no end date', () => {
    // Act
    const criterion = within((draft) => {
      delete draft.oncologicHistory![0]!.endDate;
    });

    // Assess
    expectReading(criterion, null, 'no chemoradiation end date in oncologicHistory', 'oncologicHistory');
  });

  it('counts from the later end of separate, overlapping chemotherapy and radiation entries', () => {
    // Act
    const criterion = within((draft) => {
      draft.oncologicHistory = [
        therapy('chemotherapy', ['carboplatin', 'paclitaxel'], {
          startDate: '2026-06-01',
          endDate: '2026-07-20',
        }),
        therapy('radiotherapy', [], { radiationGy: 60, startDate: '2026-06-01', endDate: '2026-07-13' }),
      ];
      draft.treatmentPlan.startDate = '2026-08-31';
    });

    // Assess
    expectReading(
      criterion,
      true,
      'chemoradiation ended 2026-07-20, treatmentPlan.startDate = 2026-08-31 (42 days)',
      'treatmentPlan.startDate',
    );
  });
});

describe('a diagnosis field: ECOG (PACIFIC trial: 0-1), histology, stage, resectability, cisplatin eligibility', () => {
  const NIAGARA = 'MIBC_PERIOP_NIAGARA';

  it.each<
    [string, string, keyof Draft['diagnosis'], string | number | boolean | undefined, boolean | null, string]
  >([
    [PACIFIC, 'performance_status_0_1', 'ecog', 0, true, ''],
    [PACIFIC, 'performance_status_0_1', 'ecog', 1, true, ''],
    [PACIFIC, 'performance_status_0_1', 'ecog', 2, false, ''],
    [PACIFIC, 'performance_status_0_1', 'ecog', undefined, null, ''],
    [PACIFIC, 'histology_nsclc', 'histology', 'Squamous cell carcinoma', true, ''],
    [PACIFIC, 'stage_iii', 'stage', 'Stage 3A', true, ''],
    [
      PACIFIC,
      'histology_nsclc',
      'histology',
      'small cell carcinoma',
      false,
      ' (not non-small cell lung cancer)',
    ],
    [POSEIDON, 'metastatic', 'stage', 'IIIB', false, ' (needs IV or metastatic)'],
    [PACIFIC, 'unresectable', 'resectable', undefined, null, ' (needs unresectable)'],
    [AEGEAN, 'resectable', 'resectable', undefined, null, ' (needs resectable)'],
    [PACIFIC, 'unresectable', 'resectable', true, false, ''],
    [NIAGARA, 'cisplatin_eligible', 'cisplatinEligible', true, true, ''],
    [NIAGARA, 'cisplatin_eligible', 'cisplatinEligible', false, false, ''],
    [NIAGARA, 'cisplatin_eligible', 'cisplatinEligible', undefined, null, ''],
  ])('%s: %s with diagnosis.%s = %j is met: %s', (indication, id, field, value, met, note) => {
    // Act
    const criterion = criteriaOf(indication, (draft) => {
      if (value === undefined) delete draft.diagnosis[field];
      else Object.assign(draft.diagnosis, { [field]: value });
    })[id]!;

    // Assess
    const given = value === undefined ? 'is not given' : `= ${value}`;
    expectReading(criterion, met, `diagnosis.${field} ${given}${note}`, `diagnosis.${field}`);
  });
});

describe('biomarkers: EGFR (AEGEAN) and MMR (DUO-E)', () => {
  const criterionOf = { EGFR: [AEGEAN, 'egfr_negative'], MMR: ['ENDOMETRIAL_dMMR_DUOE', 'dmmr'] } as const;
  const egfrIs = (value: string) => (draft: Draft) => {
    draft.diagnosis.biomarkers = { ...draft.diagnosis.biomarkers, EGFR: value };
  };
  const mmrIs = (value: 'dMMR' | 'pMMR') => (draft: Draft) => {
    draft.diagnosis.biomarkers = { MMR: value };
  };
  const noBiomarkers = (draft: Draft) => delete draft.diagnosis.biomarkers;

  it.each<[keyof typeof criterionOf, string, (draft: Draft) => void, boolean | null, string]>([
    ['EGFR', 'negative', egfrIs('negative'), true, '= negative'],
    ['EGFR', '"  wild type "', egfrIs('  wild type '), true, '= wild type'],
    ['EGFR', 'L858R', egfrIs('L858R'), false, '= L858R'],
    ['EGFR', 'pending', egfrIs('pending'), null, '= pending'],
    ['EGFR', 'blank', egfrIs('  '), null, 'is not given'],
    ['EGFR', 'absent', (draft) => delete draft.diagnosis.biomarkers!.EGFR, null, 'is not given'],
    ['EGFR', 'without any biomarkers', noBiomarkers, null, 'is not given'],
    ['MMR', 'dMMR', mmrIs('dMMR'), true, '= dMMR'],
    ['MMR', 'pMMR', mmrIs('pMMR'), false, '= pMMR'],
    ['MMR', 'absent', (draft) => (draft.diagnosis.biomarkers = {}), null, 'is not given'],
    ['MMR', 'without any biomarkers', noBiomarkers, null, 'is not given'],
  ])('%s %s: met %s', (marker, _, change, met, said) => {
    // Act
    const [indication, id] = criterionOf[marker];
    const criterion = criteriaOf(indication, change)[id]!;

    // Assess
    expectReading(criterion, met, `diagnosis.biomarkers.${marker} ${said}`, `diagnosis.biomarkers.${marker}`);
  });
});

describe('no_prior_systemic_therapy', () => {
  const untreated = (change: (draft: Draft) => void) => criteriaOf(AEGEAN, change).previously_untreated!;
  const chemo = { therapy: 'chemotherapy', agents: ['carboplatin', 'pemetrexed'], setting: 'neoadjuvant' };

  it('is met on an empty history, and says so', () => {
    // Act
    const criterion = untreated(() => {});

    // Assess
    expectReading(criterion, true, 'oncologicHistory is empty', 'oncologicHistory');
  });

  it.each([
    ['radiation alone', { therapy: 'radiotherapy', agents: [], radiationGy: 60 }],
    ['durvalumab alone', { therapy: 'immunotherapy', agents: ['Imfinzi'] }],
    [
      'durvalumab with chemotherapy',
      { therapy: 'chemoimmunotherapy', agents: ['durvalumab', 'carboplatin'] },
    ],
    ['an agent list that names no agent', { therapy: 'chemotherapy', agents: ['+'] }],
  ])('does not count %s as earlier systemic therapy', (_, entry) => {
    // Act
    const criterion = untreated((draft) => {
      draft.oncologicHistory = [entry];
    });

    // Assess
    expectReading(criterion, true, 'no earlier systemic therapy in oncologicHistory', 'oncologicHistory');
  });

  it('names the first earlier systemic therapy and its index', () => {
    // Act
    const criterion = untreated((draft) => {
      draft.oncologicHistory = [{ therapy: 'radiotherapy', agents: [], radiationGy: 20 }, chemo];
    });

    // Assess
    expectReading(
      criterion,
      false,
      'oncologicHistory[1]: chemotherapy with carboplatin, pemetrexed',
      'oncologicHistory[1]',
    );
  });

  it("in a later phase, does not count the first phase's own chemotherapy", () => {
    // Act
    const criterion = untreated((draft) => {
      draft.oncologicHistory = [chemo];
      Object.assign(draft.treatmentPlan, { phase: 'adjuvant', combination: [] });
    });

    // Assess
    expect(criterion.met).toBe(true);
    expect(criterion.evidence).toBe('no earlier systemic therapy in oncologicHistory');
  });

  it('in a later phase, still counts chemotherapy that is not the first phase’s', () => {
    // Act
    const criterion = untreated((draft) => {
      draft.oncologicHistory = [{ therapy: 'targeted therapy', agents: ['osimertinib'] }];
      Object.assign(draft.treatmentPlan, { phase: 'adjuvant', combination: [] });
    });

    // Assess
    expectReading(
      criterion,
      false,
      'oncologicHistory[0]: targeted therapy with osimertinib',
      'oncologicHistory[0]',
    );
  });
});
