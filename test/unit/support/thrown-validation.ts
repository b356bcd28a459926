import { ValidationError } from '#core/errors.ts';

/** Runs `act` and gives the ValidationError it throws (its message and fields); fails on anything else. */
export function thrownValidation(act: () => unknown): ValidationError {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}
