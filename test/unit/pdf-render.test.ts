import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
} from 'pdf-lib';
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { parseInlineBold, renderPdf } from '#adapters/pdf/render.ts';
import type { Block, DocumentSpec } from '#core/documents/document-model.ts';
import { ValidationError } from '#core/errors.ts';

const CREATED_AT = new Date('2026-11-26T10:15:00Z');

function spec(blocks: Block[], overrides: Partial<DocumentSpec> = {}): DocumentSpec {
  return {
    title: 'Test letter',
    subject: 'Renderer test',
    author: 'Riverside Oncology Associates',
    keywords: ['durvalumab', 'J9173'],
    createdAt: CREATED_AT,
    letterhead: { name: 'Riverside Oncology Associates', lines: ['NPI 1234567893', 'Phone 555-0142'] },
    blocks,
    footer: 'Case pa_test. Confidential.',
    ...overrides,
  };
}

async function parsed<T>(bytes: Uint8Array, read: (parser: PDFParse) => Promise<T>): Promise<T> {
  const parser = new PDFParse({ data: bytes.slice() });
  try {
    return await read(parser);
  } finally {
    await parser.destroy();
  }
}

const textOf = (bytes: Uint8Array) => parsed(bytes, (parser) => parser.getText());
const infoOf = (bytes: Uint8Array) => parsed(bytes, (parser) => parser.getInfo());

async function pageCount(bytes: Uint8Array): Promise<number> {
  return (await PDFDocument.load(bytes)).getPageCount();
}

/** A one-page PDF with the given line of text, as an enclosure. */
async function enclosurePdf(text: string, pages = 1): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++)
    doc.addPage([612, 792]).drawText(`${text} page ${i + 1}`, { x: 72, y: 700 });
  return doc.save();
}

function embeddedFiles(doc: PDFDocument): Map<string, string> {
  const files = new Map<string, string>();
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const embedded = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const list = embedded?.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (!list) return files;
  for (let i = 0; i < list.size(); i += 2) {
    const name = list.lookup(i, PDFString, PDFHexString).decodeText();
    const fileSpec = list.lookup(i + 1, PDFDict);
    const stream = fileSpec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F'));
    if (!(stream instanceof PDFRawStream)) throw new Error(`embedded file ${name} has no stream`);
    files.set(name, new TextDecoder().decode(decodePDFRawStream(stream).decode()));
  }
  return files;
}

const manyParagraphs = (n: number): Block[] =>
  Array.from({ length: n }, (_, i) => ({
    kind: 'paragraph' as const,
    text: `Paragraph ${i + 1}. ${'The infusion plan and billing units are documented in the record. '.repeat(6)}`,
  }));

describe('parseInlineBold', () => {
  it.each([
    ['plain text', [{ text: 'plain text', bold: false }]],
    [
      'a **b** c',
      [
        { text: 'a ', bold: false },
        { text: 'b', bold: true },
        { text: ' c', bold: false },
      ],
    ],
    ['**all bold**', [{ text: 'all bold', bold: true }]],
    ['unmatched ** stays', [{ text: 'unmatched ** stays', bold: false }]],
  ])('splits %j into runs', (input, expected) => {
    // Act
    const runs = parseInlineBold(input);

    // Assess
    expect(runs).toEqual(expected);
  });
});

describe('renderPdf', () => {
  it.each<[string, Block, string[]]>([
    [
      'a heading',
      { kind: 'heading', level: 1, text: 'Letter of medical necessity' },
      ['Letter of medical necessity'],
    ],
    ['a level-3 heading', { kind: 'heading', level: 3, text: 'Biomarkers' }, ['Biomarkers']],
    [
      'a paragraph with inline bold',
      { kind: 'paragraph', text: 'Request for **1,950 units** of J9173.' },
      ['Request for 1,950 units of J9173.'],
    ],
    [
      'an ordered list',
      { kind: 'list', ordered: true, items: ['First item', 'Second item'] },
      ['1.', 'Second item'],
    ],
    ['an unordered list', { kind: 'list', ordered: false, items: ['Progress note'] }, ['Progress note']],
    [
      'a table',
      { kind: 'table', header: ['Criterion', 'Status'], rows: [['Stage III unresectable', 'Met']] },
      ['Criterion', 'Stage III unresectable', 'Met'],
    ],
    [
      'a key/value block',
      { kind: 'keyValue', rows: [['Member ID', 'XMA123456789']] },
      ['Member ID', 'XMA123456789'],
    ],
    [
      'a signature block',
      { kind: 'signature', lines: ['Dr. Ada Quinn', 'NPI 1234567893'] },
      ['Dr. Ada Quinn'],
    ],
  ])('writes the text of %s', async (_name, block, expected) => {
    // Prepare
    const document = spec([block]);

    // Act
    const { text } = await textOf(await renderPdf(document));

    // Assess
    for (const fragment of expected) expect(text).toContain(fragment);
    expect(text).not.toContain('**');
    expect(text).toContain('Riverside Oncology Associates');
  });

  it('paginates a long letter and stamps "Page X of Y" and the footer on every page', async () => {
    // Prepare
    const document = spec(manyParagraphs(40));

    // Act
    const bytes = await renderPdf(document);
    const { pages } = await textOf(bytes);

    // Assess
    const total = await pageCount(bytes);
    expect(total).toBeGreaterThan(2);
    expect(pages).toHaveLength(total);
    pages.forEach((page, i) => {
      expect(page.text).toContain(`Page ${i + 1} of ${total}`);
      expect(page.text).toContain('Case pa_test. Confidential.');
    });
  });

  it('keeps every paragraph: nothing is lost across page breaks', async () => {
    // Prepare
    const document = spec(manyParagraphs(30));

    // Act
    const { text } = await textOf(await renderPdf(document));

    // Assess
    for (let i = 1; i <= 30; i++) expect(text).toContain(`Paragraph ${i}.`);
  });

  it('repeats the table header on each page a long table spans', async () => {
    // Prepare
    const rows = Array.from({ length: 90 }, (_, i) => [`Line ${i + 1}`, 'J9173-JZ', `${150 + i}`]);
    const document = spec([{ kind: 'table', header: ['Line', 'HCPCS', 'Units'], rows }]);

    // Act
    const bytes = await renderPdf(document);
    const { pages } = await textOf(bytes);

    // Assess
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.text).toMatch(/Line\s+HCPCS\s+Units/);
    expect(pages.map((p) => p.text).join('\n')).toContain('Line 90');
  });

  it('splits a table row taller than a page across pages without losing a line', async () => {
    // Prepare
    const evidence = Array.from({ length: 120 }, (_, i) => `Evidence line ${i + 1}.`).join('\n');
    const document = spec([{ kind: 'table', header: ['Criterion', 'Evidence'], rows: [['Long', evidence]] }]);

    // Act
    const bytes = await renderPdf(document);
    const { text } = await textOf(bytes);

    // Assess
    expect(await pageCount(bytes)).toBeGreaterThan(1);
    for (let i = 1; i <= 120; i++) expect(text).toContain(`Evidence line ${i}.`);
  });

  it('starts a new page at a page break', async () => {
    // Prepare
    const document = spec([
      { kind: 'paragraph', text: 'Before the break' },
      { kind: 'pageBreak' },
      { kind: 'paragraph', text: 'After the break' },
    ]);

    // Act
    const { pages } = await textOf(await renderPdf(document));

    // Assess
    expect(pages).toHaveLength(2);
    expect(pages[0]?.text).toContain('Before the break');
    expect(pages[1]?.text).toContain('After the break');
  });

  it('writes the document metadata with spec.createdAt as creation and modification date', async () => {
    // Prepare
    const document = spec([{ kind: 'paragraph', text: 'Metadata' }]);

    // Act
    const bytes = await renderPdf(document);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const { info } = await infoOf(bytes);

    // Assess
    expect(doc.getTitle()).toBe('Test letter');
    expect(doc.getSubject()).toBe('Renderer test');
    expect(doc.getAuthor()).toBe('Riverside Oncology Associates');
    expect(doc.getKeywords()).toBe('durvalumab J9173');
    expect(doc.getCreator()).toMatch(/durvalumab-pa/);
    expect(doc.getProducer()).toMatch(/pdf-lib/);
    expect(doc.getCreationDate()?.toISOString()).toBe(CREATED_AT.toISOString());
    expect(doc.getModificationDate()?.toISOString()).toBe(CREATED_AT.toISOString());
    expect(info?.Title).toBe('Test letter');
  });

  it('gives identical bytes for the same spec', async () => {
    // Prepare
    const enclosure = await enclosurePdf('Progress note');
    const make = () =>
      spec(manyParagraphs(8), {
        enclosures: [{ title: 'Progress note', pdf: enclosure }],
        attachments: [
          {
            name: 'facts.json',
            mimeType: 'application/json',
            description: 'facts',
            content: Buffer.from('{}'),
          },
        ],
      });

    // Act
    const first = await renderPdf(make());
    const second = await renderPdf(make());

    // Assess
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it('appends each enclosure after the letter, behind a separator page titled with it', async () => {
    // Prepare
    const document = spec([{ kind: 'paragraph', text: 'The letter' }], {
      enclosures: [
        { title: 'Pathology report', pdf: await enclosurePdf('Pathology', 2) },
        { title: 'CT report', pdf: await enclosurePdf('Imaging', 1) },
      ],
    });

    // Act
    const bytes = await renderPdf(document);
    const { pages } = await textOf(bytes);

    // Assess
    expect(await pageCount(bytes)).toBe(1 + (1 + 2) + (1 + 1));
    expect(pages[0]?.text).toContain('Page 1 of 1');
    expect(pages[1]?.text).toContain('Enclosure 1 of 2');
    expect(pages[1]?.text).toContain('Pathology report');
    expect(pages[2]?.text).toContain('Pathology page 1');
    expect(pages[3]?.text).toContain('Pathology page 2');
    expect(pages[4]?.text).toContain('CT report');
    expect(pages[5]?.text).toContain('Imaging page 1');
  });

  it.each([
    ['not a PDF', new TextEncoder().encode('hello, not a pdf')],
    ['empty bytes', new Uint8Array(0)],
  ])('refuses an enclosure that is %s with a ValidationError naming it', async (_name, bytes) => {
    // Prepare
    const document = spec([{ kind: 'paragraph', text: 'Letter' }], {
      enclosures: [
        { title: 'Good', pdf: await enclosurePdf('Good') },
        { title: 'Bad', pdf: bytes },
      ],
    });

    // Act
    const result = renderPdf(document);

    // Assess
    await expect(result).rejects.toBeInstanceOf(ValidationError);
    await expect(result).rejects.toMatchObject({ errors: [{ path: 'enclosures[1].pdf' }] });
  });

  it('embeds attachments as files of the PDF', async () => {
    // Prepare
    const facts = JSON.stringify({ caseId: 'pa_test', unitsRequested: 1950 });
    const document = spec([{ kind: 'paragraph', text: 'With facts' }], {
      attachments: [
        {
          name: 'case-facts.json',
          mimeType: 'application/json',
          description: 'Case facts',
          content: new TextEncoder().encode(facts),
        },
      ],
    });

    // Act
    const doc = await PDFDocument.load(await renderPdf(document));

    // Assess
    const files = embeddedFiles(doc);
    expect([...files.keys()]).toEqual(['case-facts.json']);
    expect(JSON.parse(files.get('case-facts.json') ?? '')).toEqual({
      caseId: 'pa_test',
      unitsRequested: 1950,
    });
  });

  it('renders text outside WinAnsi without crashing, with readable stand-ins', async () => {
    // Prepare
    const document = spec(
      [
        { kind: 'heading', level: 2, text: 'Dose ≥ 30 kg → 1500 mg' },
        { kind: 'paragraph', text: 'Émilie Nguyễn, São Paulo 😀 漢字 \u0007 “quoted” – done' },
        { kind: 'table', header: ['Ω', 'µ'], rows: [['≤ 10', 'ok']] },
      ],
      { title: 'Título ≥ 😀' },
    );

    // Act
    const bytes = await renderPdf(document);
    const { text } = await textOf(bytes);

    // Assess
    expect(text).toContain('Dose >= 30 kg -> 1500 mg');
    expect(text).toContain('São Paulo');
    expect(text).toContain('Nguyen');
    expect(text).toContain('<= 10');
    expect((await PDFDocument.load(bytes, { updateMetadata: false })).getTitle()).toBe('Título ≥ 😀');
  });

  it('breaks a word longer than the line instead of running off the page', async () => {
    // Prepare
    const longId = 'X'.repeat(300);
    const document = spec([
      { kind: 'paragraph', text: `Reference ${longId}` },
      { kind: 'table', header: ['Id'], rows: [[longId]] },
    ]);

    // Act
    const { text } = await textOf(await renderPdf(document));

    // Assess
    expect(text.replace(/\s+/g, '')).toContain(`Reference${longId}`);
  });
});
