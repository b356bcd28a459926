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

/** The base of an error whose every instance has the same name (a literal), status and type. */
function errorOfKind(name: string, statusCode: number, type: string) {
  return class extends AppError {
    override name = name;
    constructor(message: string, options: { cause?: unknown } = {}) {
      super(message, { statusCode, type, ...options });
    }
  };
}

export class NotFoundError extends errorOfKind('NotFoundError', 404, 'not-found') {}

export class ConflictError extends AppError {
  override name = 'ConflictError';
  constructor(message: string, options: { cause?: unknown; statusCode?: number } = {}) {
    super(message, { statusCode: options.statusCode ?? 409, type: 'conflict', cause: options.cause });
  }
}

export class UnauthorizedError extends errorOfKind('UnauthorizedError', 401, 'unauthorized') {
  constructor(message = 'a valid bearer token is required', options: { cause?: unknown } = {}) {
    super(message, options);
  }
}

export class SignatureError extends errorOfKind('SignatureError', 401, 'signature') {}

/** An illegal status transition: refused and recorded, never applied. */
export class TransitionError extends errorOfKind('TransitionError', 409, 'transition') {}

/** A payer could not be reached or answered with a server error: retried by the workflow. */
export class PayerUnavailableError extends errorOfKind('PayerUnavailableError', 502, 'payer-unavailable') {}

/** A payer refused the submission for good (4xx, malformed response): not retried. */
export class PayerRejectedError extends errorOfKind('PayerRejectedError', 502, 'payer-rejected') {}

/** A template that does not compile or render: fails at start, never a half-written PDF. */
export class TemplateError extends errorOfKind('TemplateError', 500, 'template') {}

/** Too many requests right now (load shedding): 429 with Retry-After. */
export class ThrottledError extends errorOfKind('ThrottledError', 429, 'throttled') {
  constructor(message = 'too many requests, retry later', options: { cause?: unknown } = {}) {
    super(message, options);
  }
}
