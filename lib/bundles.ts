/**
 * How every Lambda function is bundled, in one place: the CDK app (lib/stateless/functions.ts)
 * hands these options to NodejsFunction, and `buildBundles` runs esbuild with the very same ones,
 * as NodejsFunction does, so the local stack can run the bundles that deploy (PA_HANDLERS=bundled).
 */
import { cp, mkdir, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** ESM bundles still meet CommonJS dependencies that call require(). */
const ESM_REQUIRE_SHIM =
  "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);";

/** The esbuild options of every function (NodejsFunction's `bundling`, in its own terms). */
export const LAMBDA_BUNDLING = {
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_SHIM,
  minify: true,
  sourceMap: true,
  // Error names are literal (lambdas/core/errors.ts); kept names also keep stack traces readable.
  keepNames: true,
  // The AWS SDK clients are bundled too: the bench (docs/bench.md) imports every bundle faster
  // with them inside (77-330 ms) than with the runtime's unbundled SDK external (300-830 ms).
  externalModules: [] as string[],
  tsconfig: join(REPOSITORY_ROOT, 'tsconfig.json'),
} as const;

/** What a bundle needs besides its code: [from the repository root, to inside the bundle]. */
export type BundleCopies = ReadonlyArray<readonly [from: string, to: string]>;

/** templates/, for the functions that render documents. */
export const TEMPLATE_COPIES: BundleCopies = [['templates', 'templates']];

/** web/ and the two Swagger UI files that web/api.html loads from vendor/swagger-ui/. */
export const WEB_APP_COPIES: BundleCopies = [
  ['web', 'web'],
  ['node_modules/swagger-ui-dist/swagger-ui.css', 'web/vendor/swagger-ui/swagger-ui.css'],
  ['node_modules/swagger-ui-dist/swagger-ui-bundle.js', 'web/vendor/swagger-ui/swagger-ui-bundle.js'],
];

/** The shell commands NodejsFunction's afterBundling hook runs to make `copies`. */
export function copyCommands(copies: BundleCopies, inputDir: string, outputDir: string): string[] {
  return copies.map(
    ([from, to]) =>
      `mkdir -p "$(dirname "${outputDir}/${to}")" && cp -R "${inputDir}/${from}" "${outputDir}/${to}"`,
  );
}

export interface BundledFunction {
  /** The handler module, relative to the repository root. */
  readonly entry: string;
  readonly rendersDocuments?: boolean;
  readonly servesWebApp?: boolean;
}

export function bundleCopies(fn: BundledFunction): BundleCopies {
  return [...(fn.rendersDocuments ? TEMPLATE_COPIES : []), ...(fn.servesWebApp ? WEB_APP_COPIES : [])];
}

/** LAMBDA_BUNDLING as esbuild's own options: the flags NodejsFunction passes to esbuild. */
export const LAMBDA_ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  target: LAMBDA_BUNDLING.target,
  mainFields: [...LAMBDA_BUNDLING.mainFields],
  banner: { js: LAMBDA_BUNDLING.banner },
  minify: LAMBDA_BUNDLING.minify,
  sourcemap: LAMBDA_BUNDLING.sourceMap,
  keepNames: LAMBDA_BUNDLING.keepNames,
  external: [...LAMBDA_BUNDLING.externalModules],
  tsconfig: LAMBDA_BUNDLING.tsconfig,
  logLevel: 'warning',
} satisfies esbuild.BuildOptions;

/** The file NodejsFunction writes for an ESM bundle (its handler is `index.handler`). */
export const BUNDLE_FILE = 'index.mjs';

/**
 * Builds `<outDir>/<name>/index.mjs` (+ source map and copies) for each function, with the options
 * the CDK app uses. `<outDir>/node_modules` links to the repository's, standing in for what the
 * Lambda runtime provides should a module be left external (LAMBDA_BUNDLING.externalModules).
 */
export async function buildBundles(
  outDir: string,
  functions: Record<string, BundledFunction>,
  /** The bench only: other modules left external (the runtime's SDK), to compare. */
  variant: { external?: string[] } = {},
): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  // One esbuild run, one self-contained bundle per entry point (no code splitting), like one
  // NodejsFunction asset each.
  await esbuild.build({
    ...LAMBDA_ESBUILD_OPTIONS,
    ...(variant.external ? { external: variant.external } : {}),
    entryPoints: Object.entries(functions).map(([name, fn]) => ({
      in: join(REPOSITORY_ROOT, fn.entry),
      out: `${name}/index`,
    })),
    outdir: outDir,
  });
  for (const [name, fn] of Object.entries(functions)) {
    for (const [from, to] of bundleCopies(fn)) {
      const target = join(outDir, name, to);
      await mkdir(dirname(target), { recursive: true });
      await cp(join(REPOSITORY_ROOT, from), target, { recursive: true });
    }
  }
  await symlink(join(REPOSITORY_ROOT, 'node_modules'), join(outDir, 'node_modules'), 'dir');
}

/** esbuild's metafile of one function's bundle, built in memory with the Lambda options (tests, bench). */
export async function bundleMetafile(entry: string): Promise<esbuild.Metafile> {
  const result = await esbuild.build({
    ...LAMBDA_ESBUILD_OPTIONS,
    entryPoints: [entry],
    outdir: 'unused',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile;
}

/** The path of one function's bundle inside `outDir`. */
export function bundlePath(outDir: string, name: string): string {
  return join(outDir, name, BUNDLE_FILE);
}
