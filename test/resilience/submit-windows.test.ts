/**
 * SubmitToPayer killed in each of its crash windows, then restarted on the same data dir: the
 * payer has ONE submission (a re-post carries the same Idempotency-Key and body, which the payer
 * deduplicates) and the case ONE decision.
 *
 * The stack stops at the window (PA_TEST_PAUSE_AT, lambdas/adapters/test-pause.ts) and is
 * SIGKILLed there; the restart runs without the knob, and its re-drive at start finishes the case:
 * - after-payer-post: the payer answered, nothing is recorded: SubmitPriorAuth runs again and
 *   posts the same request again;
 * - after-submission-record: the submission and the payer's answer are recorded (one write), the
 *   answer's HandlePayerEvent never started: the pending event is re-driven.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countEvents,
  dataDirWithPayers,
  doubled,
  pasApproved,
  removeDataDir,
  requestFor,
  sleep,
  startStack,
} from './support.ts';

/**
 * A Da Vinci PAS payer that deduplicates by Idempotency-Key, as a payer's front door would: a
 * request under a key it has seen answers the stored answer and is not a new submission.
 */
function deduplicatingPasPayer() {
  const keysByCase = new Map<string, Set<string>>();
  const requestsByCase = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const caseId = /pa_[0-9a-z]{26}/.exec(Buffer.concat(chunks).toString('utf8'))?.[0] ?? 'unknown';
      const key = String(req.headers['idempotency-key'] ?? `none-${Math.random()}`);
      requestsByCase.set(caseId, (requestsByCase.get(caseId) ?? 0) + 1);
      keysByCase.set(caseId, (keysByCase.get(caseId) ?? new Set()).add(key));
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(pasApproved);
    });
  });
  return {
    submissionsFor: (caseId: string) => keysByCase.get(caseId)?.size ?? 0,
    requestsFor: (caseId: string) => requestsByCase.get(caseId) ?? 0,
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await sleep(100);
  }
}

describe('SubmitToPayer killed in each crash window', () => {
  const payer = deduplicatingPasPayer();
  const cleanups: Array<() => Promise<void>> = [];
  let endpoint: string;

  beforeAll(async () => {
    endpoint = await payer.listen();
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await payer.close();
  });

  it.each([
    { window: 'after-payer-post', requests: 2 },
    { window: 'after-submission-record', requests: 1 },
  ])(
    'killed $window: one submission at the payer, one decision',
    async ({ window, requests }) => {
      // Prepare: a stack that stops SubmitToPayer at the window.
      const made = dataDirWithPayers([
        { id: 'pas-dedup', planType: 'commercial', transport: 'fhir-pas', endpoint },
      ]);
      const env = {
        PA_PAYERS_FILE: made.payersFile,
        PA_SWEEP_INTERVAL_MS: '600000',
        PA_RETRY_INTERVAL_MS: '100',
      };
      const first = await startStack(made.dataDir, { ...env, PA_TEST_PAUSE_AT: window });
      cleanups.push(async () => {
        if (first.stack.proc.exitCode === null && first.stack.proc.signalCode === null)
          await first.stack.kill();
        await removeDataDir(made.dataDir);
      });
      const caseId = await first.client.submit(requestFor('pas-dedup', 'commercial'));

      // Act: SIGKILL once the step stands in the window, then a restart without the pause.
      await until(() => payer.requestsFor(caseId) === 1, 'the payer got the request');
      if (window === 'after-submission-record')
        await until(async () => (await first.client.getCase(caseId)).status === 'SUBMITTED', 'recorded');
      else await sleep(1_000);
      const atKill = await first.client.getCase(caseId);
      await first.stack.kill('SIGKILL');
      const second = await startStack(made.dataDir, env);
      cleanups.push(() => second.stack.stop());
      const [final] = await second.client.waitForAll([caseId], (c) => c.status === 'APPROVED');

      // Assess
      expect(atKill.status).toBe(window === 'after-payer-post' ? 'PACKET_READY' : 'SUBMITTED');
      expect(payer.requestsFor(caseId)).toBe(requests);
      expect(payer.submissionsFor(caseId)).toBe(1);
      expect(countEvents(final, 'prior_auth.submitted')).toBe(1);
      expect(countEvents(final, 'prior_auth.decision', true)).toBe(1);
      expect(doubled(final)).toEqual([]);
    },
    300_000,
  );
});
