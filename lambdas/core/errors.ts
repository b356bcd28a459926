/**
 * The error hierarchy (STYLE.md 4). Each error carries an HTTP status and whether its message
 * may be shown to a caller (`expose`, true below 500, as middy does). Messages name fields and
 * ids, never patient data. Step Functions Retry/Catch match on `name`, so every name is a literal:
 * a class name does not survive the bundles' minification.
 */
export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly statusCode: number;
  readonly expose: boolean;
  readonly type: string;
  constructor(message: string, options: { statusCode: number; type: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.statusCode = options.statusCode;
    this.expose = options.statusCode < 500;
    this.type = options.type;
  }
}

export class ValidationError extends AppError {
  override name = 'ValidationError';
  readonly errors: FieldError[];
  constructor(message: string, errors: FieldError[], options: { cause?: unknown; statusCode?: number } = {}) {
    super(message, { statusCode: options.statusCode ?? 400, type: 'validation', cause: options.cause });
    this.errors = errors;
  }
}

export class NotFoundError extends AppError {
  override name = 'NotFoundError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { statusCode: 404, type: 'not-found', ...options });
  }
}

export class ConflictError extends AppError {
  override name = 'ConflictError';
  constructor(message: string, options: { cause?: unknown; statusCode?: number } = {}) {
    super(message, { statusCode: options.statusCode ?? 409, type: 'conflict', cause: options.cause });
  }
}

export class UnauthorizedError extends AppError {
  override name = 'UnauthorizedError';
  constructor(message = 'a valid bearer token is required', options: { cause?: unknown } = {}) {
    super(message, { statusCode: 401, type: 'unauthorized', ...options });
  }
}

export class SignatureError extends AppError {
  override name = 'SignatureError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { statusCode: 401, type: 'signature', ...options });
  }
}

/** An illegal status transition: refused and recorded, never applied. */
export class TransitionError extends AppError {
  override name = 'TransitionError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { statusCode: 409, type: 'transition', ...options });
  }
}

/** A payer could not be reached or answered with a server error: retried by the workflow. */
export class PayerUnavailableError extends AppError {
  override name = 'PayerUnavailableError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { statusCode: 502, type: 'payer-unavailable', ...options });
  }
}

/** A payer refused the submission for good (4xx, malformed response): not retried. */
export class PayerRejectedError extends AppError {
  override name = 'PayerRejectedError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { statusCode: 502, type: 'payer-rejected', ...options });
  }
}

/** A template that does not compile or render: fails at start, never a half-written PDF. */
export class TemplateError extends AppError {
  override name = 'TemplateError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { statusCode: 500, type: 'template', ...options });
  }
}

/** Too many requests right now (load shedding): 429 with Retry-After. */
export class ThrottledError extends AppError {
  override name = 'ThrottledError';
  constructor(message = 'too many requests, retry later', options: { cause?: unknown } = {}) {
    super(message, { statusCode: 429, type: 'throttled', ...options });
  }
}
