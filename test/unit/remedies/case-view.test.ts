/**
 * The case's facts as the appeal and correction letters read them (core/remedies/case-view.ts):
 * each view states what the request, the billing and the claim carry, and what they lack as null
 * or a dash; the dose view computes units, vials and waste lines when the case has no billing.
 */
import { describe, expect, it } from 'vitest';
import type { Assessment } from '#core/model.ts';
import * as views from '#core/remedies/case-view.ts';
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import {
  claim,
  compendiaAssessment,
  pacificAssessment,
  pacificBilling,
  request,
  weightBasedBilling,
} from '../support/appeal-case.ts';

function withRequest(change: (r: PriorAuthRequest) => Partial<PriorAuthRequest>): PriorAuthRequest {
  return { ...request, ...change(request) };
}

const compendium = (source: string, category: string, more: object = {}) => ({
  type: 'compendium' as const,
  source,
  category,
  ...more,
});

const weightBased = withRequest((r) => ({
  patient: { ...r.patient, weightKg: 75, weightDate: '2026-08-01' },
  treatmentPlan: { ...r.treatmentPlan, dose: { mgPerKg: 10 }, intervalWeeks: 2, administrations: 26 },
}));

describe('patientView and providerView', () => {
  it('states the patient, the member id and what the coverage lacks as null', () => {
    expect(views.patientView(request)).toEqual({
      name: 'Dana Rivera',
      birthDate: '1957-03-14',
      memberId: 'XMA123456789',
      groupNumber: null,
      planName: null,
      weightKg: 68,
    });
    const withPlan = withRequest((r) => ({
      coverage: { ...r.coverage, groupNumber: 'G-1', planName: 'Gold' },
    }));
    expect(views.patientView(withPlan)).toMatchObject({ groupNumber: 'G-1', planName: 'Gold' });
  });

  it('states the provider and its contact, a blank site-of-care justification as null', () => {
    // Act
    const view = views.providerView(request);
    // Assess
    expect(view).toEqual({
      name: 'Riverside Oncology Associates',
      npi: '1234567893',
      tin: null,
      siteOfCare: 'office',
      siteOfCareJustification: null,
      specialty: null,
      contactName: 'Sam Okafor',
      phone: '555-0142',
      fax: '555-0143',
    });
    const blank = withRequest((r) => ({ provider: { ...r.provider, siteOfCareJustification: '   ' } }));
    expect(views.providerView(blank).siteOfCareJustification).toBeNull();
  });

  it('keeps a justification trimmed, and gives null contact fields without a contact', () => {
    // Prepare
    const { contact: _none, ...noContact } = request.provider;
    const r = withRequest(() => ({
      provider: {
        ...noContact,
        tin: '123456789',
        specialty: 'Oncology',
        siteOfCareJustification: ' near home ',
      },
    }));
    // Act, Assess
    expect(views.providerView(r)).toMatchObject({
      tin: '123456789',
      specialty: 'Oncology',
      siteOfCareJustification: 'near home',
      contactName: null,
      phone: null,
      fax: null,
    });
  });
});

describe('doseView', () => {
  it("reads the case's billing: a fixed dose on whole vials, one JZ line", () => {
    // Act
    const view = views.doseView(request, pacificBilling);
    // Assess
    expect(view).toMatchObject({
      doseMg: 1500,
      doseText: '1,500 mg fixed dose',
      mgPerKg: null,
      weightKg: 68,
      weightDate: null,
      unitMg: 10,
      units: 150,
      openedMg: 1500,
      discardedMg: 0,
      discardedUnits: 0,
      wasteModifier: 'JZ',
      jw: false,
      lines: ['J9173-JZ x 150 units'],
      linesText: 'J9173-JZ x 150 units',
      labeledDose: '1500 mg every 4 weeks',
      intervalWeeks: 4,
      administrations: 13,
      unitsRequested: 1950,
      discardedUnitsRequested: null,
    });
    expect(view.vials).toEqual([
      { count: 3, strengthMg: 500, ndc11: '00310-4611-50', text: expect.stringMatching(/^3 x 500 mg/) },
    ]);
    expect(view.vialsText).toMatch(/^3 x 500 mg/);
  });

  it('computes a weight-based dose without billing: units, least-waste vials, a JW line for the waste', () => {
    // Act
    const view = views.doseView(weightBased, null);
    // Assess
    expect(view).toMatchObject({
      doseMg: 750,
      doseText: '10 mg/kg x 75 kg = 750 mg',
      mgPerKg: 10,
      weightDate: '2026-08-01',
      units: 75,
      openedMg: 840,
      discardedMg: 90,
      discardedUnits: 9,
      wasteModifier: 'JW',
      jw: true,
      lines: ['J9173 x 75 units', 'J9173-JW x 9 units'],
      linesText: 'J9173 x 75 units; J9173-JW x 9 units',
      labeledDose: null,
      administrations: 26,
      unitsRequested: 75 * 26,
    });
    expect(view.vials.reduce((mg, v) => mg + v.count * v.strengthMg, 0)).toBe(840);
  });

  it('computes a fixed dose without billing as JZ when the vials are used up', () => {
    const view = views.doseView(request, null);
    expect(view).toMatchObject({
      doseMg: 1500,
      units: 150,
      discardedUnits: 0,
      wasteModifier: 'JZ',
      jw: false,
    });
    expect(view.lines).toEqual(['J9173-JZ x 150 units']);
    expect(view.unitsRequested).toBe(1950);
  });

  it("takes the billing's dose, waste and requested totals over the plan's", () => {
    // Act
    const view = views.doseView(weightBased, { ...weightBasedBilling, discardedUnitsRequested: 200 });
    // Assess
    expect(view).toMatchObject({
      doseMg: 750,
      units: 75,
      discardedUnits: 9,
      lines: ['J9173 x 75 units', 'J9173-JW x 9 units'],
      administrations: 26,
      unitsRequested: 1950,
      discardedUnitsRequested: 200,
    });
  });
});

describe('claimView and lineView', () => {
  it('is null without a claim', () => {
    expect(views.claimView(undefined)).toBeNull();
  });

  it("states the claim, the payer's claim number as the original, each line numbered", () => {
    // Prepare
    const c = claim({ authorizationNumber: 'PA-1', discardedMg: 90 });
    // Act
    const view = views.claimView(c);
    // Assess
    expect(view).toMatchObject({
      claimId: c.claimId,
      payerClaimNumber: 'ICN-26250-0042',
      originalClaimNumber: 'ICN-26250-0042',
      serviceDate: c.serviceDate,
      authorizationNumber: 'PA-1',
      diagnosisCodes: c.diagnosisCodes.join(', '),
      discardedMg: 90,
      frequencyCode: c.frequencyCode,
    });
    expect(view?.lines.map((l) => l.n)).toEqual(c.lines.map((_, i) => i + 1));
  });

  it('uses the claim id as the original number when the payer gave none, and nulls what the claim lacks', () => {
    const c = claim({
      payerClaimNumber: undefined,
      placeOfService: undefined,
      administeredMg: undefined,
      authorizationNumber: undefined,
    });
    expect(views.claimView(c)).toMatchObject({
      payerClaimNumber: null,
      originalClaimNumber: c.claimId,
      authorizationNumber: null,
      administeredMg: null,
      discardedMg: null,
    });
  });

  it('writes a line without modifiers, NDC or quantity with dashes, and a quantity with its unit', () => {
    expect(views.lineView({ hcpcs: 'J9173', modifiers: [], units: 150 } as never, 1)).toEqual({
      n: 1,
      hcpcs: 'J9173',
      modifiers: '-',
      units: 150,
      ndc11: '-',
      ndcQuantity: '-',
    });
    expect(
      views.lineView(
        {
          hcpcs: 'J9173',
          modifiers: ['JW', 'KX'],
          units: 9,
          ndc11: '00310-4500-12',
          ndcQuantity: 2.4,
          ndcUnit: 'ML',
        } as never,
        2,
      ),
    ).toEqual({
      n: 2,
      hcpcs: 'J9173',
      modifiers: 'JW KX',
      units: 9,
      ndc11: '00310-4500-12',
      ndcQuantity: '2.4 ML',
    });
    expect(
      views.lineView({ hcpcs: 'J9173', modifiers: [], units: 1, ndcQuantity: 3 } as never, 3).ndcQuantity,
    ).toBe('3');
  });
});

describe('indicationView and criteriaView', () => {
  it('is null without an assessment; states a labeled indication as on label', () => {
    expect(views.indicationView(null)).toBeNull();
    expect(views.indicationView(pacificAssessment)).toEqual({
      id: 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
      title: pacificAssessment.indicationTitle,
      trial: 'PACIFIC (NCT02125461)',
      labelSummary: pacificAssessment.labelSummary,
      labelSource: pacificAssessment.labelSource,
      verdict: 'meets_label',
      verdictText: 'FDA-labeled indication',
      onLabel: true,
      supportingEvidence: null,
    });
  });

  it.each([
    ['compendia_supported', 'Medically accepted off-label indication (compendium-supported)'],
    ['not_supported', 'Not supported'],
    ['insufficient_information', 'Documentation incomplete'],
  ] as const)('words the verdict %s as %j, not on label', (verdict, text) => {
    const view = views.indicationView({ ...compendiaAssessment, verdict });
    expect(view).toMatchObject({
      verdictText: text,
      onLabel: false,
      title: compendiaAssessment.indicationTitle,
    });
  });

  it('titles an indication by its id without a title, with nulls for what it lacks', () => {
    const bare: Assessment = {
      ...pacificAssessment,
      indicationTitle: null,
      trial: null,
      labelSummary: null,
      labelSource: null,
    };
    expect(views.indicationView(bare)).toMatchObject({
      title: 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
      trial: null,
      labelSummary: null,
      labelSource: null,
    });
  });

  it('words each criterion as met, not met or not documented', () => {
    // Prepare
    const a: Assessment = {
      ...pacificAssessment,
      criteria: [
        { id: 'a', description: 'A', met: true, evidence: 'x' },
        { id: 'b', description: 'B', met: false, evidence: 'y' },
        { id: 'c', description: 'C', met: null, evidence: 'z' },
      ],
    };
    // Act, Assess
    expect(views.criteriaView(a).map((c) => [c.description, c.met])).toEqual([
      ['A', 'Met'],
      ['B', 'Not met'],
      ['C', 'Not documented'],
    ]);
    expect(views.criteriaView(null)).toEqual([]);
  });
});

describe('compendiaView, diagnosisView and historyView', () => {
  it('writes a compendium entry with what it has, and literature by its citation', () => {
    // Prepare
    const r = withRequest((base) => ({
      treatmentPlan: {
        ...base.treatmentPlan,
        supportingEvidence: [
          compendium('NCCN', '2A', { version: '2026.3', date: '2026-09-01', citation: 'BLAD-1' }),
          compendium('DrugDex', 'IIa'),
          { type: 'literature', citation: 'Smith 2025, J Clin Oncol' },
        ],
      } as PriorAuthRequest['treatmentPlan'],
    }));
    // Act, Assess
    expect(views.compendiaView(r)).toEqual([
      { text: 'NCCN category 2A, version 2026.3 (2026-09-01): BLAD-1' },
      { text: 'DrugDex category IIa' },
      { text: 'Peer-reviewed literature: Smith 2025, J Clin Oncol' },
    ]);
  });

  it('states the diagnosis, PD-L1 as a percentage and other markers as they are', () => {
    expect(views.diagnosisView(request)).toEqual({
      icd10: 'C34.12',
      primarySite: 'lung',
      histology: 'adenocarcinoma',
      stage: 'IIIB',
      diagnosisDate: null,
      ecog: null,
      biomarkers: [
        { name: 'EGFR', value: 'negative' },
        { name: 'ALK', value: 'negative' },
        { name: 'PD-L1 TPS', value: '45%' },
      ],
    });
  });

  it('keeps an ECOG of 0 and a diagnosis date, and lists no biomarkers when there are none', () => {
    const r = withRequest((base) => ({
      diagnosis: { ...base.diagnosis, ecog: 0, diagnosisDate: '2026-05-02', biomarkers: undefined },
    }));
    expect(views.diagnosisView(r)).toMatchObject({ ecog: 0, diagnosisDate: '2026-05-02', biomarkers: [] });
  });

  it('writes each history entry, with dashes for what it lacks', () => {
    // Prepare
    const r = withRequest((base) => ({
      oncologicHistory: [
        ...base.oncologicHistory,
        { therapy: 'surgery', agents: [] } as unknown as PriorAuthRequest['oncologicHistory'][number],
        {
          therapy: 'chemotherapy',
          agents: ['carboplatin'],
          startDate: '2026-01-05',
        } as unknown as PriorAuthRequest['oncologicHistory'][number],
      ],
    }));
    // Act, Assess
    expect(views.historyView(r)).toEqual([
      {
        therapy: 'concurrent chemoradiation',
        agents: 'cisplatin, etoposide',
        radiation: '60 Gy',
        dates: '2026-06-01 to 2026-07-13',
        response: 'stable disease',
      },
      { therapy: 'surgery', agents: '-', radiation: '-', dates: '-', response: '-' },
      { therapy: 'chemotherapy', agents: 'carboplatin', radiation: '-', dates: '2026-01-05', response: '-' },
    ]);
  });
});
