/**
 * The letter templates billing staff edit without code: Handlebars over Markdown-like text
 * (templates/**\/*.md.hbs), compiled once at start and turned into document blocks
 * (markdown-blocks.ts). A broken template fails loudly at compile time, naming its file and
 * line, never half-way through a PDF. Values from the case are escaped, so a payer's note can
 * never inject markup.
 *
 * Pure: the files arrive as strings (the adapter lambdas/adapters/templates.ts reads them from
 * templates/ or PA_TEMPLATES_DIR); compiling and rendering do no I/O.
 */
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { TemplateError } from '../errors.ts';
import type { Block } from './document-model.ts';
import { escapeMarkdown, markdownToBlocks } from './markdown-blocks.ts';

export { escapeMarkdown, markdownToBlocks };

export const TEMPLATE_SUFFIX = '.md.hbs';
const PARTIALS_DIR = 'partials';
const BUILT_IN_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log']);

export interface TemplateSet {
  /** Where the templates came from (a directory), for messages. */
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

/** One template file: its path under the templates folder (with "/" separators) and its text. */
export interface TemplateSource {
  readonly path: string;
  readonly source: string;
}

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

/** Folder by folder, each sorted by name: the order a directory walk gives, so the version is stable. */
function compareRel(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i] ?? '', y[i] ?? ''];
    if (p !== q) return p < q ? -1 : 1;
  }
  return x.length - y.length;
}

/**
 * Compiles templates and partials (paths under partials/ are partials, named without the folder);
 * throws TemplateError naming the file and line of a broken one.
 */
export function compileTemplates(sources: readonly TemplateSource[], dir = 'templates'): TemplateSet {
  const files = sources
    .filter((f) => f.path.endsWith(TEMPLATE_SUFFIX))
    .map((f) => ({ rel: f.path, source: f.source }))
    .sort((x, y) => compareRel(x.rel, y.rel));
  if (files.length === 0) throw new TemplateError(`no ${TEMPLATE_SUFFIX} templates in ${dir}`);
  const env = Handlebars.create();
  registerHelpers(env);
  const helpers = new Set([...BUILT_IN_HELPERS, ...Object.keys(env.helpers)]);

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
  // {{thousands 1950}} -> "1,950"; {{counted 13 "week"}} -> "13 weeks" (a third argument for an irregular plural).
  env.registerHelper('thousands', (...list: unknown[]) => groupThousands(args(list)[0]));
  env.registerHelper('counted', (...list: unknown[]) => {
    const [n, one, many] = args(list);
    return `${groupThousands(n)} ${n === 1 ? one : typeof many === 'string' ? many : `${one}s`}`;
  });
}

/** Digits grouped by thousands, the number otherwise as written (no rounding). */
export function groupThousands(n: unknown): string {
  return String(n ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
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
