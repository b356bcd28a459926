/**
 * The packet letter's words come from templates/packet and partials/packet; these tests prove the
 * templates are what the letter says, and that each fact the request carries (or lacks) is put
 * in words as the letter always did.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '#adapters/templates.ts';
import {
  composePacketLetter,
  labelDurationLimit,
  PACKET_LETTER_TEMPLATE,
  type PacketInput,
  packetLetterView,
  usDate,
} from '#core/packet/letter.ts';
import { FDA_LABEL_CITATION } from '#core/reference/index.ts';
import { samplePacketInput } from '../fixtures/packet-sample.ts';
import { flattenBlocks } from './support/appeal-case.ts';

const templates = loadTemplates();

describe('the packet letter as editable templates', () => {
  it('is one of the templates, beside the appeal letters', () => {
    // Assess
    expect(templates.has(PACKET_LETTER_TEMPLATE)).toBe(true);
  });

  it('takes its words from templates/, so an edit to a partial changes the letter', () => {
    // Prepare: a copy of the repository's templates with the salutation reworded.
    const dir = mkdtempSync(join(tmpdir(), 'pa-packet-templates-'));
    try {
      cpSync(new URL('../../templates/', import.meta.url), dir, { recursive: true });
      const opening = join(dir, 'partials/packet/opening.md.hbs');
      writeFileSync(
        opening,
        readFileSync(opening, 'utf8').replace(
          'Dear Medical Director or Clinical Reviewer:',
          'To the reviewer:',
        ),
      );

      // Act
      const text = flattenBlocks(composePacketLetter(samplePacketInput(), loadTemplates(dir)));

      // Assess
      expect(text).toContain('To the reviewer:');
      expect(text).not.toContain('Dear Medical Director');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the column weights its tables declare', () => {
    // Act
    const tables = composePacketLetter(samplePacketInput(), templates).blocks.filter(
      (b) => b.kind === 'table',
    );

    // Assess
    expect(tables.map((t) => t.widths)).toEqual([
      [3, 2],
      [22, 20, 22, 18, 18],
      [15, 17, 26, 16, 15, 11],
      [36, 13, 51],
    ]);
  });

  it('writes a value from the request as it is, not as Markdown', () => {
    // Prepare
    const base = samplePacketInput();
    const input = samplePacketInput({
      attachments: [{ title: '- scan_of_chest_ *CT* #2', pdf: new Uint8Array() }],
      findings: [{ severity: 'warning', code: 'POLICY_RISK', message: '1. _first_ point' }],
      request: { ...base.request, priority: 'expedited', urgencyReason: 'Risk | <b>now</b> **fast**' },
    });

    // Act
    const blocks = composePacketLetter(input, templates).blocks;

    // Assess
    const items = blocks.flatMap((b) => (b.kind === 'list' ? b.items : []));
    expect(items).toContain('- scan_of_chest_ *CT* #2');
    expect(items).toContain('1. _first_ point');
    expect(flattenBlocks({ blocks }).replaceAll('\u200B', '')).toContain(
      'function: Risk | <b>now</b> **fast**',
    );
  });
});

type Request = PacketInput['request'];

/** The example's packet input, with parts of its request replaced. */
function sampleWith(
  patch: (request: Request) => Partial<Request>,
  overrides: Partial<PacketInput> = {},
): PacketInput {
  const { request } = samplePacketInput();
  return samplePacketInput({ ...overrides, request: { ...request, ...patch(request) } });
}

/** The example's letter as text, with parts of its request replaced. */
function letterWith(
  patch: (request: Request) => Partial<Request>,
  overrides: Partial<PacketInput> = {},
): string {
  return flattenBlocks(composePacketLetter(sampleWith(patch, overrides), templates));
}

describe('composePacketLetter, what the request carries and lacks', () => {
  it('states every diagnosis fact the request carries, an ECOG of 0 included', () => {
    // Act
    const text = letterWith((request) => ({
      diagnosis: {
        ...request.diagnosis,
        diagnosisDate: '2026-05-01',
        resectable: true,
        tumorSizeCm: 4.5,
        nodalStatus: 'N2',
        cisplatinEligible: false,
        ecog: 0,
        biomarkers: { MMR: 'dMMR', MSI: 'msi_high', ROS1: 'positive', PDL1_TPS: 0 },
      },
    }));

    // Assess
    for (const fact of [
      'Date of diagnosis: 05/01/2026',
      'Resectability: Resectable',
      'Tumor size: 4.5 cm',
      'Nodal status: N2',
      'Cisplatin eligibility: Cisplatin-ineligible',
      'ECOG performance status: 0',
      'Mismatch repair (MMR) status | Deficient (dMMR)',
      'Microsatellite instability (MSI) | Msi high',
      'ROS1 rearrangement | Positive',
      'PD-L1 tumor proportion score (TPS) | 0%',
    ]) {
      expect(text).toContain(fact);
    }
  });

  it('writes what a history entry lacks as not stated, and the rest of it in words', () => {
    // Act
    const text = letterWith(() => ({
      oncologicHistory: [
        { therapy: 'surgery', agents: [] },
        {
          therapy: 'systemic_therapy',
          agents: ['carboplatin'],
          startDate: '2026-01-05',
          setting: 'neoadjuvant',
          cycles: 1,
          response: 'progressive_disease',
          progressionDate: '2026-03-01',
        },
      ],
    }));

    // Assess
    expect(text).toContain('Surgery | - | Not stated | - | Not stated');
    expect(text).toContain(
      'Systemic therapy | carboplatin | 01/05/2026 | Neoadjuvant; 1 cycle | Progressive disease; Progression 03/01/2026',
    );
  });

  it.each([
    [undefined, 'please contact our office before issuing'],
    [{ phone: '555-0100' }, 'please contact our office (phone 555-0100) before issuing'],
    [{ name: 'Sam', fax: '555-0101' }, 'please contact our office (Sam, fax 555-0101) before issuing'],
  ])('asks the reviewer to call with the contact the request gives (%j)', (contact, sentence) => {
    // Act
    const text = letterWith((request) => ({ provider: { ...request.provider, contact } }));

    // Assess
    expect(text).toContain(sentence);
  });

  it('states a weight-based dose, the plan name and group, and no label limit for an unknown indication', () => {
    // Prepare
    const { assessment } = samplePacketInput();

    // Act
    const text = letterWith(
      (request) => ({
        coverage: { ...request.coverage, groupNumber: 'GRP-7', planName: 'Gold' },
        treatmentPlan: { ...request.treatmentPlan, dose: { mgPerKg: 20 }, combination: ['tremelimumab'] },
      }),
      { assessment: { ...assessment, indication: 'UNKNOWN_INDICATION' } },
    );

    // Assess
    expect(text).toContain('Health plan: Demo Medicare Advantage Plan, Gold, Medicare Advantage');
    expect(text).toContain('Group number: GRP-7');
    expect(text).toContain('Dose: 20 mg/kg (weight-based) = 1,500 mg per administration at 68 kg');
    expect(text).toContain('Combination partners: tremelimumab');
    expect(text).not.toContain('Label duration for this indication');
    expect(text).not.toContain('within this limit');
  });
});

describe('packetLetterView, the values the templates put in words', () => {
  const base = samplePacketInput();
  const viewWithBilling = (billing: Partial<PacketInput['billing']>) =>
    packetLetterView(samplePacketInput({ billing: { ...base.billing, ...billing } }));

  it('cites the FDA label (DailyMed, by SPL set id) for the duration limit, not a label mirror', () => {
    // Act
    const limit = labelDurationLimit('NSCLC_STAGE3_UNRESECTABLE_PACIFIC');

    // Assess
    expect(limit?.source).toBe(FDA_LABEL_CITATION);
    expect(limit?.source).toContain(
      'dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=8baba4ea-2855-42fa-9bd9-5a7548d4cec3',
    );
    expect(packetLetterView(base).duration).toEqual({
      weeks: 52,
      limit: {
        text: 'until progression, unacceptable toxicity, or maximum 12 months',
        source: limit?.source,
      },
      withinLimit: true,
    });
  });

  it.each([
    [
      'a finding that the duration exceeds the label',
      { findings: [{ severity: 'warning', code: 'DURATION_EXCEEDS_LABEL', message: 'm' }] },
    ],
    [
      'an assessment that is not on label',
      { assessment: { ...base.assessment, verdict: 'compendia_supported' } },
    ],
  ] as const)('does not call the course within the limit with %s', (_case, overrides) => {
    // Act
    const view = packetLetterView(samplePacketInput(overrides as Partial<PacketInput>));

    // Assess
    expect(view.duration.withinLimit).toBe(false);
  });

  it('writes dates the way payers forms do and leaves anything else as it is', () => {
    // Assess
    expect(usDate('2026-08-10')).toBe('08/10/2026');
    expect(usDate('2026-08-10T23:59:00Z')).toBe('08/10/2026');
    expect(usDate('next week')).toBe('next week');
  });

  it('names a code other than J9173 by its billing unit, an unknown NDC by its strength, each NDC once', () => {
    // Act
    const { treatment, billing } = viewWithBilling({
      hcpcs: 'J9376',
      unitMg: 1,
      vials: [
        { ndc11: '99999-9999-99', strengthMg: 50, count: 1 },
        { ndc11: '99999-9999-99', strengthMg: 50, count: 1 },
      ],
    });

    // Assess
    expect(treatment.drugLine).toBe('J9376 (billing unit 1 mg)');
    expect(treatment.ndcs).toBe('99999-9999-99 (50 mg)');
    expect(billing.vialMg).toBe(100);
    expect(billing.ndc).toBe('99999-9999-99');
    expect(packetLetterView(base).treatment.drugLine).toBe('J9173 (Injection, durvalumab, 10 mg)');
  });

  it('counts the discarded units over the request when the billing does not', () => {
    // Act
    const { billing } = viewWithBilling({
      wasteModifier: 'JW',
      discardedUnits: 6,
      discardedUnitsRequested: undefined,
    });

    // Assess
    expect(billing).toMatchObject({ jw: true, jz: false, discardedTotal: 6 * 13 });
  });

  it.each([
    ['pMMR', 'Proficient (pMMR)'],
    ['dMMR', 'Deficient (dMMR)'],
  ] as const)('words an MMR result of %s', (value, words) => {
    // Prepare
    const input = sampleWith((request) => ({
      diagnosis: { ...request.diagnosis, biomarkers: { MMR: value } },
    }));

    // Act
    const { diagnosis } = packetLetterView(input);

    // Assess
    expect(diagnosis.biomarkers).toEqual([{ label: 'Mismatch repair (MMR) status', value: words }]);
  });

  it('asks for an expedited review without a reason when the reason is blank, and names an unknown site', () => {
    // Prepare
    const input = sampleWith((request) => ({
      priority: 'expedited',
      urgencyReason: '   ',
      provider: { ...request.provider, siteOfCare: 'mobile_unit' as never },
    }));

    // Act
    const view = packetLetterView(input);
    const text = flattenBlocks(composePacketLetter(input, templates));

    // Assess
    expect(view.urgencyReason).toBeNull();
    expect(view.provider.siteOfCare).toBe('Mobile unit');
    expect(text).toContain('I request an expedited determination of this request.');
  });

  it('lists the compendium evidence with a dash for what a citation lacks', () => {
    // Prepare
    const input = sampleWith((request) => ({
      treatmentPlan: {
        ...request.treatmentPlan,
        supportingEvidence: [{ type: 'compendium', source: 'NCCN', category: '2B' }],
      },
    }));

    // Act
    const { compendium } = packetLetterView(input);

    // Assess
    expect(compendium).toEqual({
      summary: null,
      evidence: [
        { type: 'compendium', source: 'NCCN', category: '2B', version: '-', date: '-', citation: '-' },
      ],
    });
    expect(packetLetterView(base).compendium).toBeNull();
  });

  it('puts the provider, the contact and the patient on the letterhead and the footer of every page', () => {
    // Prepare
    const input = sampleWith((request) => ({
      provider: {
        ...request.provider,
        tin: '12-3456789',
        specialty: 'Medical oncology',
        contact: { fax: '555-0101' },
      },
    }));

    // Act
    const spec = composePacketLetter(input, templates);

    // Assess
    expect(spec.letterhead.lines).toEqual([
      'NPI 1234567893  |  TIN 12-3456789  |  Medical oncology',
      'Fax 555-0101',
    ]);
    expect(spec.footer).toBe(
      'Patient: Rivera, Dana  |  DOB 03/14/1957  |  Member ID XMA123456789  |  Case pa_01jsample0000000000000000. Confidential: contains protected health information.',
    );
    expect(spec.keywords).toEqual([
      'prior authorization',
      'letter of medical necessity',
      'durvalumab',
      'IMFINZI',
      'J9173',
      'C34.12',
      'pa_01jsample0000000000000000',
    ]);
  });
});
