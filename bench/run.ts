/**
 * `npm run bench` (`node --import tsx bench/run.ts`): measured speed, every figure next to a
 * floor measured in the same run, since the machine is shared and noisy. Prints a table, writes
 * bench/results.json and bench/chart.svg. No figure is asserted: targets are reported as met or
 * missed. `-- --quick`: N = 20 only and short loops (a smoke run); `-- --only=domain,e2e,webhooks,
 * bundles,synth` runs some sections.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import {
  BUNDLE_LIMIT_BYTES,
  type BundleFigures,
  benchBundles,
  benchSynth,
  COLD_IMPORT_TARGET_MS,
} from './bundles.ts';
import { costChartSvg } from './chart.ts';
import { benchDomain, type DomainFigures } from './domain.ts';
import { benchEndToEnd, type E2eFigures } from './e2e.ts';
import { type BenchResults, figureTables, kb, updateBenchDoc } from './report.ts';
import { round } from './stats.ts';
import { benchWebhooks, type WebhookFigures } from './webhooks.ts';

const SECTIONS = ['domain', 'e2e', 'webhooks', 'bundles', 'synth'] as const;
type Section = (typeof SECTIONS)[number];

interface Target {
  section: Section;
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

function parseArgs(argv: string[]): { quick: boolean; only: Set<Section>; sizes: number[] } {
  const quick = argv.includes('--quick');
  const onlyArg = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const only = new Set<Section>(
    onlyArg
      ? (onlyArg.split(',').filter((s) => (SECTIONS as readonly string[]).includes(s)) as Section[])
      : SECTIONS,
  );
  const sizesArg = argv.find((a) => a.startsWith('--n='))?.slice('--n='.length);
  const sizes = sizesArg ? sizesArg.split(',').map(Number) : quick ? [20] : [100, 500, 2000];
  return { quick, only, sizes };
}

const log = (line: string) => process.stdout.write(`${line}\n`);

function table(title: string, header: string[], rows: Array<Array<string | number>>): void {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  // Numbers align right, text left.
  const numeric = header.map((_, i) => rows.every((r) => r[i] === '' || !Number.isNaN(Number(r[i]))));
  log(`\n${title}`);
  cells.forEach((r, i) => {
    log(`  ${r.map((c, j) => (numeric[j] ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join('  ')}`);
    if (i === 0) log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  });
}

function writeChart(points: E2eFigures[], mode: string, startedAt: Date): void {
  writeFileSync(
    new URL('./chart.svg', import.meta.url),
    costChartSvg(points, `${mode} run ${startedAt.toISOString().slice(0, 16)}Z, ${cpus().length} cores`),
  );
}

async function main(): Promise<void> {
  if (process.argv.includes('--report')) {
    const results = JSON.parse(
      readFileSync(new URL('./results.json', import.meta.url), 'utf8'),
    ) as BenchResults;
    log(
      updateBenchDoc(results)
        ? 'wrote docs/bench.md from bench/results.json'
        : 'docs/bench.md has no results markers',
    );
    if (results.e2e?.length) writeChart(results.e2e, results.mode, new Date(results.startedAt));
    return;
  }
  const { quick, only, sizes } = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const loadBefore = loadavg();
  log(
    `bench: ${quick ? 'quick' : 'full'} run; sections ${[...only].join(', ')}; load ${loadBefore.map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`,
  );
  const targets: Target[] = [];
  let domain: DomainFigures | undefined;
  const e2e: E2eFigures[] = [];
  let webhooks: WebhookFigures | undefined;
  let bundles: { bundles: BundleFigures[]; emptyImportMs: number } | undefined;
  let synth: Awaited<ReturnType<typeof benchSynth>> | undefined;

  if (only.has('domain')) {
    log('domain ...');
    domain = await benchDomain({ budgetMs: quick ? 400 : 2_000 });
    targets.push({
      section: 'domain',
      what: 'appeal PDF render p50',
      target: '< 25 ms',
      measured: `${domain.appealPdf.p50Ms} ms (${domain.appealPdf.costRatio}x the floor PDF)`,
      met: domain.appealPdf.p50Ms < 25,
    });
  }
  for (const n of only.has('e2e') ? sizes : []) {
    log(`end to end, N = ${n} ...`);
    const point = await benchEndToEnd(n, log);
    e2e.push(point);
    log(
      `  N=${n}: ${point.costPerCaseMs} ms/case, floor ${point.floor.costPerCaseMs} ms/case, ratio ${point.costRatio}`,
    );
  }
  if (e2e.length > 0) {
    const worst = Math.max(...e2e.map((p) => p.costRatio));
    targets.push({
      section: 'e2e',
      what: 'end-to-end cost per case / floor',
      target: '<= 3x at every N',
      measured: e2e.map((p) => `N=${p.n}: ${p.costRatio}x`).join(', '),
      met: worst <= 3,
    });
    if (e2e.length > 1) {
      const first = e2e[0]!;
      const last = e2e[e2e.length - 1]!;
      const growth = round(last.costRatio / first.costRatio, 2);
      targets.push({
        section: 'e2e',
        what: `cost ratio flat from N=${first.n} to N=${last.n}`,
        target: 'ratio(N max) / ratio(N min) <= 1.25',
        measured: `${growth} (system ms/case ${first.costPerCaseMs} -> ${last.costPerCaseMs}; floor ${first.floor.costPerCaseMs} -> ${last.floor.costPerCaseMs})`,
        met: growth <= 1.25,
      });
    }
  }
  if (only.has('webhooks')) {
    const cases = quick ? 20 : 300;
    log(`webhooks, ${cases} cases ...`);
    webhooks = await benchWebhooks(cases, log);
    targets.push({
      section: 'webhooks',
      what: 'webhook p99 at 200 req/s',
      target: '< 50 ms at >= 190 req/s',
      measured: `${webhooks.p99Ms} ms at ${webhooks.requestsPerSecond} req/s (floor p99 ${webhooks.floor.p99Ms} ms)`,
      met: webhooks.p99Ms < 50 && webhooks.requestsPerSecond >= 190,
    });
    targets.push({
      section: 'webhooks',
      what: 'webhook events applied exactly once',
      target: 'every event once, redeliveries duplicate',
      measured: webhooks.exactlyOnce.ok
        ? `${webhooks.exactlyOnce.webhookIds} events, ${webhooks.duplicatesAnswered} duplicates answered`
        : webhooks.exactlyOnce.problems.join('; '),
      met: webhooks.exactlyOnce.ok,
    });
  }
  if (only.has('bundles')) {
    log('bundles ...');
    bundles = await benchBundles({ runs: quick ? 3 : 5 });
    const largest = Math.max(...bundles.bundles.map((b) => b.bytes));
    const slowest = Math.max(...bundles.bundles.map((b) => b.coldImportMs));
    targets.push({
      section: 'bundles',
      what: 'every bundle (SDK external)',
      target: `< ${kb(BUNDLE_LIMIT_BYTES)}`,
      measured: `largest ${kb(largest)}`,
      met: largest < BUNDLE_LIMIT_BYTES,
    });
    targets.push({
      section: 'bundles',
      what: 'every cold import (SDK external)',
      target: `< ${COLD_IMPORT_TARGET_MS} ms`,
      measured: `slowest ${slowest} ms (empty module ${bundles.emptyImportMs} ms)`,
      met: slowest < COLD_IMPORT_TARGET_MS,
    });
  }
  if (only.has('synth')) {
    log('cdk synth ...');
    synth = await benchSynth();
  }
  const loadAfter = loadavg();

  for (const t of figureTables({ domain, e2e, webhooks, bundles, targets })) table(t.title, t.header, t.rows);
  if (domain) log(`  floors: ${domain.assessment.floor.what}; ${domain.pdfFloor.what}`);
  if (synth)
    log(
      `\ncdk synth --quiet: ${synth.synthMs} ms; floor (cdk --version) ${synth.floorMs} ms; ratio ${synth.ratio}`,
    );
  log(
    `\nload average ${loadBefore[0]!.toFixed(2)} at start, ${loadAfter[0]!.toFixed(2)} at end (${cpus().length} cores)`,
  );

  const resultsFile = new URL('./results.json', import.meta.url);
  const previous = existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>)
    : {};
  const results = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: {
      node: process.version,
      cores: cpus().length,
      loadAverageAtStart: loadBefore.map((l) => round(l, 2)),
      loadAverageAtEnd: loadAfter.map((l) => round(l, 2)),
    },
    sections: [...only],
    targets: [
      ...((previous.targets as Target[] | undefined) ?? []).filter((t) => !only.has(t.section)),
      ...targets,
    ],
    // A partial run (--only) keeps the figures of the sections it did not run.
    domain: domain ?? previous.domain,
    e2e: e2e.length > 0 ? e2e : previous.e2e,
    webhooks: webhooks ?? previous.webhooks,
    bundles: bundles ?? previous.bundles,
    synth: synth ?? previous.synth,
  };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  if (e2e.length > 0) writeChart(e2e, results.mode, startedAt);
  // A quick run is a smoke test: the page keeps the figures of the last full run.
  if (!quick) updateBenchDoc(results as BenchResults);
  log('wrote bench/results.json and bench/chart.svg');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
