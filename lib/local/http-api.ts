/**
 * The local API Gateway: an HTTP server on 127.0.0.1 built from ROUTES that turns each request
 * into an HTTP API payload 2.0 event, runs the REQUEST authorizer (payload 2.0) first on
 * `auth: true` routes, calls the route's handler in-process and maps its result back to HTTP the
 * way API Gateway does. It sheds load past a bound on requests in flight (503 + Retry-After).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2WithLambdaAuthorizer,
  APIGatewayRequestAuthorizerEventV2,
  Context,
} from 'aws-lambda';
import type { FunctionName, RouteSpec } from '../routes.ts';
import {
  createLambdaContext,
  invokeWithinLimits,
  LambdaPayloadLimitError,
  LOCAL_ACCOUNT_ID,
} from './lambda-context.ts';
import { type LocalLog, silentLog } from './log.ts';
import { LOCAL_HOST } from './network.ts';
import { type StaticSite, serveStatic } from './static-site.ts';

/** The event a route handler gets: payload 2.0, with the Lambda authorizer's context when there is one. */
export type HttpApiEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<Record<string, unknown>>;
export type HttpApiHandler = (event: HttpApiEvent, context: Context) => unknown;
export type RequestAuthorizer = (event: APIGatewayRequestAuthorizerEventV2, context: Context) => unknown;

export interface LocalHttpApiOptions {
  routes: readonly RouteSpec[];
  /** A route whose function has no handler here is left out (404), e.g. `web` when staticSites serve it. */
  handlers: Partial<Record<FunctionName, HttpApiHandler>>;
  authorizer: RequestAuthorizer;
  /** 0 or absent: a free port. */
  port?: number;
  /** Requests handled at once; past it the API answers 503 with Retry-After (default 64). */
  maxInFlight?: number;
  /** API Gateway's payload limit (default 10 MB). */
  maxBodyBytes?: number;
  /** API Gateway's integration timeout (default 30 s): past it the caller gets 504. */
  handlerTimeoutMs?: number;
  region?: string;
  log?: LocalLog;
  /** Static files served beside the API (the web app at /app/). */
  staticSites?: StaticSite[];
}

export interface LocalHttpApi {
  readonly url: string;
  readonly port: number;
  inFlight(): number;
  /** Stops accepting connections and waits (up to `timeoutMs`, default 10 s) for requests in flight. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
const API_ID = 'local';
const TEXT_TYPES = [
  /^text\//,
  /^application\/(.+\+)?json$/,
  /^application\/(.+\+)?xml$/,
  /^application\/javascript$/,
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface CompiledRoute {
  spec: RouteSpec;
  routeKey: string;
  pattern: RegExp;
  parameterNames: string[];
  /** Ends in a greedy {name+} parameter: matched only when nothing more specific is. */
  greedy: boolean;
}

interface HttpReply {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

function compile(spec: RouteSpec): CompiledRoute {
  const parameterNames: string[] = [];
  let greedy = false;
  const source = spec.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{([^}+]+)(\+?)\}$/.exec(segment);
      if (!parameter) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      parameterNames.push(parameter[1]!);
      // {name+}: a greedy path parameter, the rest of the path.
      if (parameter[2] === '+') greedy = true;
      return parameter[2] === '+' ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return {
    spec,
    routeKey: `${spec.method} ${spec.path}`,
    pattern: new RegExp(`^${source}$`),
    parameterNames,
    greedy,
  };
}

/**
 * API Gateway's own answer (an HTTP API's, before or instead of the integration): JSON
 * `{"message": ...}`, not problem+json.
 */
export function gatewayReply(status: number, message: string): HttpReply {
  return {
    status,
    headers: [['content-type', 'application/json']],
    body: Buffer.from(JSON.stringify({ message })),
  };
}

export function problemReply(status: number, title: string, extra: Array<[string, string]> = []): HttpReply {
  const body = Buffer.from(JSON.stringify({ type: 'about:blank', title, status }));
  return { status, headers: [['content-type', 'application/problem+json'], ...extra], body };
}

/** API Gateway's `requestContext.time`: 12/Mar/2020:19:03:58 +0000. */
function requestTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function isTextContent(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  return TEXT_TYPES.some((pattern) => pattern.test(mediaType));
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** Lower-cased headers, duplicates joined with commas (as API Gateway does); cookies apart. */
function collectHeaders(request: IncomingMessage): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return { headers, cookies };
}

function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const pair of rawQueryString.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const name = decode(at < 0 ? pair : pair.slice(0, at));
    const value = at < 0 ? '' : decode(pair.slice(at + 1));
    parameters[name] = parameters[name] === undefined ? value : `${parameters[name]},${value}`;
  }
  return parameters;
}

/** What a Lambda returned, as API Gateway (payload 2.0) turns it into an HTTP response. */
export function mapHandlerResult(result: unknown): HttpReply {
  const structured =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? (result as {
          statusCode: unknown;
          headers?: Record<string, unknown>;
          multiValueHeaders?: Record<string, unknown[]>;
          cookies?: unknown[];
          body?: unknown;
          isBase64Encoded?: unknown;
        })
      : undefined;
  if (!structured) {
    // A result without statusCode: API Gateway answers 200 with the result as a JSON document.
    return {
      status: 200,
      headers: [['content-type', 'application/json']],
      body: Buffer.from(JSON.stringify(result ?? null)),
    };
  }
  const status = Number(structured.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599)
    throw new Error('handler returned a bad statusCode');
  const headers: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(structured.headers ?? {})) {
    if (value !== undefined && value !== null) headers.push([name.toLowerCase(), String(value)]);
  }
  for (const [name, values] of Object.entries(structured.multiValueHeaders ?? {})) {
    for (const value of values ?? []) headers.push([name.toLowerCase(), String(value)]);
  }
  for (const cookie of structured.cookies ?? []) headers.push(['set-cookie', String(cookie)]);
  const text = structured.body === undefined || structured.body === null ? '' : String(structured.body);
  const body = structured.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  return { status, headers, body };
}

function isAllowed(result: unknown): boolean {
  if (typeof result !== 'object' || result === null) return false;
  if ('isAuthorized' in result) return (result as { isAuthorized: unknown }).isAuthorized === true;
  // The IAM policy format: every statement must allow.
  const statements = (result as { policyDocument?: { Statement?: Array<{ Effect?: string }> } })
    .policyDocument?.Statement;
  return Array.isArray(statements) && statements.length > 0 && statements.every((s) => s.Effect === 'Allow');
}

function authorizerContext(result: unknown): Record<string, unknown> {
  const context = (result as { context?: unknown }).context;
  return typeof context === 'object' && context !== null ? (context as Record<string, unknown>) : {};
}

class BodyTooLargeError extends Error {}

/**
 * The body, refused past `limit`. No `for await` here: leaving that loop early destroys the
 * request stream, and with it the socket, so a client still uploading would see a reset instead
 * of the 413. The stream keeps flowing (and discarding) after a refusal; see drainRefusedBody.
 */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(Buffer.concat(chunks));
    };
    request.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) settle(new BodyTooLargeError());
      else chunks.push(chunk);
    });
    request.once('end', () => settle());
    request.once('error', (error) => settle(error));
    request.once('close', () => {
      if (!request.complete) settle(new Error('the client closed the request before its end'));
    });
  });
}

/** Bytes of a refused body read (and discarded) so that its sender gets the 413; past it, the connection is cut. */
const REFUSED_BODY_DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * After a 413: read the rest of the body so a client still sending it receives the answer
 * (closing at once resets the connection under it: EPIPE), unless it is larger than any client
 * should send, in which case the connection is closed after the answer.
 */
function drainRefusedBody(request: IncomingMessage): boolean {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > REFUSED_BODY_DRAIN_BYTES) return false;
  let drained = 0;
  request.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > REFUSED_BODY_DRAIN_BYTES) request.socket.destroy();
  });
  request.resume();
  return true;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
const TIMED_OUT = Symbol('timed out');

export async function startLocalHttpApi(options: LocalHttpApiOptions): Promise<LocalHttpApi> {
  const log = options.log ?? silentLog;
  const region = options.region ?? 'us-east-1';
  const maxInFlight = Math.max(1, options.maxInFlight ?? 64);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const handlerTimeoutMs = options.handlerTimeoutMs ?? 30_000;
  // Literal paths before parameterised ones, greedy ones last: the most specific route wins, as
  // in API Gateway.
  const routes = options.routes
    .filter((spec) => options.handlers[spec.fn] !== undefined)
    .map(compile)
    .sort((a, b) => Number(a.greedy) - Number(b.greedy) || a.parameterNames.length - b.parameterNames.length);
  let inFlight = 0;
  let idleWaiters: Array<() => void> = [];

  const invoke = async (name: string, fn: (event: never, context: Context) => unknown, event: unknown) => {
    return withTimeout(
      invokeWithinLimits(event, () =>
        fn(event as never, createLambdaContext(name, { region, timeoutMs: handlerTimeoutMs })),
      ),
      handlerTimeoutMs,
    );
  };

  const serve = async (request: IncomingMessage, requestId: string, port: number): Promise<HttpReply> => {
    const url = request.url ?? '/';
    const queryAt = url.indexOf('?');
    const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
    const rawQueryString = queryAt < 0 ? '' : url.slice(queryAt + 1).split('#')[0]!;
    const method = (request.method ?? 'GET').toUpperCase();

    for (const site of options.staticSites ?? []) {
      const reply = await serveStatic(site, method, rawPath);
      if (reply) return reply;
    }
    const onPath = routes
      .map((route) => ({ route, match: route.pattern.exec(rawPath) }))
      .filter((candidate) => candidate.match !== null);
    if (onPath.length === 0) return problemReply(404, 'Not Found');
    const chosen = onPath.find((candidate) => candidate.route.spec.method === method);
    if (!chosen) {
      const allow = [...new Set(onPath.map((candidate) => candidate.route.spec.method))].join(', ');
      return problemReply(405, 'Method Not Allowed', [['allow', allow]]);
    }
    const { route, match } = chosen;

    const body = await readBody(request, maxBodyBytes);
    const { headers, cookies } = collectHeaders(request);
    const pathParameters =
      route.parameterNames.length === 0
        ? undefined
        : Object.fromEntries(route.parameterNames.map((name, i) => [name, decode(match![i + 1]!)]));
    const now = new Date();
    const host = headers.host ?? `${LOCAL_HOST}:${port}`;
    const requestContext: APIGatewayEventRequestContextV2 = {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: API_ID,
      domainName: host,
      domainPrefix: host.split('.')[0]!,
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? LOCAL_HOST,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: route.routeKey,
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now.getTime(),
    };
    const queryStringParameters = queryParameters(rawQueryString);

    let authorizer: Record<string, unknown> | undefined;
    if (route.spec.auth) {
      const authorization = headers.authorization;
      // API Gateway answers 401 itself, without calling the authorizer, when the identity source is missing.
      if (authorization === undefined || authorization === '') return gatewayReply(401, 'Unauthorized');
      const authorizerEvent: APIGatewayRequestAuthorizerEventV2 = {
        version: '2.0',
        type: 'REQUEST',
        routeArn: `arn:aws:execute-api:${region}:${LOCAL_ACCOUNT_ID}:${API_ID}/$default/${method}${route.spec.path}`,
        identitySource: [authorization],
        routeKey: route.routeKey,
        rawPath,
        rawQueryString,
        cookies,
        headers,
        queryStringParameters,
        requestContext,
        pathParameters,
      };
      const verdict = await invoke('authorizer', options.authorizer, authorizerEvent);
      if (verdict === TIMED_OUT) return problemReply(503, 'Service Unavailable', [['retry-after', '1']]);
      // An HTTP API answers an authorizer's `isAuthorized: false` 403, whatever the reason.
      if (!isAllowed(verdict)) return gatewayReply(403, 'Forbidden');
      authorizer = authorizerContext(verdict);
    }

    const isBase64Encoded = body.length > 0 && !isTextContent(headers['content-type']);
    const event: HttpApiEvent = {
      version: '2.0',
      routeKey: route.routeKey,
      rawPath,
      rawQueryString,
      cookies: cookies.length > 0 ? cookies : undefined,
      headers,
      queryStringParameters,
      requestContext: { ...requestContext, authorizer: { lambda: authorizer ?? {} } },
      body: body.length === 0 ? undefined : body.toString(isBase64Encoded ? 'base64' : 'utf8'),
      pathParameters,
      isBase64Encoded,
    };
    if (!authorizer) delete (event.requestContext as { authorizer?: unknown }).authorizer;
    const result = await invoke(route.spec.fn, options.handlers[route.spec.fn]!, event);
    if (result === TIMED_OUT) {
      log('warn', 'handler timed out', { requestId, routeKey: route.routeKey });
      return problemReply(504, 'Gateway Timeout');
    }
    return mapHandlerResult(result);
  };

  const write = (response: ServerResponse, reply: HttpReply, requestId: string, close = false) => {
    if (response.headersSent) return;
    const grouped = new Map<string, string[]>();
    for (const [name, value] of reply.headers) grouped.set(name, [...(grouped.get(name) ?? []), value]);
    for (const [name, values] of grouped) response.setHeader(name, values.length === 1 ? values[0]! : values);
    response.setHeader('apigw-requestid', requestId);
    response.setHeader('content-length', reply.body.length);
    if (close) response.setHeader('connection', 'close');
    response.statusCode = reply.status;
    response.end(reply.body);
  };

  const server: Server = createServer((request, response) => {
    const requestId = randomUUID();
    if (inFlight >= maxInFlight) {
      request.resume();
      write(response, problemReply(503, 'Service Unavailable', [['retry-after', '1']]), requestId);
      return;
    }
    inFlight += 1;
    response.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const wake of waiters) wake();
      }
    });
    serve(request, requestId, port)
      .then((reply) => write(response, reply, requestId))
      .catch((error: unknown) => {
        if (error instanceof BodyTooLargeError) {
          const drained = drainRefusedBody(request);
          write(response, problemReply(413, 'Content Too Large'), requestId, !drained);
          return;
        }
        // Lambda refused the event (API Gateway: 413) or the function's result (502).
        if (error instanceof LambdaPayloadLimitError) {
          log('warn', 'lambda payload limit', { requestId, error: error.name });
          const [status, title] =
            error.direction === 'request' ? [413, 'Content Too Large'] : [502, 'Bad Gateway'];
          write(response, problemReply(status, title), requestId);
          return;
        }
        // No detail to the caller: the message may name internals.
        log('error', 'handler failed', { requestId, error: error instanceof Error ? error.name : 'Error' });
        write(response, problemReply(500, 'Internal Server Error'), requestId);
      });
  });
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${options.port} on ${LOCAL_HOST} is already in use (PA_PORT)`, { cause: error })
          : error,
      );
    server.once('error', refuse);
    server.listen(options.port ?? 0, LOCAL_HOST, () => {
      server.removeListener('error', refuse);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${LOCAL_HOST}:${port}`;
  log('info', 'local http api listening', { port });

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    inFlight: () => inFlight,
    stop(stopOptions) {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        if (inFlight > 0) {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            new Promise<void>((resolve) => idleWaiters.push(resolve)),
            new Promise<void>((resolve) => {
              timer = setTimeout(resolve, stopOptions?.timeoutMs ?? 10_000);
            }),
          ]);
          clearTimeout(timer);
        }
        server.closeAllConnections();
        await closed;
        log('info', 'local http api stopped');
      })();
      return stopping;
    },
  };
}
