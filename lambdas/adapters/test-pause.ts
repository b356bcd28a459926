/**
 * PA_TEST_PAUSE_AT (tests only, like PA_RETRY_INTERVAL_MS): a comma-separated list of SubmitToPayer
 * crash windows where the step stops for good, so a resilience test can SIGKILL the stack exactly
 * there (test/resilience/submit-windows.test.ts). Unset, every window passes straight through.
 */
import type { CrashWindow, Ports } from '#core/ports.ts';
import { log } from './logger.ts';

const WINDOWS: readonly CrashWindow[] = ['after-payer-post', 'after-submission-record'];

export function pauseFromEnvironment(
  value = process.env.PA_TEST_PAUSE_AT ?? '',
): NonNullable<Ports['pauseAt']> {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !WINDOWS.includes(name as CrashWindow));
  if (unknown.length > 0) {
    throw new Error(`PA_TEST_PAUSE_AT: unknown window ${unknown.join(', ')} (known: ${WINDOWS.join(', ')})`);
  }
  const paused = new Set(names);
  return async (window, caseId) => {
    if (!paused.has(window)) return;
    log.warn('test pause: the step waits here until the process is killed', { window, caseId });
    await new Promise<never>(() => {});
  };
}
