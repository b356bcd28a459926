import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/** Pure tests, no network: also the only project that the mutation testing runs (vitest.unit.config.ts). */
export const unitProject = {
  test: {
    name: 'unit',
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
  },
} satisfies TestProjectInlineConfiguration;

export default defineConfig({
  test: {
    // Measured when run with --coverage (npm test, npm run test:coverage): V8's own counters, no
    // instrumentation. Only this process and its workers are measured: the local stack that the
    // integration project starts as a child process is not, so the figures for lambdas/** are those
    // of the in-process tests (the unit project, and the integration tests that import modules).
    coverage: {
      provider: 'v8',
      include: ['lambdas/**/*.ts', 'lib/**/*.ts', 'bin/**/*.ts'],
      exclude: ['**/*.d.ts'],
      reporter: ['json-summary', 'html'],
      reportsDirectory: 'coverage',
      reportOnFailure: false,
      thresholds: {
        'lambdas/core/**': { lines: 95 },
      },
    },
    projects: [
      unitProject,
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'resilience',
          include: ['test/resilience/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 150_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
