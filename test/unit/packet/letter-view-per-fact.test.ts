/**
 * The packet letter's view (packetLetterView) and the document around it (composePacketLetter),
 * one request fact at a time: the letter date, the diagnosis codes and biomarkers, the history
 * entries' dates and details, the NDCs, the dose, the indication's fallbacks, the compendium
 * citations, the duration limit, the health plan line, the letterhead and the case-facts
 * attachment. Each view is built inside its test, from the sample input with one change.
 */
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '#adapters/templates.ts';
import { composePacketLetter, type PacketInput, packetLetterView } from '#core/packet/letter.ts';
import { samplePacketInput } from '../../fixtures/packet-sample.ts';

type Request = PacketInput['request'];

function viewWith(change: (input: PacketInput) => PacketInput) {
  return packetLetterView(change(samplePacketInput()));
}

const withRequest = (input: PacketInput, request: Partial<Request>): PacketInput => ({
  ...input,
  request: { ...input.request, ...request },
});

describe('the letter view, fact by fact', () => {
  it('dates the letter by its creation day, US style', () => {
    expect(viewWith((input) => ({ ...input, createdAt: new Date('2026-12-31T23:30:00Z') })).letterDate).toBe(
      '12/31/2026',
    );
  });

  it('lists the ICD-10-CM codes with commas and reads each biomarker its own way', () => {
    // Act
    const view = viewWith((input) =>
      withRequest(input, {
        diagnosis: {
          ...input.request.diagnosis,
          icd10: ['C54.1', 'C77.2'],
          biomarkers: {
            MMR: 'pMMR',
            PDL1_TPS: 12,
            EGFR: 'not_tested',
            ALK: undefined,
          } as Request['diagnosis']['biomarkers'],
        },
      }),
    );

    // Assess
    expect(view.diagnosis.icd10).toBe('C54.1, C77.2');
    expect(view.diagnosis.biomarkers).toEqual([
      { label: 'Mismatch repair (MMR) status', value: 'Proficient (pMMR)' },
      { label: 'PD-L1 tumor proportion score (TPS)', value: '12%' },
      { label: 'EGFR mutation', value: 'Not tested' },
    ]);
  });

  it('reads dMMR as deficient', () => {
    const view = viewWith((input) =>
      withRequest(input, { diagnosis: { ...input.request.diagnosis, biomarkers: { MMR: 'dMMR' } } }),
    );
    expect(view.diagnosis.biomarkers).toEqual([
      { label: 'Mismatch repair (MMR) status', value: 'Deficient (dMMR)' },
    ]);
  });

  it('writes each history entry with its agents, its dates joined by "to" and its details', () => {
    // Act
    const view = viewWith((input) =>
      withRequest(input, {
        oncologicHistory: [
          {
            therapy: 'adjuvant_chemotherapy',
            agents: ['carboplatin', 'paclitaxel'],
            startDate: '2026-01-05',
            endDate: '2026-03-30',
            setting: 'adjuvant',
            cycles: 1,
            response: 'complete_response',
          },
          { therapy: 'radiation', agents: ['none'], startDate: '2026-04-06', radiationGy: 0, cycles: 4 },
        ],
      }),
    );

    // Assess
    expect(view.history).toEqual([
      {
        therapy: 'Adjuvant chemotherapy',
        agents: 'carboplatin, paclitaxel',
        dates: '01/05/2026 to 03/30/2026',
        details: 'Adjuvant; 1 cycle',
        outcome: 'Complete response',
      },
      {
        therapy: 'Radiation',
        agents: 'none',
        dates: '04/06/2026',
        details: 'Radiation 0 Gy; 4 cycles',
        outcome: '',
      },
    ]);
  });

  it('lists each NDC once, with the vial it names, separated by semicolons', () => {
    // Act
    const view = viewWith((input) => ({
      ...input,
      billing: {
        ...input.billing,
        vials: [
          { ndc11: '00310-4611-50', strengthMg: 500, count: 2 },
          { ndc11: '00310-4500-12', strengthMg: 120, count: 1 },
          { ndc11: '00310-4500-12', strengthMg: 120, count: 1 },
        ],
      },
    }));

    // Assess
    expect(view.treatment.ndcs).toBe(
      '00310-4611-50 (500 mg/10 mL (50 mg/mL) single-dose vial); 00310-4500-12 (120 mg/2.4 mL (50 mg/mL) single-dose vial)',
    );
    expect(view.billing.ndc).toBe('00310-4611-50');
    expect(view.billing.vialMg).toBe(1240);
  });

  it('states a flat dose or a dose per kilogram, never both', () => {
    // Act
    const flat = viewWith((input) => input).treatment;
    const perKg = viewWith((input) =>
      withRequest(input, { treatmentPlan: { ...input.request.treatmentPlan, dose: { mgPerKg: 10 } } }),
    ).treatment;

    // Assess
    expect([flat.flatDoseMg, flat.mgPerKg]).toEqual([1500, null]);
    expect([perKg.flatDoseMg, perKg.mgPerKg]).toEqual([null, 10]);
  });

  it('joins the combination agents with commas, and leaves no NDC or labeled dose it does not have', () => {
    // Act
    const view = viewWith((input) => ({
      ...withRequest(input, {
        treatmentPlan: { ...input.request.treatmentPlan, combination: ['carboplatin', 'etoposide'] },
      }),
      billing: { ...input.billing, vials: [], labeledDose: undefined },
    }));

    // Assess
    expect(view.plan.combination).toBe('carboplatin, etoposide');
    expect(view.billing.ndc).toBe('');
    expect(view.billing.labeledDose).toBeNull();
  });

  it('falls back from the indication title to its id, and states what the assessment lacks as null', () => {
    // Act
    const view = viewWith((input) => ({
      ...input,
      assessment: {
        verdict: 'meets_label',
        indication: 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
        criteria: [{ id: 'stage', description: 'Stage III', met: null, evidence: 'stage IIIB' }],
      },
    }));

    // Assess
    expect(view.indication).toMatchObject({
      title: 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
      trial: null,
      labelSummary: null,
      summary: null,
    });
    expect(view.indication.criteria[0]?.met).toBeNull();
  });

  it('writes a compendium citation with "-" for what it lacks, and a literature citation as given', () => {
    // Act
    const view = viewWith((input) =>
      withRequest(input, {
        treatmentPlan: {
          ...input.request.treatmentPlan,
          supportingEvidence: [
            { type: 'compendium', source: 'NCCN', category: '2A' },
            { type: 'literature', citation: 'A synthetic article, 2026.' },
          ],
        },
      }),
    );

    // Assess
    expect(view.compendium?.evidence).toEqual([
      { type: 'compendium', source: 'NCCN', category: '2A', version: '-', date: '-', citation: '-' },
      { type: 'literature', citation: 'A synthetic article, 2026.' },
    ]);
  });

  it('is within the label limit only without a DURATION_EXCEEDS_LABEL finding', () => {
    // Act
    const within = viewWith((input) => ({
      ...input,
      findings: [{ severity: 'warning', code: 'POLICY_RISK', message: 'm' }],
    })).duration;
    const over = viewWith((input) => ({
      ...input,
      findings: [{ severity: 'error', code: 'DURATION_EXCEEDS_LABEL', message: 'm' }],
    })).duration;

    // Assess
    expect(within.withinLimit).toBe(true);
    expect(over.withinLimit).toBe(false);
    expect(within.weeks).toBe(52);
  });

  it('names the health plan by payer, plan name and plan type, skipping what is missing', () => {
    // Act
    const named = viewWith((input) =>
      withRequest(input, { coverage: { ...input.request.coverage, planName: 'Gold Plus' } }),
    ).coverage.healthPlan;
    const unnamed = viewWith((input) => input).coverage.healthPlan;

    // Assess
    expect(named).toBe('Demo Medicare Advantage Plan, Gold Plus, Medicare Advantage');
    expect(unnamed).toBe('Demo Medicare Advantage Plan, Medicare Advantage');
  });
});

describe('the packet document around the letter', () => {
  const templates = loadTemplates();

  it('writes the letterhead lines with the NPI, TIN and specialty, then the contact, separated by bars', () => {
    // Act
    const spec = composePacketLetter(
      withRequest(samplePacketInput(), {
        provider: {
          ...samplePacketInput().request.provider,
          tin: '12-3456789',
          specialty: 'Medical oncology',
        },
      }),
      templates,
    );

    // Assess
    expect(spec.letterhead?.lines).toEqual([
      'NPI 1234567893  |  TIN 12-3456789  |  Medical oncology',
      'Sam Okafor  |  Phone 555-0142  |  Fax 555-0143',
    ]);
    expect(spec.subject).toBe('Letter of medical necessity and prior authorization request');
  });

  it('leaves out an empty contact line', () => {
    // Act
    const input = samplePacketInput();
    const spec = composePacketLetter(
      withRequest(input, { provider: { ...input.request.provider, contact: undefined } }),
      templates,
    );

    // Assess
    expect(spec.letterhead?.lines).toEqual(['NPI 1234567893']);
  });

  it('attaches the case facts as JSON named by the case', () => {
    // Act
    const [facts] = composePacketLetter(samplePacketInput(), templates).attachments ?? [];

    // Assess
    expect(facts).toMatchObject({
      name: 'case-facts-pa_01jsample0000000000000000.json',
      mimeType: 'application/json',
      description:
        'Case facts behind this packet: request (without attachment data), indication, billing, disclosures',
    });
  });
});
