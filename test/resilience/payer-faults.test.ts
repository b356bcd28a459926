/**
 * A payer endpoint that fails: the workflow retries with backoff (PA_RETRY_INTERVAL_MS shortens
 * the waits, not their number), then records SUBMISSION_FAILED with the reason in the history;
 * one that fails twice and then answers ends decided with one submission recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countEvents,
  dataDirWithPayers,
  doubled,
  inBatches,
  removeDataDir,
  requestFor,
  type StackClient,
  standInPasPayer,
  startStack,
} from './support.ts';

/** lib/workflows.ts: SubmitToPayer retries PayerUnavailableError 4 times: 5 calls in all. */
const CALLS_BEFORE_GIVING_UP = 5;
const CASES_PER_PAYER = 3;

describe('a payer that times out, fails or recovers', () => {
  const timingOut = standInPasPayer();
  const failing = standInPasPayer();
  const recovering = standInPasPayer();
  let dataDir: string;
  let stop: () => Promise<void> = async () => {};
  let client: StackClient;
  const submitted: Record<'timeout' | 'error500' | 'recovers', string[]> = {
    timeout: [],
    error500: [],
    recovers: [],
  };

  beforeAll(async () => {
    timingOut.setBehaviour('hang');
    failing.setBehaviour('error500');
    recovering.setBehaviour({ failFirst: 2 });
    const made = dataDirWithPayers([
      {
        id: 'pas-timeout',
        planType: 'commercial',
        transport: 'fhir-pas',
        endpoint: await timingOut.listen(),
      },
      { id: 'pas-500', planType: 'commercial', transport: 'fhir-pas', endpoint: await failing.listen() },
      {
        id: 'pas-recovers',
        planType: 'commercial',
        transport: 'fhir-pas',
        endpoint: await recovering.listen(),
      },
    ]);
    dataDir = made.dataDir;
    const started = await startStack(dataDir, {
      PA_PAYERS_FILE: made.payersFile,
      PA_RETRY_INTERVAL_MS: '100',
      PA_SWEEP_INTERVAL_MS: '600000',
    });
    client = started.client;
    stop = () => started.stack.stop();
    const each = Array.from({ length: CASES_PER_PAYER });
    // Every case is submitted at once: the timeouts (10 s a call) run side by side.
    [submitted.timeout, submitted.error500, submitted.recovers] = await Promise.all([
      inBatches(each, 3, () => client.submit(requestFor('pas-timeout', 'commercial'))),
      inBatches(each, 3, () => client.submit(requestFor('pas-500', 'commercial'))),
      inBatches(each, 3, () => client.submit(requestFor('pas-recovers', 'commercial'))),
    ]);
  }, 180_000);

  afterAll(async () => {
    await stop();
    await Promise.all([timingOut.close(), failing.close(), recovering.close()]);
    await removeDataDir(dataDir);
  });

  it.each([
    { fault: 'error500' as const, payer: failing, reason: /HTTP 500/ },
    { fault: 'timeout' as const, payer: timingOut, reason: /did not answer within \d+ ms/ },
  ])(
    'a payer that keeps failing ($fault): retries, then SUBMISSION_FAILED with the reason',
    async ({ fault, payer, reason }) => {
      // Act
      const cases = await client.waitForAll(
        submitted[fault],
        (c) => c.status === 'SUBMISSION_FAILED',
        120_000,
      );

      // Assess: every call made, the reason recorded, nothing submitted, nothing lost.
      for (const c of cases) {
        expect(payer.requestsFor(c.caseId)).toBe(CALLS_BEFORE_GIVING_UP);
        const failed = c.history.filter((h: any) => h.event === 'prior_auth.submission_failed');
        expect(failed).toHaveLength(1);
        expect(failed[0].detail).toMatch(reason);
        expect(countEvents(c, 'prior_auth.submitted')).toBe(0);
        expect(c.documents.filter((d: any) => d.kind === 'packet')).toHaveLength(1);
        expect(doubled(c)).toEqual([]);
      }
      const worklist = await client.worklist('status=SUBMISSION_FAILED');
      const listed = new Set(worklist.map((i: any) => i.caseId));
      expect(submitted[fault].filter((id) => !listed.has(id))).toEqual([]);
    },
    150_000,
  );

  it('a payer that fails twice and then answers: decided, with one submission recorded', async () => {
    // Act
    const cases = await client.waitForAll(submitted.recovers, (c) => c.status === 'APPROVED', 60_000);

    // Assess
    for (const c of cases) {
      expect(recovering.requestsFor(c.caseId)).toBe(3);
      expect(countEvents(c, 'prior_auth.submitted')).toBe(1);
      expect(countEvents(c, 'prior_auth.submission_failed')).toBe(0);
      expect(countEvents(c, 'prior_auth.decision', true)).toBe(1);
      expect(c.decision.outcome).toBe('approved');
      expect(doubled(c)).toEqual([]);
    }
  }, 90_000);
});
