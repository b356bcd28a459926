/**
 * The Markdown subset of the letter templates, turned into the Block model of document-model.ts
 * through marked's lexer: `#`..`###` headings, paragraphs with **bold**, `-` and `1.` lists, pipe
 * tables (`<!-- widths: 3 2 -->` just before a table sets its column weights), `---` (a spacer),
 * `<!-- pagebreak -->`, and two fenced blocks: ```keyvalue (one "Label: value" a line) and
 * ```signature (one line of the signature block a line).
 */
import { lexer, type Token, type Tokens } from 'marked';
import { ASTERISK_BREAK, type Block } from './document-model.ts';

// `_` too: a value like `_x_` must not turn into emphasis and lose its underscores.
const MARKDOWN_SPECIAL = /[\\`*_[\]<>|~#]/g;

/** A value from the case as literal text in Markdown: special characters escaped, one line. */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/\s*[\r\n]+\s*/g, ' ')
      .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
      // A value that opens a line must not read as a list marker ("- x", "+ x", "1. x"), a rule
      // ("---") or a heading underline ("==="): its first such character is escaped.
      .replace(/^(\s*)(?:([-+=])|(\d+)([.)])(?=\s|$))/, (_m, space, sign, digits, dot) =>
        sign ? `${space}\\${sign}` : `${space}${digits}\\${dot}`,
      )
  );
}

/** An escaped asterisk while a block's text is built (private use): it becomes `*` in printable(). */
const LITERAL_ASTERISK = '\uE000';

/**
 * The block text: each literal asterisk as `*`, with a zero-width space between it and any
 * asterisk next to it, so only the template's own `**` reads as bold. Linear.
 */
function printable(text: string): string {
  if (!text.includes(LITERAL_ASTERISK)) return text;
  // Pieces joined once at the end (appending to one string and reading its end is quadratic).
  const out: string[] = [];
  let previous = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c !== LITERAL_ASTERISK) {
      out.push(c);
      previous = c;
      continue;
    }
    const next = text[i + 1];
    out.push(
      `${previous === '*' ? ASTERISK_BREAK : ''}*${next === '*' || next === LITERAL_ASTERISK ? ASTERISK_BREAK : ''}`,
    );
    previous = next === '*' || next === LITERAL_ASTERISK ? ASTERISK_BREAK : '*';
  }
  return out.join('');
}

/** Escaped text back to its characters (an escaped asterisk as `asterisk`). */
export function unescapeMarkdown(text: string, asterisk = '*'): string {
  return text.replace(/\\([\\`*_[\]<>|~#+=.)-])/g, (_m, c: string) => (c === '*' ? asterisk : c));
}

function inlineText(tokens: Token[] | undefined): string {
  return printable(inlineRaw(tokens));
}

function inlineRaw(tokens: Token[] | undefined): string {
  if (!tokens) return '';
  return tokens
    .map((t): string => {
      switch (t.type) {
        case 'strong':
          return `**${inlineRaw(t.tokens)}**`;
        case 'em':
        case 'del':
        case 'link':
          return inlineRaw(t.tokens);
        case 'text':
          return t.tokens ? inlineRaw(t.tokens) : t.text;
        case 'escape':
          return t.text === '*' ? LITERAL_ASTERISK : t.text;
        case 'codespan':
          return t.text;
        case 'br':
          return ' ';
        case 'html':
          return '';
        default:
          return 'text' in t && typeof t.text === 'string' ? t.text : t.raw;
      }
    })
    .join('')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

function listItemText(item: Tokens.ListItem): string {
  return item.tokens
    .map((t) => {
      if (t.type === 'list') return (t as Tokens.List).items.map(listItemText).join('; ');
      if (t.type === 'text' || t.type === 'paragraph')
        return inlineText(t.tokens ?? []) || (t as Tokens.Text).text;
      return inlineText([t]);
    })
    .filter((s) => s.length > 0)
    .join(' ');
}

/** Markdown (the subset above) -> document blocks. */
export function markdownToBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  // Column weights from a `<!-- widths: ... -->` comment, for the table right after it.
  let widths: number[] | undefined;
  for (const token of lexer(markdown)) {
    const pendingWidths = widths;
    if (token.type !== 'space') widths = undefined;
    switch (token.type) {
      case 'heading': {
        const level = Math.min(3, Math.max(1, token.depth)) as 1 | 2 | 3;
        blocks.push({ kind: 'heading', level, text: inlineText(token.tokens) });
        break;
      }
      case 'paragraph': {
        const text = inlineText(token.tokens);
        if (text) blocks.push({ kind: 'paragraph', text });
        break;
      }
      case 'blockquote': {
        const text = inlineText(
          (token as Tokens.Blockquote).tokens.flatMap((t) => ('tokens' in t && t.tokens ? t.tokens : [t])),
        );
        if (text) blocks.push({ kind: 'paragraph', text });
        break;
      }
      case 'list': {
        const items = (token as Tokens.List).items.map(listItemText).filter((s) => s.length > 0);
        if (items.length) blocks.push({ kind: 'list', ordered: (token as Tokens.List).ordered, items });
        break;
      }
      case 'table': {
        const table = token as Tokens.Table;
        blocks.push({
          kind: 'table',
          header: table.header.map((c) => inlineText(c.tokens)),
          rows: table.rows.map((row) => row.map((c) => inlineText(c.tokens))),
          ...(pendingWidths ? { widths: pendingWidths } : {}),
        });
        break;
      }
      case 'code': {
        const code = token as Tokens.Code;
        const lines = code.text
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l.length > 0)
          .map((l) => printable(unescapeMarkdown(l, LITERAL_ASTERISK)));
        if (code.lang === 'keyvalue') {
          const rows = lines.map((l): [string, string] => {
            const at = l.indexOf(':');
            return at < 0 ? [l, ''] : [l.slice(0, at).trim(), l.slice(at + 1).trim()];
          });
          if (rows.length) blocks.push({ kind: 'keyValue', rows });
        } else if (code.lang === 'signature') {
          blocks.push({ kind: 'signature', lines });
        } else {
          for (const text of lines) blocks.push({ kind: 'paragraph', text });
        }
        break;
      }
      case 'html': {
        const weights = /<!--\s*widths:\s*([\d.\s]+?)\s*-->/i.exec(token.raw);
        if (weights) widths = (weights[1] ?? '').split(/\s+/).map(Number);
        else if (/<!--\s*pagebreak\s*-->/i.test(token.raw)) blocks.push({ kind: 'pageBreak' });
        else if (/<!--\s*spacer\s*-->/i.test(token.raw)) blocks.push({ kind: 'spacer' });
        break;
      }
      case 'hr':
        blocks.push({ kind: 'spacer' });
        break;
      default:
        break;
    }
  }
  return blocks;
}
