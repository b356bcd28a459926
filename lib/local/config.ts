/**
 * The local stack's configuration from the environment (API.md, plus PA_SWEEP_INTERVAL_MS and,
 * for fault tests only, PA_RETRY_INTERVAL_MS: every state-machine Retry waits that many ms
 * instead of its real backoff, so a test sees every retry of a failing payer in seconds).
 * PA_REDRIVE_AFTER_MS is read by the sweep handler itself (lambdas/handlers/sweep.ts).
 */
import type { HandlerSource, LocalStackOptions } from './stack.ts';

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

function text(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

/** PA_HANDLERS: `source` (the default, when unset) or `bundled` (the bundles the CDK app deploys). */
function handlerSource(env: NodeJS.ProcessEnv): HandlerSource | undefined {
  const raw = text(env, 'PA_HANDLERS');
  if (raw === undefined || raw === 'source' || raw === 'bundled') return raw;
  throw new Error(`PA_HANDLERS must be source or bundled, got '${raw}'`);
}

/** PA_IAM_CHECK: `1` (the stack's default, when unset) or `0` (no check of the functions' AWS calls). */
function iamCheck(env: NodeJS.ProcessEnv): boolean | undefined {
  const raw = text(env, 'PA_IAM_CHECK');
  if (raw === undefined) return undefined;
  if (raw === '1' || raw === '0') return raw === '1';
  throw new Error(`PA_IAM_CHECK must be 1 or 0, got '${raw}'`);
}

export function localStackOptionsFromEnv(env: NodeJS.ProcessEnv): Omit<LocalStackOptions, 'log'> {
  const clock = text(env, 'PA_CLOCK');
  if (clock !== undefined && Number.isNaN(Date.parse(clock))) {
    throw new Error(`PA_CLOCK must be an ISO timestamp, got '${clock}'`);
  }
  return {
    port: integer(env, 'PA_PORT', 3000, 0, 65_535),
    dataDir: text(env, 'PA_DATA_DIR') ?? '.local',
    apiToken: text(env, 'PA_API_TOKEN'),
    payersFile: text(env, 'PA_PAYERS_FILE'),
    clock,
    sweepIntervalMs: integer(env, 'PA_SWEEP_INTERVAL_MS', 60_000, 100, 86_400_000),
    handlerSource: handlerSource(env),
    iamCheck: iamCheck(env),
    ...(text(env, 'PA_RETRY_INTERVAL_MS') === undefined
      ? {}
      : { retryIntervalOverrideMs: integer(env, 'PA_RETRY_INTERVAL_MS', 0, 0, 600_000) }),
  };
}
