import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { PDF_BUDGET, pdfPrecheck } from '#adapters/pdf/precheck.ts';
import { renderPdf } from '#adapters/pdf/render.ts';
import { unreadablePdfs } from '#adapters/pdf/validate.ts';
import { ValidationError } from '#core/errors.ts';
import {
  deepTreePdf,
  encryptedPdf,
  inflationBomb,
  pageBomb,
  plainPdf,
  scriptedPdf,
  sharedTreeBomb,
} from './support/hostile-pdfs.ts';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('pdfPrecheck: bounded work before pdf-lib', () => {
  it.each([
    ['one page, object streams', 1, true],
    ['one page, no object streams', 1, false],
    ['the page limit exactly', PDF_BUDGET.pages, true],
  ])('passes %s', async (_name, pages, objectStreams) => {
    // Prepare
    const pdf = await plainPdf(pages, objectStreams);
    // Act / Assess
    expect(pdfPrecheck(pdf)).toBeNull();
  });

  it.each([
    ['20,000 pages claimed', () => pageBomb(20_000), 'has more than 1000 pages'],
    ['100,000 pages claimed', () => pageBomb(100_000), 'has more than 1000 pages'],
    ['1,001 real pages', () => pageBomb(1_001), 'has more than 1000 pages'],
    ['a shared page tree of 2^30 pages', () => sharedTreeBomb(30), 'has more than 1000 pages'],
    ['a page tree 200 deep', () => deepTreePdf(200), 'has a page tree nested too deep'],
    ['an object stream inflating to 100 MB', () => inflationBomb(100), 'decompresses to too many bytes'],
    ['an encryption dictionary', () => encryptedPdf(), 'is encrypted'],
    ['no header', () => Buffer.from('hello'), 'is not a PDF'],
    [
      'more than 25 MB',
      () => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(PDF_BUDGET.bytes)]),
      'is larger than 25 MB',
    ],
  ])('refuses %s', (_name, build, reason) => {
    // Act / Assess
    expect(pdfPrecheck(build())).toBe(reason);
  });

  it('a page tree a few levels deep is counted page by page', () => {
    expect(pdfPrecheck(deepTreePdf(10))).toBeNull();
    expect(pdfPrecheck(sharedTreeBomb(9))).toBeNull(); // 512 pages
  });
});

describe('unreadablePdfs: the pre-check answers before pdf-lib loads anything', () => {
  it('names the field and the reason of each refused attachment', async () => {
    // Prepare
    const attachments = [plainPdf(1), pageBomb(100_000), encryptedPdf()];
    const data = await Promise.all(attachments.map(async (pdf) => ({ data: base64(await pdf) })));
    // Act
    const errors = await unreadablePdfs(data);
    // Assess
    expect(errors).toEqual([
      { path: 'attachments.1.data', message: 'the PDF has more than 1000 pages' },
      { path: 'attachments.2.data', message: 'the PDF is encrypted' },
    ]);
  });
});

describe('scripts never leave the system', () => {
  const spec = (pdf: Uint8Array) => ({
    title: 'Packet',
    subject: 'test',
    author: 'test',
    keywords: [],
    createdAt: new Date('2026-11-30T10:00:00Z'),
    letterhead: { name: 'Clinic', lines: [] },
    blocks: [{ kind: 'paragraph' as const, text: 'Enclosed.' }],
    enclosures: [{ title: 'Attachment', pdf }],
  });

  it('removes JavaScript, OpenAction, Launch and AA from the enclosure pages it copies', async () => {
    // Prepare
    const scripted = await scriptedPdf();
    const before = await PDFDocument.load(scripted);
    const activeIn = (doc: PDFDocument) =>
      doc.context
        .enumerateIndirectObjects()
        .map(([, object]) => object.toString())
        .filter((text) => /JavaScript|Launch|OpenAction|\/AA\b/.test(text));
    expect(activeIn(before).length).toBeGreaterThan(0);
    // Act
    const out = await PDFDocument.load(await renderPdf(spec(scripted)));
    // Assess
    expect(activeIn(out)).toEqual([]);
    expect(out.getPageCount()).toBe(3); // letter, separator, the enclosure's page
  });

  it('refuses an enclosure that fails the pre-check with a ValidationError naming it', async () => {
    await expect(renderPdf(spec(pageBomb(20_000)))).rejects.toThrow(ValidationError);
    await expect(renderPdf(spec(pageBomb(20_000)))).rejects.toThrow('enclosure 1 has more than 1000 pages');
  });
});
