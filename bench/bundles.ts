/**
 * Each Lambda's bundle as the CDK app deploys it: lib/bundles.ts's buildBundles, the very options
 * NodejsFunction gets (ESM, minify, keepNames, source map, target node24, the createRequire banner,
 * the AWS SDK bundled, templates/ and web/ copied), and once more with @aws-sdk/* left external
 * (the runtime's SDK) to compare. Cold import: `import()` of the bundle in a fresh `node` process,
 * timed inside it, median of several runs; the floor is the same `import()` of an empty ES module.
 * `cdk synth --quiet` is timed against the floor `cdk --version` (the CLI's own start).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildBundles, bundlePath } from '../lib/bundles.ts';
import { ENTRY_FUNCTIONS, STEP_FUNCTIONS } from '../lib/stateless/functions.ts';
import { median, ratio, round } from './stats.ts';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT_DIR = join(REPO_ROOT, 'bench', '.out');

export const BUNDLE_LIMIT_BYTES = 1024 * 1024;
export const COLD_IMPORT_TARGET_MS = 150;
/**
 * The functions that render documents (pdf-lib, Handlebars, marked) or serve the whole API: the
 * cold-import target is for the small ones, every other function.
 */
export const LARGE_FUNCTIONS: ReadonlySet<string> = new Set(['api', 'AssemblePacket', 'ComposeRemedy']);

export interface BundleFigures {
  name: string;
  entry: string;
  /** The deployed bundle (SDK bundled). */
  bytes: number;
  sourceMapBytes: number;
  /** The same with @aws-sdk/* external. */
  bytesSdkExternal: number;
  /** Cold import of the deployed bundle: wall time, and the process's CPU time during it (less load-bound). */
  coldImportMs: number;
  coldImportCpuMs: number;
  coldImportSdkExternalMs: number;
  /** coldImportMs / the empty module's import. */
  importRatio: number;
  small: boolean;
  underSizeLimit: boolean;
  underImportTarget: boolean;
}

/** Prints the wall time and the process's CPU time (user + system, all threads) of the import. */
const IMPORT_TIMER =
  'const c = process.cpuUsage(); const t = performance.now(); await import(process.argv[1]); const w = performance.now() - t; const d = process.cpuUsage(c); process.stdout.write(w + " " + (d.user + d.system) / 1000);';
/** Handlers read their configuration when called, but give them what the Lambda would have. */
const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'bench',
  BUCKET_NAME: 'bench',
  SUBMIT_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:SubmitPriorAuth',
  EVENT_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:HandlePayerEvent',
};

/** Median wall and CPU milliseconds of `import()` of `file` in a fresh node process. */
export async function coldImport(file: string, runs: number): Promise<{ wallMs: number; cpuMs: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', IMPORT_TIMER, file], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV },
    });
    const [w, c] = stdout.trim().split(' ').map(Number);
    wall.push(w!);
    cpu.push(c!);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

/** Builds both variants into bench/.out (inside the repo: an external SDK resolves from node_modules). */
export async function buildBenchBundles(): Promise<{ deployed: string; sdkExternal: string }> {
  const functions = { ...ENTRY_FUNCTIONS, ...STEP_FUNCTIONS };
  const deployed = join(OUT_DIR, 'deployed');
  const sdkExternal = join(OUT_DIR, 'sdk-external');
  await buildBundles(deployed, functions);
  await buildBundles(sdkExternal, functions, { external: ['@aws-sdk/*'] });
  return { deployed, sdkExternal };
}

export async function benchBundles(options: { runs: number }): Promise<{
  bundles: BundleFigures[];
  emptyImportMs: number;
}> {
  mkdirSync(OUT_DIR, { recursive: true });
  const empty = join(OUT_DIR, 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  const emptyImportMs = (await coldImport(empty, options.runs)).wallMs;
  const dirs = await buildBenchBundles();
  const bundles: BundleFigures[] = [];
  for (const [name, fn] of Object.entries({ ...ENTRY_FUNCTIONS, ...STEP_FUNCTIONS })) {
    const deployed = bundlePath(dirs.deployed, name);
    const external = bundlePath(dirs.sdkExternal, name);
    const cold = await coldImport(deployed, options.runs);
    const coldMs = cold.wallMs;
    const coldExternal = (await coldImport(external, options.runs)).wallMs;
    const bytes = statSync(deployed).size;
    const small = !LARGE_FUNCTIONS.has(name);
    bundles.push({
      name,
      entry: fn.entry,
      bytes,
      sourceMapBytes: statSync(`${deployed}.map`).size,
      bytesSdkExternal: statSync(external).size,
      coldImportMs: round(coldMs, 1),
      coldImportCpuMs: round(cold.cpuMs, 1),
      coldImportSdkExternalMs: round(coldExternal, 1),
      importRatio: ratio(coldMs, emptyImportMs),
      small,
      underSizeLimit: bytes < BUNDLE_LIMIT_BYTES,
      underImportTarget: coldMs < COLD_IMPORT_TARGET_MS,
    });
  }
  return { bundles, emptyImportMs: round(emptyImportMs, 2) };
}

export async function benchSynth(): Promise<{ synthMs: number; floorMs: number; ratio: number }> {
  const output = join(OUT_DIR, 'cdk.out');
  const cdk = join(REPO_ROOT, 'node_modules', '.bin', 'cdk');
  const timed = async (args: string[]) => {
    const t = performance.now();
    await run(cdk, args, { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
    return performance.now() - t;
  };
  const floorMs = await timed(['--version']);
  // Its own output dir, so a bench never overwrites the cdk.out someone else is reading.
  const synthMs = await timed(['synth', '--quiet', '--output', output]);
  return { synthMs: Math.round(synthMs), floorMs: Math.round(floorMs), ratio: ratio(synthMs, floorMs) };
}
