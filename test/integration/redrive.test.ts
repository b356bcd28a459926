/**
 * A crash mid-workflow loses nothing and doubles nothing: the stack is SIGKILLed while its
 * SubmitToPayer step waits on a payer, then restarted on the same data dir; the re-drive at start
 * finishes the case exactly once.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStackProcess } from '../support/local-stack.ts';

const approved = readFileSync(new URL('../fixtures/pas/response-a1-approved.json', import.meta.url), 'utf8');
const example = JSON.parse(
  readFileSync(new URL('../fixtures/prior-auth-request.json', import.meta.url), 'utf8'),
);

/** A stand-in payer with a Da Vinci PAS endpoint: it hangs while told to, then approves. */
function standInPayer() {
  let seen: () => void = () => {};
  const firstRequest = new Promise<void>((resolve) => {
    seen = resolve;
  });
  const state = { hang: true, requests: 0, firstRequest, seen: () => seen() };
  const held: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      state.requests++;
      state.seen();
      if (state.hang) {
        held.push(res);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(approved);
    });
  });
  return { server, state, held };
}

describe('re-drive after a crash', () => {
  const payer = standInPayer();
  let dataDir: string;
  let payersFile: string;

  beforeAll(async () => {
    await new Promise<void>((r) => payer.server.listen(0, '127.0.0.1', () => r()));
    const port = (payer.server.address() as AddressInfo).port;
    dataDir = mkdtempSync(join(tmpdir(), 'pa-redrive-'));
    payersFile = join(dataDir, 'payers.json');
    writeFileSync(
      payersFile,
      JSON.stringify([
        {
          id: 'pas-payer',
          name: 'Stand-in PAS payer',
          planType: 'commercial',
          transport: 'fhir-pas',
          endpoint: `http://127.0.0.1:${port}`,
          webhookSecret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
        },
      ]),
    );
  });

  afterAll(async () => {
    for (const res of payer.held) res.destroy();
    await new Promise<void>((r) => payer.server.close(() => r()));
  });

  it('finishes a case whose stack was killed mid-workflow exactly once', async () => {
    // Prepare: a stack whose payer hangs on the submission.
    const env = { PA_PAYERS_FILE: payersFile, PA_SWEEP_INTERVAL_MS: '600000' };
    const first = await startStackProcess({ dataDir, env });
    const request = {
      ...example,
      coverage: { ...example.coverage, payerId: 'pas-payer', planType: 'commercial' },
    };
    const res = await fetch(`${first.url}/v1/prior-auths`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    const { caseId } = (await res.json()) as { caseId: string };

    // Act: kill it while SubmitToPayer waits on the payer, let the payer answer, restart.
    await payer.state.firstRequest;
    await first.kill('SIGKILL');
    for (const held of payer.held.splice(0)) held.destroy();
    payer.state.hang = false;
    const second = await startStackProcess({ dataDir, env });
    try {
      let c: any;
      for (let i = 0; i < 300; i++) {
        const got = await fetch(`${second.url}/v1/prior-auths/${caseId}`, {
          headers: { authorization: `Bearer ${second.token}` },
        });
        c = await got.json();
        if (c.status === 'APPROVED') break;
        await new Promise((r) => setTimeout(r, 100));
      }

      // Assess: finished, and every step's effect recorded once.
      const count = (event: string) => c.history.filter((h: any) => h.event === event).length;
      expect(c.status).toBe('APPROVED');
      expect(c.decision.authorizationNumber).toBeTruthy();
      expect(count('packet.assembled')).toBe(1);
      expect(count('prior_auth.submitted')).toBe(1);
      expect(c.history.filter((h: any) => h.event === 'prior_auth.decision' && h.applied)).toHaveLength(1);
      expect(count('workflow.redriven')).toBeGreaterThanOrEqual(1);
      expect(c.documents.filter((d: any) => d.kind === 'packet')).toHaveLength(1);
      expect(payer.state.requests).toBe(2);
    } finally {
      await second.stop();
    }
  }, 120_000);
});
