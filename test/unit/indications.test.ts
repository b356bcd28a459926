import { describe, expect, it } from 'vitest';
import {
  assessIndication,
  codeInSpan,
  evaluateIndication,
  findIndication,
  histologyMatches,
  INDICATIONS,
  rateEvidence,
  stageMatches,
} from '#core/clinical/indications.ts';
import { PriorAuthRequest, type PriorAuthRequestInput } from '#schemas/prior-auth-request.ts';
import example from '../fixtures/prior-auth-request.json' with { type: 'json' };

type Draft = PriorAuthRequestInput & {
  diagnosis: PriorAuthRequestInput['diagnosis'];
  treatmentPlan: PriorAuthRequestInput['treatmentPlan'];
};

/** The example request with clinical changes, parsed as the API would parse it. */
function requestWith(change: (draft: Draft) => void): PriorAuthRequest {
  const draft = structuredClone(example) as unknown as Draft;
  draft.attachments = [];
  change(draft);
  return PriorAuthRequest.parse(draft);
}

const noHistory = (draft: Draft) => {
  draft.oncologicHistory = [];
};

/** One patient per labeled indication who qualifies, built from the example request. */
const QUALIFYING: Record<string, (draft: Draft) => void> = {
  NSCLC_STAGE3_UNRESECTABLE_PACIFIC: () => {},
  NSCLC_RESECTABLE_PERIOP_AEGEAN: (draft) => {
    noHistory(draft);
    Object.assign(draft.diagnosis, { stage: 'IIIA', resectable: true, tumorSizeCm: 5, nodalStatus: 'N1' });
    Object.assign(draft.treatmentPlan, {
      phase: 'neoadjuvant',
      intervalWeeks: 3,
      administrations: 4,
      combination: ['carboplatin', 'pemetrexed'],
    });
  },
  NSCLC_METASTATIC_POSEIDON: (draft) => {
    noHistory(draft);
    Object.assign(draft.diagnosis, { stage: 'IVA' });
    delete draft.diagnosis.resectable;
    Object.assign(draft.treatmentPlan, {
      intervalWeeks: 3,
      administrations: 4,
      combination: ['tremelimumab-actl', 'carboplatin', 'pemetrexed'],
    });
  },
  SCLC_EXTENSIVE_CASPIAN: (draft) => {
    noHistory(draft);
    Object.assign(draft.diagnosis, { histology: 'small cell carcinoma', stage: 'extensive', biomarkers: {} });
    delete draft.diagnosis.resectable;
    Object.assign(draft.treatmentPlan, {
      intervalWeeks: 3,
      administrations: 4,
      combination: ['etoposide', 'carboplatin'],
    });
  },
  SCLC_LIMITED_ADRIATIC: (draft) => {
    Object.assign(draft.diagnosis, { histology: 'small cell carcinoma', stage: 'limited', biomarkers: {} });
    delete draft.diagnosis.resectable;
    Object.assign(draft.treatmentPlan, { intervalWeeks: 4, administrations: 26 });
  },
  BTC_TOPAZ1: (draft) => {
    noHistory(draft);
    Object.assign(draft.diagnosis, {
      icd10: ['C22.1'],
      primarySite: 'intrahepatic bile duct',
      histology: 'intrahepatic cholangiocarcinoma',
      stage: 'IV',
      biomarkers: {},
    });
    delete draft.diagnosis.resectable;
    Object.assign(draft.treatmentPlan, {
      intervalWeeks: 3,
      administrations: 8,
      combination: ['gemcitabine', 'cisplatin'],
    });
  },
  HCC_UNRESECTABLE_HIMALAYA_STRIDE: (draft) => {
    noHistory(draft);
    Object.assign(draft.diagnosis, {
      icd10: ['C22.0'],
      primarySite: 'liver',
      histology: 'hepatocellular carcinoma',
      stage: 'IIIB',
      resectable: false,
      biomarkers: {},
    });
    Object.assign(draft.treatmentPlan, {
      intervalWeeks: 4,
      administrations: 12,
      combination: ['tremelimumab'],
    });
  },
  ENDOMETRIAL_dMMR_DUOE: (draft) => {
    noHistory(draft);
    Object.assign(draft.diagnosis, {
      icd10: ['C54.1'],
      primarySite: 'endometrium',
      histology: 'endometrioid adenocarcinoma',
      stage: 'IIIC1',
      biomarkers: { MMR: 'dMMR' },
    });
    delete draft.diagnosis.resectable;
    Object.assign(draft.treatmentPlan, {
      dose: { mg: 1120 },
      intervalWeeks: 3,
      administrations: 6,
      combination: ['carboplatin', 'paclitaxel'],
    });
  },
  MIBC_PERIOP_NIAGARA: (draft) => {
    noHistory(draft);
    Object.assign(draft.diagnosis, {
      icd10: ['C67.9'],
      primarySite: 'bladder',
      histology: 'urothelial carcinoma',
      stage: 'II',
      resectable: true,
      cisplatinEligible: true,
      biomarkers: {},
    });
    Object.assign(draft.treatmentPlan, {
      phase: 'neoadjuvant',
      intervalWeeks: 3,
      administrations: 4,
      combination: ['gemcitabine', 'cisplatin'],
    });
  },
  GASTRIC_GEJ_PERIOP_MATTERHORN: (draft) => {
    noHistory(draft);
    Object.assign(draft.diagnosis, {
      icd10: ['C16.0'],
      primarySite: 'gastroesophageal junction',
      histology: 'adenocarcinoma',
      stage: 'III',
      resectable: true,
      biomarkers: {},
    });
    Object.assign(draft.treatmentPlan, { intervalWeeks: 4, administrations: 4, combination: ['FLOT'] });
  },
};

const approved = INDICATIONS.filter((indication) => indication.status === 'approved');

describe('reference data', () => {
  it('holds the ten labeled indications of durvalumab.json and the withdrawn urothelial one', () => {
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

/** [indication, criterion id that fails, the change that makes it fail] */
const FAILING: Array<[string, string, (draft: Draft) => void]> = [
  [
    'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
    'histology_nsclc',
    (d) => Object.assign(d.diagnosis, { histology: 'small cell carcinoma' }),
  ],
  ['NSCLC_STAGE3_UNRESECTABLE_PACIFIC', 'stage_iii', (d) => Object.assign(d.diagnosis, { stage: 'IIB' })],
  [
    'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
    'unresectable',
    (d) => Object.assign(d.diagnosis, { resectable: true }),
  ],
  [
    'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
    'prior_concurrent_platinum_crt',
    (d) => Object.assign(d.oncologicHistory![0]!, { therapy: 'sequential chemoradiation' }),
  ],
  [
    'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
    'prior_concurrent_platinum_crt',
    (d) => Object.assign(d.oncologicHistory![0]!, { agents: ['paclitaxel'] }),
  ],
  [
    'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
    'no_progression_after_crt',
    (d) => Object.assign(d.oncologicHistory![0]!, { response: 'progressive_disease' }),
  ],
  [
    'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
    'combination',
    (d) => Object.assign(d.treatmentPlan, { combination: ['tremelimumab'] }),
  ],
  ['NSCLC_RESECTABLE_PERIOP_AEGEAN', 'resectable', (d) => Object.assign(d.diagnosis, { resectable: false })],
  [
    'NSCLC_RESECTABLE_PERIOP_AEGEAN',
    'tumor_4cm_or_node_positive',
    (d) => Object.assign(d.diagnosis, { tumorSizeCm: 3, nodalStatus: 'N0' }),
  ],
  [
    'NSCLC_RESECTABLE_PERIOP_AEGEAN',
    'egfr_negative',
    (d) => Object.assign(d.diagnosis.biomarkers!, { EGFR: 'exon19del' }),
  ],
  [
    'NSCLC_RESECTABLE_PERIOP_AEGEAN',
    'alk_negative',
    (d) => Object.assign(d.diagnosis.biomarkers!, { ALK: 'positive' }),
  ],
  [
    'NSCLC_RESECTABLE_PERIOP_AEGEAN',
    'previously_untreated',
    (d) => {
      d.oncologicHistory = [{ therapy: 'chemotherapy', agents: ['docetaxel'] }];
    },
  ],
  [
    'NSCLC_RESECTABLE_PERIOP_AEGEAN',
    'combination',
    (d) => Object.assign(d.treatmentPlan, { combination: ['pemetrexed'] }),
  ],
  ['NSCLC_METASTATIC_POSEIDON', 'metastatic', (d) => Object.assign(d.diagnosis, { stage: 'IIIB' })],
  [
    'NSCLC_METASTATIC_POSEIDON',
    'egfr_negative',
    (d) => Object.assign(d.diagnosis.biomarkers!, { EGFR: 'L858R' }),
  ],
  [
    'NSCLC_METASTATIC_POSEIDON',
    'alk_negative',
    (d) => Object.assign(d.diagnosis.biomarkers!, { ALK: 'EML4-ALK fusion' }),
  ],
  [
    'NSCLC_METASTATIC_POSEIDON',
    'histology_nsclc',
    (d) => Object.assign(d.diagnosis, { histology: 'small cell carcinoma' }),
  ],
  [
    'NSCLC_METASTATIC_POSEIDON',
    'combination',
    (d) => Object.assign(d.treatmentPlan, { combination: ['carboplatin', 'pemetrexed'] }),
  ],
  [
    'SCLC_EXTENSIVE_CASPIAN',
    'histology_sclc',
    (d) => Object.assign(d.diagnosis, { histology: 'non-small cell carcinoma' }),
  ],
  ['SCLC_EXTENSIVE_CASPIAN', 'extensive_stage', (d) => Object.assign(d.diagnosis, { stage: 'limited' })],
  [
    'SCLC_EXTENSIVE_CASPIAN',
    'first_line',
    (d) => {
      d.oncologicHistory = [{ therapy: 'second-line chemotherapy', agents: ['topotecan'] }];
    },
  ],
  [
    'SCLC_EXTENSIVE_CASPIAN',
    'combination',
    (d) => Object.assign(d.treatmentPlan, { combination: ['carboplatin'] }),
  ],
  [
    'SCLC_LIMITED_ADRIATIC',
    'histology_sclc',
    (d) => Object.assign(d.diagnosis, { histology: 'adenocarcinoma' }),
  ],
  ['SCLC_LIMITED_ADRIATIC', 'limited_stage', (d) => Object.assign(d.diagnosis, { stage: 'extensive' })],
  [
    'SCLC_LIMITED_ADRIATIC',
    'prior_concurrent_platinum_crt',
    (d) => {
      d.oncologicHistory = [
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
      ];
    },
  ],
  [
    'SCLC_LIMITED_ADRIATIC',
    'no_progression_after_crt',
    (d) => Object.assign(d.oncologicHistory![0]!, { progressionDate: '2026-07-30' }),
  ],
  [
    'SCLC_LIMITED_ADRIATIC',
    'combination',
    (d) => Object.assign(d.treatmentPlan, { combination: ['etoposide'] }),
  ],
  ['BTC_TOPAZ1', 'diagnosis_code', (d) => Object.assign(d.diagnosis, { icd10: ['C25.0'] })],
  [
    'BTC_TOPAZ1',
    'histology_btc',
    (d) => Object.assign(d.diagnosis, { histology: 'hepatocellular carcinoma' }),
  ],
  ['BTC_TOPAZ1', 'locally_advanced_or_metastatic', (d) => Object.assign(d.diagnosis, { stage: 'II' })],
  [
    'BTC_TOPAZ1',
    'combination',
    (d) => Object.assign(d.treatmentPlan, { combination: ['gemcitabine', 'oxaliplatin'] }),
  ],
  [
    'HCC_UNRESECTABLE_HIMALAYA_STRIDE',
    'histology_hcc',
    (d) => Object.assign(d.diagnosis, { histology: 'cholangiocarcinoma' }),
  ],
  [
    'HCC_UNRESECTABLE_HIMALAYA_STRIDE',
    'unresectable',
    (d) => Object.assign(d.diagnosis, { resectable: true }),
  ],
  [
    'HCC_UNRESECTABLE_HIMALAYA_STRIDE',
    'combination',
    (d) => Object.assign(d.treatmentPlan, { combination: [] }),
  ],
  ['ENDOMETRIAL_dMMR_DUOE', 'dmmr', (d) => Object.assign(d.diagnosis, { biomarkers: { MMR: 'pMMR' } })],
  ['ENDOMETRIAL_dMMR_DUOE', 'advanced_or_recurrent', (d) => Object.assign(d.diagnosis, { stage: 'II' })],
  ['ENDOMETRIAL_dMMR_DUOE', 'diagnosis_code', (d) => Object.assign(d.diagnosis, { icd10: ['C56.1'] })],
  [
    'ENDOMETRIAL_dMMR_DUOE',
    'combination',
    (d) => Object.assign(d.treatmentPlan, { combination: ['carboplatin'] }),
  ],
  ['MIBC_PERIOP_NIAGARA', 'muscle_invasive', (d) => Object.assign(d.diagnosis, { stage: 'I' })],
  ['MIBC_PERIOP_NIAGARA', 'cystectomy_candidate', (d) => Object.assign(d.diagnosis, { resectable: false })],
  [
    'MIBC_PERIOP_NIAGARA',
    'no_prior_systemic_therapy',
    (d) => {
      d.oncologicHistory = [{ therapy: 'chemotherapy', agents: ['carboplatin', 'gemcitabine'] }];
    },
  ],
  [
    'MIBC_PERIOP_NIAGARA',
    'combination',
    (d) => Object.assign(d.treatmentPlan, { combination: ['gemcitabine', 'carboplatin'] }),
  ],
  [
    'GASTRIC_GEJ_PERIOP_MATTERHORN',
    'histology_adenocarcinoma',
    (d) => Object.assign(d.diagnosis, { histology: 'squamous cell carcinoma' }),
  ],
  ['GASTRIC_GEJ_PERIOP_MATTERHORN', 'resectable', (d) => Object.assign(d.diagnosis, { resectable: false })],
  [
    'GASTRIC_GEJ_PERIOP_MATTERHORN',
    'previously_untreated',
    (d) => {
      d.oncologicHistory = [{ therapy: 'chemotherapy', agents: ['capecitabine', 'oxaliplatin'] }];
    },
  ],
  [
    'GASTRIC_GEJ_PERIOP_MATTERHORN',
    'combination',
    (d) => Object.assign(d.treatmentPlan, { combination: ['fluorouracil', 'leucovorin', 'oxaliplatin'] }),
  ],
];

describe('assessIndication: each label criterion that fails', () => {
  it.each(FAILING)('%s: %s', (id, criterionId, change) => {
    // Prepare
    const qualify = QUALIFYING[id]!;
    const request = requestWith((draft) => {
      qualify(draft);
      change(draft);
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

describe('assessIndication: verdicts', () => {
  it('names the decisive evidence of each PACIFIC criterion for the example request', () => {
    // Act
    const { assessment } = assessIndication(PriorAuthRequest.parse(example));

    // Assess
    const evidence = Object.fromEntries(
      assessment.criteria.map((criterion) => [criterion.id, criterion.evidence]),
    );
    expect(evidence.stage_iii).toBe('diagnosis.stage = IIIB');
    expect(evidence.unresectable).toBe('diagnosis.resectable = false');
    expect(evidence.prior_concurrent_platinum_crt).toContain('cisplatin');
    expect(assessment.trial).toContain('PACIFIC');
  });

  it('warns of payer policy for EGFR-mutant stage III NSCLC after chemoradiation but keeps meets_label', () => {
    // Prepare
    const request = requestWith((draft) => Object.assign(draft.diagnosis.biomarkers!, { EGFR: 'L858R' }));

    // Act
    const { assessment, findings } = assessIndication(request);

    // Assess
    expect(assessment.verdict).toBe('meets_label');
    expect(findings).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        code: 'POLICY_RISK',
        path: 'diagnosis.biomarkers.EGFR',
      }),
    );
  });

  it.each([
    ['diagnosis.resectable', (d: Draft) => delete d.diagnosis.resectable],
    ['oncologicHistory', (d: Draft) => delete d.oncologicHistory![0]!.response],
  ])('is insufficient_information when %s is missing, and says so', (path, change) => {
    // Prepare
    const request = requestWith(change);

    // Act
    const { assessment, findings } = assessIndication(request);

    // Assess
    expect(assessment.verdict).toBe('insufficient_information');
    expect(assessment.indication).toBe('NSCLC_STAGE3_UNRESECTABLE_PACIFIC');
    expect(assessment.criteria.some((criterion) => criterion.met === null)).toBe(true);
    expect(findings).toContainEqual(expect.objectContaining({ code: 'INSUFFICIENT_INFORMATION', path }));
  });

  it('asks for EGFR and ALK when a metastatic NSCLC request lacks them', () => {
    // Prepare
    const request = requestWith((draft) => {
      QUALIFYING.NSCLC_METASTATIC_POSEIDON!(draft);
      draft.diagnosis.biomarkers = {};
    });

    // Act
    const { assessment, findings } = assessIndication(request);

    // Assess
    expect(assessment.verdict).toBe('insufficient_information');
    expect(findings.map((finding) => finding.path)).toEqual(
      expect.arrayContaining(['diagnosis.biomarkers.EGFR', 'diagnosis.biomarkers.ALK']),
    );
  });

  it('accepts the tremelimumab of HIMALAYA from the history once cycle 1 is given', () => {
    // Prepare
    const request = requestWith((draft) => {
      QUALIFYING.HCC_UNRESECTABLE_HIMALAYA_STRIDE!(draft);
      draft.treatmentPlan.combination = [];
      draft.oncologicHistory = [
        {
          therapy: 'STRIDE cycle 1',
          agents: ['tremelimumab', 'durvalumab'],
          startDate: '2026-07-13',
          endDate: '2026-07-13',
        },
      ];
    });

    // Act
    const { assessment } = assessIndication(request);

    // Assess
    expect(assessment.verdict).toBe('meets_label');
    expect(assessment.indication).toBe('HCC_UNRESECTABLE_HIMALAYA_STRIDE');
  });

  it.each([
    ['NSCLC_RESECTABLE_PERIOP_AEGEAN', 'adjuvant', ['carboplatin', 'pemetrexed']],
    ['SCLC_EXTENSIVE_CASPIAN', 'maintenance', ['etoposide', 'carboplatin']],
    ['MIBC_PERIOP_NIAGARA', 'adjuvant', ['gemcitabine', 'cisplatin']],
  ])(
    '%s %s phase: the first phase chemotherapy is part of the regimen, not prior therapy',
    (id, phase, agents) => {
      // Prepare
      const request = requestWith((draft) => {
        QUALIFYING[id]!(draft);
        Object.assign(draft.treatmentPlan, { phase, combination: [], intervalWeeks: 4, administrations: 6 });
        draft.oncologicHistory = [
          { therapy: 'neoadjuvant chemotherapy', agents, startDate: '2026-03-02', endDate: '2026-05-04' },
        ];
      });

      // Act
      const { assessment } = assessIndication(request);

      // Assess
      expect(assessment.verdict).toBe('meets_label');
      expect(assessment.indication).toBe(id);
    },
  );

  it('warns (does not fail) when only a trial criterion is outside the trial population', () => {
    // Prepare
    const request = requestWith((draft) => {
      QUALIFYING.MIBC_PERIOP_NIAGARA!(draft);
      draft.diagnosis.cisplatinEligible = false;
    });

    // Act
    const { assessment, findings } = assessIndication(request);

    // Assess
    expect(assessment.verdict).toBe('meets_label');
    expect(findings).toContainEqual(
      expect.objectContaining({ code: 'POLICY_RISK', path: 'diagnosis.cisplatinEligible' }),
    );
  });

  it('flags an ICD-10-CM code the reference marks UNVERIFIED (ampulla of Vater under TOPAZ-1)', () => {
    // Prepare
    const request = requestWith((draft) => {
      QUALIFYING.BTC_TOPAZ1!(draft);
      draft.diagnosis.icd10 = ['C24.1'];
    });

    // Act
    const { assessment, findings } = assessIndication(request);

    // Assess
    expect(assessment.indication).toBe('BTC_TOPAZ1');
    expect(findings).toContainEqual(
      expect.objectContaining({ severity: 'warning', code: 'UNVERIFIED_REFERENCE' }),
    );
  });
});

describe('assessIndication: off-label use and the compendia (BPM ch.15 §50.4.5)', () => {
  const breast = (evidence: Draft['treatmentPlan']['supportingEvidence']) => (draft: Draft) => {
    noHistory(draft);
    Object.assign(draft.diagnosis, {
      icd10: ['C50.911'],
      primarySite: 'breast',
      histology: 'invasive ductal carcinoma',
      stage: 'IV',
    });
    draft.treatmentPlan.supportingEvidence = evidence;
  };
  const nccn = (category: string) => ({
    type: 'compendium' as const,
    source: 'NCCN',
    category,
    version: '2026.3',
    date: '2026-09-01',
    citation: 'NCCN Drugs & Biologics Compendium, durvalumab',
  });

  it.each([
    ['NCCN 1', [nccn('1')], {}, 'compendia_supported'],
    ['NCCN 2A', [nccn('2A')], {}, 'compendia_supported'],
    ['NCCN 2B by default', [nccn('2B')], {}, 'not_supported'],
    ['NCCN 2B when the payer accepts it', [nccn('2B')], { acceptNccn2B: true }, 'compendia_supported'],
    ['NCCN 3', [nccn('3')], {}, 'not_supported'],
    ['DrugDex IIb', [{ ...nccn('Class IIb'), source: 'Micromedex DrugDex' }], {}, 'compendia_supported'],
    ['DrugDex III', [{ ...nccn('III'), source: 'DrugDex' }], {}, 'not_supported'],
    [
      'AHFS-DI supportive narrative',
      [{ ...nccn('supportive'), source: 'AHFS-DI' }],
      {},
      'compendia_supported',
    ],
    [
      'Clinical Pharmacology not supportive',
      [{ ...nccn('not supportive'), source: 'Clinical Pharmacology' }],
      {},
      'not_supported',
    ],
    [
      'Lexi-Drugs Evidence Level A',
      [{ ...nccn('Off-Label, Evidence Level A'), source: 'Lexi-Drugs' }],
      {},
      'compendia_supported',
    ],
    [
      'Lexi-Drugs before 2015-08-12',
      [{ ...nccn('Evidence Level A'), source: 'Lexi-Drugs', date: '2014-01-01' }],
      {},
      'not_supported',
    ],
    ['an unrecognised source', [{ ...nccn('1'), source: 'UpToDate' }], {}, 'not_supported'],
    [
      'literature by default',
      [{ type: 'literature' as const, citation: 'Smith J et al. J Clin Oncol 2025' }],
      {},
      'not_supported',
    ],
    [
      'literature when the payer accepts it',
      [{ type: 'literature' as const, citation: 'Smith J et al. J Clin Oncol 2025' }],
      { acceptLiterature: true },
      'compendia_supported',
    ],
    ['no evidence', [], {}, 'not_supported'],
  ])('%s', (_, evidence, options, verdict) => {
    // Prepare
    const request = requestWith(breast(evidence));

    // Act
    const { assessment, findings } = assessIndication(request, options);

    // Assess
    expect(assessment.verdict).toBe(verdict);
    if (verdict === 'compendia_supported') {
      expect(assessment.indication).toBeNull();
      expect(assessment.supportingEvidence).toEqual(expect.any(String));
      expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    } else {
      expect(findings).toContainEqual(
        expect.objectContaining({ severity: 'error', code: 'DIAGNOSIS_NOT_COVERED' }),
      );
      expect(findings).toContainEqual(
        expect.objectContaining({ severity: 'error', code: 'OFF_LABEL_UNSUPPORTED' }),
      );
    }
  });

  it.each(['version', 'date'] as const)('needs the %s of a compendium citation before it counts', (field) => {
    // Prepare
    const citation = nccn('2A');
    delete citation[field];
    const request = requestWith(breast([citation]));

    // Act
    const { assessment, findings } = assessIndication(request);

    // Assess
    expect(assessment.verdict).toBe('insufficient_information');
    expect(findings).toContainEqual(
      expect.objectContaining({
        code: 'INSUFFICIENT_INFORMATION',
        path: `treatmentPlan.supportingEvidence[0].${field}`,
      }),
    );
  });

  it('makes a failed label criterion off-label, supported by a compendium citation (HCC durvalumab monotherapy)', () => {
    // Prepare
    const request = requestWith((draft) => {
      QUALIFYING.HCC_UNRESECTABLE_HIMALAYA_STRIDE!(draft);
      draft.treatmentPlan.combination = [];
      draft.treatmentPlan.supportingEvidence = [nccn('2A')];
    });

    // Act
    const { assessment } = assessIndication(request);

    // Assess
    expect(assessment.verdict).toBe('compendia_supported');
    expect(assessment.criteria).toContainEqual(expect.objectContaining({ id: 'combination', met: false }));
    expect(assessment.criteria).toContainEqual(
      expect.objectContaining({ id: 'compendia_support', met: true }),
    );
  });

  it('names the withdrawn urothelial indication for metastatic urothelial carcinoma after platinum', () => {
    // Prepare
    const request = requestWith((draft) => {
      Object.assign(draft.diagnosis, {
        icd10: ['C67.9'],
        primarySite: 'bladder',
        histology: 'urothelial carcinoma',
        stage: 'IV',
        resectable: false,
        biomarkers: {},
      });
      draft.oncologicHistory = [{ therapy: 'first-line chemotherapy', agents: ['gemcitabine', 'cisplatin'] }];
      Object.assign(draft.treatmentPlan, { dose: { mgPerKg: 10 }, intervalWeeks: 2, administrations: 6 });
    });

    // Act
    const { assessment, findings } = assessIndication(request);

    // Assess
    expect(assessment.verdict).toBe('not_supported');
    expect(findings).toContainEqual(
      expect.objectContaining({
        code: 'OFF_LABEL_UNSUPPORTED',
        message: expect.stringContaining('WITHDRAWN'),
      }),
    );
  });
});

describe('readers of clinical text', () => {
  it.each([
    ['C34.12', { from: 'C34.10', to: 'C34.12' }, true],
    ['C3412', { from: 'C34.10', to: 'C34.12' }, true],
    ['C34.2', { from: 'C34.10', to: 'C34.12' }, false],
    ['C34.2', { code: 'C34.2' }, true],
    ['C68.9', { from: 'C65', to: 'C68' }, true],
    ['C69.0', { from: 'C65', to: 'C68' }, false],
    ['C23', { code: 'C23' }, true],
    ['C22.1', { code: 'C22.0' }, false],
  ])('code %s in %j: %s', (code, span, expected) => {
    expect(codeInSpan(code, span)).toBe(expected);
  });

  it.each([
    ['IIIB', ['III'], true],
    ['Stage IIIC', ['III'], true],
    ['3A', ['III'], true],
    ['IV', ['III'], false],
    ['II', ['III'], false],
    ['IIIA', ['II'], false],
    ['IVA', ['IV', 'metastatic'], true],
    ['extensive-stage', ['extensive'], true],
    ['limited', ['extensive'], false],
    ['0is', ['0', 'I'], true],
    ['IIA', ['IIA', 'IIB', 'IIIA', 'IIIB'], true],
  ])('stage %s in %j: %s', (stage, allowed, expected) => {
    expect(stageMatches(stage, allowed)).toBe(expected);
  });

  it.each([
    ['adenocarcinoma', 'nsclc', true],
    ['Squamous cell carcinoma', 'nsclc', true],
    ['non-small cell carcinoma, NOS', 'nsclc', true],
    ['small cell carcinoma', 'nsclc', false],
    ['small cell carcinoma', 'sclc', true],
    ['non-small cell carcinoma', 'sclc', false],
    ['NSCLC', 'sclc', false],
    ['hepatocellular carcinoma', 'biliary', false],
    ['gallbladder adenocarcinoma', 'biliary', true],
  ])('histology %s is %s: %s', (histology, family, expected) => {
    expect(histologyMatches(histology, family)).toBe(expected);
  });

  it('rates an evidence entry with its index and reason', () => {
    // Act
    const rated = rateEvidence(
      { type: 'compendium', source: 'NCCN', category: '3', version: '1', date: '2026-01-01' },
      2,
    );

    // Assess
    expect(rated).toMatchObject({ index: 2, rating: 'not_supportive' });
    expect(rated.reason).toContain('category 3');
  });
});
