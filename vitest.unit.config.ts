/**
 * The unit tests of the core, for StrykerJS (stryker.config.mjs): its vitest runner takes a config
 * file and runs every project in it (the integration project would start a local stack per
 * sandbox). The infrastructure and local-runtime tests are left out: they test lib/ (CDK synth, the
 * local Step Functions engine, the HTTP server), take most of the unit project's time and kill no
 * core mutant that the core's own tests do not.
 */
import { defineConfig } from 'vitest/config';
import { unitProject } from './vitest.config.ts';

export default defineConfig({
  test: {
    ...unitProject.test,
    exclude: ['test/unit/infra/**', 'test/unit/local-*.test.ts', '**/node_modules/**'],
  },
});
