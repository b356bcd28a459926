/**
 * Which labeled indication is the closest (wrong tissue last, then fewer failed and unknown label
 * conditions, then more met; trial criteria never rank), and the request as a whole: a label
 * limit exceeded turns meets_label into not_supported, the payer options and plan type, the
 * site-of-care wording.
 */
import { describe, expect, it } from 'vitest';
import { assessRequest } from '#core/clinical/assess-request.ts';
import { assessIndication, matchIndications } from '#core/clinical/indications.ts';
import { siteOfCareFindings } from '#core/clinical/site-of-care.ts';
import { exampleRequest, QUALIFYING, requestWith } from '../support/indication-requests.ts';

const ids = (request: Parameters<typeof matchIndications>[0]) =>
  matchIndications(request).map((evaluation) => evaluation.indication.id);

describe('matchIndications: the closest indication first', () => {
  it('ranks by failed, then unknown, then met label conditions, wrong tissue last', () => {
    // Act
    const order = ids(exampleRequest());

    // Assess
    expect(order).toEqual([
      'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
      'NSCLC_RESECTABLE_PERIOP_AEGEAN',
      'NSCLC_METASTATIC_POSEIDON',
      'SCLC_LIMITED_ADRIATIC',
      'SCLC_EXTENSIVE_CASPIAN',
    ]);
  });

  it('puts an indication of the right tissue before one of the wrong tissue with fewer failures', () => {
    // Act
    const order = ids(requestWith(QUALIFYING.SCLC_EXTENSIVE_CASPIAN!));

    // Assess
    expect(order).toEqual([
      'SCLC_EXTENSIVE_CASPIAN',
      'SCLC_LIMITED_ADRIATIC',
      'NSCLC_RESECTABLE_PERIOP_AEGEAN',
      'NSCLC_METASTATIC_POSEIDON',
      'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
    ]);
  });

  it.each([
    [
      'IIIB',
      'SCLC_LIMITED_ADRIATIC before NSCLC_RESECTABLE_PERIOP_AEGEAN: fewer unknowns before more met',
      [
        'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
        'SCLC_LIMITED_ADRIATIC',
        'NSCLC_RESECTABLE_PERIOP_AEGEAN',
        'NSCLC_METASTATIC_POSEIDON',
        'SCLC_EXTENSIVE_CASPIAN',
      ],
    ],
    [
      'extensive',
      'PACIFIC before CASPIAN: equal matches keep the reference order',
      [
        'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
        'SCLC_EXTENSIVE_CASPIAN',
        'SCLC_LIMITED_ADRIATIC',
        'NSCLC_RESECTABLE_PERIOP_AEGEAN',
        'NSCLC_METASTATIC_POSEIDON',
      ],
    ],
  ])('ranks a lung tumor of neither histology at stage %s: %s', (stage, _, expected) => {
    // Act
    const order = ids(
      requestWith((draft) => {
        Object.assign(draft.diagnosis, { histology: 'carcinoid tumor', stage });
      }),
    );

    // Assess
    expect(order).toEqual(expected);
  });

  it('does not let failed trial criteria rank an indication lower', () => {
    // Prepare: PACIFIC fails one label condition and two trial criteria, AEGEAN one label condition
    const request = requestWith((draft) => {
      Object.assign(draft.diagnosis, { resectable: true, ecog: 3 });
      draft.diagnosis.biomarkers = { ...draft.diagnosis.biomarkers, EGFR: 'L858R' };
      draft.treatmentPlan.startDate = '2026-10-01';
    });

    // Act
    const order = ids(request);
    const { assessment } = assessIndication(request);

    // Assess
    expect(order.slice(0, 2)).toEqual([
      'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
      'NSCLC_RESECTABLE_PERIOP_AEGEAN',
    ]);
    expect(assessment.summary).toBe(
      'Not supported: Closest labeled indication PACIFIC fails: Unresectable disease.',
    );
  });

  it('matches an indication by any one of the diagnosis codes', () => {
    // Prepare
    const request = requestWith((draft) => {
      draft.diagnosis.icd10 = ['C18.0', 'C34.12'];
    });

    // Act
    const order = ids(request);

    // Assess
    expect(order[0]).toBe('NSCLC_STAGE3_UNRESECTABLE_PACIFIC');
  });
});

describe('assessRequest', () => {
  const tooMuch = (change: Parameters<typeof requestWith>[0] = () => {}) =>
    requestWith((draft) => {
      draft.treatmentPlan.dose = { mg: 3000 };
      draft.treatmentPlan.administrations = 40;
      change(draft);
    });

  it('turns meets_label into not_supported naming every label limit the plan exceeds', () => {
    // Prepare
    const request = tooMuch();
    const onLabel = assessIndication(request).assessment;

    // Act
    const { assessment } = assessRequest(request);

    // Assess
    expect(onLabel.verdict).toBe('meets_label');
    expect(assessment.verdict).toBe('not_supported');
    expect(assessment.summary).toBe(
      `${onLabel.summary} Not supported as requested: Labeled dose and interval for the weight (PACIFIC, consolidation after chemoradiation, single agent); Plan within the label's maximum duration (12 months) not met.`,
    );
    expect(assessment.criteria.map((criterion) => criterion.id)).toEqual([
      ...onLabel.criteria.map((criterion) => criterion.id),
      'labeled_dose',
      'duration_within_label',
    ]);
  });

  it('keeps insufficient_information when a label limit is exceeded too', () => {
    // Prepare
    const request = tooMuch((draft) => {
      delete draft.diagnosis.resectable;
    });

    // Act
    const { assessment } = assessRequest(request);

    // Assess
    expect(assessment.verdict).toBe('insufficient_information');
    expect(assessment.criteria.find((criterion) => criterion.id === 'labeled_dose')?.met).toBe(false);
  });

  it('checks no label limit of an off-label use', () => {
    // Prepare
    const request = tooMuch((draft) => {
      draft.diagnosis.icd10 = ['C18.0'];
    });

    // Act
    const { assessment } = assessRequest(request);

    // Assess
    expect(assessment.criteria.map((criterion) => criterion.id)).toEqual([
      'diagnosis_code',
      'compendia_support',
    ]);
  });

  it('passes the literature option through to the compendia check', () => {
    // Prepare
    const request = requestWith((draft) => {
      draft.diagnosis.icd10 = ['C18.0'];
      draft.treatmentPlan.supportingEvidence = [{ type: 'literature', citation: 'Smith 2025' }];
    });

    // Act
    const strict = assessRequest(request);
    const lenient = assessRequest(request, { acceptLiterature: true });

    // Assess
    expect(strict.assessment.verdict).toBe('not_supported');
    expect(lenient.assessment.verdict).toBe('compendia_supported');
  });

  it('tells Original Medicare that no prior authorization is needed, on the plan type', () => {
    // Act
    const { findings } = assessRequest(exampleRequest(), { planType: 'medicare' });

    // Assess
    expect(findings).toEqual([
      {
        severity: 'info',
        code: 'NO_PRIOR_AUTH_REQUIRED',
        message:
          'Original Medicare requires no prior authorization for a Part B drug such as durvalumab: bill the claim with this documentation instead of submitting a prior-auth request (coverage rests on the label or the compendia, BPM ch.15 §50.4.5).',
        path: 'coverage.planType',
      },
    ]);
  });
});

describe('siteOfCareFindings', () => {
  const policy = {
    preferred: ['office', 'ambulatory_infusion_center'],
    hospitalOutpatient: 'allowed' as const,
  };

  it('reads the site whatever its case and spaces', () => {
    // Act
    const findings = siteOfCareFindings({ siteOfCare: ' Office ' }, policy, 'Acme Health');

    // Assess
    expect(findings).toEqual([]);
  });

  it('warns of a site the policy does not prefer, even where hospital outpatient care is allowed', () => {
    // Act
    const findings = siteOfCareFindings({ siteOfCare: 'home' }, policy, 'Acme Health');

    // Assess
    expect(findings).toEqual([
      {
        severity: 'warning',
        code: 'SITE_OF_CARE_POLICY',
        message:
          'Acme Health: home is not a preferred site (preferred: office, ambulatory infusion center). Add provider.siteOfCareJustification (why this site is medically necessary) or move the infusion to a preferred site.',
        path: 'provider.siteOfCare',
      },
    ]);
  });

  it('says the justification is given, in the letter, for a hospital outpatient request that needs an exception', () => {
    // Act
    const findings = siteOfCareFindings(
      { siteOfCare: 'hospital_outpatient', siteOfCareJustification: 'Prior infusion reaction.' },
      { ...policy, hospitalOutpatient: 'requires_exception' },
      'Acme Health',
    );

    // Assess
    expect(findings).toEqual([
      {
        severity: 'info',
        code: 'SITE_OF_CARE_POLICY',
        message:
          'Acme Health: hospital outpatient requires a site-of-care exception (preferred: office, ambulatory infusion center); the request gives a site-of-care justification, which the letter states.',
        path: 'provider.siteOfCareJustification',
      },
    ]);
  });
});
