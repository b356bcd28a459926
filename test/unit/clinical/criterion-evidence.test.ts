/**
 * Each kind of criterion says met / not met / unknown with the evidence a reviewer reads and the
 * request field that decided it: exact wording, boundaries (>= 4 cm, <= 42 days, ECOG <= 1) and
 * the history entries that count as prior systemic therapy.
 */
import { describe, expect, it } from 'vitest';
import type { Draft } from '../support/indication-requests.ts';
import { criteriaOf, reading, therapy } from './criteria-of.ts';

const PACIFIC = 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC';
const AEGEAN = 'NSCLC_RESECTABLE_PERIOP_AEGEAN';
const POSEIDON = 'NSCLC_METASTATIC_POSEIDON';
const TOPAZ = 'BTC_TOPAZ1';

describe('diagnosis_code', () => {
  it('names the code and the span it falls in, with no finding for a verified span', () => {
    // Act
    const { diagnosis_code: code } = criteriaOf(PACIFIC);

    // Assess
    expect(reading(code!)).toEqual({
      met: true,
      evidence: 'diagnosis.icd10 = C34.12 (within C34.10-C34.12)',
      path: 'diagnosis.icd10',
    });
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
    expect(reading(code!)).toEqual({
      met: false,
      evidence: 'diagnosis.icd10 = C34.12, C18.0: not in C22.1, C23, C24.0, C24.8, C24.9, C24.1',
      path: 'diagnosis.icd10',
    });
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
    expect(reading(criterion)).toEqual({ met, evidence, path });
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
    expect(reading(criterion)).toEqual({
      met,
      evidence: `chemoradiation ended 2026-07-13, treatmentPlan.startDate = ${start} (${days} days)`,
      path: 'treatmentPlan.startDate',
    });
  });

  it('is unknown when the chemoradiation has no end date', () => {
    // Act
    const criterion = within((draft) => {
      delete draft.oncologicHistory![0]!.endDate;
    });

    // Assess
    expect(reading(criterion)).toEqual({
      met: null,
      evidence: 'no chemoradiation end date in oncologicHistory',
      path: 'oncologicHistory',
    });
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
    expect(reading(criterion)).toEqual({
      met: true,
      evidence: 'chemoradiation ended 2026-07-20, treatmentPlan.startDate = 2026-08-31 (42 days)',
      path: 'treatmentPlan.startDate',
    });
  });
});

describe('ecog_at_most (PACIFIC trial: 0-1)', () => {
  it.each([
    [0, true],
    [1, true],
    [2, false],
  ])('ECOG %s is met: %s', (ecog, met) => {
    // Act
    const criterion = criteriaOf(PACIFIC, (draft) => {
      draft.diagnosis.ecog = ecog;
    }).performance_status_0_1!;

    // Assess
    expect(reading(criterion)).toEqual({ met, evidence: `diagnosis.ecog = ${ecog}`, path: 'diagnosis.ecog' });
  });

  it('is unknown when not given', () => {
    // Act
    const criterion = criteriaOf(PACIFIC).performance_status_0_1!;

    // Assess
    expect(reading(criterion)).toEqual({
      met: null,
      evidence: 'diagnosis.ecog is not given',
      path: 'diagnosis.ecog',
    });
  });
});

describe('histology, stage and resectability', () => {
  it('states a matching histology and stage as given', () => {
    // Act
    const criteria = criteriaOf(PACIFIC, (draft) => {
      Object.assign(draft.diagnosis, { histology: 'Squamous cell carcinoma', stage: 'Stage 3A' });
    });

    // Assess
    expect(reading(criteria.histology_nsclc!)).toEqual({
      met: true,
      evidence: 'diagnosis.histology = Squamous cell carcinoma',
      path: 'diagnosis.histology',
    });
    expect(reading(criteria.stage_iii!)).toEqual({
      met: true,
      evidence: 'diagnosis.stage = Stage 3A',
      path: 'diagnosis.stage',
    });
  });

  it('names the family a histology is not', () => {
    // Act
    const criterion = criteriaOf(PACIFIC, (draft) => {
      draft.diagnosis.histology = 'small cell carcinoma';
    }).histology_nsclc!;

    // Assess
    expect(reading(criterion)).toEqual({
      met: false,
      evidence: 'diagnosis.histology = small cell carcinoma (not non-small cell lung cancer)',
      path: 'diagnosis.histology',
    });
  });

  it('names the stage groups a stage is not in', () => {
    // Act
    const criteria = criteriaOf(POSEIDON, (draft) => {
      draft.diagnosis.stage = 'IIIB';
    });

    // Assess
    expect(reading(criteria.metastatic!)).toEqual({
      met: false,
      evidence: 'diagnosis.stage = IIIB (needs IV or metastatic)',
      path: 'diagnosis.stage',
    });
  });

  it.each([
    [PACIFIC, 'unresectable', 'unresectable'],
    [AEGEAN, 'resectable', 'resectable'],
  ])('%s: an absent resectability is unknown and says what is needed', (indication, id, needs) => {
    // Act
    const criterion = criteriaOf(indication, (draft) => {
      delete draft.diagnosis.resectable;
    })[id]!;

    // Assess
    expect(reading(criterion)).toEqual({
      met: null,
      evidence: `diagnosis.resectable is not given (needs ${needs})`,
      path: 'diagnosis.resectable',
    });
  });

  it('fails a resectable tumor against the unresectable indication', () => {
    // Act
    const criterion = criteriaOf(PACIFIC, (draft) => {
      draft.diagnosis.resectable = true;
    }).unresectable!;

    // Assess
    expect(reading(criterion)).toEqual({
      met: false,
      evidence: 'diagnosis.resectable = true',
      path: 'diagnosis.resectable',
    });
  });

  it.each([
    [true, true],
    [false, false],
  ])('NIAGARA: cisplatinEligible %s is met: %s', (eligible, met) => {
    // Act
    const criterion = criteriaOf('MIBC_PERIOP_NIAGARA', (draft) => {
      draft.diagnosis.cisplatinEligible = eligible;
    }).cisplatin_eligible!;

    // Assess
    expect(reading(criterion)).toEqual({
      met,
      evidence: `diagnosis.cisplatinEligible = ${eligible}`,
      path: 'diagnosis.cisplatinEligible',
    });
  });

  it('NIAGARA: an absent cisplatin eligibility is unknown', () => {
    // Act
    const criterion = criteriaOf('MIBC_PERIOP_NIAGARA', (draft) => {
      delete draft.diagnosis.cisplatinEligible;
    }).cisplatin_eligible!;

    // Assess
    expect(reading(criterion)).toEqual({
      met: null,
      evidence: 'diagnosis.cisplatinEligible is not given',
      path: 'diagnosis.cisplatinEligible',
    });
  });
});

describe('biomarkers', () => {
  const egfr = (change: (draft: Draft) => void) => criteriaOf(AEGEAN, change).egfr_negative!;

  it.each([
    ['negative', true, 'diagnosis.biomarkers.EGFR = negative'],
    ['  wild type ', true, 'diagnosis.biomarkers.EGFR = wild type'],
    ['L858R', false, 'diagnosis.biomarkers.EGFR = L858R'],
    ['pending', null, 'diagnosis.biomarkers.EGFR = pending'],
    ['  ', null, 'diagnosis.biomarkers.EGFR is not given'],
  ])('EGFR %j: met %s', (value, met, evidence) => {
    // Act
    const criterion = egfr((draft) => {
      draft.diagnosis.biomarkers = { ...draft.diagnosis.biomarkers, EGFR: value };
    });

    // Assess
    expect(reading(criterion)).toEqual({ met, evidence, path: 'diagnosis.biomarkers.EGFR' });
  });

  it.each([
    ['without EGFR', (draft: Draft) => delete draft.diagnosis.biomarkers!.EGFR],
    ['without any biomarkers', (draft: Draft) => delete draft.diagnosis.biomarkers],
  ])('EGFR is unknown %s', (_, change) => {
    // Act
    const criterion = egfr(change);

    // Assess
    expect(reading(criterion)).toEqual({
      met: null,
      evidence: 'diagnosis.biomarkers.EGFR is not given',
      path: 'diagnosis.biomarkers.EGFR',
    });
  });

  it.each([
    ['dMMR', true],
    ['pMMR', false],
  ] as const)('DUO-E: MMR %s is met: %s', (value, met) => {
    // Act
    const criterion = criteriaOf('ENDOMETRIAL_dMMR_DUOE', (draft) => {
      draft.diagnosis.biomarkers = { MMR: value };
    }).dmmr!;

    // Assess
    expect(reading(criterion)).toEqual({
      met,
      evidence: `diagnosis.biomarkers.MMR = ${value}`,
      path: 'diagnosis.biomarkers.MMR',
    });
  });

  it.each([
    ['without MMR', (draft: Draft) => (draft.diagnosis.biomarkers = {})],
    ['without any biomarkers', (draft: Draft) => delete draft.diagnosis.biomarkers],
  ])('DUO-E: MMR is unknown %s', (_, change) => {
    // Act
    const criterion = criteriaOf('ENDOMETRIAL_dMMR_DUOE', change).dmmr!;

    // Assess
    expect(reading(criterion)).toEqual({
      met: null,
      evidence: 'diagnosis.biomarkers.MMR is not given',
      path: 'diagnosis.biomarkers.MMR',
    });
  });
});

describe('no_prior_systemic_therapy', () => {
  const untreated = (change: (draft: Draft) => void) => criteriaOf(AEGEAN, change).previously_untreated!;
  const chemo = { therapy: 'chemotherapy', agents: ['carboplatin', 'pemetrexed'], setting: 'neoadjuvant' };

  it('is met on an empty history, and says so', () => {
    // Act
    const criterion = untreated(() => {});

    // Assess
    expect(reading(criterion)).toEqual({
      met: true,
      evidence: 'oncologicHistory is empty',
      path: 'oncologicHistory',
    });
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
    expect(reading(criterion)).toEqual({
      met: true,
      evidence: 'no earlier systemic therapy in oncologicHistory',
      path: 'oncologicHistory',
    });
  });

  it('names the first earlier systemic therapy and its index', () => {
    // Act
    const criterion = untreated((draft) => {
      draft.oncologicHistory = [{ therapy: 'radiotherapy', agents: [], radiationGy: 20 }, chemo];
    });

    // Assess
    expect(reading(criterion)).toEqual({
      met: false,
      evidence: 'oncologicHistory[1]: chemotherapy with carboplatin, pemetrexed',
      path: 'oncologicHistory[1]',
    });
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
    expect(reading(criterion)).toEqual({
      met: false,
      evidence: 'oncologicHistory[0]: targeted therapy with osimertinib',
      path: 'oncologicHistory[0]',
    });
  });
});
