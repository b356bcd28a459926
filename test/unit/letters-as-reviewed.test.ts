/**
 * Letters as a payer's reviewer reads them (issue 11): the enclosure list is what the PDF
 * encloses, no internal note reaches payer-facing text, and no heading ends a page.
 */
import { PDFDocument } from 'pdf-lib';
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { renderPdf } from '#adapters/pdf/render.ts';
import { loadTemplates } from '#adapters/templates.ts';
import type { Block, DocumentSpec } from '#core/documents/document-model.ts';
import { composePacketLetter } from '#core/packet/letter.ts';
import { buildPasBundle } from '#core/packet/pas-bundle.ts';
import { FDA_LABEL_CITATION } from '#core/reference/index.ts';
import { composeAppeal, composeCorrectedClaim } from '#core/remedies/compose-appeal.ts';
import { samplePacketInput } from '../fixtures/packet-sample.ts';
import {
  appealInput,
  carc,
  claimWithDrugLine,
  compendiaAssessment,
  onClaim,
  pacificBilling,
  rarc,
} from './support/appeal-case.ts';

const templates = loadTemplates();

async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const parser = new PDFParse({ data: bytes.slice() });
  try {
    return (await parser.getText()).pages.map((p) => p.text);
  } finally {
    await parser.destroy();
  }
}

async function onePagePdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([612, 792]).drawText(text, { x: 72, y: 700 });
  return doc.save();
}

/** The numbered items under the letter's "Enclosures" heading, up to the next heading or signature. */
function listedEnclosures(text: string): string[] {
  const lines = text.split('\n').map((l) => l.trim());
  const start = lines.findIndex((l) => /^Enclosures$/.test(l));
  if (start < 0) return [];
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const item = /^\d+\.\s+(.*)$/.exec(line);
    if (!item) break;
    items.push(item[1] ?? '');
  }
  return items;
}

/** A labeled regimen as the billing check describes one the reference data has not verified. */
const UNVERIFIED_DOSE = '1500 mg every 4 weeks (UNVERIFIED)';

async function letterVariants(): Promise<Array<[string, DocumentSpec]>> {
  const packet = await onePagePdf('Original packet');
  const appealCases: Array<[string, Parameters<typeof appealInput>[0], boolean]> = [
    ['medical necessity with the packet', { reasons: [carc('50'), rarc('N386')] }, true],
    ['medical necessity without a packet', { reasons: [carc('50')] }, false],
    ['off-label', { reasons: [carc('55')], assessment: compendiaAssessment }, true],
    ['authorization absent', { reasons: [carc('197')] }, true],
    ['dosage units on a claim', { ...onClaim, reasons: [carc('153', 'CO')] }, true],
    ['diagnosis', { reasons: [carc('167')] }, true],
    ['timely filing', { ...onClaim, reasons: [carc('29', 'CO')] }, false],
    ['benefit exclusion, commercial', { reasons: [carc('204')], planType: 'commercial' as const }, true],
    ['other', { ...onClaim, reasons: [carc('B7', 'CO')] }, true],
    [
      'dosage units with an unverified labeled regimen',
      {
        ...onClaim,
        reasons: [carc('153', 'CO')],
        billing: { ...pacificBilling, labeledDose: UNVERIFIED_DOSE },
      },
      true,
    ],
  ];
  const appeals = appealCases.flatMap(([name, input, withPacket]): Array<[string, DocumentSpec]> => {
    const appeal = appealInput(input);
    if (appeal.analysis.remedy !== 'appeal') return [];
    if (withPacket) appeal.enclosures = [{ title: 'Original prior-authorization packet', pdf: packet }];
    return [[`appeal: ${name} (${appeal.analysis.category})`, composeAppeal(appeal, templates)]];
  });
  const corrected = appealInput({
    ...onClaim,
    reasons: [carc('181', 'CO')],
    claim: claimWithDrugLine({ hcpcs: 'J9376' }),
  });
  return [
    ...appeals,
    ['corrected claim', composeCorrectedClaim(corrected, templates)],
    ['packet letter', composePacketLetter(samplePacketInput(), templates)],
    [
      'packet letter with an unverified labeled regimen',
      composePacketLetter(
        samplePacketInput({ billing: { ...samplePacketInput().billing, labeledDose: UNVERIFIED_DOSE } }),
        templates,
      ),
    ],
  ];
}

const variants = await letterVariants();

describe('the enclosure list of every letter', () => {
  it.each(variants)('%s: lists exactly the documents it encloses', async (_name, spec) => {
    // Act
    const pages = await pdfPages(await renderPdf(spec));

    // Assess
    const letter = pages.join('\n');
    const enclosed = (spec.enclosures ?? []).map((e) => e.title);
    expect(listedEnclosures(letter)).toEqual(enclosed);
    // A letter that encloses nothing says nothing is enclosed.
    if (enclosed.length === 0) expect(letter).not.toMatch(/\benclosed\b/i);
    for (const [i, title] of enclosed.entries()) {
      expect(letter).toContain(`Enclosure ${i + 1} of ${enclosed.length}`);
      expect(letter).toContain(title);
    }
  });

  it('names the denial notice and the prescribing information as referenced, not enclosed', async () => {
    // Prepare
    const appeal = appealInput({ reasons: [carc('50'), rarc('N386')] });
    appeal.enclosures = [{ title: 'Original prior-authorization packet', pdf: await onePagePdf('Packet') }];

    // Act
    const text = (await pdfPages(await renderPdf(composeAppeal(appeal, templates)))).join('\n');

    // Assess
    expect(listedEnclosures(text)).toEqual(['Original prior-authorization packet']);
    expect(text).toContain('Documents referenced');
    expect(text).toMatch(/Denial notice dated November 20, 2026 \(your reference ACME-PA-7781\)/);
    expect(text).toContain('IMFINZI (durvalumab) injection, prescribing information (FDA label)');
  });
});

/** Words that belong to staff and the case view, never to a payer. */
const INTERNAL_MARKERS: RegExp[] = [
  /unverified/i,
  /not verified/i,
  /placeholder/i,
  /\bTODO\b/,
  /\bFIXME\b/,
  /\binternal note/i,
  /\bfor staff\b/i,
  /\bstaff only\b/i,
  /\b[A-Z]{3,}_[A-Z_]{3,}\b/, // finding codes such as DURATION_EXCEEDS_LABEL
  /\{\{|\}\}/,
  /\bundefined\b|\bnull\b|\[object Object\]|\bNaN\b/,
  // Third-party pages label facts were read through: a letter cites the FDA label instead.
  /prescriberpoint/i,
  /pdfslide/i,
  /guidelinecentral/i,
  /drugcentral/i,
  /docslib/i,
  /esmo\.org/i,
  /onclive/i,
  /ascopost/i,
  /mednous/i,
  /urologytimes/i,
  /\bons\.org/i,
  /IMFINZI PI\b/,
];

/** The letter's text without whitespace: a long address wraps across lines in the PDF. */
const compact = (text: string) => text.replace(/\s+/g, '');

describe('payer-facing text', () => {
  it.each(variants)('%s: carries no internal marker', async (name, spec) => {
    // Act
    const text = (await pdfPages(await renderPdf({ ...spec, enclosures: [] }))).join('\n');

    // Assess
    for (const marker of INTERNAL_MARKERS) expect(text).not.toMatch(marker);
    if (name.includes('unverified')) expect(text).toContain('1500 mg every 4 weeks');
  });
});

describe('label facts', () => {
  it.each(variants)('%s: cite the FDA label by its SPL set id and DailyMed address', async (_name, spec) => {
    // Act
    const text = (await pdfPages(await renderPdf({ ...spec, enclosures: [] }))).join('\n');

    // Assess
    expect(compact(text)).toContain(compact(FDA_LABEL_CITATION));
  });
});

describe('the PAS Bundle', () => {
  it('carries no internal marker in any text it sends, with an unverified regimen in the case', () => {
    // Prepare
    const input = samplePacketInput({
      billing: { ...samplePacketInput().billing, labeledDose: UNVERIFIED_DOSE },
    });

    // Act
    const bundle = buildPasBundle({ ...input, packetDocumentId: 'doc_sample' });

    // Assess: every string but the base64 of the attached documents
    const texts: string[] = [];
    JSON.stringify(bundle, (key, value) => {
      if (typeof value === 'string' && key !== 'data') texts.push(value);
      return value;
    });
    for (const marker of INTERNAL_MARKERS) {
      expect(texts.filter((text) => marker.test(text))).toEqual([]);
    }
  });
});

describe('keep-with-next', () => {
  const table: Block = {
    kind: 'table',
    header: ['Criterion', 'Evidence'],
    rows: [
      [
        'First row',
        'A long evidence cell that wraps over several lines of the table so that the first row alone is taller than three lines of body text, which is what the heading used to reserve. '.repeat(
          2,
        ),
      ],
    ],
  };
  const keyValue: Block = {
    kind: 'keyValue',
    rows: [
      ['First row', '1,500 mg fixed dose'],
      ['Second row', '150 units of J9173'],
      ['Third row', '3 x 500 mg'],
    ],
  };
  const paragraph: Block = { kind: 'paragraph', text: 'Padding line of the letter body.' };
  const shimRows = (n: number): Block => ({
    kind: 'keyValue',
    rows: Array.from({ length: n }, (_, i): [string, string] => [`Shim ${i + 1}`, 'padding']),
  });
  const paddings = Array.from({ length: 45 }, (_, i) => 20 + i);
  const cases = paddings.flatMap((padding) => [
    { padding, shim: 0, next: table, with: 'First row' },
    // A few key-value rows shift the heading by less than a paragraph does.
    ...[0, 1, 2, 3, 4].map((shim) => ({ padding, shim, next: keyValue, with: 'Second row' })),
  ]);

  it.each(cases)(
    'with $padding lines and $shim rows of padding the heading sits on the page of the $next.kind it heads',
    async ({ padding, shim, next, with: firstLines }) => {
      // Prepare
      const spec: DocumentSpec = {
        title: 'Keep-with-next',
        subject: 'Page flow',
        author: 'Riverside Oncology Associates',
        keywords: [],
        createdAt: new Date('2026-11-26T10:15:00Z'),
        letterhead: { name: 'Riverside Oncology Associates', lines: ['NPI 1234567893'] },
        blocks: [
          ...Array.from({ length: padding }, () => paragraph),
          ...(shim > 0 ? [shimRows(shim)] : []),
          { kind: 'heading', level: 2, text: 'Heading kept with what follows' },
          next,
        ],
        footer: 'Case pa_test.',
      };

      // Act
      const pages = await pdfPages(await renderPdf(spec));

      // Assess
      const withHeading = pages.find((p) => p.includes('Heading kept with what follows'));
      expect(withHeading).toContain(firstLines);
    },
  );
});
