/**
 * One POST to a payer endpoint, bounded, and the error mapping every HTTP transport shares:
 * a network error, a timeout, 408, 429 or 5xx is PayerUnavailableError (the workflow retries);
 * any other non-2xx is PayerRejectedError (not retried). Bounded: https only (http to this
 * machine's loopback, for tests and local stand-ins), no redirect followed (PHI goes to the
 * endpoint the registry names or nowhere), the answer read up to MAX_PAYER_RESPONSE_BYTES and
 * within the timeout. Messages carry the payer id and the HTTP status only: a payer's response
 * body may hold patient data. `exchangeWithPayer` is the whole synchronous exchange of the
 * fhir-pas and x12-278 transports, with the entry's credentials (auth): a SMART Backend Services
 * bearer token (smart-auth.ts; a 401 drops it and the request is sent once more with a new one)
 * or HTTP Basic.
 */
import { PayerRejectedError, PayerUnavailableError } from '#core/errors.ts';
import { isActionableAnswer, type ResponseContext } from '#core/payer/payer-events.ts';
import type { NormalisedPayerEvent, SubmissionInput, SubmissionResult } from '#core/ports.ts';
import type { HttpPayer, TransportDeps } from './types.ts';

export const DEFAULT_PAYER_TIMEOUT_MS = 10_000;
/** The largest answer read from a payer; a larger one is refused, not buffered. */
export const MAX_PAYER_RESPONSE_BYTES = 5 * 1024 * 1024;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface PayerPost {
  payerId: string;
  /** How messages name the endpoint (default "payer <id>"). */
  target?: string;
  url: string;
  contentType: string;
  accept: string;
  body: string;
  /** The submission's idempotency key, the same on every attempt (Idempotency-Key header). */
  idempotencyKey?: string;
  /** The Authorization header (Bearer or Basic), never logged. */
  authorization?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Refuses an endpoint the submission may not go to: only https, or http to this machine's loopback. */
function requireAllowedEndpoint(post: PayerPost, target: string): void {
  let url: URL | undefined;
  try {
    url = new URL(post.url);
  } catch {
    // refused below
  }
  const allowed =
    url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!url || !allowed) {
    throw new PayerRejectedError(`${target} endpoint must be an https URL`);
  }
}

/** The body as text, or null past `limit` bytes (the rest is not read). */
async function readBounded(response: Response, limit: number): Promise<string | null> {
  if (Number(response.headers.get('content-length') ?? 0) > limit) {
    await response.body?.cancel();
    return null;
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > limit) return null; // leaving the loop cancels the stream
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * One bounded POST: a network error or a timeout is PayerUnavailableError, a redirect is refused;
 * any other status is returned with the body (null past MAX_PAYER_RESPONSE_BYTES).
 */
export async function sendToPayer(post: PayerPost): Promise<{ status: number; text: string | null }> {
  const target = post.target ?? `payer ${post.payerId}`;
  requireAllowedEndpoint(post, target);
  const doFetch = post.fetch ?? globalThis.fetch;
  const timeoutMs = post.timeoutMs ?? DEFAULT_PAYER_TIMEOUT_MS;
  let response: Response;
  let text: string | null;
  try {
    response = await doFetch(post.url, {
      method: 'POST',
      headers: {
        'content-type': post.contentType,
        accept: post.accept,
        ...(post.idempotencyKey ? { 'idempotency-key': post.idempotencyKey } : {}),
        ...(post.authorization ? { authorization: post.authorization } : {}),
      },
      body: post.body,
      redirect: 'manual',
      // Bounds the answer's body as well as its headers.
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await readBounded(response, MAX_PAYER_RESPONSE_BYTES);
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new PayerUnavailableError(
      timedOut ? `${target} did not answer within ${timeoutMs} ms` : `${target} could not be reached`,
      { cause: error },
    );
  }
  const { status } = response;
  if (status >= 300 && status < 400) {
    throw new PayerRejectedError(`${target} answered with a redirect (HTTP ${status}), not followed`);
  }
  return { status, text };
}

/** The answer of a submission POST, or the error its status means. */
function acceptedAnswer(
  payerId: string,
  { status, text }: { status: number; text: string | null },
): { status: number; text: string } {
  if (status >= 500 || status === 408 || status === 429) {
    throw new PayerUnavailableError(`payer ${payerId} answered HTTP ${status}`);
  }
  if (status < 200 || status >= 300) {
    throw new PayerRejectedError(`payer ${payerId} refused the submission with HTTP ${status}`);
  }
  if (text === null) {
    throw new PayerRejectedError(
      `payer ${payerId} answered with more than ${MAX_PAYER_RESPONSE_BYTES} bytes`,
    );
  }
  return { status, text };
}

export async function postToPayer(post: PayerPost): Promise<{ status: number; text: string }> {
  return acceptedAnswer(post.payerId, await sendToPayer(post));
}

/** The Authorization header of the entry's auth: a (cached) bearer token, Basic, or none. */
async function authorizationFor(payer: HttpPayer, deps: TransportDeps): Promise<string | undefined> {
  const { auth } = payer;
  if (!auth) return undefined;
  if (auth.type === 'basic') {
    return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
  }
  if (!deps.tokens) {
    throw new PayerRejectedError(`payer ${payer.id}: auth smart-backend needs a token source, none is wired`);
  }
  return `Bearer ${await deps.tokens.token(payer.id, auth)}`;
}

/**
 * POST with the entry's credentials. A 401 to a bearer token drops it (the payer may have revoked
 * it before its expiry) and the request goes once more with a new token; a second 401 stands.
 */
async function authorizedPost(post: PayerPost, payer: HttpPayer, deps: TransportDeps) {
  const authorization = await authorizationFor(payer, deps);
  const first = await sendToPayer({ ...post, ...(authorization ? { authorization } : {}) });
  const { auth } = payer;
  if (first.status !== 401 || auth?.type !== 'smart-backend' || !deps.tokens || !authorization) {
    return acceptedAnswer(post.payerId, first);
  }
  deps.tokens.drop(payer.id, auth, authorization.slice('Bearer '.length));
  const again = await authorizationFor(payer, deps);
  return acceptedAnswer(
    post.payerId,
    await sendToPayer({ ...post, ...(again ? { authorization: again } : {}) }),
  );
}

/** One synchronous exchange: what is posted, how it is recorded, how the answer is read. */
export interface PayerExchange {
  payer: HttpPayer;
  url: string;
  /** How the history names the exchange, before the HTTP status (e.g. "x12-278 POST"). */
  label: string;
  kind: 'pas_bundle' | 'x12_278';
  contentType: string;
  accept: string;
  body: string;
  read(text: string, ctx: ResponseContext): NormalisedPayerEvent;
}

/**
 * POST the request, read the payer's answer and keep both for audit. A final answer (or a pend
 * that asks for documents or a person) is the immediate decision; a plain pend waits for the
 * payer's later notification.
 */
export async function exchangeWithPayer(
  exchange: PayerExchange,
  input: SubmissionInput,
  deps: TransportDeps,
): Promise<SubmissionResult> {
  const { contentType, body, kind } = exchange;
  const { status, text } = await authorizedPost(
    {
      payerId: exchange.payer.id,
      url: exchange.url,
      contentType,
      accept: exchange.accept,
      body,
      idempotencyKey: input.identifiers.idempotencyKey,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
    },
    exchange.payer,
    deps,
  );
  const event = exchange.read(text, {
    caseId: input.caseId,
    receivedAt: deps.clock.now().toISOString(),
    requestedUnits: input.billing.unitsRequested,
  });
  return {
    payerReference: event.payerReference,
    detail: `${exchange.label} ${status}: ${event.outcome}`,
    ...(isActionableAnswer(event) ? { immediateDecision: event } : {}),
    artifacts: [
      { kind, contentType, body },
      { kind, contentType, body: text },
    ],
  };
}
