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
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { Block, DocumentSpec } from '#core/documents/document-model.ts';
import { ValidationError } from '#core/errors.ts';

const PAGE_WIDTH = 612;
const PAGE_HEIGHT = 792;
const MARGIN_X = 62;
const MARGIN_TOP = 54;
/** Lowest baseline the flow may use; the footer lives below it. */
const CONTENT_BOTTOM = 70;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;

const BODY_SIZE = 10;
const BODY_LEADING = 13.6;
const TABLE_SIZE = 8.8;
const TABLE_LEADING = 11.4;
const CELL_PAD_X = 4.5;
const CELL_PAD_Y = 3.5;
const FOOTER_SIZE = 7.5;

const INK = rgb(0.11, 0.11, 0.12);
const ACCENT = rgb(0.1, 0.22, 0.4);
const MUTED = rgb(0.38, 0.4, 0.44);
const RULE = rgb(0.72, 0.75, 0.8);
const HEADER_FILL = rgb(0.9, 0.92, 0.95);

const HEADING_STYLE = {
  1: { size: 14.5, before: 6, after: 7 },
  2: { size: 11.5, before: 11, after: 6 },
  3: { size: 10, before: 8, after: 3 },
} as const;

const CREATOR = 'durvalumab-pa document renderer';
const PRODUCER = 'pdf-lib 1.17.1';

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
}

interface Piece {
  text: string;
  font: PDFFont;
}

interface Line {
  pieces: Piece[];
  width: number;
}

// ---------------------------------------------------------------------------------------------
// Text: WinAnsi sanitising, inline **bold**, word wrap
// ---------------------------------------------------------------------------------------------

/** Characters outside WinAnsi that have a readable ASCII stand-in. */
const REPLACEMENTS: Record<string, string> = {
  '\u2265': '>=',
  '\u2264': '<=',
  '\u2260': '!=',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u2044': '/',
  '\u2215': '/',
  '\u2248': '~',
  '\u221e': 'infinity',
  '\u2713': 'yes',
  '\u2714': 'yes',
  '\u2717': 'no',
  '\u2718': 'no',
  '\u25cf': '\u2022',
  '\u25aa': '\u2022',
  '\u2023': '\u2022',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u202f': ' ',
  '\u00a0': ' ',
  '\t': ' ',
};

/** Builds a function that maps any string onto what the standard fonts can encode. */
function winAnsiSanitizer(font: PDFFont): (text: string) => string {
  const supported = new Set(font.getCharacterSet());
  const cache = new Map<string, string>();
  const mapChar = (ch: string): string => {
    const known = cache.get(ch);
    if (known !== undefined) return known;
    let out: string;
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n') out = '\n';
    else if (REPLACEMENTS[ch] !== undefined) out = REPLACEMENTS[ch];
    else if (supported.has(code) && code >= 0x20) out = ch;
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0) || ch === '\u200b' || ch === '\ufeff') out = '';
    else {
      // Accented letters outside WinAnsi keep their base letter (e.g. "ő" -> "o").
      const base = [...ch.normalize('NFKD')].filter((c) => supported.has(c.codePointAt(0) ?? 0)).join('');
      out = base.length > 0 ? base : '?';
    }
    cache.set(ch, out);
    return out;
  };
  return (text: string) => {
    let out = '';
    for (const ch of text.replace(/\r\n?/g, '\n')) out += mapChar(ch);
    return out;
  };
}

/** Splits `a **b** c` into runs; an unmatched `**` stays literal. */
export function parseInlineBold(text: string): Array<{ text: string; bold: boolean }> {
  const parts = text.split('**');
  if (parts.length % 2 === 0) {
    const last = parts.pop() ?? '';
    parts[parts.length - 1] = `${parts[parts.length - 1] ?? ''}**${last}`;
  }
  return parts.map((part, i) => ({ text: part, bold: i % 2 === 1 })).filter((run) => run.text.length > 0);
}

type Token = { kind: 'word'; pieces: Piece[]; width: number } | { kind: 'space' } | { kind: 'break' };

function tokenize(text: string, fonts: Fonts, size: number, sanitize: (s: string) => string, bold: boolean) {
  const tokens: Token[] = [];
  let word: Piece[] = [];
  const flushWord = () => {
    if (word.length === 0) return;
    const width = word.reduce((sum, p) => sum + textWidth(p.font, p.text, size), 0);
    tokens.push({ kind: 'word', pieces: word, width });
    word = [];
  };
  for (const run of parseInlineBold(sanitize(text))) {
    const font = bold || run.bold ? fonts.bold : fonts.regular;
    for (const part of run.text.split(/(\s+)/)) {
      if (part.length === 0) continue;
      if (/^\s+$/.test(part)) {
        flushWord();
        const breaks = part.split('\n').length - 1;
        if (breaks === 0) tokens.push({ kind: 'space' });
        for (let i = 0; i < breaks; i++) tokens.push({ kind: 'break' });
      } else {
        word.push({ text: part, font });
      }
    }
  }
  flushWord();
  return tokens;
}

/** Splits a word wider than the line into chunks that fit (long ids, URLs). */
function breakWord(
  pieces: Piece[],
  size: number,
  maxWidth: number,
): Array<{ pieces: Piece[]; width: number }> {
  const chunks: Array<{ pieces: Piece[]; width: number }> = [];
  let current: Piece[] = [];
  let width = 0;
  for (const piece of pieces) {
    for (const ch of piece.text) {
      const w = textWidth(piece.font, ch, size);
      if (width + w > maxWidth && width > 0) {
        chunks.push({ pieces: current, width });
        current = [];
        width = 0;
      }
      const last = current[current.length - 1];
      if (last && last.font === piece.font) last.text += ch;
      else current.push({ text: ch, font: piece.font });
      width += w;
    }
  }
  if (current.length > 0) chunks.push({ pieces: current, width });
  return chunks;
}

function wrap(
  text: string,
  fonts: Fonts,
  size: number,
  maxWidth: number,
  sanitize: (s: string) => string,
  bold = false,
): Line[] {
  const spaceWidth = textWidth(fonts.regular, ' ', size);
  const lines: Line[] = [];
  let pieces: Piece[] = [];
  let width = 0;
  let pendingSpace = false;
  const pushLine = () => {
    lines.push({ pieces: mergePieces(pieces), width });
    pieces = [];
    width = 0;
    pendingSpace = false;
  };
  const append = (word: { pieces: Piece[]; width: number }) => {
    if (pendingSpace && pieces.length > 0) {
      pieces.push({ text: ' ', font: fonts.regular });
      width += spaceWidth;
    }
    pieces.push(...word.pieces.map((p) => ({ ...p })));
    width += word.width;
    pendingSpace = false;
  };
  for (const token of tokenize(text, fonts, size, sanitize, bold)) {
    if (token.kind === 'break') {
      pushLine();
      continue;
    }
    if (token.kind === 'space') {
      pendingSpace = pieces.length > 0;
      continue;
    }
    const extra = pendingSpace && pieces.length > 0 ? spaceWidth : 0;
    if (width + extra + token.width <= maxWidth) {
      append(token);
      continue;
    }
    if (pieces.length > 0) pushLine();
    if (token.width <= maxWidth) {
      append(token);
      continue;
    }
    const chunks = breakWord(token.pieces, size, maxWidth);
    chunks.forEach((chunk, i) => {
      append(chunk);
      if (i < chunks.length - 1) pushLine();
    });
  }
  if (pieces.length > 0 || lines.length === 0) pushLine();
  return lines;
}

function mergePieces(pieces: Piece[]): Piece[] {
  const merged: Piece[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last && last.font === piece.font) last.text += piece.text;
    else merged.push({ ...piece });
  }
  return merged;
}

/** Standard fonts have fixed metrics, so widths are shared by every render (bounded). */
const widthCache = new Map<string, Map<string, number>>();

/**
 * Width of a text at a size, as the PDF viewer will lay it out: the sum of the glyph widths.
 * pdf-lib's widthOfTextAtSize applies kerning pairs that a plain text-show operator does not,
 * so a run measured with it ends short of where its glyphs end (a bold word after "for " would
 * touch it). Glyph widths at size 1 are cached per font (standard fonts have fixed metrics).
 */
function textWidth(font: PDFFont, text: string, size: number): number {
  let cache = widthCache.get(font.name);
  if (!cache) {
    cache = new Map();
    widthCache.set(font.name, cache);
  }
  let unit = 0;
  for (const ch of text) {
    let w = cache.get(ch);
    if (w === undefined) {
      w = font.widthOfTextAtSize(ch, 1);
      cache.set(ch, w);
    }
    unit += w;
  }
  return unit * size;
}

// ---------------------------------------------------------------------------------------------
// Page flow
// ---------------------------------------------------------------------------------------------

class PageFlow {
  readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  y = 0;
  /** Whether anything was drawn on the current page below its header. */
  private pageHasContent = false;

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

  /** Moves to a new page unless `height` fits above the bottom margin. */
  ensure(height: number): void {
    if (this.y - height < CONTENT_BOTTOM && this.pageHasContent) this.newPage();
  }

  get available(): number {
    return this.y - CONTENT_BOTTOM;
  }

  get fullPageHeight(): number {
    return PAGE_HEIGHT - MARGIN_TOP - 26 - CONTENT_BOTTOM;
  }

  breakPage(): void {
    if (this.pageHasContent) this.newPage();
  }

  skip(height: number): void {
    if (this.pageHasContent) this.y -= height;
  }

  drawLine(line: Line, x: number, baseline: number, size: number, color = INK): void {
    let cursor = x;
    for (const piece of line.pieces) {
      if (piece.text.trim().length > 0) {
        this.page.drawText(piece.text, { x: cursor, y: baseline, size, font: piece.font, color });
      }
      cursor += textWidth(piece.font, piece.text, size);
    }
    this.pageHasContent = true;
  }

  drawText(text: string, x: number, baseline: number, size: number, font: PDFFont, color = INK): void {
    this.page.drawText(this.sanitize(text), { x, y: baseline, size, font, color });
    this.pageHasContent = true;
  }

  rule(x1: number, x2: number, y: number, thickness = 0.6, color = RULE): void {
    this.page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness, color });
  }

  rect(x: number, y: number, width: number, height: number, color = HEADER_FILL): void {
    this.page.drawRectangle({ x, y, width, height, color });
  }

  private drawLetterhead(): void {
    const { letterhead } = this.spec;
    let y = PAGE_HEIGHT - MARGIN_TOP - 14;
    const nameLines = wrap(letterhead.name, this.fonts, 15, CONTENT_WIDTH, this.sanitize, true);
    for (const line of nameLines) {
      this.drawLine(line, MARGIN_X, y, 15, ACCENT);
      y -= 17;
    }
    y += 3;
    for (const text of letterhead.lines) {
      for (const line of wrap(text, this.fonts, 8.5, CONTENT_WIDTH, this.sanitize)) {
        this.drawLine(line, MARGIN_X, y, 8.5, MUTED);
        y -= 11;
      }
    }
    y += 4;
    this.page.drawLine({
      start: { x: MARGIN_X, y },
      end: { x: PAGE_WIDTH - MARGIN_X, y },
      thickness: 1.2,
      color: ACCENT,
    });
    this.y = y - 22;
    this.pageHasContent = false;
  }

  private drawRunningHeader(): void {
    const y = PAGE_HEIGHT - MARGIN_TOP + 8;
    const text = `${this.spec.letterhead.name}  |  ${this.spec.title}`;
    const line = wrap(text, this.fonts, 7.5, CONTENT_WIDTH, this.sanitize)[0];
    if (line) this.drawLine(line, MARGIN_X, y, 7.5, MUTED);
    this.rule(MARGIN_X, PAGE_WIDTH - MARGIN_X, y - 5, 0.5);
    this.y = y - 26;
    this.pageHasContent = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------------------------

interface Context {
  flow: PageFlow;
  fonts: Fonts;
  sanitize: (s: string) => string;
}

function renderHeading(ctx: Context, block: Extract<Block, { kind: 'heading' }>): void {
  const style = HEADING_STYLE[block.level];
  const lines = wrap(block.text, ctx.fonts, style.size, CONTENT_WIDTH, ctx.sanitize, true);
  const leading = style.size * 1.3;
  // Keep the heading with at least three lines of what follows.
  ctx.flow.ensure(style.before + lines.length * leading + style.after + 3 * BODY_LEADING);
  ctx.flow.skip(style.before);
  for (const line of lines) {
    ctx.flow.drawLine(line, MARGIN_X, ctx.flow.y - style.size, style.size, block.level === 3 ? INK : ACCENT);
    ctx.flow.y -= leading;
  }
  if (block.level === 2) ctx.flow.rule(MARGIN_X, PAGE_WIDTH - MARGIN_X, ctx.flow.y + 1.5, 0.5);
  ctx.flow.y -= style.after;
}

function renderLines(ctx: Context, lines: Line[], x: number, size: number, leading: number): void {
  // No single orphan line at the foot of a page.
  ctx.flow.ensure(Math.min(lines.length, 2) * leading);
  for (const line of lines) {
    ctx.flow.ensure(leading);
    ctx.flow.drawLine(line, x, ctx.flow.y - size, size);
    ctx.flow.y -= leading;
  }
}

function renderParagraph(ctx: Context, block: Extract<Block, { kind: 'paragraph' }>): void {
  const lines = wrap(block.text, ctx.fonts, BODY_SIZE, CONTENT_WIDTH, ctx.sanitize);
  renderLines(ctx, lines, MARGIN_X, BODY_SIZE, BODY_LEADING);
  ctx.flow.y -= 6;
}

function renderList(ctx: Context, block: Extract<Block, { kind: 'list' }>): void {
  const markers = block.items.map((_, i) => (block.ordered ? `${i + 1}.` : '\u2022'));
  const markerWidth = Math.max(...markers.map((m) => textWidth(ctx.fonts.regular, m, BODY_SIZE)), 0);
  const indent = 12;
  const textX = MARGIN_X + indent + markerWidth + 6;
  const textWidthAvailable = PAGE_WIDTH - MARGIN_X - textX;
  block.items.forEach((item, i) => {
    const lines = wrap(item, ctx.fonts, BODY_SIZE, textWidthAvailable, ctx.sanitize);
    ctx.flow.ensure(Math.min(lines.length, 2) * BODY_LEADING);
    const marker = markers[i] ?? '';
    const markerX = MARGIN_X + indent + markerWidth - textWidth(ctx.fonts.regular, marker, BODY_SIZE);
    ctx.flow.drawText(marker, markerX, ctx.flow.y - BODY_SIZE, BODY_SIZE, ctx.fonts.regular);
    renderLines(ctx, lines, textX, BODY_SIZE, BODY_LEADING);
    ctx.flow.y -= 2;
  });
  ctx.flow.y -= 5;
}

/**
 * Column widths: the given weights, or the content's natural widths. Either way no column is
 * narrower than its longest word (when the table can afford it), so words do not break.
 */
function columnWidths(ctx: Context, block: Extract<Block, { kind: 'table' }>, columns: number): number[] {
  const natural = new Array<number>(columns).fill(0);
  const minimum = new Array<number>(columns).fill(0);
  const rows = [block.header, ...block.rows];
  rows.forEach((row, r) => {
    for (let c = 0; c < columns; c++) {
      const text = ctx.sanitize(row[c] ?? '').replaceAll('**', '');
      const font = r === 0 ? ctx.fonts.bold : ctx.fonts.regular;
      const full = textWidth(font, text.replace(/\s+/g, ' '), TABLE_SIZE) + 2 * CELL_PAD_X;
      const longestWord = Math.max(
        0,
        ...text.split(/\s+/).map((w) => textWidth(font, w, TABLE_SIZE) + 2 * CELL_PAD_X + 0.5),
      );
      natural[c] = Math.max(natural[c] ?? 0, full);
      minimum[c] = Math.max(minimum[c] ?? 0, Math.min(longestWord, CONTENT_WIDTH / 3));
    }
  });
  const minSum = minimum.reduce((a, b) => a + b, 0);
  if (minSum >= CONTENT_WIDTH) return minimum.map((w) => (w / minSum) * CONTENT_WIDTH);

  let proposed: number[];
  if (block.widths && block.widths.length === columns && block.widths.every((w) => w > 0)) {
    const sum = block.widths.reduce((a, b) => a + b, 0);
    proposed = block.widths.map((w) => (w / sum) * CONTENT_WIDTH);
  } else {
    const naturalSum = natural.reduce((a, b) => a + b, 0);
    if (naturalSum <= CONTENT_WIDTH) {
      return natural.map((w) => w + (CONTENT_WIDTH - naturalSum) * (w / naturalSum));
    }
    const slack = natural.map((w, i) => w - (minimum[i] ?? 0));
    const slackSum = slack.reduce((a, b) => a + b, 0);
    proposed = minimum.map((w, i) => w + ((slack[i] ?? 0) / slackSum) * (CONTENT_WIDTH - minSum));
  }
  // Raise columns below their minimum; take the difference from the others, pro rata.
  for (let pass = 0; pass < columns; pass++) {
    const short = proposed.map((w, i) => w < (minimum[i] ?? 0) - 0.01);
    if (!short.some(Boolean)) break;
    const fixed = minimum.reduce((sum, min, i) => sum + (short[i] ? min : 0), 0);
    const flexible = proposed.reduce((sum, w, i) => sum + (short[i] ? 0 : w), 0);
    proposed = proposed.map((w, i) =>
      short[i] ? (minimum[i] ?? 0) : (w / flexible) * (CONTENT_WIDTH - fixed),
    );
  }
  return proposed;
}

function renderTable(ctx: Context, block: Extract<Block, { kind: 'table' }>): void {
  const columns = Math.max(block.header.length, ...block.rows.map((r) => r.length));
  if (columns === 0) return;
  const widths = columnWidths(ctx, block, columns);
  const xs = widths.reduce<number[]>((acc, _width, i) => {
    acc.push(i === 0 ? MARGIN_X : (acc[i - 1] ?? MARGIN_X) + (widths[i - 1] ?? 0));
    return acc;
  }, []);
  const layoutRow = (row: string[], bold: boolean) =>
    Array.from({ length: columns }, (_, c) =>
      wrap(row[c] ?? '', ctx.fonts, TABLE_SIZE, (widths[c] ?? 0) - 2 * CELL_PAD_X, ctx.sanitize, bold),
    );
  const header = block.header.length > 0 ? layoutRow(block.header, true) : null;
  const heightOf = (cells: Line[][]) =>
    Math.max(...cells.map((c) => c.length)) * TABLE_LEADING + 2 * CELL_PAD_Y;
  const headerHeight = header ? heightOf(header) : 0;

  const drawCells = (cells: Line[][], from: number, count: number, fill: boolean) => {
    const height = count * TABLE_LEADING + 2 * CELL_PAD_Y;
    const top = ctx.flow.y;
    if (fill) ctx.flow.rect(MARGIN_X, top - height, CONTENT_WIDTH, height);
    cells.forEach((lines, c) => {
      lines.slice(from, from + count).forEach((line, i) => {
        const baseline = top - CELL_PAD_Y - i * TABLE_LEADING - TABLE_SIZE;
        ctx.flow.drawLine(line, (xs[c] ?? MARGIN_X) + CELL_PAD_X, baseline, TABLE_SIZE);
      });
    });
    ctx.flow.y = top - height;
    ctx.flow.rule(MARGIN_X, PAGE_WIDTH - MARGIN_X, ctx.flow.y, fill ? 0.9 : 0.4, fill ? MUTED : RULE);
  };
  const drawHeader = () => {
    if (!header) return;
    ctx.flow.rule(MARGIN_X, PAGE_WIDTH - MARGIN_X, ctx.flow.y, 0.9, MUTED);
    drawCells(header, 0, Math.max(...header.map((c) => c.length)), true);
  };

  const firstRowHeight = block.rows[0] ? heightOf(layoutRow(block.rows[0], false)) : 0;
  ctx.flow.ensure(headerHeight + Math.min(firstRowHeight, 4 * TABLE_LEADING));
  drawHeader();
  for (const row of block.rows) {
    const cells = layoutRow(row, false);
    const lineCount = Math.max(...cells.map((c) => c.length));
    const height = lineCount * TABLE_LEADING + 2 * CELL_PAD_Y;
    const roomOnFreshPage = ctx.flow.fullPageHeight - headerHeight;
    if (height > ctx.flow.available && height <= roomOnFreshPage) {
      ctx.flow.newPage();
      drawHeader();
    }
    // A row taller than a page is split across pages line by line.
    let done = 0;
    let freshPage = false;
    while (done < lineCount) {
      const fit = Math.floor((ctx.flow.available - 2 * CELL_PAD_Y) / TABLE_LEADING);
      if (fit <= 0 && !freshPage) {
        ctx.flow.newPage();
        drawHeader();
        freshPage = true;
        continue;
      }
      // At least one line per page, even under a header taller than the page.
      const count = Math.min(Math.max(fit, 1), lineCount - done);
      freshPage = false;
      drawCells(cells, done, count, false);
      done += count;
    }
  }
  ctx.flow.y -= 10;
}

function renderKeyValue(ctx: Context, block: Extract<Block, { kind: 'keyValue' }>): void {
  const keyWidth = Math.min(
    Math.max(0, ...block.rows.map(([key]) => textWidth(ctx.fonts.bold, ctx.sanitize(key), BODY_SIZE))) + 14,
    CONTENT_WIDTH * 0.36,
  );
  const valueX = MARGIN_X + keyWidth;
  for (const [key, value] of block.rows) {
    const keyLines = wrap(key, ctx.fonts, BODY_SIZE, keyWidth - 10, ctx.sanitize, true);
    const valueLines = wrap(value, ctx.fonts, BODY_SIZE, CONTENT_WIDTH - keyWidth, ctx.sanitize);
    const count = Math.max(keyLines.length, valueLines.length);
    ctx.flow.ensure(Math.min(count, 3) * (BODY_LEADING - 0.6));
    for (let i = 0; i < count; i++) {
      ctx.flow.ensure(BODY_LEADING);
      const baseline = ctx.flow.y - BODY_SIZE;
      const keyLine = keyLines[i];
      const valueLine = valueLines[i];
      if (keyLine) ctx.flow.drawLine(keyLine, MARGIN_X, baseline, BODY_SIZE, MUTED);
      if (valueLine) ctx.flow.drawLine(valueLine, valueX, baseline, BODY_SIZE);
      ctx.flow.y -= BODY_LEADING - 0.6;
    }
    ctx.flow.y -= 1.5;
  }
  ctx.flow.y -= 6;
}

function renderSignature(ctx: Context, block: Extract<Block, { kind: 'signature' }>): void {
  const width = 230;
  const lines = block.lines.flatMap((text, i) =>
    wrap(text, ctx.fonts, BODY_SIZE, CONTENT_WIDTH, ctx.sanitize, i === 0),
  );
  ctx.flow.ensure(40 + lines.length * BODY_LEADING);
  ctx.flow.y -= 36;
  ctx.flow.rule(MARGIN_X, MARGIN_X + width, ctx.flow.y, 0.8, INK);
  ctx.flow.y -= 4;
  for (const line of lines) {
    ctx.flow.ensure(BODY_LEADING);
    ctx.flow.drawLine(line, MARGIN_X, ctx.flow.y - BODY_SIZE, BODY_SIZE);
    ctx.flow.y -= BODY_LEADING;
  }
  ctx.flow.y -= 8;
}

function renderBlock(ctx: Context, block: Block): void {
  switch (block.kind) {
    case 'heading':
      renderHeading(ctx, block);
      return;
    case 'paragraph':
      renderParagraph(ctx, block);
      return;
    case 'list':
      renderList(ctx, block);
      return;
    case 'table':
      renderTable(ctx, block);
      return;
    case 'keyValue':
      renderKeyValue(ctx, block);
      return;
    case 'signature':
      renderSignature(ctx, block);
      return;
    case 'spacer':
      ctx.flow.skip(BODY_LEADING);
      return;
    case 'pageBreak':
      ctx.flow.breakPage();
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Footer, enclosures, metadata
// ---------------------------------------------------------------------------------------------

function drawFooter(ctx: Context, page: PDFPage, footer: string | undefined, label: string): void {
  const labelWidth = textWidth(ctx.fonts.regular, label, FOOTER_SIZE + 0.5);
  const y = 38;
  page.drawLine({
    start: { x: MARGIN_X, y: y + 12 },
    end: { x: PAGE_WIDTH - MARGIN_X, y: y + 12 },
    thickness: 0.5,
    color: RULE,
  });
  page.drawText(label, {
    x: PAGE_WIDTH - MARGIN_X - labelWidth,
    y,
    size: FOOTER_SIZE + 0.5,
    font: ctx.fonts.regular,
    color: MUTED,
  });
  if (!footer) return;
  const lines = wrap(footer, ctx.fonts, FOOTER_SIZE, CONTENT_WIDTH - labelWidth - 18, ctx.sanitize).slice(
    0,
    3,
  );
  lines.forEach((line, i) => {
    let x = MARGIN_X;
    for (const piece of line.pieces) {
      page.drawText(piece.text, { x, y: y - i * 9, size: FOOTER_SIZE, font: piece.font, color: MUTED });
      x += textWidth(piece.font, piece.text, FOOTER_SIZE);
    }
  });
}

async function loadEnclosures(spec: DocumentSpec): Promise<PDFDocument[]> {
  const enclosures = spec.enclosures ?? [];
  return Promise.all(
    enclosures.map(async (enclosure, i) => {
      const path = `enclosures[${i}].pdf`;
      let source: PDFDocument;
      try {
        source = await PDFDocument.load(enclosure.pdf, { updateMetadata: false });
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

function drawSeparatorPage(
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
    color: MUTED,
  });
  y -= 28;
  for (const line of wrap(spec.enclosures?.[index]?.title ?? '', fonts, 18, CONTENT_WIDTH, sanitize, true)) {
    let x = MARGIN_X;
    for (const piece of line.pieces) {
      page.drawText(piece.text, { x, y, size: 18, font: piece.font, color: ACCENT });
      x += textWidth(piece.font, piece.text, 18);
    }
    y -= 23;
  }
  page.drawLine({
    start: { x: MARGIN_X, y: y + 8 },
    end: { x: PAGE_WIDTH - MARGIN_X, y: y + 8 },
    thickness: 1.2,
    color: ACCENT,
  });
  y -= 14;
  const note = `${pageCount} ${pageCount === 1 ? 'page follows' : 'pages follow'}. Enclosed with: ${spec.title}.`;
  for (const line of wrap(note, fonts, BODY_SIZE, CONTENT_WIDTH, sanitize)) {
    page.drawText(line.pieces.map((p) => p.text).join(''), {
      x: MARGIN_X,
      y,
      size: BODY_SIZE,
      font: fonts.regular,
      color: INK,
    });
    y -= BODY_LEADING;
  }
}

function setMetadata(doc: PDFDocument, spec: DocumentSpec): void {
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

  return doc.save({ useObjectStreams: true });
}
