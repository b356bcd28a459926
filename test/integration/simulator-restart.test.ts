/**
 * Issue 15 point 6: the payer simulator's callbacks are scheduled durably. A demo payer's case is
 * submitted, the stack is SIGKILLed while its answer waits in DeliverSimulatedAnswer, then restarted
 * on the same data dir: the sweep at start schedules the answer again under its webhook-id, and the
 * decision arrives exactly once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { requestFor } from '../support/examples.ts';
import { StackClient } from '../support/http-client.ts';
import { startStackProcess } from '../support/local-stack.ts';
import { dataDirWithPayers } from '../support/stand-in-payers.ts';

/** A simulator payer that approves after `latencyMs`: long enough to kill the stack before it answers. */
function simulatorDataDir(latencyMs: number) {
  const { dataDir, payersFile } = dataDirWithPayers([
    { id: 'sim-payer', planType: 'commercial', transport: 'simulator' },
  ]);
  const payers = JSON.parse(readFileSync(payersFile, 'utf8')) as Array<Record<string, unknown>>;
  const withOptions = payers.map((p) => ({
    ...p,
    options: { simulator: { outcome: 'approved', latencyMs } },
  }));
  writeFileSync(payersFile, JSON.stringify(withOptions));
  return { dataDir, payersFile };
}

describe('the simulator across a crash', () => {
  it('delivers the decision of a case whose stack was killed before the answer, exactly once', async () => {
    // Prepare: a stack whose simulator answers 4 s after the submission.
    const { dataDir, payersFile } = simulatorDataDir(4_000);
    const env = { PA_PAYERS_FILE: payersFile, PA_SWEEP_INTERVAL_MS: '600000' };
    const first = await startStackProcess({ dataDir, env });
    const client = new StackClient(first.url, first.token);
    const caseId = await client.submit(requestFor('sim-payer', 'commercial'));
    await client.waitForCase(caseId, (c) => c.status === 'SUBMITTED');

    // Act: kill it while the answer waits, restart on the same data.
    await first.kill('SIGKILL');
    const second = await startStackProcess({ dataDir, env });
    try {
      const c = await new StackClient(second.url, second.token).waitForCase(
        caseId,
        (x) => x.status === 'APPROVED',
        30_000,
      );

      // Assess: approved by the simulator, the decision applied once, submitted once.
      const count = (event: string) => c.history.filter((h: any) => h.event === event).length;
      expect(c.status).toBe('APPROVED');
      expect(c.decision.authorizationNumber).toMatch(/^SIM-/);
      expect(count('prior_auth.submitted')).toBe(1);
      expect(c.history.filter((h: any) => h.event === 'prior_auth.decision' && h.applied)).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const later = await new StackClient(second.url, second.token).getCase(caseId);
      expect(later.history.filter((h: any) => h.event === 'prior_auth.decision')).toHaveLength(
        c.history.filter((h: any) => h.event === 'prior_auth.decision').length,
      );
    } finally {
      await second.stop();
    }
  }, 120_000);
});
