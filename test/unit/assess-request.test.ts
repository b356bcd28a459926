import { describe, expect, it } from 'vitest';
import { assessRequest } from '#core/clinical/assess-request.ts';
import { PLAN_TYPES } from '#core/model.ts';
import example from '#schemas/examples/prior-auth-request.json' with { type: 'json' };
import { type Draft, exampleRequest, requestWith } from './support/indication-requests.ts';

describe('assessRequest', () => {
  it('assesses the example request as PACIFIC on label, billed J9173 150 units x 13, JZ, without error findings', () => {
    // Act
    const { assessment, billing, findings } = assessRequest(exampleRequest());

    // Assess
    expect(assessment.verdict).toBe('meets_label');
    expect(assessment.indication).toBe('NSCLC_STAGE3_UNRESECTABLE_PACIFIC');
    expect(assessment.criteria).toContainEqual(
      expect.objectContaining({ id: 'duration_within_label', met: true }),
    );
    expect(billing).toMatchObject({
      hcpcs: 'J9173',
      unitsPerAdministration: 150,
      vials: [{ ndc11: '00310-4611-50', strengthMg: 500, count: 3 }],
      wasteModifier: 'JZ',
      administrationsRequested: 13,
      unitsRequested: 1950,
    });
    expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });

  it.each(PLAN_TYPES.map((planType) => [planType, planType === 'medicare'] as const))(
    'plan type %s: NO_PRIOR_AUTH_REQUIRED is %s',
    (planType, expected) => {
      // Act
      const { findings } = assessRequest(exampleRequest(), { planType });

      // Assess
      const notice = findings.find((finding) => finding.code === 'NO_PRIOR_AUTH_REQUIRED');
      expect(notice !== undefined).toBe(expected);
      if (notice) expect(notice.severity).toBe('info');
    },
  );

  it('takes the plan type from the request when the caller gives none', () => {
    // Prepare
    const request = requestWith((draft) => {
      draft.coverage.planType = 'medicare';
    });

    // Act
    const { findings } = assessRequest(request);

    // Assess
    expect(findings).toContainEqual(expect.objectContaining({ code: 'NO_PRIOR_AUTH_REQUIRED' }));
  });

  it('reports J9376 on the request and bills J9173', () => {
    // Prepare
    const request = requestWith((draft) => {
      draft.treatmentPlan.hcpcs = 'J9376';
    });

    // Act
    const { assessment, billing, findings } = assessRequest(request);

    // Assess
    expect(assessment.verdict).toBe('meets_label');
    expect(billing.hcpcs).toBe('J9173');
    expect(findings).toContainEqual(expect.objectContaining({ code: 'HCPCS_MISMATCH', severity: 'error' }));
  });

  it.each([
    [
      'a plan past the 12-month limit',
      (d: Draft) => (d.treatmentPlan.administrations = 14),
      'DURATION_EXCEEDS_LABEL',
    ],
    ['an unlabeled interval', (d: Draft) => (d.treatmentPlan.intervalWeeks = 3), 'DOSE_NOT_LABELED'],
    ['a fixed dose below 30 kg', (d: Draft) => (d.patient.weightKg = 26), 'DOSE_NOT_LABELED'],
  ])('turns a labeled use into not_supported for %s', (_, change, code) => {
    // Prepare
    const request = requestWith(change);

    // Act
    const { assessment, findings } = assessRequest(request);

    // Assess
    expect(assessment.verdict).toBe('not_supported');
    expect(assessment.indication).toBe('NSCLC_STAGE3_UNRESECTABLE_PACIFIC');
    expect(findings).toContainEqual(expect.objectContaining({ code, severity: 'error' }));
  });

  it('passes the NCCN 2B option through to the compendia check', () => {
    // Prepare
    const request = requestWith((draft) => {
      draft.oncologicHistory = [];
      Object.assign(draft.diagnosis, {
        icd10: ['C50.911'],
        primarySite: 'breast',
        histology: 'ductal carcinoma',
        stage: 'IV',
      });
      draft.treatmentPlan.supportingEvidence = [
        { type: 'compendium', source: 'NCCN', category: '2B', version: '2026.3', date: '2026-09-01' },
      ];
    });

    // Act
    const strict = assessRequest(request);
    const lenient = assessRequest(request, { acceptNccn2B: true });

    // Assess
    expect(strict.assessment.verdict).toBe('not_supported');
    expect(lenient.assessment.verdict).toBe('compendia_supported');
    expect(lenient.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });

  it('keeps patient identifiers out of every finding message', () => {
    // Prepare
    const request = requestWith((draft) => {
      draft.treatmentPlan.hcpcs = 'J9376';
      draft.treatmentPlan.administrations = 30;
      draft.diagnosis.stage = 'IV';
    });

    // Act
    const { findings } = assessRequest(request);

    // Assess
    const text = JSON.stringify(findings);
    for (const secret of [
      example.patient.givenName,
      example.patient.familyName,
      example.patient.birthDate,
      example.coverage.memberId,
      example.patient.id,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
