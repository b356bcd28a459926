/**
 * The unit tests that exercise lambdas/core, for StrykerJS (stryker.config.mjs, npm run test:mutation).
 * Its vitest runner runs every project of the config it is given, so this one has only the unit tests,
 * less those of lib/ (CDK synth, the local Step Functions engine and HTTP server: test/unit/infra,
 * test/unit/local-*), which run no core code that the core's own tests do not, and less
 * test/unit/openapi.test.ts, which compares the OpenAPI document built from #schemas with the
 * committed docs/openapi.json (no core decision; a stale committed file would stop every chunk), and
 * less the tests that render and parse PDFs (pdf-render, pdf-precheck, letters-as-reviewed: the
 * adapter's renderer; seconds per run, and every mutant of the letters' core re-ran them).
 * - pool threads: a worker thread starts faster than a forked process, and Stryker runs one test run
 *   per mutant.
 * - isolate false: the test files of a run share the worker's module cache, so the core and its
 *   reference data (validated by zod at import) load once per worker, not once per test file per
 *   mutant. Stryker switches mutants at run time (mutant schemata), so a cached module still runs the
 *   active mutant; static mutants (evaluated at import) are ignored (ignoreStatic).
 */
import { defineConfig } from 'vitest/config';
import { unitProject } from './vitest.config.ts';

export default defineConfig({
  test: {
    ...unitProject.test,
    exclude: [
      'test/unit/infra/**',
      'test/unit/local-*.test.ts',
      'test/unit/openapi.test.ts',
      'test/unit/pdf-render.test.ts',
      'test/unit/pdf-precheck.test.ts',
      'test/unit/letters-as-reviewed.test.ts',
      '**/node_modules/**',
    ],
    pool: 'threads',
    // At nice 15 on a loaded machine a test can take far longer than vitest's 5 s default; a mutant
    // that hangs is stopped by Stryker's own timeout (stryker.config.mjs) first.
    testTimeout: 60_000,
    isolate: false,
  },
});
