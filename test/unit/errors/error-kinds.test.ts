/**
 * Each error of core/errors.ts by what the API and the state machine read of it: its literal name
 * (Step Functions match on it), status, type, whether its message is shown, and the cause it keeps;
 * and the form of a new upload id (core/ids.ts).
 */
import { describe, expect, it } from 'vitest';
import { AppError, ConflictError, NotFoundError, ValidationError } from '#core/errors.ts';
import { newUploadId } from '#core/ids.ts';

const cause = new Error('underlying');

describe('the errors of the core', () => {
  it.each([
    ['AppError', new AppError('m', { statusCode: 502, type: 'upstream', cause }), 502, 'upstream', false],
    [
      'ValidationError',
      new ValidationError('m', [{ path: 'x', message: 'y' }], { cause }),
      400,
      'validation',
      true,
    ],
    ['ConflictError', new ConflictError('m', { cause }), 409, 'conflict', true],
    ['NotFoundError', new NotFoundError('m', { cause }), 404, 'not-found', true],
  ] as const)('%s: its name, status, type, exposure and cause', (name, error, statusCode, type, expose) => {
    expect(error).toMatchObject({ name, statusCode, type, expose, message: 'm' });
    expect(error.cause).toBe(cause);
  });

  it('takes another status where the caller gives one', () => {
    expect(new ValidationError('m', [], { statusCode: 422 }).statusCode).toBe(422);
    expect(new ConflictError('m', { statusCode: 412 }).statusCode).toBe(412);
  });
});

describe('newUploadId', () => {
  it('is up_ and a lower-case ULID, a new one each time', () => {
    const [a, b] = [newUploadId(), newUploadId()];
    expect(a).toMatch(/^up_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(b).not.toBe(a);
  });
});
