/**
 * Cold imports of two builds of every function, alternated at the same load:
 * `node --import tsx bench/bundle-compare.ts <other checkout> [runs]` builds this checkout's bundles
 * and the other's (a `git worktree` of an earlier commit), each with its own lib/bundles.ts, then
 * imports them in turn, `runs` rounds (default 5), and prints the median CPU and wall ms of each.
 */
import { statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { coldImport } from './bundles.ts';
import { median } from './stats.ts';

type Build = typeof import('../lib/bundles.ts');
type Functions = typeof import('../lib/stateless/functions.ts');

async function buildIn(root: string, outDir: string): Promise<string[]> {
  const bundles = (await import(pathToFileURL(join(root, 'lib/bundles.ts')).href)) as Build;
  const fns = (await import(pathToFileURL(join(root, 'lib/stateless/functions.ts')).href)) as Functions;
  const functions = { ...fns.ENTRY_FUNCTIONS, ...fns.STEP_FUNCTIONS };
  await bundles.buildBundles(outDir, functions);
  return Object.keys(functions);
}

const [other, runsArg] = process.argv.slice(2);
if (!other) throw new Error('usage: bench/bundle-compare.ts <other checkout> [runs]');
const runs = Number(runsArg ?? 5);
const here = resolve(import.meta.dirname, '..');
const outHere = join(here, 'bench', '.out', 'compare-after');
const outOther = join(here, 'bench', '.out', 'compare-before');
// The functions both builds have (a function added since is measured by the bench itself).
const otherNames = new Set(await buildIn(resolve(other), outOther));
const names = (await buildIn(here, outHere)).filter((name) => otherNames.has(name));
const load = loadavg()[0]!;
const samples = new Map<
  string,
  { before: number[]; after: number[]; beforeWall: number[]; afterWall: number[] }
>();
for (let round = 0; round < runs; round++) {
  for (const name of names) {
    const s = samples.get(name) ?? { before: [], after: [], beforeWall: [], afterWall: [] };
    samples.set(name, s);
    const b = await coldImport(join(outOther, name, 'index.mjs'), 1);
    const a = await coldImport(join(outHere, name, 'index.mjs'), 1);
    s.before.push(b.cpuMs);
    s.after.push(a.cpuMs);
    s.beforeWall.push(b.wallMs);
    s.afterWall.push(a.wallMs);
  }
}
const kb = (dir: string, name: string) => (statSync(join(dir, name, 'index.mjs')).size / 1024).toFixed(1);
console.log(
  `| function | before KB | after KB | before cpu ms | after cpu ms | before wall ms | after wall ms |\n| --- | --- | --- | --- | --- | --- | --- |`,
);
for (const [name, s] of samples) {
  const f = (v: number[]) => median(v).toFixed(1);
  console.log(
    `| ${name} | ${kb(outOther, name)} | ${kb(outHere, name)} | ${f(s.before)} | ${f(s.after)} | ${f(s.beforeWall)} | ${f(s.afterWall)} |`,
  );
}
console.log(
  `\n${runs} rounds, alternated; load average ${load.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end, ${cpus().length} cores`,
);
