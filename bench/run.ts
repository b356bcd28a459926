/**
 * `npm run bench` (`node --import tsx bench/run.ts`): measured speed, every figure next to a
 * floor measured in the same run, since the machine is shared and noisy. Prints a table, writes
 * bench/results.json and bench/chart.svg. No figure is asserted: targets are reported as met or
 * missed. `-- --quick`: N = 20 only and short loops (a smoke run); `-- --only=domain,e2e,webhooks,
 * bundles,synth` runs some sections; `-- --handlers=source|bundled|source,bundled` (default both):
 * the end-to-end and webhook sections run on a stack of the TypeScript sources, of the bundles
 * the CDK app deploys (PA_HANDLERS=bundled), or each in turn, printed side by side with the ratio
 * of each to the floor of its own run (bench/.out/side-by-side.md keeps that table);
 * `-- --webhook-cases=100`: cases of the webhook section (default 300, quick 20).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { HandlerSource } from '../lib/local/stack.ts';
import {
  BUNDLE_LIMIT_BYTES,
  type BundleFigures,
  benchBundles,
  benchSynth,
  COLD_IMPORT_TARGET_MS,
  LARGE_FUNCTIONS,
} from './bundles.ts';
import { costChartSvg } from './chart.ts';
import { benchDomain, type DomainFigures } from './domain.ts';
import { benchEndToEnd, type E2eFigures } from './e2e.ts';
import { type BenchResults, figureTables, kb, md, updateBenchDoc } from './report.ts';
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

const HANDLER_SOURCES: readonly HandlerSource[] = ['source', 'bundled'];

function parseArgs(argv: string[]): {
  quick: boolean;
  only: Set<Section>;
  sizes: number[];
  handlers: HandlerSource[];
  webhookCases: number | undefined;
} {
  const quick = argv.includes('--quick');
  const onlyArg = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const only = new Set<Section>(
    onlyArg
      ? (onlyArg.split(',').filter((s) => (SECTIONS as readonly string[]).includes(s)) as Section[])
      : SECTIONS,
  );
  const sizesArg = argv.find((a) => a.startsWith('--n='))?.slice('--n='.length);
  const sizes = sizesArg ? sizesArg.split(',').map(Number) : quick ? [20] : [100, 500, 2000];
  // The stack runs the TypeScript sources, the deployed bundles (PA_HANDLERS=bundled), or both.
  const handlersArg = argv.find((a) => a.startsWith('--handlers='))?.slice('--handlers='.length);
  const handlers = handlersArg
    ? HANDLER_SOURCES.filter((h) => handlersArg.split(',').includes(h))
    : [...HANDLER_SOURCES];
  const casesArg = argv.find((a) => a.startsWith('--webhook-cases='))?.slice('--webhook-cases='.length);
  const webhookCases = casesArg ? Number(casesArg) : undefined;
  return { quick, only, sizes, handlers, webhookCases };
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

/** The chart shows the source run's points (the bundled run's when there is no source run). */
function chartPoints(points: E2eFigures[]): E2eFigures[] {
  const source = points.filter((p) => (p.handlers ?? 'source') === 'source');
  return source.length > 0 ? source : points;
}

function e2eTargets(points: E2eFigures[], source: HandlerSource): Target[] {
  if (points.length === 0) return [];
  const out: Target[] = [];
  const worst = Math.max(...points.map((p) => p.costRatio));
  out.push({
    section: 'e2e',
    what: `end-to-end cost per case / floor (${source})`,
    target: '<= 3x at every N',
    measured: points.map((p) => `N=${p.n}: ${p.costRatio}x`).join(', '),
    met: worst <= 3,
  });
  if (points.length > 1) {
    const first = points[0]!;
    const last = points[points.length - 1]!;
    const growth = round(last.costRatio / first.costRatio, 2);
    out.push({
      section: 'e2e',
      what: `cost ratio flat from N=${first.n} to N=${last.n} (${source})`,
      target: 'ratio(N max) / ratio(N min) <= 1.25',
      measured: `${growth} (system ms/case ${first.costPerCaseMs} -> ${last.costPerCaseMs}; floor ${first.floor.costPerCaseMs} -> ${last.floor.costPerCaseMs})`,
      met: growth <= 1.25,
    });
  }
  return out;
}

/** Issue 15: the webhook path within 1.5x its floor, in the source and in the bundled run. */
export const WEBHOOK_FLOOR_RATIO_TARGET = 1.5;

function webhookTargets(w: WebhookFigures): Target[] {
  return [
    {
      section: 'webhooks',
      what: `webhook p50 and p99 / floor (${w.handlers})`,
      target: `<= ${WEBHOOK_FLOOR_RATIO_TARGET}x`,
      measured: `p50 ${w.p50Ratio}x, p99 ${w.p99Ratio}x (${w.p50Ms} / ${w.p99Ms} ms; floor ${w.floor.p50Ms} / ${w.floor.p99Ms} ms)`,
      met: w.p50Ratio <= WEBHOOK_FLOOR_RATIO_TARGET && w.p99Ratio <= WEBHOOK_FLOOR_RATIO_TARGET,
    },
    {
      section: 'webhooks',
      what: `webhook p99 at 200 req/s (${w.handlers})`,
      target: '< 50 ms at >= 190 req/s',
      measured: `${w.p99Ms} ms at ${w.requestsPerSecond} req/s (floor ${w.floor.p99Ms} ms at ${w.floor.requestsPerSecond} req/s)`,
      met: w.p99Ms < 50 && w.requestsPerSecond >= 190,
    },
    {
      section: 'webhooks',
      what: `webhook events applied exactly once (${w.handlers})`,
      target: 'every event once, redeliveries duplicate',
      measured: w.exactlyOnce.ok
        ? `${w.exactlyOnce.webhookIds} events, ${w.duplicatesAnswered} duplicates answered`
        : w.exactlyOnce.problems.join('; '),
      met: w.exactlyOnce.ok,
    },
  ];
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
    if (results.e2e?.length) writeChart(chartPoints(results.e2e), results.mode, new Date(results.startedAt));
    return;
  }
  const { quick, only, sizes, handlers, webhookCases } = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const loadBefore = loadavg();
  log(
    `bench: ${quick ? 'quick' : 'full'} run; sections ${[...only].join(', ')}; handlers ${handlers.join(' and ')}; load ${loadBefore.map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`,
  );
  const targets: Target[] = [];
  let domain: DomainFigures | undefined;
  const e2e: E2eFigures[] = [];
  const webhooks: WebhookFigures[] = [];
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
  for (const source of only.has('e2e') ? handlers : []) {
    const points: E2eFigures[] = [];
    for (const n of sizes) {
      log(`end to end (${source}), N = ${n} ...`);
      const point = await benchEndToEnd(n, log, source);
      points.push(point);
      log(
        `  N=${n}: ${point.costPerCaseMs} ms/case, floor ${point.floor.costPerCaseMs} ms/case, ratio ${point.costRatio}`,
      );
    }
    e2e.push(...points);
    targets.push(...e2eTargets(points, source));
  }
  for (const source of only.has('webhooks') ? handlers : []) {
    const cases = webhookCases ?? (quick ? 20 : 300);
    log(`webhooks (${source}), ${cases} cases ...`);
    const figures = await benchWebhooks(cases, log, source);
    webhooks.push(figures);
    targets.push(...webhookTargets(figures));
  }
  if (only.has('bundles')) {
    log('bundles ...');
    bundles = await benchBundles({ runs: quick ? 3 : 5 });
    const largest = Math.max(...bundles.bundles.map((b) => b.bytes));
    const small = bundles.bundles.filter((b) => b.small);
    const slowest = small.reduce((a, b) => (b.coldImportMs > a.coldImportMs ? b : a), small[0]!);
    targets.push({
      section: 'bundles',
      what: 'every bundle as deployed (SDK bundled)',
      target: `< ${kb(BUNDLE_LIMIT_BYTES)}`,
      measured: `largest ${kb(largest)}`,
      met: largest < BUNDLE_LIMIT_BYTES,
    });
    targets.push({
      section: 'bundles',
      what: `cold import of the small functions (all but ${[...LARGE_FUNCTIONS].join(', ')})`,
      target: `< ${COLD_IMPORT_TARGET_MS} ms`,
      measured: `slowest ${slowest.name} ${slowest.coldImportMs} ms, cpu ${slowest.coldImportCpuMs} ms (empty module ${bundles.emptyImportMs} ms)`,
      met: slowest.coldImportMs < COLD_IMPORT_TARGET_MS,
    });
    const slower = bundles.bundles.filter((b) => b.coldImportSdkExternalMs < b.coldImportMs);
    targets.push({
      section: 'bundles',
      what: 'SDK bundled imports faster than the SDK external',
      target: 'every function',
      measured:
        slower.length === 0 ? 'every function' : `slower bundled: ${slower.map((b) => b.name).join(', ')}`,
      met: slower.length === 0,
    });
  }
  if (only.has('synth')) {
    log('cdk synth ...');
    synth = await benchSynth();
  }
  if (only.size === SECTIONS.length) log(await (await import('./remittances.ts')).remittanceSection(quick));
  // The audit trail's (and authentication's) cost per case, on against off (bench/audit.ts).
  if (only.size === SECTIONS.length) log(await (await import('./audit.ts')).auditSection(quick));
  const loadAfter = loadavg();

  const tables = figureTables({ domain, e2e, webhooks, bundles, targets });
  for (const t of tables) table(t.title, t.header, t.rows);
  const sideBySide = tables.find((t) => t.section === 'sideBySide');
  if (sideBySide) {
    const note = `${sideBySide.title}; ${quick ? 'quick' : 'full'} run of ${startedAt.toISOString().slice(0, 16)}Z, load average ${loadBefore[0]!.toFixed(2)} to ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores.`;
    mkdirSync(new URL('./.out/', import.meta.url), { recursive: true });
    writeFileSync(
      new URL('./.out/side-by-side.md', import.meta.url),
      `${note}\n\n${md(sideBySide.header, sideBySide.rows)}\n`,
    );
    log('wrote bench/.out/side-by-side.md');
  }
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
    webhooks: webhooks.length > 0 ? webhooks : previous.webhooks,
    bundles: bundles ?? previous.bundles,
    synth: synth ?? previous.synth,
  };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  if (e2e.length > 0) writeChart(chartPoints(e2e), results.mode, startedAt);
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
