/**
 * The HTTP edge: problem+json (RFC 9457) for every error, JSON responses, and body parsing with
 * field-named errors. An unexposed error becomes a generic 500: no internal detail or PHI leaks.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import { AppError, ValidationError } from '#core/errors.ts';
import { logger } from './logger.ts';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

export function problem(
  statusCode: number,
  detail: string,
  extra: {
    type?: string;
    errors?: Array<{ path: string; message: string }>;
    headers?: Record<string, string>;
  } = {},
): HttpResult {
  return {
    statusCode,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      ...(extra.headers ?? {}),
    },
    body: JSON.stringify({
      type: `https://durvalumab-pa.dev/problems/${extra.type ?? 'error'}`,
      title: TITLES[statusCode] ?? 'Error',
      status: statusCode,
      detail,
      ...(extra.errors ? { errors: extra.errors } : {}),
    }),
  };
}

/**
 * An unexpected error as the log keeps it: its name and where it was thrown. Never the message of
 * an error that is not ours: a library's message may quote the data it failed on (PHI stays out of
 * logs); our own errors' messages name fields and ids only (core/errors.ts).
 */
export function loggableError(error: unknown): Record<string, string> {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 12)
    .join('\n');
  return {
    errorName: error.name,
    ...(error instanceof AppError ? { errorMessage: error.message } : {}),
    stack: frames,
  };
}

export function errorToProblem(error: unknown, context: Record<string, unknown> = {}): HttpResult {
  if (error instanceof ValidationError) {
    return problem(error.statusCode, error.message, { type: error.type, errors: error.errors });
  }
  if (error instanceof AppError && error.expose) {
    const headers: Record<string, string> = error.statusCode === 429 ? { 'retry-after': '1' } : {};
    return problem(error.statusCode, error.message, { type: error.type, headers });
  }
  if (error instanceof AppError && error.type === 'registry-not-configured') {
    // Not a busy service: an operator has to act, and the answer says what is missing.
    return problem(503, error.message, { type: error.type });
  }
  if ((error instanceof AppError && error.statusCode === 503) || isTransientDependencyError(error)) {
    return problem(503, 'the service is busy, retry later', {
      type: 'unavailable',
      headers: { 'retry-after': '1' },
    });
  }
  logger.error('unhandled error', { ...context, ...loggableError(error) });
  return problem(500, 'an internal error occurred; it has been logged', { type: 'internal' });
}

const TRANSIENT_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
]);
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/**
 * A store or service that is down, slow or throttling right now: the caller should retry
 * (503 with Retry-After), which is not the same as a bug in this code (500).
 */
export function isTransientDependencyError(error: unknown): boolean {
  const e = error as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    cause?: unknown;
  } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.name && TRANSIENT_NAMES.has(e.name)) return true;
  if (e.code && TRANSIENT_CODES.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number' && (status >= 500 || status === 429)) return true;
  return e.cause !== undefined && e.cause !== error ? isTransientDependencyError(e.cause) : false;
}

export function zodIssues(error: z.ZodError, prefix = ''): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
  }));
}

/** The body's bytes as sent (API Gateway base64-encodes a body that is not text). */
export function rawBodyBytes(event: HttpEvent): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

export function rawBody(event: HttpEvent): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

export function header(event: HttpEvent, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** JSON text as a value; malformed JSON is a 400 ValidationError. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('the body is not valid JSON', [{ path: '(body)', message: 'malformed JSON' }]);
  }
}

/** Parse a JSON body against a schema; every failure names its field. */
export function parseJsonBody<S extends z.ZodType>(event: HttpEvent, schema: S): z.infer<S> {
  const contentType = header(event, 'content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(contentType.trim())) {
    throw new ValidationError(
      'the body must be application/json',
      [{ path: '(body)', message: `content-type ${contentType || 'missing'}` }],
      {
        statusCode: 415,
      },
    );
  }
  const parsed = schema.safeParse(parseJsonText(rawBody(event)));
  if (!parsed.success) {
    throw new ValidationError('the request has invalid fields', zodIssues(parsed.error));
  }
  return parsed.data;
}
