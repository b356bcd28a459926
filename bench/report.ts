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
  webhooks?: WebhookFigures;
  bundles?: { bundles: BundleFigures[]; emptyImportMs: number };
  synth?: { synthMs: number; floorMs: number; ratio: number };
}

const DOC = new URL('../docs/bench.md', import.meta.url);
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

function md(header: string[], rows: Array<Array<string | number>>): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** A table of figures, for the console (bench/run.ts) and for docs/bench.md. */
export interface FigureTable {
  section: 'domain' | 'e2e' | 'webhooks' | 'bundles' | 'targets';
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

/** The figures of a run as tables, in the order the page shows them. */
export function figureTables(r: Pick<BenchResults, 'domain' | 'e2e' | 'webhooks' | 'bundles' | 'targets'>) {
  const tables: FigureTable[] = [];
  if (r.domain) tables.push(domainTable(r.domain));
  if (r.e2e?.length)
    tables.push({
      section: 'e2e',
      title: `End to end (local stack, manual payer, client concurrency ${CLIENT_CONCURRENCY}, 30 % denials)`,
      header: ['N', 'wall s', 'cases/s', 'ms/case', 'writes/case', 'floor ms/case', 'ratio', '503 retried'],
      rows: r.e2e.map((p) => [
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
  if (r.webhooks) {
    const w = r.webhooks;
    tables.push({
      section: 'webhooks',
      title: `Webhooks (${w.requests} deliveries incl. ${w.redeliveries} redeliveries, shuffled, target ${w.targetRate} req/s, concurrency ${w.concurrency}; exactly once: ${w.exactlyOnce.ok ? 'yes' : 'NO'})`,
      header: ['figure', 'req/s', 'p50 ms', 'p99 ms'],
      rows: [
        ['webhook', w.requestsPerSecond, w.p50Ms, w.p99Ms],
        ['floor (the same transaction, direct)', w.floor.requestsPerSecond, w.floor.p50Ms, w.floor.p99Ms],
        ['ratio', '', w.p50Ratio, w.p99Ratio],
      ],
    });
  }
  if (r.bundles)
    tables.push({
      section: 'bundles',
      title: `Lambda bundles (esbuild as the CDK stack, SDK external; empty-module import: ${r.bundles.emptyImportMs} ms)`,
      header: ['function', 'bundle (SDK external)', 'with SDK', 'cold import ms', 'with SDK ms', 'ratio'],
      rows: r.bundles.bundles.map((b) => [
        b.name,
        kb(b.bytes),
        kb(b.bytesWithSdk),
        b.coldImportMs,
        b.coldImportWithSdkMs,
        b.importRatio,
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
