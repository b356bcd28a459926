/**
 * The unit project alone, for StrykerJS (stryker.config.mjs): its vitest runner takes a config file
 * and runs every project in it, and the integration project would start a local stack per sandbox.
 */
import { defineConfig } from 'vitest/config';
import { unitProject } from './vitest.config.ts';

export default defineConfig(unitProject);
