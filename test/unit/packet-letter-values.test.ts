/**
 * The values the packet letter's templates put in words (packetLetterView in core/packet/letter.ts):
 * urgency, payer kind, coverage, the opening by verdict, biomarkers, billing with JZ or JW, the
 * duration against the label, the disclosed findings, the provider's contact, the compendium.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '#core/model.ts';
import { DISCLOSED_FINDING_CODES, type PacketInput, packetLetterView } from '#core/packet/letter.ts';
import { FDA_LABEL_CITATION } from '#core/reference/index.ts';
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { samplePacketInput } from '../fixtures/packet-sample.ts';
import { weightBasedBilling } from './support/appeal-case.ts';

function withRequest(
  change: (r: PriorAuthRequest) => Partial<PriorAuthRequest>,
  extra: Partial<PacketInput> = {},
) {
  const base = samplePacketInput();
  return packetLetterView({ ...base, ...extra, request: { ...base.request, ...change(base.request) } });
}

const finding = (code: Finding['code'], message: string): Finding =>
  ({ code, severity: 'warning', message }) as Finding;

describe('packetLetterView: urgency, payer and coverage', () => {
  it('asks for expedited review with the trimmed reason, standard without one', () => {
    expect(
      withRequest(() => ({ priority: 'expedited', urgencyReason: '  rapid progression  ' })),
    ).toMatchObject({
      expedited: true,
      urgencyReason: 'rapid progression',
    });
    expect(withRequest(() => ({ priority: 'expedited', urgencyReason: '   ' })).urgencyReason).toBeNull();
    expect(packetLetterView(samplePacketInput())).toMatchObject({ expedited: false, urgencyReason: null });
  });

  it('tells a Medicare Advantage payer from a commercial one', () => {
    expect(packetLetterView(samplePacketInput()).payer).toEqual({
      name: 'Demo Medicare Advantage Plan',
      isMedicareAdvantage: true,
      isCommercial: false,
    });
    const commercial = packetLetterView(
      samplePacketInput({ payer: { id: 'c', name: 'Demo Commercial Health', planType: 'commercial' } }),
    );
    expect(commercial.payer).toEqual({
      name: 'Demo Commercial Health',
      isMedicareAdvantage: false,
      isCommercial: true,
    });
  });

  it('names the health plan by payer, plan name and plan type, with the group number when given', () => {
    // Act
    const view = withRequest((r) => ({
      coverage: { ...r.coverage, planName: 'Gold PPO', groupNumber: 'GRP-7' },
    }));
    // Assess
    expect(view.coverage.memberId).toBe('XMA123456789');
    expect(view.coverage.healthPlan).toMatch(/^Demo Medicare Advantage Plan, Gold PPO, \S/);
    expect(view.coverage.groupNumber).toBe('GRP-7');
    expect(packetLetterView(samplePacketInput()).coverage.healthPlan).not.toContain('Gold PPO');
    expect(packetLetterView(samplePacketInput()).coverage.groupNumber).toBeNull();
  });

  it('states the patient with the weighing date when given', () => {
    expect(packetLetterView(samplePacketInput()).patient).toEqual({
      name: 'Dana Rivera',
      birthDate: '03/14/1957',
      sex: 'Female',
      account: 'MRN-100234',
      weightKg: 68,
      weightDate: null,
    });
    expect(
      withRequest((r) => ({ patient: { ...r.patient, weightDate: '2026-08-01' } })).patient.weightDate,
    ).toBe('08/01/2026');
  });
});

describe('packetLetterView: the opening and the indication', () => {
  it('opens a labeled use with its indication and trial', () => {
    const { opening } = packetLetterView(samplePacketInput());
    expect(opening.onLabel).toEqual({
      title:
        'Unresectable stage III non-small cell lung cancer after concurrent platinum-based chemoradiation',
      trial: expect.stringMatching(/^PACIFIC/),
    });
    expect(opening.compendiaSupported).toBe(false);
  });

  it('opens a compendium-supported use as such, with no labeled indication', () => {
    // Prepare
    const base = samplePacketInput();
    // Act
    const { opening } = packetLetterView({
      ...base,
      assessment: { ...base.assessment, verdict: 'compendia_supported' },
    });
    // Assess
    expect(opening).toEqual({ onLabel: null, compendiaSupported: true });
  });

  it('opens a labeled verdict without an indication without one, and one without a trial with a null trial', () => {
    const base = samplePacketInput();
    const none = { ...base.assessment, indication: null, indicationTitle: null };
    expect(packetLetterView({ ...base, assessment: none }).opening.onLabel).toBeNull();
    const noTrial = { ...base.assessment, indicationTitle: null, trial: null };
    expect(packetLetterView({ ...base, assessment: noTrial }).opening.onLabel).toEqual({
      title: 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
      trial: null,
    });
  });

  it('cites the FDA label when the assessment has label facts, else nothing', () => {
    const base = samplePacketInput();
    expect(packetLetterView(base).indication.labelSource).toBe(FDA_LABEL_CITATION);
    const onlySource = { ...base.assessment, labelSummary: null };
    expect(packetLetterView({ ...base, assessment: onlySource }).indication.labelSource).toBe(
      FDA_LABEL_CITATION,
    );
    const neither = { ...base.assessment, labelSummary: null, labelSource: null };
    expect(packetLetterView({ ...base, assessment: neither }).indication).toMatchObject({
      labelSource: null,
      labelSummary: null,
    });
  });
});

describe('packetLetterView: diagnosis', () => {
  it('words mismatch repair status', () => {
    const markers = (MMR: 'dMMR' | 'pMMR') =>
      withRequest((r) => ({ diagnosis: { ...r.diagnosis, biomarkers: { MMR } } })).diagnosis.biomarkers;
    expect(markers('pMMR')).toEqual([{ label: 'Mismatch repair (MMR) status', value: 'Proficient (pMMR)' }]);
    expect(markers('dMMR')).toEqual([{ label: 'Mismatch repair (MMR) status', value: 'Deficient (dMMR)' }]);
  });

  it('labels a biomarker it has no label for by its key, and lists none without biomarkers', () => {
    const view = withRequest((r) => ({
      diagnosis: { ...r.diagnosis, biomarkers: { KRAS: 'g12c', TMB: 12 } as never },
    }));
    expect(view.diagnosis.biomarkers).toEqual([
      { label: 'KRAS', value: 'G12c' },
      { label: 'TMB', value: '12' },
    ]);
    expect(
      withRequest((r) => ({ diagnosis: { ...r.diagnosis, biomarkers: undefined } })).diagnosis.biomarkers,
    ).toEqual([]);
  });

  it('gives what the diagnosis lacks as null, and its codes and labels in words', () => {
    expect(packetLetterView(samplePacketInput()).diagnosis).toMatchObject({
      icd10: 'C34.12',
      primarySiteLabel: 'Lung',
      histologyLabel: 'Adenocarcinoma',
      date: null,
      resectable: false,
      tumorSizeCm: null,
      nodalStatus: null,
      cisplatinEligible: null,
      ecog: null,
    });
  });
});

describe('packetLetterView: plan, billing and duration', () => {
  it('states the last administration from the start, the interval and the count', () => {
    expect(packetLetterView(samplePacketInput()).plan).toEqual({
      startDate: '08/10/2026',
      lastAdministration: '07/12/2027',
      intervalWeeks: 4,
      administrations: 13,
      phase: null,
      combination: '',
    });
  });

  it('states JZ billing: the vials opened and no discarded units', () => {
    expect(packetLetterView(samplePacketInput()).billing).toMatchObject({
      jz: true,
      jw: false,
      ndc: '00310-4611-50',
      vialMg: 1500,
      discardedTotal: 0,
    });
  });

  it('states JW billing: the mg of the vials opened and the waste over the course', () => {
    // Prepare: 750 mg from 7 x 120 mg vials, 9 units discarded at each of 26 administrations.
    const base = samplePacketInput();
    const billing = { ...weightBasedBilling, discardedUnitsRequested: undefined };
    // Act
    const view = packetLetterView({ ...base, billing });
    // Assess
    expect(view.billing).toMatchObject({
      jz: false,
      jw: true,
      ndc: '00310-4500-12',
      vialMg: 840,
      discardedTotal: 9 * 26,
    });
    expect(
      packetLetterView({ ...base, billing: { ...billing, discardedUnitsRequested: 70 } }).billing
        .discardedTotal,
    ).toBe(70);
  });

  it('is within the label duration only for a labeled verdict without a duration finding', () => {
    // Prepare
    const base = samplePacketInput();
    // Act
    const within = packetLetterView(base).duration;
    const exceeded = packetLetterView({
      ...base,
      findings: [finding('DURATION_EXCEEDS_LABEL', 'Course beyond the label')],
    }).duration;
    const compendia = packetLetterView({
      ...base,
      assessment: { ...base.assessment, verdict: 'compendia_supported' },
    }).duration;
    const unknown = packetLetterView({
      ...base,
      assessment: { ...base.assessment, indication: null },
    }).duration;
    // Assess
    expect(within.weeks).toBe(52);
    expect(within.withinLimit).toBe(true);
    expect(within.limit?.source).toBe(FDA_LABEL_CITATION);
    expect(within.limit?.text.charAt(0)).toBe(within.limit?.text.charAt(0).toLowerCase());
    expect(exceeded.withinLimit).toBe(false);
    expect(compendia.withinLimit).toBe(false);
    expect(unknown).toMatchObject({ limit: null, withinLimit: false });
  });
});

describe('packetLetterView: disclosures, provider and compendium', () => {
  it('discloses the clinical findings to the payer and keeps billing-scrub findings back', () => {
    // Prepare
    const disclosed = [...DISCLOSED_FINDING_CODES][0] as Finding['code'];
    const findings = [
      finding(disclosed, 'A clinical point'),
      finding('HCPCS_MISMATCH' as Finding['code'], 'A billing point'),
    ];
    // Act, Assess
    expect(packetLetterView(samplePacketInput({ findings })).disclosures).toEqual(['A clinical point']);
  });

  it("reaches the provider's office by contact name, phone and fax, as far as given", () => {
    expect(packetLetterView(samplePacketInput()).provider).toMatchObject({
      specialty: null,
      tin: null,
      siteOfCare: 'Physician office',
      contactName: 'Sam Okafor',
      reach: 'Sam Okafor, phone 555-0142, fax 555-0143',
    });
    const noContact = withRequest((r) => ({ provider: { ...r.provider, contact: undefined } }));
    expect(noContact.provider).toMatchObject({ contactName: null, phone: null, fax: null, reach: '' });
    const phoneOnly = withRequest((r) => ({ provider: { ...r.provider, contact: { phone: '555-0100' } } }));
    expect(phoneOnly.provider.reach).toBe('phone 555-0100');
  });

  it('names a site of care it has no label for in words', () => {
    const view = withRequest((r) => ({ provider: { ...r.provider, siteOfCare: 'mobile_unit' as never } }));
    expect(view.provider.siteOfCare).toBe('Mobile unit');
  });

  it('has no compendium section without evidence or a summary, and one with the summary alone', () => {
    // Prepare
    const base = samplePacketInput();
    // Act, Assess
    expect(packetLetterView(base).compendium).toBeNull();
    expect(
      packetLetterView({
        ...base,
        assessment: { ...base.assessment, supportingEvidence: 'NCCN category 2A' },
      }).compendium,
    ).toEqual({ summary: 'NCCN category 2A', evidence: [] });
  });

  it('lists the enclosures by title', () => {
    expect(packetLetterView(samplePacketInput()).enclosures).toEqual(['Oncology progress note 2026-08-03']);
  });
});
