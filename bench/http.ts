/**
 * The bench's client of the running stack: a user with the bearer token, a payer with signed
 * webhooks (Standard Webhooks, as the product verifies them). The stack answers 503 with
 * retry-after when its in-flight bound is reached: the client waits and retries, and counts it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { webhookHeaders } from '#core/payer/webhook-signature.ts';
import { decisionWebhook } from '../test/fixtures/payer-decision.ts';

export const PAYERS_FILE = new URL('../test/fixtures/e2e-payers.json', import.meta.url).pathname;
const payers = JSON.parse(readFileSync(PAYERS_FILE, 'utf8')) as Array<{
  id: string;
  webhookSecret: string;
  planType: string;
  transport: string;
}>;
const exampleRequest = JSON.parse(
  readFileSync(new URL('../test/fixtures/prior-auth-request.json', import.meta.url), 'utf8'),
) as { coverage: { payerId: string; planType: string } } & Record<string, unknown>;

/** The payer the bench decides by hand: nothing answers but our signed webhooks. */
export const MANUAL_PAYER = 'manual-commercial';

/** What the bench reads of a case (API.md, "The case"). */
export interface CaseView {
  caseId: string;
  status: string;
  history: Array<{ source: string; eventId?: string; status?: string }>;
}

export function benchRequest(payerId = MANUAL_PAYER): typeof exampleRequest {
  const payer = payers.find((p) => p.id === payerId);
  if (payer?.transport !== 'manual') throw new Error(`${payerId} is not a manual payer of ${PAYERS_FILE}`);
  const request = structuredClone(exampleRequest);
  request.coverage.payerId = payerId;
  request.coverage.planType = payer.planType;
  return request;
}

export interface Reply {
  status: number;
  body: { caseId?: string; duplicate?: boolean } & Record<string, unknown>;
  /** 503/429 answers retried before this one. */
  retried: number;
}

export class BenchClient {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async send(
    method: string,
    path: string,
    options: { body?: string; headers?: Record<string, string>; auth?: boolean } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.auth !== false) headers.authorization = `Bearer ${this.token}`;
    for (let retried = 0; ; retried++) {
      const res = await fetch(`${this.url}${path}`, { method, headers, body: options.body });
      const type = res.headers.get('content-type') ?? '';
      const body = (type.includes('json') ? await res.json() : {}) as Reply['body'];
      if ((res.status === 503 || res.status === 429) && retried < 50) {
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
        continue;
      }
      return { status: res.status, body, retried };
    }
  }

  async submit(request: unknown, idempotencyKey: string): Promise<string> {
    const res = await this.send('POST', '/v1/prior-auths', {
      body: JSON.stringify(request),
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    });
    if (res.status !== 202) throw new Error(`submit answered ${res.status}`);
    return String(res.body.caseId);
  }

  async getCase(caseId: string): Promise<CaseView> {
    const res = await this.send('GET', `/v1/prior-auths/${caseId}`);
    if (res.status !== 200) throw new Error(`GET case ${caseId} answered ${res.status}`);
    return res.body as unknown as CaseView;
  }

  /** Polls until the case's status is one of `statuses` (the workflows run asynchronously). */
  async waitForStatus(caseId: string, statuses: readonly string[], timeoutMs = 600_000): Promise<CaseView> {
    const until = Date.now() + timeoutMs;
    let delay = 100;
    for (;;) {
      const current = await this.getCase(caseId);
      if (statuses.includes(current.status)) return current;
      if (Date.now() > until) throw new Error(`case ${caseId} stayed ${current.status}`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(1_000, delay * 1.5);
    }
  }

  /** A signed delivery; `webhookId` again is a redelivery of the same message. */
  async postWebhook(payerId: string, body: string, webhookId: string): Promise<Reply> {
    const payer = payers.find((p) => p.id === payerId);
    if (!payer) throw new Error(`unknown payer ${payerId}`);
    const headers = webhookHeaders({
      id: webhookId,
      timestamp: Math.floor(Date.now() / 1000),
      body,
      secret: payer.webhookSecret,
    });
    return this.send('POST', `/v1/webhooks/payers/${payerId}`, {
      body,
      headers: { ...headers, 'content-type': 'application/json' },
      auth: false,
    });
  }
}

export function newWebhookId(): string {
  return `msg_${randomUUID()}`;
}

/** A decision as the payer sends it (API.md, "Payer webhooks"), as a body string. */
export function decisionBody(
  caseId: string,
  outcome: 'approved' | 'denied' | 'pended',
  occurredAt: string,
): string {
  const note = outcome === 'denied' ? 'Documentation does not establish medical necessity.' : null;
  return JSON.stringify(decisionWebhook(caseId, outcome, { note }, occurredAt));
}
