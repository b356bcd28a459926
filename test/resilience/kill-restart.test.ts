/**
 * SIGKILL mid-load, then a restart on the same data dir: the re-drive at start finishes every
 * case, nothing is lost (every accepted caseId exists and reaches its final state) and nothing is
 * doubled (one packet, one submission, each webhook applied once, one remedy per denial).
 *
 * At the kill, 40 cases are in flight: 7 wait on a PAS payer that hangs (holding 7 of the 8
 * execution slots of the local engine), 10 denials and 10 approvals were stored as webhooks (most
 * not applied yet: they crawl through the one slot left), and 13 fresh submissions are in or
 * before their packet step. The restarted stack is
 * killed again right after it is ready, with its re-drive under way; the third start finishes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countEvents,
  dataDirWithPayers,
  decision,
  doubled,
  inBatches,
  removeDataDir,
  requestFor,
  standInPasPayer,
  startStack,
  submittedCases,
} from './support.ts';

/** Hung PAS calls hold 7 of the local engine's 8 execution slots: the rest crawls through one. */
const PAS_CASES = 7;

describe('a stack killed mid-load and restarted (twice)', () => {
  const payer = standInPasPayer();
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const endpoint = await payer.listen();
    const made = dataDirWithPayers([
      { id: 'pas-payer', planType: 'commercial', transport: 'fhir-pas', endpoint },
      { id: 'manual-payer', planType: 'commercial', transport: 'manual' },
    ]);
    dataDir = made.dataDir;
    // The timer sweep stays out of the way: only the re-drive at start may finish the work.
    env = { PA_PAYERS_FILE: made.payersFile, PA_SWEEP_INTERVAL_MS: '600000', PA_RETRY_INTERVAL_MS: '100' };
  });

  /** Every stack started here: one left running by a failed test is killed, not orphaned. */
  const started: Array<Awaited<ReturnType<typeof startStack>>> = [];
  const start = async (): Promise<Awaited<ReturnType<typeof startStack>>> => {
    const stack = await startStack(dataDir, env);
    started.push(stack);
    return stack;
  };

  afterAll(async () => {
    for (const { stack } of started)
      if (stack.proc.exitCode === null && stack.proc.signalCode === null) await stack.kill();
    await payer.close();
    await removeDataDir(dataDir);
  });

  it('finishes every case exactly once after the restart', async () => {
    // Prepare: 20 manual cases submitted, then 7 PAS cases stuck on a hanging payer.
    const first = await start();
    const manual = await submittedCases(first.client, 20);
    payer.setBehaviour('hang');
    const pas = await inBatches(Array.from({ length: PAS_CASES }), PAS_CASES, () =>
      first.client.submit(requestFor('pas-payer', 'commercial')),
    );
    const until = Date.now() + 30_000;
    while (pas.some((id) => payer.requestsFor(id) === 0) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 100));

    // Act: decisions for the manual cases (stored, mostly not applied), 13 fresh submissions,
    // then SIGKILL with all of it in flight.
    const denied = manual.slice(0, 10);
    const approved = manual.slice(10);
    const deliveries = manual.map((caseId, i) => ({
      caseId,
      webhookId: `msg_kill_${i}`,
      payload: decision(caseId, i < 10 ? 'denied' : 'approved'),
    }));
    const answers = await inBatches(deliveries, 8, (d) =>
      first.client.postWebhook('manual-payer', d.payload, d.webhookId),
    );
    const fresh = await inBatches(Array.from({ length: 13 }), 8, () =>
      first.client.submit(requestFor('manual-payer', 'commercial')),
    );
    const atKill = await first.client.worklist();
    await first.stack.kill('SIGKILL');
    payer.dropHeld();
    payer.setBehaviour('approve');

    // A second crash 300 ms after the restart is ready (its re-drive at start under way), then
    // the restart that stays.
    const interrupted = await start();
    await new Promise((r) => setTimeout(r, 300));
    await interrupted.stack.kill('SIGKILL');
    const second = await start();
    try {
      // A payer redelivers every decision (at-least-once): each must be a duplicate now.
      const redelivered = await inBatches(deliveries, 8, (d) =>
        second.client.postWebhook('manual-payer', d.payload, d.webhookId),
      );
      const finalDenied = await second.client.waitForAll(denied, (c) => c.status === 'APPEAL_READY');
      const finalApproved = await second.client.waitForAll(approved, (c) => c.status === 'APPROVED');
      const finalPas = await second.client.waitForAll(pas, (c) => c.status === 'APPROVED');
      const finalFresh = await second.client.waitForAll(fresh, (c) => c.status === 'SUBMITTED');

      // Assess: the kill did cut work mid-way, and yet nothing is lost, nothing doubled.
      const statusAtKill = new Map<string, string>(atKill.map((i: any) => [i.caseId, i.status]));
      const unfinished = (ids: string[], final: string) => ids.filter((id) => statusAtKill.get(id) !== final);
      expect(unfinished(denied, 'APPEAL_READY').length).toBeGreaterThan(0);
      expect(unfinished(pas, 'APPROVED')).toHaveLength(PAS_CASES);
      expect(unfinished(fresh, 'SUBMITTED').length).toBeGreaterThan(0);
      expect(answers.map((a) => a.status)).toEqual(deliveries.map(() => 202));
      expect(redelivered.map((a) => a.status)).toEqual(deliveries.map(() => 200));
      const all = [...finalDenied, ...finalApproved, ...finalPas, ...finalFresh];
      expect(new Set(all.map((c) => c.caseId)).size).toBe(40);
      expect(all.flatMap((c) => doubled(c).map((fault) => `${c.caseId}: ${fault}`))).toEqual([]);
      for (const c of all) {
        expect(c.documents.filter((d: any) => d.kind === 'packet')).toHaveLength(1);
        expect(countEvents(c, 'prior_auth.submitted')).toBe(1);
      }
      for (const c of [...finalDenied, ...finalApproved, ...finalPas])
        expect(countEvents(c, 'prior_auth.decision', true)).toBe(1);
      for (const c of finalDenied) {
        expect(c.appeals).toHaveLength(1);
        expect(countEvents(c, 'appeal.ready')).toBe(1);
      }
      for (const c of finalPas) expect(payer.requestsFor(c.caseId)).toBeGreaterThanOrEqual(2);
      expect(all.some((c) => countEvents(c, 'workflow.redriven') > 0)).toBe(true);
    } finally {
      await second.stack.stop();
    }
  }, 300_000);
});
