/**
 * The one PDF renderer: every generated document (prior-auth packet, appeal letter,
 * corrected-claim instruction) is a DocumentSpec turned into bytes here.
 *
 * pdf-lib with the standard Helvetica family (WinAnsi), US Letter. The layout is a simple flow:
 * blocks are laid out top to bottom, a block that does not fit moves to the next page, table
 * headers repeat after a page break, and "Page X of Y" is stamped once the letter's length is
 * known. Enclosure PDFs are loaded before anything is drawn, so a bad enclosure fails the
 * render with a ValidationError instead of leaving a half-built document. Every date written
 * into the file is spec.createdAt, so the same spec always gives the same bytes.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { DocumentSpec } from '#core/documents/document-model.ts';
import { ValidationError } from '#core/errors.ts';
import { renderBlock } from './blocks.ts';
import { drawFooter, drawSeparatorPage, loadEnclosures, setMetadata } from './frame.ts';
import { type Context, PageFlow } from './page-flow.ts';
import { removeActiveContent } from './sanitize.ts';
import { PAGE_HEIGHT, PAGE_WIDTH } from './style.ts';
import { type Fonts, winAnsiSanitizer } from './text.ts';

export { parseInlineBold } from './text.ts';

/**
 * Renders a document to PDF bytes. Deterministic: the same spec gives the same bytes.
 * @throws ValidationError when an enclosure is not a readable, unencrypted PDF with pages.
 */
export async function renderPdf(spec: DocumentSpec): Promise<Uint8Array> {
  if (Number.isNaN(spec.createdAt.getTime())) {
    throw new ValidationError('createdAt is not a valid date', [
      { path: 'createdAt', message: 'invalid date' },
    ]);
  }
  const enclosureDocs = await loadEnclosures(spec);

  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    italic: await doc.embedFont(StandardFonts.HelveticaOblique),
  };
  const sanitize = winAnsiSanitizer(fonts.regular);
  setMetadata(doc, spec);

  const flow = new PageFlow(doc, fonts, spec, sanitize);
  const ctx: Context = { flow, fonts, sanitize };
  flow.start();
  for (const block of spec.blocks) renderBlock(ctx, block);
  flow.finish();

  const letterPages = [...flow.pages];
  letterPages.forEach((page, i) => {
    drawFooter(ctx, page, spec.footer, `Page ${i + 1} of ${letterPages.length}`);
  });

  for (const [i, source] of enclosureDocs.entries()) {
    const separator = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    drawSeparatorPage(ctx, separator, spec, i, enclosureDocs.length, source.getPageCount());
    drawFooter(ctx, separator, spec.footer, `Enclosure ${i + 1} of ${enclosureDocs.length}`);
    const copied = await doc.copyPages(source, source.getPageIndices());
    for (const page of copied) doc.addPage(page);
  }

  for (const file of spec.attachments ?? []) {
    await doc.attach(file.content, file.name, {
      mimeType: file.mimeType,
      description: file.description,
      creationDate: spec.createdAt,
      modificationDate: spec.createdAt,
    });
  }

  return removeActiveContent(doc).save({ useObjectStreams: true });
}
