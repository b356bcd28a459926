/**
 * `pa rotate` against a running local stack of its own (a rotation must not change the token of the
 * stack the other e2e files share): during a rotation the old and the new API token (and webhook
 * secret) are both accepted, after --finish only the new one; the stack picks each change up
 * without a restart.
 */
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookHeaders } from '#core/payer/webhook-signature.ts';
import { main } from '../../bin/cli/program.ts';
import { decisionWebhook } from '../fixtures/payer-decision.ts';
import { e2eSecret } from '../support/examples.ts';
import { newWebhookId, StackClient, sleep } from '../support/http-client.ts';
import { type StackProcess, startStackProcess } from '../support/local-stack.ts';

const PAYER = 'manual-commercial';
let stack: StackProcess;
let payersFile: string;

/** Runs `pa <args> --json` in process with the stack's data dir; its JSON answer. */
async function pa(...args: string[]): Promise<Record<string, unknown>> {
  const out: string[] = [];
  const saved = process.env.PA_DATA_DIR;
  process.env.PA_DATA_DIR = stack.dataDir;
  try {
    const code = await main(['node', 'pa', ...args, '--json'], { out: (t) => out.push(t), err: () => {} });
    expect(code, out.join('\n')).toBe(0);
  } finally {
    if (saved === undefined) delete process.env.PA_DATA_DIR;
    else process.env.PA_DATA_DIR = saved;
  }
  return JSON.parse(out.join('\n'));
}

/** The status of GET /v1/prior-auths with a bearer token. */
async function withToken(token: string): Promise<number> {
  return (await new StackClient(stack.url, token).api('GET', '/v1/prior-auths?limit=1')).status;
}

/**
 * The status of a delivery signed with `secret`: a verified signature reaches the case check (404,
 * no such case of the payer, nothing stored), a refused one is the 401 of a bad signature.
 */
async function signedWith(secret: string): Promise<number> {
  const raw = JSON.stringify(decisionWebhook('case_00000000000000000000000000', 'approved'));
  const headers = webhookHeaders({
    id: newWebhookId(),
    timestamp: Math.floor(Date.now() / 1000),
    body: raw,
    secret,
  });
  const reply = await new StackClient(stack.url, '').api('POST', `/v1/webhooks/payers/${PAYER}`, {
    raw,
    headers: { ...headers, 'content-type': 'application/json' },
    auth: false,
  });
  return reply.status;
}

/** `status()` until it is `expected` (the registry file is looked at once a second), or its last value. */
async function settles(status: () => Promise<number>, expected: number): Promise<number> {
  let last = await status();
  for (let i = 0; i < 20 && last !== expected; i++) {
    await sleep(250);
    last = await status();
  }
  return last;
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pa-rotate-'));
  payersFile = join(dir, 'payers.json');
  await copyFile(new URL('../fixtures/e2e-payers.json', import.meta.url), payersFile);
  stack = await startStackProcess({ env: { PA_API_TOKEN: '', PA_PAYERS_FILE: payersFile } });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('pa rotate api-token', () => {
  it('accepts the old and the new token during the rotation, and only the new one after --finish', async () => {
    // Prepare
    const old = stack.token;
    expect(await withToken(old)).toBe(200);
    // Act
    const started = await pa('rotate', 'api-token');
    const next = String(started.token);
    const duringOld = await withToken(old);
    const duringNew = await withToken(next);
    const finished = await pa('rotate', 'api-token', '--finish');
    // Assess
    expect(next).not.toBe(old);
    expect(started.previousAccepted).toBe(true);
    expect([duringOld, duringNew]).toEqual([200, 200]);
    expect(finished).toMatchObject({ token: next, previousAccepted: false });
    expect(await withToken(old)).toBe(401);
    expect(await withToken(next)).toBe(200);
  }, 60_000);
});

describe('pa rotate webhook-secret', () => {
  it("accepts deliveries signed with the payer's old and new secret during the rotation, only the new after --finish", async () => {
    // Prepare
    const old = e2eSecret(PAYER) as string;
    expect(await signedWith(old)).toBe(404);
    // Act
    const started = await pa('rotate', 'webhook-secret', '--payer', PAYER, '--payers-file', payersFile);
    const next = String(started.webhookSecret);
    const duringNew = await settles(() => signedWith(next), 404);
    const duringOld = await signedWith(old);
    await pa('rotate', 'webhook-secret', '--payer', PAYER, '--payers-file', payersFile, '--finish');
    const afterOld = await settles(() => signedWith(old), 401);
    // Assess
    expect(next).toMatch(/^whsec_/);
    expect([duringOld, duringNew]).toEqual([404, 404]);
    expect(afterOld).toBe(401);
    expect(await signedWith(next)).toBe(404);
  }, 60_000);

  it('names an unknown payer and changes nothing', async () => {
    // Act
    const out: string[] = [];
    const code = await main(
      ['node', 'pa', 'rotate', 'webhook-secret', '--payer', 'no-such-payer', '--payers-file', payersFile],
      { out: (t) => out.push(t), err: (t) => out.push(t) },
    );
    // Assess
    expect(code).toBe(3);
    expect(out.join('\n')).toMatch(/no payer no-such-payer/);
  });
});
