/**
 * What the resilience tests share: a stack process with a client bound to it, a payer registry
 * file, a stand-in Da Vinci PAS payer on 127.0.0.1 whose behaviour a test switches, signed
 * webhooks, polling, and the invariants "nothing lost, nothing doubled" read from a case.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webhookHeaders } from '#core/payer/webhook-signature.ts';
import { decisionWebhook } from '../fixtures/payer-decision.ts';
import { type StackProcess, startStackProcess } from '../support/local-stack.ts';

export const exampleRequest = JSON.parse(
  readFileSync(new URL('../fixtures/prior-auth-request.json', import.meta.url), 'utf8'),
) as Record<string, any>;

export const pasApproved = readFileSync(
  new URL('../fixtures/pas/response-a1-approved.json', import.meta.url),
  'utf8',
);

/** Synthetic webhook secrets, one per payer (24+ bytes, as the registry schema asks). */
export function secretFor(payerId: string): string {
  const bytes = Buffer.alloc(32);
  bytes.write(`resilience:${payerId}`.padEnd(32, '#').slice(0, 32), 'utf8');
  return `whsec_${bytes.toString('base64')}`;
}

export interface PayerEntry {
  id: string;
  planType: 'medicare' | 'medicare_advantage' | 'medicaid' | 'commercial';
  transport: 'manual' | 'fhir-pas' | 'simulator';
  endpoint?: string;
}

/** A temp data dir with a payer registry file in it. */
export function dataDirWithPayers(payers: PayerEntry[]): { dataDir: string; payersFile: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'pa-resilience-'));
  const payersFile = join(dataDir, 'payers.json');
  writeFileSync(
    payersFile,
    JSON.stringify(
      payers.map((p) => ({
        id: p.id,
        name: `Stand-in ${p.id}`,
        planType: p.planType,
        transport: p.transport,
        ...(p.endpoint ? { endpoint: p.endpoint } : {}),
        webhookSecret: secretFor(p.id),
      })),
    ),
  );
  return { dataDir, payersFile };
}

export async function removeDataDir(dataDir: string | undefined): Promise<void> {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

export interface Reply {
  status: number;
  headers: Headers;
  contentType: string;
  body: any;
}

/** A client of one running stack, as a user (bearer token) or a payer (signed webhooks). */
export class StackClient {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async api(
    method: string,
    path: string,
    options: {
      body?: unknown;
      raw?: string;
      headers?: Record<string, string>;
      auth?: boolean;
      timeoutMs?: number;
    } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.auth !== false) headers.authorization = `Bearer ${this.token}`;
    let body: string | undefined = options.raw;
    if (body === undefined && options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    const contentType = res.headers.get('content-type') ?? '';
    const text = await res.text();
    let parsed: unknown = text;
    if (contentType.includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, headers: res.headers, contentType, body: parsed };
  }

  /** Submits once with an Idempotency-Key, retrying 5xx/503/network errors as a careful client would. */
  async submit(
    request: unknown,
    idempotencyKey = `key-${randomUUID()}`,
    deadlineMs = 90_000,
  ): Promise<string> {
    const until = Date.now() + deadlineMs;
    let last = '';
    while (Date.now() < until) {
      try {
        const res = await this.api('POST', '/v1/prior-auths', {
          body: request,
          headers: { 'idempotency-key': idempotencyKey },
        });
        if (res.status === 202) return res.body.caseId as string;
        last = `${res.status} ${JSON.stringify(res.body)}`;
        if (res.status < 500 && res.status !== 429) throw new Error(`submit refused: ${last}`);
        await sleep(retryAfterMs(res));
      } catch (error) {
        if ((error as Error).message.startsWith('submit refused')) throw error;
        last = (error as Error).message;
        await sleep(250);
      }
    }
    throw new Error(`submit did not succeed: ${last}`);
  }

  async getCase(caseId: string): Promise<any> {
    const res = await this.api('GET', `/v1/prior-auths/${caseId}`);
    if (res.status !== 200) throw new Error(`GET ${caseId} answered ${res.status}`);
    return res.body;
  }

  /** Polls until `done` holds; transient errors (a paused store, a restart) are waited out. */
  async waitForCase(caseId: string, done: (c: any) => boolean, timeoutMs = 60_000): Promise<any> {
    const until = Date.now() + timeoutMs;
    let last: any;
    while (Date.now() < until) {
      try {
        last = await this.getCase(caseId);
        if (done(last)) return last;
      } catch {
        // a 5xx while the store is away: try again
      }
      await sleep(150);
    }
    throw new Error(`case ${caseId} did not reach the expected state; last status ${last?.status}`);
  }

  async waitForAll(caseIds: string[], done: (c: any) => boolean, timeoutMs = 90_000): Promise<any[]> {
    // A few at a time: the machine has 2 cores and the stack bounds requests in flight.
    const results: any[] = new Array(caseIds.length);
    let next = 0;
    const worker = async () => {
      while (next < caseIds.length) {
        const i = next++;
        results[i] = await this.waitForCase(caseIds[i]!, done, timeoutMs);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    return results;
  }

  /** A signed delivery, as a payer sends it (Standard Webhooks). */
  async postWebhook(payerId: string, payload: unknown, webhookId = `msg_${randomUUID()}`): Promise<Reply> {
    const raw = JSON.stringify(payload);
    const headers = webhookHeaders({
      id: webhookId,
      timestamp: Math.floor(Date.now() / 1000),
      body: raw,
      secret: secretFor(payerId),
    });
    return this.api('POST', `/v1/webhooks/payers/${payerId}`, {
      raw,
      headers: { ...headers, 'content-type': 'application/json' },
      auth: false,
    });
  }
}

export async function startStack(
  dataDir: string,
  env: Record<string, string>,
): Promise<{ stack: StackProcess; client: StackClient }> {
  const stack = await startStackProcess({ dataDir, env, timeoutMs: 120_000 });
  return { stack, client: new StackClient(stack.url, stack.token) };
}

export function requestFor(payerId: string, planType: string): Record<string, any> {
  const r = structuredClone(exampleRequest);
  r.coverage.payerId = payerId;
  r.coverage.planType = planType;
  return r;
}

export function decision(
  caseId: string,
  outcome: 'approved' | 'denied' | 'pended',
  occurredAt = new Date().toISOString(),
) {
  return decisionWebhook(caseId, outcome, {}, occurredAt);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function retryAfterMs(reply: { headers: Headers }): number {
  const seconds = Number(reply.headers.get('retry-after') ?? '1');
  return Math.max(100, Math.min(5_000, (Number.isFinite(seconds) ? seconds : 1) * 1000));
}

/** How often a history event occurs (applied only, for payer events). */
export function countEvents(c: any, event: string, appliedOnly = false): number {
  return c.history.filter((h: any) => h.event === event && (!appliedOnly || h.applied === true)).length;
}

/** The invariants every case keeps whatever failed: one packet, one submission at most. */
export function doubled(c: any): string[] {
  const faults: string[] = [];
  const packets = c.documents.filter((d: any) => d.kind === 'packet').length;
  if (packets > 1) faults.push(`${packets} packet documents`);
  if (countEvents(c, 'packet.assembled') > 1) faults.push('packet.assembled twice');
  if (countEvents(c, 'prior_auth.submitted') > 1) faults.push('prior_auth.submitted twice');
  const applied = c.history.filter((h: any) => h.applied === true).map((h: any) => h.eventId);
  if (new Set(applied).size !== applied.length) faults.push('a payer event applied twice');
  const remedies = c.history.filter((h: any) =>
    ['appeal.ready', 'corrected_claim.ready', 'appeal.not_recommended'].includes(h.event),
  );
  const remedyEvents = remedies.map((h: any) => h.eventId);
  if (new Set(remedyEvents).size !== remedyEvents.length)
    faults.push('a remedy composed twice for one denial');
  const appealIds = c.appeals.map((a: any) => a.appealId);
  if (new Set(appealIds).size !== appealIds.length) faults.push('an appeal listed twice');
  return faults;
}

export type PasBehaviour = 'approve' | 'hang' | 'error500' | { failFirst: number };

/**
 * A stand-in payer with a Da Vinci PAS endpoint (POST {endpoint}/Claim/$submit). Each request is
 * counted per case (the case id is read from the PAS Bundle); the behaviour can change at any time.
 */
export function standInPasPayer() {
  let behaviour: PasBehaviour = 'approve';
  const perCase = new Map<string, number>();
  const held = new Set<ServerResponse>();
  let requests = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests++;
      const caseId = /pa_[0-9a-z]{26}/.exec(Buffer.concat(chunks).toString('utf8'))?.[0] ?? 'unknown';
      const seen = (perCase.get(caseId) ?? 0) + 1;
      perCase.set(caseId, seen);
      const mode = behaviour;
      if (mode === 'hang') {
        held.add(res);
        res.once('close', () => held.delete(res));
        return;
      }
      if (mode === 'error500' || (typeof mode === 'object' && seen <= mode.failFirst)) {
        res
          .writeHead(500, { 'content-type': 'application/fhir+json' })
          .end('{"resourceType":"OperationOutcome"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(pasApproved);
    });
  });
  return {
    server,
    setBehaviour(next: PasBehaviour) {
      behaviour = next;
    },
    requestsFor: (caseId: string) => perCase.get(caseId) ?? 0,
    get requests() {
      return requests;
    },
    /** Cuts every held connection (as a payer's load balancer would). */
    dropHeld() {
      for (const res of held) res.destroy();
      held.clear();
    },
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close(): Promise<void> {
      for (const res of held) res.destroy();
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Runs `work` over `items` with at most `limit` at once. */
export async function inBatches<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
) {
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
