/**
 * The page flow: blocks are laid out top to bottom; a block that does not fit moves to the next
 * page, which starts with a running header (the first page with the letterhead). A heading is
 * kept with what follows: it is drawn only when the next block asks for room, and moves to the
 * next page with it when the heading plus that block's first lines do not fit, so no heading
 * ever ends a page.
 */
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { type DocumentSpec, literalText } from '#core/documents/document-model.ts';
import {
  COLOR,
  CONTENT_BOTTOM,
  CONTENT_WIDTH,
  MARGIN_TOP,
  MARGIN_X,
  PAGE_HEIGHT,
  PAGE_WIDTH,
} from './style.ts';
import { type Fonts, type Line, textWidth, wrap } from './text.ts';

export class PageFlow {
  readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  y = 0;
  /** Whether anything was drawn on the current page below its header. */
  private pageHasContent = false;
  /** Headings waiting for the block they belong to: their height and how to draw them. */
  private pending: Array<{ height: number; draw: () => void }> = [];

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Fonts,
    private readonly spec: DocumentSpec,
    private readonly sanitize: (s: string) => string,
  ) {}

  start(): void {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.pages.push(this.page);
    this.drawLetterhead();
  }

  newPage(): void {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.pages.push(this.page);
    this.pageHasContent = false;
    this.drawRunningHeader();
  }

  /** Moves to a new page unless `height` (plus any heading kept with it) fits above the bottom margin. */
  ensure(height: number): void {
    this.placePending(height);
    if (this.y - height < CONTENT_BOTTOM && this.pageHasContent) this.newPage();
  }

  /** Defers a heading of `height` until the next block asks for room, so both land on one page. */
  keepWithNext(height: number, draw: () => void): void {
    this.pending.push({ height, draw });
  }

  /** Draws headings still waiting (e.g. the document's last block was a heading). */
  finish(): void {
    this.placePending(0);
  }

  private placePending(next: number): void {
    if (this.pending.length === 0) return;
    const headings = this.pending;
    this.pending = [];
    const height = headings.reduce((sum, h) => sum + h.height, 0);
    if (this.y - height - next < CONTENT_BOTTOM && this.pageHasContent) this.newPage();
    for (const heading of headings) heading.draw();
  }

  get available(): number {
    return this.y - CONTENT_BOTTOM;
  }

  get fullPageHeight(): number {
    return PAGE_HEIGHT - MARGIN_TOP - 26 - CONTENT_BOTTOM;
  }

  breakPage(): void {
    this.placePending(0);
    if (this.pageHasContent) this.newPage();
  }

  skip(height: number): void {
    this.placePending(0);
    if (this.pageHasContent) this.y -= height;
  }

  drawLine(line: Line, x: number, baseline: number, size: number, color = COLOR.ink): void {
    this.placePending(0);
    let cursor = x;
    for (const piece of line.pieces) {
      if (piece.text.trim().length > 0) {
        this.page.drawText(piece.text, { x: cursor, y: baseline, size, font: piece.font, color });
      }
      cursor += textWidth(piece.font, piece.text, size);
    }
    this.pageHasContent = true;
  }

  drawText(text: string, x: number, baseline: number, size: number, font: PDFFont, color = COLOR.ink): void {
    this.placePending(0);
    this.page.drawText(this.sanitize(text), { x, y: baseline, size, font, color });
    this.pageHasContent = true;
  }

  rule(x1: number, x2: number, y: number, thickness = 0.6, color = COLOR.rule): void {
    this.page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness, color });
  }

  rect(x: number, y: number, width: number, height: number, color = COLOR.headerFill): void {
    this.page.drawRectangle({ x, y, width, height, color });
  }

  private drawLetterhead(): void {
    const { letterhead } = this.spec;
    let y = PAGE_HEIGHT - MARGIN_TOP - 14;
    const nameLines = wrap(literalText(letterhead.name), this.fonts, 15, CONTENT_WIDTH, this.sanitize, true);
    for (const line of nameLines) {
      this.drawLine(line, MARGIN_X, y, 15, COLOR.accent);
      y -= 17;
    }
    y += 3;
    for (const text of letterhead.lines) {
      for (const line of wrap(literalText(text), this.fonts, 8.5, CONTENT_WIDTH, this.sanitize)) {
        this.drawLine(line, MARGIN_X, y, 8.5, COLOR.muted);
        y -= 11;
      }
    }
    y += 4;
    this.page.drawLine({
      start: { x: MARGIN_X, y },
      end: { x: PAGE_WIDTH - MARGIN_X, y },
      thickness: 1.2,
      color: COLOR.accent,
    });
    this.y = y - 22;
    this.pageHasContent = false;
  }

  private drawRunningHeader(): void {
    const y = PAGE_HEIGHT - MARGIN_TOP + 8;
    const text = `${this.spec.letterhead.name}  |  ${this.spec.title}`;
    const line = wrap(text, this.fonts, 7.5, CONTENT_WIDTH, this.sanitize)[0];
    if (line) this.drawLine(line, MARGIN_X, y, 7.5, COLOR.muted);
    this.rule(MARGIN_X, PAGE_WIDTH - MARGIN_X, y - 5, 0.5);
    this.y = y - 26;
    this.pageHasContent = false;
  }
}

/** What a block renderer draws with. */
export interface Context {
  flow: PageFlow;
  fonts: Fonts;
  sanitize: (s: string) => string;
}
