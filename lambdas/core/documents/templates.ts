/**
 * The letter templates billing staff edit without code: Handlebars over Markdown-like text
 * (templates/**\/*.md.hbs), compiled once at start and turned into the Block model of
 * document-model.ts through marked's lexer. A broken template fails loudly at load, naming its
 * file and line, never half-way through a PDF.
 *
 * Markdown understood: `#`..`###` headings, paragraphs with **bold**, `-` and `1.` lists, pipe
 * tables, `---` (a spacer), `<!-- pagebreak -->`, and two fenced blocks: ```keyvalue (one
 * "Label: value" a line) and ```signature (one line of the signature block a line).
 * Values from the case are escaped, so a payer's note can never inject markup.
 *
 * Where the files are: `loadTemplates(dir)`, else PA_TEMPLATES_DIR (the Lambda bundle sets
 * /var/task/templates), else templates/ beside the bundle, else the repository's templates/.
 * The I/O is reading the files once; rendering is pure.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { lexer, type Token, type Tokens } from 'marked';
import { TemplateError } from '../errors.ts';
import type { Block } from './document-model.ts';

export const TEMPLATE_SUFFIX = '.md.hbs';
const PARTIALS_DIR = 'partials';
const BUILT_IN_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log']);

export interface TemplateSet {
  /** The directory the templates were read from. */
  readonly dir: string;
  /** sha256 of every template and partial (path and content): recorded on each document. */
  readonly version: string;
  /** Template names: the path under the directory without the suffix, e.g. "appeal/medical-necessity". */
  readonly names: readonly string[];
  has(name: string): boolean;
  /** The template's Markdown for a view (the view's strings are escaped for Markdown). */
  renderMarkdown(name: string, view: object): string;
  /** The template as document blocks. */
  render(name: string, view: object): Block[];
}

/** Where the templates are when no directory is given. */
export function defaultTemplatesDir(): string {
  const fromEnv = process.env.PA_TEMPLATES_DIR;
  if (fromEnv) return fromEnv;
  const candidates = [
    fileURLToPath(new URL('./templates/', import.meta.url)),
    fileURLToPath(new URL('../../../templates/', import.meta.url)),
  ];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[candidates.length - 1]!;
}

function listTemplateFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current).sort()) {
      const full = join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith(TEMPLATE_SUFFIX)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

const toPosix = (path: string) => path.split(sep).join('/');

interface HbsNode {
  type: string;
  loc?: { start: { line: number } };
  path?: { original?: unknown; type?: string };
  name?: { original?: unknown };
  params?: HbsNode[];
  hash?: { pairs: Array<{ value: HbsNode }> };
  program?: { body: HbsNode[] };
  inverse?: { body: HbsNode[] };
  body?: HbsNode[];
}

/** Partials and helpers a template names must exist: found at load, with the line. */
function checkReferences(node: HbsNode, file: string, partials: Set<string>, helpers: Set<string>): void {
  const line = node.loc?.start.line ?? 0;
  if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
    const name = String(node.name?.original ?? '');
    if (!partials.has(name)) {
      throw new TemplateError(
        `${file} line ${line}: unknown partial "${name}" (partials: ${[...partials].join(', ')})`,
      );
    }
  }
  if (node.type === 'MustacheStatement' || node.type === 'BlockStatement' || node.type === 'SubExpression') {
    const name = String(node.path?.original ?? '');
    const isCall =
      (node.params?.length ?? 0) > 0 || (node.hash?.pairs.length ?? 0) > 0 || node.type === 'SubExpression';
    if (isCall && node.path?.type === 'PathExpression' && !helpers.has(name)) {
      throw new TemplateError(
        `${file} line ${line}: unknown helper "${name}" (helpers: ${[...helpers].join(', ')})`,
      );
    }
  }
  for (const child of [
    ...(node.body ?? []),
    ...(node.program?.body ?? []),
    ...(node.inverse?.body ?? []),
    ...(node.params ?? []),
    ...(node.hash?.pairs.map((p) => p.value) ?? []),
  ]) {
    checkReferences(child, file, partials, helpers);
  }
}

function lineOf(error: unknown): number | null {
  const message = error instanceof Error ? error.message : String(error);
  const m = /line (\d+)/i.exec(message) ?? / - (\d+):\d+/.exec(message);
  return m ? Number(m[1]) : null;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').filter((l) => !/^-*\^$/.test(l.trim()))[0] ?? message;
}

/** Compiles every template and partial under `dir`; throws TemplateError naming the file and line of a broken one. */
export function loadTemplates(dir: string = defaultTemplatesDir()): TemplateSet {
  if (!existsSync(dir))
    throw new TemplateError(`templates directory not found: ${dir} (set PA_TEMPLATES_DIR)`);
  const env = Handlebars.create();
  registerHelpers(env);
  const helpers = new Set([...BUILT_IN_HELPERS, ...Object.keys(env.helpers)]);

  const files = listTemplateFiles(dir).map((full) => {
    const rel = toPosix(relative(dir, full));
    return { rel, source: readFileSync(full, 'utf8') };
  });
  if (files.length === 0) throw new TemplateError(`no ${TEMPLATE_SUFFIX} templates in ${dir}`);

  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.rel}\0${f.source}\0`);
  const version = hash.digest('hex');

  const isPartial = (rel: string) => rel.startsWith(`${PARTIALS_DIR}/`);
  const nameOf = (rel: string) =>
    isPartial(rel)
      ? rel.slice(PARTIALS_DIR.length + 1, -TEMPLATE_SUFFIX.length)
      : rel.slice(0, -TEMPLATE_SUFFIX.length);
  const partialNames = new Set(files.filter((f) => isPartial(f.rel)).map((f) => nameOf(f.rel)));

  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const f of files) {
    const where = `templates/${f.rel}`;
    let ast: HbsNode;
    try {
      ast = env.parse(f.source) as unknown as HbsNode;
      // precompile runs the whole compiler, so errors surface now rather than at first use.
      env.precompile(f.source, { strict: true, noEscape: true });
    } catch (error) {
      throw new TemplateError(`${where} line ${lineOf(error) ?? '?'}: ${firstLine(error)}`, { cause: error });
    }
    checkReferences(ast, where, partialNames, helpers);
    const template = env.compile(f.source, { strict: true, noEscape: true });
    if (isPartial(f.rel)) env.registerPartial(nameOf(f.rel), template);
    else compiled.set(nameOf(f.rel), template);
  }

  const renderMarkdown = (name: string, view: object): string => {
    const template = compiled.get(name);
    if (!template)
      throw new TemplateError(`no template "${name}" in ${dir} (have: ${[...compiled.keys()].join(', ')})`);
    try {
      return template(escapeView(view));
    } catch (error) {
      const line = lineOf(error);
      throw new TemplateError(
        `templates/${name}${TEMPLATE_SUFFIX}${line ? ` line ${line}` : ''}: ${firstLine(error)}`,
        { cause: error },
      );
    }
  };

  return {
    dir,
    version,
    names: [...compiled.keys()].sort(),
    has: (name) => compiled.has(name),
    renderMarkdown,
    render: (name, view) => markdownToBlocks(renderMarkdown(name, view)),
  };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "2026-11-20" or an ISO timestamp -> "November 20, 2026" (the calendar date as written, no time zone shift). */
export function formatLetterDate(value: unknown): string {
  if (value instanceof Date) return formatLetterDate(value.toISOString());
  if (typeof value !== 'string') return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.replaceAll('\\', ''));
  if (!m) return value;
  return `${MONTHS[Number(m[2]) - 1] ?? m[2]} ${Number(m[3])}, ${m[1]}`;
}

function registerHelpers(env: typeof Handlebars): void {
  // Handlebars passes an options object as the last argument; helpers drop it.
  const args = (list: unknown[]) => list.slice(0, -1);
  env.registerHelper('formatDate', (value: unknown) => formatLetterDate(value));
  env.registerHelper('join', (...list: unknown[]) => {
    const [items, separator] = args(list);
    return Array.isArray(items) ? items.join(typeof separator === 'string' ? separator : ', ') : '';
  });
  env.registerHelper('eq', (...list: unknown[]) => {
    const [a, b] = args(list);
    return a === b;
  });
  env.registerHelper('ne', (...list: unknown[]) => {
    const [a, b] = args(list);
    return a !== b;
  });
  env.registerHelper('or', (...list: unknown[]) => args(list).some(Boolean));
  env.registerHelper('and', (...list: unknown[]) => args(list).every(Boolean));
  env.registerHelper('not', (...list: unknown[]) => !args(list)[0]);
  env.registerHelper('formatNumber', (...list: unknown[]) => {
    const [n] = args(list);
    return typeof n === 'number' ? n.toLocaleString('en-US') : String(n ?? '');
  });
  env.registerHelper('inc', (...list: unknown[]) => Number(args(list)[0]) + 1);
  env.registerHelper('plural', (...list: unknown[]) => {
    const [n, one, many] = args(list);
    return n === 1 ? one : many;
  });
}

const MARKDOWN_SPECIAL = /[\\`*[\]<>|~#]/g;

/** A value from the case as literal text in Markdown: special characters escaped, one line. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\\`*[\]<>|~#])/g, '$1');
}

function escapeView(value: unknown): unknown {
  if (typeof value === 'string') return escapeMarkdown(value);
  if (Array.isArray(value)) return value.map(escapeView);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeView(v)]));
  }
  return value;
}

function inlineText(tokens: Token[] | undefined): string {
  if (!tokens) return '';
  return tokens
    .map((t): string => {
      switch (t.type) {
        case 'strong':
          return `**${inlineText(t.tokens)}**`;
        case 'em':
        case 'del':
        case 'link':
          return inlineText(t.tokens);
        case 'text':
          return t.tokens ? inlineText(t.tokens) : t.text;
        case 'escape':
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
  for (const token of lexer(markdown)) {
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
        });
        break;
      }
      case 'code': {
        const code = token as Tokens.Code;
        const lines = code.text
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l.length > 0)
          .map(unescapeMarkdown);
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
        if (/<!--\s*pagebreak\s*-->/i.test(token.raw)) blocks.push({ kind: 'pageBreak' });
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
