/**
 * Text for the standard fonts: WinAnsi sanitising, inline **bold**, measuring and word wrap.
 */
import type { PDFFont } from 'pdf-lib';

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
}

export interface Piece {
  text: string;
  font: PDFFont;
}

export interface Line {
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
export function winAnsiSanitizer(font: PDFFont): (text: string) => string {
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
  // Bold is read before sanitising: the sanitiser drops the zero-width space that keeps a value's
  // asterisks from reading as `**`.
  for (const run of parseInlineBold(text)) {
    const font = bold || run.bold ? fonts.bold : fonts.regular;
    for (const part of sanitize(run.text).split(/(\s+)/)) {
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

export function wrap(
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
export function textWidth(font: PDFFont, text: string, size: number): number {
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
