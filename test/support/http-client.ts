/**
 * The one HTTP client of a running stack, for the e2e, integration and resilience tests and the
 * bench: a user with the bearer token, a payer with signed webhooks (Standard Webhooks, as the
 * product verifies them), polling of a case, and the whole worklist page by page.
 */
import { randomUUID } from 'node:crypto';
import { webhookHeaders } from '#core/payer/webhook-signature.ts';

export interface Reply {
  status: number;
  headers: Headers;
  contentType: string;
  /** The parsed JSON when the answer is JSON, its text when it is text, else its bytes. */
  body: any;
  /** 503/429 answers waited out before this one (with `busyRetries`). */
  retried: number;
}

export interface SendOptions {
  /** Sent as JSON (content-type application/json unless given). */
  body?: unknown;
  /** Sent as these exact bytes, with only the headers given. */
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
  /** false: no bearer token (payer webhooks, health, or a test's own authorization header). */
  auth?: boolean;
  timeoutMs?: number;
}

export interface WebhookOptions {
  id?: string;
  timestamp?: number;
  secret?: string;
  /** Changes the bytes after signing (a tampered delivery). */
  tamper?: (raw: string) => string;
}

export interface ClientOptions {
  /** The webhook secret of a payer of the stack's registry. */
  secretFor?: (payerId: string) => string | undefined;
  /** How many 503/429 answers `api` waits out before it returns one (default none). */
  busyRetries?: number;
  /** Aborts a request after this long (default: no limit). */
  timeoutMs?: number;
  /** `submit` and `waitForCase` wait out 5xx answers and network errors (a store or stack away). */
  patient?: boolean;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The wait a 503/429 asks for in Retry-After, between 100 ms and 5 s. */
export function retryAfterMs(reply: { headers: Headers }): number {
  const seconds = Number(reply.headers.get('retry-after') ?? '1');
  return Math.max(100, Math.min(5_000, (Number.isFinite(seconds) ? seconds : 1) * 1000));
}

/** Runs `work` over `items` with at most `limit` at once. */
export async function inBatches<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function newWebhookId(): string {
  return `msg_${randomUUID()}`;
}

async function parsed(res: Response): Promise<{ contentType: string; body: unknown }> {
  const contentType = res.headers.get('content-type') ?? '';
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (!contentType.includes('json') && !contentType.startsWith('text/')) return { contentType, body: bytes };
  const text = new TextDecoder().decode(bytes);
  if (!contentType.includes('json')) return { contentType, body: text };
  try {
    return { contentType, body: JSON.parse(text) };
  } catch {
    return { contentType, body: `(not JSON) ${text.slice(0, 200)}` };
  }
}

export class StackClient {
  /** 503/429 answers waited out so far, over every request of this client. */
  retriedBusy = 0;

  constructor(
    readonly url: string,
    readonly token: string,
    readonly options: ClientOptions = {},
  ) {}

  async api(method: string, path: string, options: SendOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.auth !== false) headers.authorization ??= `Bearer ${this.token}`;
    // Bytes, so that fetch adds no content-type of its own to a raw string.
    let body = typeof options.raw === 'string' ? new TextEncoder().encode(options.raw) : options.raw;
    if (body === undefined && options.body !== undefined) {
      body = new TextEncoder().encode(JSON.stringify(options.body));
      headers['content-type'] ??= 'application/json';
    }
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    for (let retried = 0; ; retried++) {
      const res = await fetch(`${this.url}${path}`, {
        method,
        headers,
        body,
        ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
      });
      const answer = await parsed(res);
      if ((res.status === 503 || res.status === 429) && retried < (this.options.busyRetries ?? 0)) {
        this.retriedBusy++;
        await sleep(50 + Math.random() * 100);
        continue;
      }
      return { status: res.status, headers: res.headers, ...answer, retried };
    }
  }

  /** Submits once (an Idempotency-Key makes retries safe); a patient client waits out 5xx and outages. */
  async submit(request: unknown, idempotencyKey?: string, deadlineMs = 90_000): Promise<string> {
    // A patient client retries, so it always sends a key: a retried submission is the same case.
    const key = idempotencyKey ?? (this.options.patient ? `key-${randomUUID()}` : undefined);
    const headers: Record<string, string> = key ? { 'idempotency-key': key } : {};
    const until = Date.now() + deadlineMs;
    let last = '';
    do {
      let res: Reply;
      try {
        res = await this.api('POST', '/v1/prior-auths', { body: request, headers });
      } catch (error) {
        if (!this.options.patient) throw error;
        last = (error as Error).message;
        await sleep(250);
        continue;
      }
      if (res.status === 202) return res.body.caseId as string;
      last = `${res.status} ${JSON.stringify(res.body)}`;
      if (!this.options.patient || (res.status < 500 && res.status !== 429))
        throw new Error(`submit answered ${last}`);
      await sleep(retryAfterMs(res));
    } while (Date.now() < until);
    throw new Error(`submit did not succeed: ${last}`);
  }

  async getCase(caseId: string): Promise<any> {
    const res = await this.api('GET', `/v1/prior-auths/${caseId}`);
    if (res.status !== 200) throw new Error(`GET case ${caseId} answered ${res.status}`);
    return res.body;
  }

  /** Polls the case until `done` holds (the workflows run asynchronously). */
  async waitForCase(
    caseId: string,
    done: (c: any) => boolean,
    timeoutMs = this.options.patient ? 60_000 : 30_000,
    poll: { everyMs?: number; upToMs?: number } = {},
  ): Promise<any> {
    const until = Date.now() + timeoutMs;
    let delay = poll.everyMs ?? 100;
    let last: any;
    while (Date.now() < until) {
      try {
        last = await this.getCase(caseId);
        if (done(last)) return last;
      } catch (error) {
        if (!this.options.patient) throw error;
      }
      await sleep(delay);
      delay = Math.min(poll.upToMs ?? delay, delay * 1.5);
    }
    throw new Error(`case ${caseId} did not reach the expected state; last status ${last?.status}`);
  }

  /** Waits for several cases, a few at a time (the stack bounds the requests in flight). */
  waitForAll(caseIds: string[], done: (c: any) => boolean, timeoutMs = 90_000): Promise<any[]> {
    return inBatches(caseIds, 4, (caseId) => this.waitForCase(caseId, done, timeoutMs));
  }

  /** Every item of the worklist for `query` (e.g. `status=SUBMITTED`), page after page. */
  async worklist(query = ''): Promise<any[]> {
    const items: any[] = [];
    let nextToken: string | null = null;
    do {
      const page: string = nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : '';
      const res = await this.api('GET', `/v1/prior-auths?limit=100${query ? `&${query}` : ''}${page}`);
      if (res.status !== 200) throw new Error(`worklist answered ${res.status}`);
      items.push(...res.body.items);
      nextToken = res.body.nextToken;
    } while (nextToken);
    return items;
  }

  signedHeaders(payerId: string, raw: string, options: WebhookOptions = {}): Record<string, string> {
    const secret = options.secret ?? this.options.secretFor?.(payerId);
    if (!secret) throw new Error(`no webhook secret for ${payerId}`);
    return webhookHeaders({
      id: options.id ?? newWebhookId(),
      timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
      body: raw,
      secret,
    });
  }

  /**
   * A signed delivery as the payer sends it; `payload` is sent as JSON, or as is when it is a
   * string. The same id again (a string third argument is the id) is a redelivery.
   */
  async postWebhook(
    payerId: string,
    payload: unknown,
    options: WebhookOptions | string = {},
  ): Promise<Reply> {
    const opts = typeof options === 'string' ? { id: options } : options;
    const raw = typeof payload === 'string' ? payload : JSON.stringify(payload);
    return this.api('POST', `/v1/webhooks/payers/${payerId}`, {
      raw: opts.tamper ? opts.tamper(raw) : raw,
      headers: { ...this.signedHeaders(payerId, raw, opts), 'content-type': 'application/json' },
      auth: false,
    });
  }
}
