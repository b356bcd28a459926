import { describe, expect, it } from 'vitest';
import {
  AppError,
  ConflictError,
  NotFoundError,
  PayerRejectedError,
  PayerUnavailableError,
  SignatureError,
  TemplateError,
  ThrottledError,
  TransitionError,
  UnauthorizedError,
  ValidationError,
} from '#core/errors.ts';

const cause = new Error('the underlying failure');

describe('the error hierarchy', () => {
  it.each([
    ['ValidationError', new ValidationError('bad body', [], { cause }), 400, 'validation'],
    ['NotFoundError', new NotFoundError('no case pa_1', { cause }), 404, 'not-found'],
    ['ConflictError', new ConflictError('version moved', { cause }), 409, 'conflict'],
    ['UnauthorizedError', new UnauthorizedError('no token', { cause }), 401, 'unauthorized'],
    ['SignatureError', new SignatureError('bad signature', { cause }), 401, 'signature'],
    ['TransitionError', new TransitionError('DENIED -> RECEIVED', { cause }), 409, 'transition'],
    ['PayerUnavailableError', new PayerUnavailableError('payer down', { cause }), 502, 'payer-unavailable'],
    ['PayerRejectedError', new PayerRejectedError('payer said no', { cause }), 502, 'payer-rejected'],
    ['TemplateError', new TemplateError('no such partial', { cause }), 500, 'template'],
    ['ThrottledError', new ThrottledError('slow down', { cause }), 429, 'throttled'],
  ] as const)(
    '%s has its status, its problem type, its name for Step Functions and its cause',
    (name, error, status, type) => {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(error.statusCode).toBe(status);
      expect(error.type).toBe(type);
      expect(error.expose).toBe(status < 500);
      expect(error.cause).toBe(cause);
    },
  );

  it.each([
    [499, true],
    [500, false],
    [502, false],
  ])('shows the message of a %i to the caller: %s', (statusCode, expose) => {
    expect(new AppError('message', { statusCode, type: 'any' }).expose).toBe(expose);
  });

  it('keeps the field errors of a validation error, and a status given for it', () => {
    // Prepare
    const errors = [{ path: 'provider.npi', message: 'check digit' }];
    // Act
    const error = new ValidationError('invalid request', errors, { statusCode: 422 });
    // Assess
    expect(error.errors).toEqual(errors);
    expect(error.statusCode).toBe(422);
    expect(error.message).toBe('invalid request');
  });

  it('takes a status for a conflict (422 for an Idempotency-Key reused with another body)', () => {
    expect(new ConflictError('reused key', { statusCode: 422 }).statusCode).toBe(422);
  });

  it.each([
    [new UnauthorizedError(), 'a valid bearer token is required'],
    [new ThrottledError(), 'too many requests, retry later'],
  ])('has a default message: %s', (error, message) => {
    expect(error.message).toBe(message);
    expect(error.cause).toBeUndefined();
  });
});
