/**
 * Hostile PDFs built by hand for the pre-check and the hostile-input suite: what each claims is
 * far more than its bytes (page bombs, shared or deep page trees, a stream that inflates to
 * 100 MB), an encrypted one, and one carrying JavaScript, OpenAction, Launch and AA actions.
 */
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';

/** A PDF of the given objects (1 is the catalog, 2 the page tree root), with a trailer naming the root. */
export function handBuiltPdf(objects: string[], trailerExtra = ''): Uint8Array {
  const body = objects.map((text, i) => `${i + 1} 0 obj\n${text}\nendobj\n`).join('');
  const xrefAt = 9 + body.length;
  return Buffer.from(
    `%PDF-1.7\n${body}xref\n0 0\ntrailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xrefAt}\n%%EOF\n`,
    'latin1',
  );
}

const CATALOG = '<< /Type /Catalog /Pages 2 0 R >>';
const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>';

/** One page listed `pages` times in the root's Kids: 6 bytes a claimed page (20,000 pages in 120 KB). */
export function pageBomb(pages: number): Uint8Array {
  const kids = '3 0 R '.repeat(pages);
  return handBuiltPdf([CATALOG, `<< /Type /Pages /Count ${pages} /Kids [${kids}] >>`, PAGE]);
}

/** Page-tree nodes that each list the next one twice: 2^levels pages from a few hundred bytes. */
export function sharedTreeBomb(levels: number): Uint8Array {
  const nodes = Array.from({ length: levels }, (_, i) => {
    const next = i + 3;
    return `<< /Type /Pages /Count ${2 ** (levels - i)} /Kids [${next} 0 R ${next} 0 R] >>`;
  });
  const leaf = '<< /Type /Page /MediaBox [0 0 612 792] >>';
  return handBuiltPdf([CATALOG, ...nodes, leaf]);
}

/** One page under a chain of `depth` page-tree nodes. */
export function deepTreePdf(depth: number): Uint8Array {
  const nodes = Array.from({ length: depth }, (_, i) => `<< /Type /Pages /Count 1 /Kids [${i + 3} 0 R] >>`);
  return handBuiltPdf([CATALOG, ...nodes, '<< /Type /Page /MediaBox [0 0 612 792] >>']);
}

/** A one-page PDF whose object stream inflates to `megabytes` MB of zeros. */
export function inflationBomb(megabytes: number): Uint8Array {
  const deflated = deflateSync(Buffer.alloc(megabytes * 1024 * 1024)).toString('latin1');
  const objStm = `<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${deflated.length} >>\nstream\n${deflated}\nendstream`;
  return handBuiltPdf([CATALOG, '<< /Type /Pages /Count 1 /Kids [3 0 R] >>', PAGE, objStm]);
}

/** A one-page PDF whose trailer names an encryption dictionary. */
export function encryptedPdf(): Uint8Array {
  return handBuiltPdf(
    [CATALOG, '<< /Type /Pages /Count 1 /Kids [3 0 R] >>', PAGE, '<< /Filter /Standard /V 2 /R 3 >>'],
    '/Encrypt 4 0 R ',
  );
}

/** A real one-page PDF (pdf-lib) with a document-open script, a page AA script and a Launch link. */
export async function scriptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  const { context } = doc;
  const js = context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of('app.alert("x")') });
  doc.catalog.set(PDFName.of('OpenAction'), context.register(js));
  page.node.set(
    PDFName.of('AA'),
    context.obj({ O: context.register(context.obj({ S: 'JavaScript', JS: PDFString.of('1') })) }),
  );
  const launch = context.obj({ S: 'Launch', F: PDFString.of('calc.exe') });
  const link = context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 100, 100], A: launch });
  page.node.set(PDFName.of('Annots'), context.obj([context.register(link)]));
  return doc.save({ useObjectStreams: false });
}

/** A plain PDF of `pages` blank pages. */
export async function plainPdf(pages: number, useObjectStreams = true): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([612, 792]);
  return doc.save({ useObjectStreams });
}
