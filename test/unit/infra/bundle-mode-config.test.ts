/**
 * PA_HANDLERS chooses what the local stack runs: the TypeScript handlers, or the bundles the CDK
 * app deploys (lib/bundles.ts).
 */
import { describe, expect, it } from 'vitest';
import { localStackOptionsFromEnv } from '#infra/local/config.ts';

describe('PA_HANDLERS', () => {
  it.each([
    [undefined, undefined],
    ['source', 'source'],
    ['bundled', 'bundled'],
    [' bundled ', 'bundled'],
  ])('reads %j as %j (unset: the sources)', (value, expected) => {
    // Act
    const options = localStackOptionsFromEnv(value === undefined ? {} : { PA_HANDLERS: value });
    // Assess
    expect(options.handlerSource).toBe(expected);
  });

  it('refuses any other value, naming the variable', () => {
    // Act
    const read = () => localStackOptionsFromEnv({ PA_HANDLERS: 'dist' });
    // Assess
    expect(read).toThrow("PA_HANDLERS must be source or bundled, got 'dist'");
  });
});
