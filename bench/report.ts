/**
 * The latest figures as Markdown, written between the markers of docs/bench.md so that the page
 * shows what the last run measured (`npm run bench -- --report` rewrites it from results.json).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BundleFigures } from './bundles.ts';
import type { DomainFigures } from './domain.ts';
import type { E2eFigures } from './e2e.ts';
import { CLIENT_CONCURRENCY } from './http.ts';
import type { WebhookFigures } from './webhooks.ts';

export interface BenchResults {
  startedAt: string;
  mode: string;
  machine: { node: string; cores: number; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  targets: Array<{ what: string; target: string; measured: string; met: boolean }>;
  domain?: DomainFigures;
  e2e?: E2eFigures[];
  /** One per handler source run (an older results.json has one object: the source run). */
  webhooks?: WebhookFigures[] | WebhookFigures;
  bundles?: { bundles: BundleFigures[]; emptyImportMs: number };
  synth?: { synthMs: number; floorMs: number; ratio: number };
}

const DOC = new URL('../docs/bench.md', import.meta.url);
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

export function md(header: string[], rows: Array<Array<string | number>>): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** A table of figures, for the console (bench/run.ts) and for docs/bench.md. */
export interface FigureTable {
  section: 'domain' | 'e2e' | 'webhooks' | 'sideBySide' | 'bundles' | 'targets';
  title: string;
  header: string[];
  rows: Array<Array<string | number>>;
}

function domainTable(d: DomainFigures): FigureTable {
  const row = (
    name: string,
    m: { perSecond: number; p50Ms: number; p99Ms: number },
    bytes: string,
    floorP50Ms: number,
    ratio: number,
  ) => [name, m.perSecond, m.p50Ms, m.p99Ms, bytes, floorP50Ms, ratio];
  const pdf = (name: string, p: DomainFigures['packetPdf']) =>
    row(name, p, `${p.bytesP50} / ${p.bytesP99}`, d.pdfFloor.p50Ms, p.costRatio);
  return {
    section: 'domain',
    title: 'Domain (in process)',
    header: ['figure', 'per second', 'p50 ms', 'p99 ms', 'bytes p50 / p99', 'floor p50 ms', 'ratio'],
    rows: [
      row('assessRequest', d.assessment.measured, '', d.assessment.floor.p50Ms, d.assessment.costRatio),
      pdf('packet PDF', d.packetPdf),
      pdf('appeal PDF', d.appealPdf),
    ],
  };
}

/** The webhook runs of a results file (an older one holds a single object, the source run). */
export function webhookList(w: BenchResults['webhooks']): WebhookFigures[] {
  if (w === undefined) return [];
  return Array.isArray(w) ? w : [{ ...w, handlers: w.handlers ?? 'source' }];
}

/**
 * The source run and the bundled run side by side, each figure with its ratio to the floor
 * measured in the same run (the machine is shared: ratios compare across runs, times do not).
 */
export function sideBySideTable(r: Pick<BenchResults, 'e2e' | 'webhooks'>): FigureTable | undefined {
  const rows: Array<Array<string | number>> = [];
  const e2e = r.e2e ?? [];
  const pick = (handlers: string, n: number) =>
    e2e.find((p) => (p.handlers ?? 'source') === handlers && p.n === n);
  for (const n of [...new Set(e2e.map((p) => p.n))]) {
    const s = pick('source', n);
    const b = pick('bundled', n);
    if (!s || !b) continue;
    rows.push([
      `end to end N=${n}, ms/case`,
      s.costPerCaseMs,
      s.floor.costPerCaseMs,
      s.costRatio,
      b.costPerCaseMs,
      b.floor.costPerCaseMs,
      b.costRatio,
    ]);
  }
  const hooks = webhookList(r.webhooks);
  const s = hooks.find((w) => w.handlers === 'source');
  const b = hooks.find((w) => w.handlers === 'bundled');
  if (s && b) {
    rows.push(['webhook p50 ms', s.p50Ms, s.floor.p50Ms, s.p50Ratio, b.p50Ms, b.floor.p50Ms, b.p50Ratio]);
    rows.push(['webhook p99 ms', s.p99Ms, s.floor.p99Ms, s.p99Ratio, b.p99Ms, b.floor.p99Ms, b.p99Ratio]);
    rows.push([
      'webhook req/s',
      s.requestsPerSecond,
      s.floor.requestsPerSecond,
      '',
      b.requestsPerSecond,
      b.floor.requestsPerSecond,
      '',
    ]);
  }
  if (rows.length === 0) return undefined;
  return {
    section: 'sideBySide',
    title:
      'Source vs bundled (PA_HANDLERS=bundled: the bundles the CDK app deploys), each with the floor of its own run',
    header: ['figure', 'source', 'floor', 'ratio', 'bundled', 'floor ', 'ratio '],
    rows,
  };
}

/** The figures of a run as tables, in the order the page shows them. */
export function figureTables(r: Pick<BenchResults, 'domain' | 'e2e' | 'webhooks' | 'bundles' | 'targets'>) {
  const tables: FigureTable[] = [];
  if (r.domain) tables.push(domainTable(r.domain));
  if (r.e2e?.length)
    tables.push({
      section: 'e2e',
      title: `End to end (local stack, manual payer, client concurrency ${CLIENT_CONCURRENCY}, 30 % denials)`,
      header: [
        'handlers',
        'N',
        'wall s',
        'cases/s',
        'ms/case',
        'writes/case',
        'floor ms/case',
        'ratio',
        '503 retried',
      ],
      rows: r.e2e.map((p) => [
        p.handlers ?? 'source',
        p.n,
        (p.wallMs / 1000).toFixed(1),
        p.casesPerSecond,
        p.costPerCaseMs,
        p.writes.perCase,
        p.floor.costPerCaseMs,
        p.costRatio,
        p.retried503,
      ]),
    });
  for (const w of webhookList(r.webhooks)) {
    tables.push({
      section: 'webhooks',
      title: `Webhooks, ${w.handlers ?? 'source'} (${w.requests} deliveries incl. ${w.redeliveries} redeliveries, shuffled, target ${w.targetRate} req/s, concurrency ${w.concurrency}; exactly once: ${w.exactlyOnce.ok ? 'yes' : 'NO'})`,
      header: ['figure', 'req/s', 'p50 ms', 'p99 ms'],
      rows: [
        ['webhook', w.requestsPerSecond, w.p50Ms, w.p99Ms],
        [
          "floor (signature check, the case's payer, one conditional write)",
          w.floor.requestsPerSecond,
          w.floor.p50Ms,
          w.floor.p99Ms,
        ],
        ['ratio', '', w.p50Ratio, w.p99Ratio],
        // Each interleaved round's own ratio (results before 2026-11-30 have none).
        ...(w.rounds ?? []).map((x, i) => [
          `round ${i + 1} ratio (${x.first} first)`,
          '',
          x.p50Ratio,
          x.p99Ratio,
        ]),
      ],
    });
  }
  const sideBySide = sideBySideTable(r);
  if (sideBySide) tables.push(sideBySide);
  if (r.bundles)
    tables.push({
      section: 'bundles',
      title: `Lambda bundles as deployed (lib/bundles.ts: SDK bundled, minified, keepNames) and with the SDK external; cold import in a fresh node, median; empty-module import: ${r.bundles.emptyImportMs} ms`,
      header: ['function', 'bundle', 'cold import ms', 'cpu ms', 'SDK external', 'cold import ms ', 'small'],
      rows: r.bundles.bundles.map((b) => [
        b.name,
        kb(b.bytes),
        b.coldImportMs,
        b.coldImportCpuMs ?? '',
        kb(b.bytesSdkExternal ?? 0),
        b.coldImportSdkExternalMs ?? '',
        b.small ? 'yes' : 'no',
      ]),
    });
  tables.push({
    section: 'targets',
    title: 'Targets',
    header: ['what', 'target', 'measured', 'met'],
    rows: r.targets.map((t) => [t.what, t.target, t.measured, t.met ? 'yes' : 'NO']),
  });
  return tables;
}

export function markdownResults(r: BenchResults): string {
  const parts: string[] = [
    `Run of ${r.startedAt.slice(0, 16)}Z (${r.mode}), Node ${r.machine.node}, ${r.machine.cores} cores, load average ${r.machine.loadAverageAtStart[0]} at start and ${r.machine.loadAverageAtEnd[0]} at end.`,
  ];
  for (const t of figureTables(r)) {
    if (t.section === 'targets' && r.synth)
      parts.push(
        `**cdk synth --quiet**: ${(r.synth.synthMs / 1000).toFixed(1)} s; floor \`cdk --version\` ${(r.synth.floorMs / 1000).toFixed(1)} s; ratio ${r.synth.ratio}`,
      );
    parts.push(`**${t.title}**`, md(t.header, t.rows));
    if (t.section === 'e2e') parts.push('![cost per case](../bench/chart.svg)');
  }
  return parts.join('\n\n');
}

/** Replaces the results section of docs/bench.md (if the page and its markers exist). */
export function updateBenchDoc(results: BenchResults): boolean {
  if (!existsSync(DOC)) return false;
  const page = readFileSync(DOC, 'utf8');
  const from = page.indexOf(START);
  const to = page.indexOf(END);
  if (from < 0 || to < from) return false;
  writeFileSync(DOC, `${page.slice(0, from + START.length)}\n${markdownResults(results)}\n${page.slice(to)}`);
  // The repo's formatter pads Markdown tables; format the page as `npm run lint` expects it.
  const biome = fileURLToPath(new URL('../node_modules/.bin/biome', import.meta.url));
  execFileSync(biome, ['format', '--write', fileURLToPath(DOC)], { stdio: 'ignore' });
  return true;
}
