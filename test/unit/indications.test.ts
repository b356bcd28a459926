import { describe, expect, it } from 'vitest';
import {
  assessIndication,
  evaluateIndication,
  findIndication,
  INDICATIONS,
} from '#core/clinical/indications.ts';
import { applyPatch, type DraftPatch, QUALIFYING, requestWith } from './support/indication-requests.ts';

const approved = INDICATIONS.filter((indication) => indication.status === 'approved');

describe('reference data', () => {
  it('holds the ten labeled indications of the reference and the withdrawn urothelial one', () => {
    // Prepare
    const trials = [
      'PACIFIC',
      'AEGEAN',
      'POSEIDON',
      'CASPIAN',
      'ADRIATIC',
      'TOPAZ-1',
      'HIMALAYA',
      'DUO-E',
      'NIAGARA',
      'MATTERHORN',
    ];

    // Act
    const approvedTrials = approved.map((indication) => indication.trial);

    // Assess
    expect(approvedTrials.sort()).toEqual([...trials].sort());
    expect(findIndication('UROTHELIAL_2L_ACCELERATED')?.status).toBe('withdrawn');
  });

  it('gives every labeled indication a qualifying example in these tests', () => {
    expect(Object.keys(QUALIFYING).sort()).toEqual(approved.map((indication) => indication.id).sort());
  });

  it.each(approved.map((indication) => [indication.id, indication] as const))(
    '%s has sources and label wording',
    (_, indication) => {
      expect(indication.sources.length).toBeGreaterThan(0);
      expect(indication.labelSummary.length).toBeGreaterThan(20);
      expect(
        indication.phases
          .flatMap((phase) => phase.regimens)
          .some((regimen) => regimen.weightBand === '<30kg'),
      ).toBe(true);
    },
  );
});

describe('assessIndication: a qualifying patient meets the label', () => {
  it.each(Object.entries(QUALIFYING))('%s', (id, change) => {
    // Prepare
    const request = requestWith(change);

    // Act
    const { assessment, findings } = assessIndication(request);

    // Assess
    expect(assessment.verdict).toBe('meets_label');
    expect(assessment.indication).toBe(id);
    expect(assessment.labelSummary).toBe(findIndication(id)?.labelSummary);
    expect(assessment.criteria.length).toBeGreaterThan(3);
    expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });
});

const PACIFIC = 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC';
const AEGEAN = 'NSCLC_RESECTABLE_PERIOP_AEGEAN';
const POSEIDON = 'NSCLC_METASTATIC_POSEIDON';
const CASPIAN = 'SCLC_EXTENSIVE_CASPIAN';
const ADRIATIC = 'SCLC_LIMITED_ADRIATIC';
const TOPAZ = 'BTC_TOPAZ1';
const HIMALAYA = 'HCC_UNRESECTABLE_HIMALAYA_STRIDE';
const DUOE = 'ENDOMETRIAL_dMMR_DUOE';
const NIAGARA = 'MIBC_PERIOP_NIAGARA';
const MATTERHORN = 'GASTRIC_GEJ_PERIOP_MATTERHORN';

const chemotherapy = (therapy: string, ...agents: string[]): DraftPatch => ({
  history: [{ therapy, agents }],
});
const sequentialChemoradiation: DraftPatch = {
  history: [
    {
      therapy: 'chemotherapy',
      agents: ['cisplatin', 'etoposide'],
      startDate: '2026-03-01',
      endDate: '2026-05-01',
    },
    {
      therapy: 'thoracic radiotherapy',
      agents: [],
      radiationGy: 45,
      startDate: '2026-05-10',
      endDate: '2026-06-20',
    },
  ],
};

/** [indication, criterion id that fails, the change that makes it fail] */
const FAILING: Array<[string, string, DraftPatch]> = [
  [PACIFIC, 'histology_nsclc', { diagnosis: { histology: 'small cell carcinoma' } }],
  [PACIFIC, 'stage_iii', { diagnosis: { stage: 'IIB' } }],
  [PACIFIC, 'unresectable', { diagnosis: { resectable: true } }],
  [PACIFIC, 'prior_concurrent_platinum_crt', { firstHistory: { therapy: 'sequential chemoradiation' } }],
  [PACIFIC, 'prior_concurrent_platinum_crt', { firstHistory: { agents: ['paclitaxel'] } }],
  [PACIFIC, 'no_progression_after_crt', { firstHistory: { response: 'progressive_disease' } }],
  [PACIFIC, 'combination', { plan: { combination: ['tremelimumab'] } }],
  [AEGEAN, 'resectable', { diagnosis: { resectable: false } }],
  [AEGEAN, 'tumor_4cm_or_node_positive', { diagnosis: { tumorSizeCm: 3, nodalStatus: 'N0' } }],
  [AEGEAN, 'egfr_negative', { biomarkers: { EGFR: 'exon19del' } }],
  [AEGEAN, 'alk_negative', { biomarkers: { ALK: 'positive' } }],
  [AEGEAN, 'previously_untreated', chemotherapy('chemotherapy', 'docetaxel')],
  [AEGEAN, 'combination', { plan: { combination: ['pemetrexed'] } }],
  [POSEIDON, 'metastatic', { diagnosis: { stage: 'IIIB' } }],
  [POSEIDON, 'egfr_negative', { biomarkers: { EGFR: 'L858R' } }],
  [POSEIDON, 'alk_negative', { biomarkers: { ALK: 'EML4-ALK fusion' } }],
  [POSEIDON, 'histology_nsclc', { diagnosis: { histology: 'small cell carcinoma' } }],
  [POSEIDON, 'combination', { plan: { combination: ['carboplatin', 'pemetrexed'] } }],
  [CASPIAN, 'histology_sclc', { diagnosis: { histology: 'non-small cell carcinoma' } }],
  [CASPIAN, 'extensive_stage', { diagnosis: { stage: 'limited' } }],
  [CASPIAN, 'combination', { plan: { combination: ['carboplatin'] } }],
  [CASPIAN, 'first_line', chemotherapy('second-line chemotherapy', 'topotecan')],
  [ADRIATIC, 'histology_sclc', { diagnosis: { histology: 'adenocarcinoma' } }],
  [ADRIATIC, 'limited_stage', { diagnosis: { stage: 'extensive' } }],
  [ADRIATIC, 'prior_concurrent_platinum_crt', sequentialChemoradiation],
  [ADRIATIC, 'no_progression_after_crt', { firstHistory: { progressionDate: '2026-07-30' } }],
  [ADRIATIC, 'combination', { plan: { combination: ['etoposide'] } }],
  [TOPAZ, 'diagnosis_code', { diagnosis: { icd10: ['C25.0'] } }],
  [TOPAZ, 'histology_btc', { diagnosis: { histology: 'hepatocellular carcinoma' } }],
  [TOPAZ, 'locally_advanced_or_metastatic', { diagnosis: { stage: 'II' } }],
  [TOPAZ, 'combination', { plan: { combination: ['gemcitabine', 'oxaliplatin'] } }],
  [HIMALAYA, 'histology_hcc', { diagnosis: { histology: 'cholangiocarcinoma' } }],
  [HIMALAYA, 'unresectable', { diagnosis: { resectable: true } }],
  [HIMALAYA, 'combination', { plan: { combination: [] } }],
  [DUOE, 'dmmr', { diagnosis: { biomarkers: { MMR: 'pMMR' } } }],
  [DUOE, 'advanced_or_recurrent', { diagnosis: { stage: 'II' } }],
  [DUOE, 'diagnosis_code', { diagnosis: { icd10: ['C56.1'] } }],
  [DUOE, 'combination', { plan: { combination: ['carboplatin'] } }],
  [NIAGARA, 'muscle_invasive', { diagnosis: { stage: 'I' } }],
  [NIAGARA, 'cystectomy_candidate', { diagnosis: { resectable: false } }],
  [NIAGARA, 'no_prior_systemic_therapy', chemotherapy('chemotherapy', 'carboplatin', 'gemcitabine')],
  [NIAGARA, 'combination', { plan: { combination: ['gemcitabine', 'carboplatin'] } }],
  [MATTERHORN, 'histology_adenocarcinoma', { diagnosis: { histology: 'squamous cell carcinoma' } }],
  [MATTERHORN, 'resectable', { diagnosis: { resectable: false } }],
  [MATTERHORN, 'previously_untreated', chemotherapy('chemotherapy', 'capecitabine', 'oxaliplatin')],
  [MATTERHORN, 'combination', { plan: { combination: ['fluorouracil', 'leucovorin', 'oxaliplatin'] } }],
];

describe('assessIndication: each label criterion that fails', () => {
  it.each(FAILING)('%s: %s', (id, criterionId, change) => {
    // Prepare
    const qualify = QUALIFYING[id]!;
    const request = requestWith((draft) => {
      qualify(draft);
      applyPatch(draft, change);
    });
    const indication = findIndication(id)!;

    // Act
    const evaluation = evaluateIndication(indication, request);
    const { assessment, findings } = assessIndication(request);

    // Assess
    const criterion = evaluation.criteria.find((candidate) => candidate.id === criterionId);
    expect(criterion?.met).toBe(false);
    expect(criterion?.evidence.length).toBeGreaterThan(0);
    expect(assessment.verdict === 'meets_label' && assessment.indication === id).toBe(false);
    if (assessment.indication === id) {
      expect(assessment.verdict).toBe('not_supported');
      expect(findings).toContainEqual(
        expect.objectContaining({
          severity: 'error',
          code: 'CRITERION_NOT_MET',
          message: expect.stringContaining(criterion!.description),
        }),
      );
    }
  });
});
