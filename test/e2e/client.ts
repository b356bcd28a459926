/**
 * A small client for the e2e tests: it speaks to the running local stack over HTTP, as a user
 * (bearer token) or as a payer (signed webhooks) would.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { webhookHeaders } from '#core/payer/webhook-signature.ts';
import { decisionWebhook } from '../fixtures/payer-decision.ts';

export const payers = JSON.parse(
  readFileSync(new URL('../fixtures/e2e-payers.json', import.meta.url), 'utf8'),
) as Array<{ id: string; webhookSecret: string; planType: string }>;

export const exampleRequest = JSON.parse(
  readFileSync(new URL('../fixtures/prior-auth-request.json', import.meta.url), 'utf8'),
) as Record<string, any>;

export function baseUrl(): string {
  return inject('baseUrl');
}

export function token(): string {
  return inject('apiToken');
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

export async function api(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; auth?: boolean; raw?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.auth !== false) headers.authorization = `Bearer ${token()}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${baseUrl()}${path}`, { method, headers, body });
  const type = res.headers.get('content-type') ?? '';
  const parsed = type.includes('json') ? await res.json() : new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body: parsed };
}

/** A copy of the example request for a given payer, with changes. */
export function requestFor(
  payerId: string,
  change: (r: Record<string, any>) => void = () => {},
): Record<string, any> {
  const payer = payers.find((p) => p.id === payerId);
  const r = structuredClone(exampleRequest);
  r.coverage.payerId = payerId;
  if (payer) r.coverage.planType = payer.planType;
  change(r);
  return r;
}

export async function submit(body: unknown, headers: Record<string, string> = {}): Promise<string> {
  const res = await api('POST', '/v1/prior-auths', { body, headers });
  if (res.status !== 202) throw new Error(`submit answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.caseId as string;
}

export async function getCase(caseId: string): Promise<any> {
  const res = await api('GET', `/v1/prior-auths/${caseId}`);
  if (res.status !== 200) throw new Error(`GET case answered ${res.status}`);
  return res.body;
}

/** Poll the case until `done` holds (the workflows run asynchronously). */
export async function waitForCase(
  caseId: string,
  done: (c: any) => boolean,
  timeoutMs = 30_000,
): Promise<any> {
  const until = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < until) {
    last = await getCase(caseId);
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`case ${caseId} did not reach the expected state; last status ${last?.status}`);
}

export function signedHeaders(
  payerId: string,
  body: string,
  options: { id?: string; timestamp?: number; secret?: string } = {},
) {
  const payer = payers.find((p) => p.id === payerId);
  const secret = options.secret ?? payer?.webhookSecret;
  if (!secret) throw new Error(`no secret for ${payerId}`);
  return webhookHeaders({
    id: options.id ?? `msg_${randomUUID()}`,
    timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
    body,
    secret,
  });
}

export async function postWebhook(
  payerId: string,
  payload: unknown,
  options: { id?: string; timestamp?: number; secret?: string; tamper?: (raw: string) => string } = {},
): Promise<Reply> {
  const raw = JSON.stringify(payload);
  const headers = signedHeaders(payerId, raw, options);
  return api('POST', `/v1/webhooks/payers/${payerId}`, {
    raw: options.tamper ? options.tamper(raw) : raw,
    headers: { ...headers, 'content-type': 'application/json' },
    auth: false,
  });
}

export function decision(
  caseId: string,
  outcome: string,
  extra: Record<string, unknown> = {},
  occurredAt = new Date().toISOString(),
) {
  return decisionWebhook(caseId, outcome, extra, occurredAt);
}
