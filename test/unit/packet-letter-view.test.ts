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
import { composePacketLetter, PACKET_LETTER_TEMPLATE, type PacketInput } from '#core/packet/letter.ts';
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
    expect(flattenBlocks({ blocks })).toContain('function: Risk | <b>now</b> **fast**');
  });
});

type Request = PacketInput['request'];

/** The example's letter as text, with parts of its request replaced. */
function letterWith(
  patch: (request: Request) => Partial<Request>,
  overrides: Partial<PacketInput> = {},
): string {
  const { request } = samplePacketInput();
  const input = samplePacketInput({ ...overrides, request: { ...request, ...patch(request) } });
  return flattenBlocks(composePacketLetter(input, templates));
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
