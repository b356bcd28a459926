/**
 * A crash mid-workflow loses nothing and doubles nothing: the stack is SIGKILLed while its
 * SubmitToPayer step waits on a payer, then restarted on the same data dir; the re-drive at start
 * finishes the case exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFor } from '../support/examples.ts';
import { StackClient } from '../support/http-client.ts';
import { startStackProcess } from '../support/local-stack.ts';
import { dataDirWithPayers, standInPasPayer } from '../support/stand-in-payers.ts';

describe('re-drive after a crash', () => {
  const payer = standInPasPayer();
  let dataDir: string;
  let payersFile: string;

  beforeAll(async () => {
    const endpoint = await payer.listen();
    ({ dataDir, payersFile } = dataDirWithPayers([
      { id: 'pas-payer', planType: 'commercial', transport: 'fhir-pas', endpoint },
    ]));
  });

  afterAll(async () => {
    await payer.close();
  });

  it('finishes a case whose stack was killed mid-workflow exactly once', async () => {
    // Prepare: a stack whose payer hangs on the submission.
    const env = { PA_PAYERS_FILE: payersFile, PA_SWEEP_INTERVAL_MS: '600000' };
    const first = await startStackProcess({ dataDir, env });
    payer.setBehaviour('hang');
    const caseId = await new StackClient(first.url, first.token).submit(
      requestFor('pas-payer', 'commercial'),
    );

    // Act: kill it while SubmitToPayer waits on the payer, let the payer answer, restart.
    await payer.firstRequest;
    await first.kill('SIGKILL');
    payer.dropHeld();
    payer.setBehaviour('approve');
    const second = await startStackProcess({ dataDir, env });
    try {
      const c = await new StackClient(second.url, second.token).waitForCase(
        caseId,
        (x) => x.status === 'APPROVED',
      );

      // Assess: finished, and every step's effect recorded once.
      const count = (event: string) => c.history.filter((h: any) => h.event === event).length;
      expect(c.status).toBe('APPROVED');
      expect(c.decision.authorizationNumber).toBeTruthy();
      expect(count('packet.assembled')).toBe(1);
      expect(count('prior_auth.submitted')).toBe(1);
      expect(c.history.filter((h: any) => h.event === 'prior_auth.decision' && h.applied)).toHaveLength(1);
      expect(count('workflow.redriven')).toBeGreaterThanOrEqual(1);
      expect(c.documents.filter((d: any) => d.kind === 'packet')).toHaveLength(1);
      expect(payer.requests).toBe(2);
    } finally {
      await second.stop();
    }
  }, 120_000);
});
