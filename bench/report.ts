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

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function markdownResults(r: BenchResults): string {
  const parts: string[] = [
    `Run of ${r.startedAt.slice(0, 16)}Z (${r.mode}), Node ${r.machine.node}, ${r.machine.cores} cores, load average ${r.machine.loadAverageAtStart[0]} at start and ${r.machine.loadAverageAtEnd[0]} at end.`,
  ];
  if (r.domain) {
    const d = r.domain;
    parts.push(
      '**Domain** (in process)',
      md(
        ['figure', 'per second', 'p50 ms', 'p99 ms', 'bytes p50 / p99', 'floor p50 ms', 'ratio'],
        [
          [
            'assessRequest',
            d.assessment.measured.perSecond,
            d.assessment.measured.p50Ms,
            d.assessment.measured.p99Ms,
            '',
            d.assessment.floor.p50Ms,
            d.assessment.costRatio,
          ],
          [
            'packet PDF',
            d.packetPdf.perSecond,
            d.packetPdf.p50Ms,
            d.packetPdf.p99Ms,
            `${d.packetPdf.bytesP50} / ${d.packetPdf.bytesP99}`,
            d.pdfFloor.p50Ms,
            d.packetPdf.costRatio,
          ],
          [
            'appeal PDF',
            d.appealPdf.perSecond,
            d.appealPdf.p50Ms,
            d.appealPdf.p99Ms,
            `${d.appealPdf.bytesP50} / ${d.appealPdf.bytesP99}`,
            d.pdfFloor.p50Ms,
            d.appealPdf.costRatio,
          ],
        ],
      ),
    );
  }
  if (r.e2e?.length) {
    parts.push(
      '**End to end** (local stack, manual payer, 30 % denials)',
      md(
        ['N', 'wall s', 'cases/s', 'ms/case', 'writes/case', 'floor ms/case', 'ratio'],
        r.e2e.map((p) => [
          p.n,
          (p.wallMs / 1000).toFixed(1),
          p.casesPerSecond,
          p.costPerCaseMs,
          p.writes.perCase,
          p.floor.costPerCaseMs,
          p.costRatio,
        ]),
      ),
      '![cost per case](../bench/chart.svg)',
    );
  }
  if (r.webhooks) {
    const w = r.webhooks;
    parts.push(
      `**Webhooks** (${w.requests} deliveries incl. ${w.redeliveries} redeliveries, shuffled, target ${w.targetRate} req/s, concurrency ${w.concurrency}; exactly once: ${w.exactlyOnce.ok ? 'yes' : 'NO'})`,
      md(
        ['figure', 'req/s', 'p50 ms', 'p99 ms'],
        [
          ['webhook', w.requestsPerSecond, w.p50Ms, w.p99Ms],
          ['floor (the same transaction, direct)', w.floor.requestsPerSecond, w.floor.p50Ms, w.floor.p99Ms],
          ['ratio', '', w.p50Ratio, w.p99Ratio],
        ],
      ),
    );
  }
  if (r.bundles) {
    parts.push(
      `**Lambda bundles** (empty-module import: ${r.bundles.emptyImportMs} ms)`,
      md(
        ['function', 'bundle (SDK external)', 'with SDK', 'cold import ms', 'with SDK ms', 'ratio'],
        r.bundles.bundles.map((b) => [
          b.name,
          kb(b.bytes),
          kb(b.bytesWithSdk),
          b.coldImportMs,
          b.coldImportWithSdkMs,
          b.importRatio,
        ]),
      ),
    );
  }
  if (r.synth) {
    parts.push(
      `**cdk synth --quiet**: ${(r.synth.synthMs / 1000).toFixed(1)} s; floor \`cdk --version\` ${(r.synth.floorMs / 1000).toFixed(1)} s; ratio ${r.synth.ratio}`,
    );
  }
  parts.push(
    '**Targets**',
    md(
      ['what', 'target', 'measured', 'met'],
      r.targets.map((t) => [t.what, t.target, t.measured, t.met ? 'yes' : '**no**']),
    ),
  );
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
