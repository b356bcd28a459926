/**
 * vitest globalSetup of the integration/e2e project: ONE local stack process for all of its test
 * files, with the e2e payer registry; the tests get its address, token and data dir by inject().
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startStackProcess } from './local-stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    apiToken: string;
    dataDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const e2ePayers = fileURLToPath(new URL('../fixtures/e2e-payers.json', import.meta.url));
  const env: Record<string, string> = existsSync(e2ePayers) ? { PA_PAYERS_FILE: e2ePayers } : {};
  const stack = await startStackProcess({ env, timeoutMs: 120_000 });
  project.provide('baseUrl', stack.url);
  project.provide('apiToken', stack.token);
  project.provide('dataDir', stack.dataDir);
  return async () => {
    await stack.stop();
    await rm(stack.dataDir, { recursive: true, force: true });
  };
}
