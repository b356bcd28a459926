import { describe, expect, it } from 'vitest';
import { assessIndication, rateEvidence } from '#core/clinical/indications.ts';
import { type Draft, noHistory, QUALIFYING, requestWith } from './support/indication-requests.ts';

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
    ['NCCN', '2a', {}, 'supportive', 'NCCN category 2A is supportive'],
    [
      'NCCN',
      'Category 2B',
      {},
      'not_supportive',
      'NCCN category 2B is not supportive under BPM §50.4.5 unless the payer accepts it',
    ],
    [
      'NCCN',
      '2B',
      { acceptNccn2B: true },
      'supportive',
      'NCCN category 2B, which this payer accepts (A58113)',
    ],
    ['NCCN', '4', {}, 'neither', 'NCCN category "4" is not a category (1, 2A, 2B, 3)'],
    ['Micromedex DrugDex', 'IIa', {}, 'supportive', 'DrugDex class IIa is supportive'],
    ['DrugDex', 'class iii', {}, 'not_supportive', 'DrugDex class III is not supportive'],
    ['DrugDex', 'IV', {}, 'neither', 'DrugDex class "IV" is not a class (I, IIa, IIb, III)'],
    ['AHFS-DI', 'unsupportive', {}, 'not_supportive', 'AHFS-DI narrative is not supportive'],
    [
      'Clinical Pharmacology',
      'no narrative',
      {},
      'neither',
      'Clinical Pharmacology without a supportive narrative counts as neither',
    ],
    [
      'Lexi-Drugs',
      'Use: Unsupported',
      {},
      'not_supportive',
      'Lexi-Drugs "Use: Unsupported" is not supportive',
    ],
    [
      'Lexi-Drugs',
      'Evidence Level B',
      {},
      'neither',
      'Lexi-Drugs supports an off-label use only with Evidence Level A',
    ],
    [
      'UpToDate',
      '1',
      {},
      'unrecognised',
      'UpToDate is not a compendium recognised by BPM ch.15 §50.4.5 (NCCN, DrugDex, Clinical Pharmacology, AHFS-DI, Lexi-Drugs)',
    ],
  ] as const)('rates %s %s as the compendium rules say', (source, category, options, rating, reason) => {
    // Act
    const rated = rateEvidence(
      { type: 'compendium', source, category, version: '1', date: '2026-01-01' },
      0,
      options,
    );

    // Assess
    expect(rated).toMatchObject({ rating, reason });
  });

  it('does not count Lexi-Drugs before it became a recognised compendium', () => {
    // Act
    const rated = rateEvidence(
      {
        type: 'compendium',
        source: 'Lexi-Drugs',
        category: 'Evidence Level A',
        version: '1',
        date: '2015-08-11',
      },
      0,
    );

    // Assess
    expect(rated).toMatchObject({
      rating: 'unrecognised',
      reason: 'Lexi-Drugs is a recognised compendium only from 2015-08-12 (CR 9386)',
    });
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
