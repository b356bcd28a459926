/**
 * The identity an error carries to Step Functions' Retry/Catch and to the problem+json mapping:
 * its literal name, its problem type and its cause, for the classes that set them themselves (core/errors.ts). Each
 * error is made inside its test, so that the test itself runs the constructor.
 */
import { describe, expect, it } from 'vitest';
import { AppError, ConflictError, ValidationError } from '#core/errors.ts';

describe('errors made in the test body', () => {
  it('names a bare AppError and keeps its cause', () => {
    const cause = new Error('below');
    const error = new AppError('failed', { statusCode: 503, type: 'unavailable', cause });
    expect(error.name).toBe('AppError');
    expect(error.cause).toBe(cause);
  });

  it('names a ValidationError and keeps its cause', () => {
    const cause = new Error('zod');
    const error = new ValidationError('invalid', [], { cause });
    expect(error.name).toBe('ValidationError');
    expect(error.type).toBe('validation');
    expect(error.cause).toBe(cause);
  });

  it('names a ConflictError and keeps its cause', () => {
    const cause = new Error('condition failed');
    const error = new ConflictError('moved on', { cause });
    expect(error.name).toBe('ConflictError');
    expect(error.type).toBe('conflict');
    expect(error.cause).toBe(cause);
  });
});
