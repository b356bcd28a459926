/** What frames the letter: the page footers, the enclosures with their separator pages, the metadata. */
import { PDFDocument, type PDFPage } from 'pdf-lib';
import { type DocumentSpec, literalText } from '#core/documents/document-model.ts';
import { ValidationError } from '#core/errors.ts';
import type { Context } from './page-flow.ts';
import { pdfPrecheck } from './precheck.ts';
import { removeActiveContent } from './sanitize.ts';
import {
  BODY_LEADING,
  BODY_SIZE,
  COLOR,
  CONTENT_WIDTH,
  FOOTER_SIZE,
  MARGIN_X,
  PAGE_HEIGHT,
  PAGE_WIDTH,
} from './style.ts';
import { textWidth, wrap } from './text.ts';

const CREATOR = 'durvalumab-pa document renderer';
const PRODUCER = 'pdf-lib 1.17.1';

export function drawFooter(ctx: Context, page: PDFPage, footer: string | undefined, label: string): void {
  const labelWidth = textWidth(ctx.fonts.regular, label, FOOTER_SIZE + 0.5);
  const y = 38;
  page.drawLine({
    start: { x: MARGIN_X, y: y + 12 },
    end: { x: PAGE_WIDTH - MARGIN_X, y: y + 12 },
    thickness: 0.5,
    color: COLOR.rule,
  });
  page.drawText(label, {
    x: PAGE_WIDTH - MARGIN_X - labelWidth,
    y,
    size: FOOTER_SIZE + 0.5,
    font: ctx.fonts.regular,
    color: COLOR.muted,
  });
  if (!footer) return;
  const lines = wrap(footer, ctx.fonts, FOOTER_SIZE, CONTENT_WIDTH - labelWidth - 18, ctx.sanitize).slice(
    0,
    3,
  );
  lines.forEach((line, i) => {
    let x = MARGIN_X;
    for (const piece of line.pieces) {
      page.drawText(piece.text, { x, y: y - i * 9, size: FOOTER_SIZE, font: piece.font, color: COLOR.muted });
      x += textWidth(piece.font, piece.text, FOOTER_SIZE);
    }
  });
}

export async function loadEnclosures(spec: DocumentSpec): Promise<PDFDocument[]> {
  const enclosures = spec.enclosures ?? [];
  return Promise.all(
    enclosures.map(async (enclosure, i) => {
      const path = `enclosures[${i}].pdf`;
      let source: PDFDocument;
      const refused = pdfPrecheck(enclosure.pdf);
      if (refused) {
        throw new ValidationError(`enclosure ${i + 1} ${refused}`, [{ path, message: `the PDF ${refused}` }]);
      }
      try {
        source = removeActiveContent(await PDFDocument.load(enclosure.pdf, { updateMetadata: false }));
      } catch (cause) {
        const reason =
          cause instanceof Error && cause.name === 'EncryptedPDFError'
            ? 'is encrypted'
            : 'is not a readable PDF';
        throw new ValidationError(`enclosure ${i + 1} ${reason}`, [{ path, message: `the PDF ${reason}` }], {
          cause,
        });
      }
      if (source.getPageCount() === 0) {
        throw new ValidationError(`enclosure ${i + 1} has no pages`, [
          { path, message: 'the PDF has no pages' },
        ]);
      }
      return source;
    }),
  );
}

export function drawSeparatorPage(
  ctx: Context,
  page: PDFPage,
  spec: DocumentSpec,
  index: number,
  total: number,
  pageCount: number,
): void {
  const { fonts, sanitize } = ctx;
  let y = PAGE_HEIGHT - 250;
  page.drawText(`Enclosure ${index + 1} of ${total}`, {
    x: MARGIN_X,
    y,
    size: 11,
    font: fonts.bold,
    color: COLOR.muted,
  });
  y -= 28;
  for (const line of wrap(
    literalText(spec.enclosures?.[index]?.title ?? ''),
    fonts,
    18,
    CONTENT_WIDTH,
    sanitize,
    true,
  )) {
    let x = MARGIN_X;
    for (const piece of line.pieces) {
      page.drawText(piece.text, { x, y, size: 18, font: piece.font, color: COLOR.accent });
      x += textWidth(piece.font, piece.text, 18);
    }
    y -= 23;
  }
  page.drawLine({
    start: { x: MARGIN_X, y: y + 8 },
    end: { x: PAGE_WIDTH - MARGIN_X, y: y + 8 },
    thickness: 1.2,
    color: COLOR.accent,
  });
  y -= 14;
  const note = `${pageCount} ${pageCount === 1 ? 'page follows' : 'pages follow'}. Enclosed with: ${spec.title}.`;
  for (const line of wrap(note, fonts, BODY_SIZE, CONTENT_WIDTH, sanitize)) {
    page.drawText(line.pieces.map((p) => p.text).join(''), {
      x: MARGIN_X,
      y,
      size: BODY_SIZE,
      font: fonts.regular,
      color: COLOR.ink,
    });
    y -= BODY_LEADING;
  }
}

export function setMetadata(doc: PDFDocument, spec: DocumentSpec): void {
  // Metadata strings are UTF-16 in the file, so they keep their Unicode; sanitize only control chars.
  const clean = (s: string) => [...s].map((ch) => (ch < ' ' ? ' ' : ch)).join('');
  doc.setTitle(clean(spec.title), { showInWindowTitleBar: true });
  doc.setSubject(clean(spec.subject));
  doc.setAuthor(clean(spec.author));
  doc.setKeywords(spec.keywords.map(clean));
  doc.setCreator(CREATOR);
  doc.setProducer(PRODUCER);
  doc.setCreationDate(spec.createdAt);
  doc.setModificationDate(spec.createdAt);
  doc.setLanguage('en-US');
}
