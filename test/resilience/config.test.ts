/**
 * PA_RETRY_INTERVAL_MS, the knob the fault tests use to see every state-machine retry in seconds:
 * absent means the real backoff; a value replaces every Retry interval; a bad value is refused.
 */
import { describe, expect, it } from 'vitest';
import { localStackOptionsFromEnv } from '#infra/local/config.ts';

describe('PA_RETRY_INTERVAL_MS', () => {
  it.each([
    { env: {}, expected: undefined },
    { env: { PA_RETRY_INTERVAL_MS: '' }, expected: undefined },
    { env: { PA_RETRY_INTERVAL_MS: '0' }, expected: 0 },
    { env: { PA_RETRY_INTERVAL_MS: '100' }, expected: 100 },
  ])('$env gives retryIntervalOverrideMs $expected', ({ env, expected }) => {
    // Act
    const options = localStackOptionsFromEnv(env);

    // Assess
    expect(options.retryIntervalOverrideMs).toBe(expected);
  });

  it.each(['-1', 'fast', '1.5', '600001'])('refuses %s naming the variable', (value) => {
    // Act
    const read = () => localStackOptionsFromEnv({ PA_RETRY_INTERVAL_MS: value });

    // Assess
    expect(read).toThrow(/PA_RETRY_INTERVAL_MS/);
  });
});
