import { ValidationError } from '#core/errors.ts';

/** Runs `act` and gives the error of `type` it throws; fails on anything else or on nothing thrown. */
export function thrownOf<E extends Error>(type: abstract new (...args: never[]) => E, act: () => unknown): E {
  try {
    act();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}, nothing was thrown`);
}

/** Runs `act` and gives the ValidationError it throws (its message and fields); fails on anything else. */
export const thrownValidation = (act: () => unknown): ValidationError => thrownOf(ValidationError, act);
