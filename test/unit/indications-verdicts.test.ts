import { describe, expect, it } from 'vitest';
import { assessIndication } from '#core/clinical/indications.ts';
import { type Draft, exampleRequest, QUALIFYING, requestWith } from './support/indication-requests.ts';

describe('assessIndication: verdicts', () => {
  it('names the decisive evidence of each PACIFIC criterion for the example request', () => {
    // Act
    const { assessment } = assessIndication(exampleRequest());

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
    // CASPIAN's maintenance follows chemotherapy given with durvalumab (line-of-therapy.test.ts).
    ['SCLC_EXTENSIVE_CASPIAN', 'maintenance', ['etoposide', 'carboplatin', 'durvalumab']],
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
