import { expect } from 'vitest';
import { ValidationError } from '#core/errors.ts';

/** Runs `act`, asserts that it throws a ValidationError and returns the paths of the fields it names. */
export function refusedPaths(act: () => unknown): string[] {
  let caught: unknown;
  try {
    act();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ValidationError);
  return (caught as ValidationError).errors.map((e) => e.path);
}
