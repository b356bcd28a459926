/**
 * Each Lambda's bundle, built with esbuild as the CDK stack's NodejsFunction builds it
 * (lib/stateless-stack.ts: ESM, minify, sourcemap, target node24, main fields module,main, the
 * createRequire banner, the repo tsconfig, @aws-sdk/* external since the Lambda runtime provides
 * it, templates/ beside the document-rendering bundles), and once more with the SDK bundled.
 * Cold import: `import()` of the bundle in a fresh `node` process, timed inside it, median of
 * several runs; the floor is the same `import()` of an empty ES module. `cdk synth --quiet` is
 * timed against the floor `cdk --version` (the CLI's own start).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { FUNCTION_ENTRIES } from '../lib/routes.ts';
import { TASKS } from '../lib/workflow-contract.ts';
import { median, ratio, round } from './stats.ts';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Inside the repo, so an SDK-external bundle resolves @aws-sdk/* from node_modules as Lambda's runtime would. */
const OUT_DIR = join(REPO_ROOT, 'bench', '.out');
const ESM_REQUIRE_SHIM =
  "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);";
/** The functions that render documents get templates/ in their bundle (rendersDocuments). */
const RENDERS_DOCUMENTS = new Set(['AssemblePacket', 'ComposeRemedy']);

export const BUNDLE_LIMIT_BYTES = 1024 * 1024;
export const COLD_IMPORT_TARGET_MS = 150;

export interface BundleFigures {
  name: string;
  entry: string;
  bytes: number;
  sourceMapBytes: number;
  bytesWithSdk: number;
  coldImportMs: number;
  coldImportWithSdkMs: number;
  /** coldImportMs / the empty module's import. */
  importRatio: number;
  underSizeLimit: boolean;
  underImportTarget: boolean;
}

async function bundle(name: string, entry: string, sdk: 'external' | 'bundled'): Promise<string> {
  const dir = join(OUT_DIR, sdk, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'index.mjs');
  await build({
    entryPoints: [join(REPO_ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    banner: { js: ESM_REQUIRE_SHIM },
    external: sdk === 'external' ? ['@aws-sdk/*'] : [],
    tsconfig: join(REPO_ROOT, 'tsconfig.json'),
    logLevel: 'silent',
  });
  if (RENDERS_DOCUMENTS.has(name))
    cpSync(join(REPO_ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
  return outfile;
}

const IMPORT_TIMER =
  'const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));';
/** Handlers read their configuration when called, but give them what the Lambda would have. */
const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'bench',
  BUCKET_NAME: 'bench',
  SUBMIT_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:SubmitPriorAuth',
  EVENT_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:HandlePayerEvent',
};

async function coldImportMs(file: string, runs: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', IMPORT_TIMER, file], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV },
    });
    samples.push(Number(stdout));
  }
  return median(samples);
}

export async function benchBundles(options: { runs: number }): Promise<{
  bundles: BundleFigures[];
  emptyImportMs: number;
}> {
  mkdirSync(OUT_DIR, { recursive: true });
  const empty = join(OUT_DIR, 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  const emptyImportMs = await coldImportMs(empty, options.runs);
  const entries = [...Object.entries(FUNCTION_ENTRIES), ...Object.entries(TASKS)];
  const bundles: BundleFigures[] = [];
  for (const [name, entry] of entries) {
    const external = await bundle(name, entry, 'external');
    const bundled = await bundle(name, entry, 'bundled');
    const coldMs = await coldImportMs(external, options.runs);
    const coldWithSdk = await coldImportMs(bundled, options.runs);
    const bytes = statSync(external).size;
    bundles.push({
      name,
      entry,
      bytes,
      sourceMapBytes: statSync(`${external}.map`).size,
      bytesWithSdk: statSync(bundled).size,
      coldImportMs: round(coldMs, 1),
      coldImportWithSdkMs: round(coldWithSdk, 1),
      importRatio: ratio(coldMs, emptyImportMs),
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
