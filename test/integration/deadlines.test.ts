/**
 * Deadlines against the product's clock (PA_CLOCK): a stack restarted with "now" days later
 * flags the payer decision that is overdue and the appeal that nears its deadline, in the case
 * history and the worklist.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decisionWebhook } from '../fixtures/payer-decision.ts';
import { E2E_PAYERS_FILE, e2eSecret, requestFor } from '../support/examples.ts';
import { StackClient } from '../support/http-client.ts';
import { startStackProcess } from '../support/local-stack.ts';

describe('deadline sweep', () => {
  it('flags an overdue payer decision and an appeal due within 14 days', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pa-deadlines-'));
    const env = { PA_PAYERS_FILE: E2E_PAYERS_FILE, PA_SWEEP_INTERVAL_MS: '600000' };
    const first = await startStackProcess({ dataDir, env });
    let awaiting: string;
    let denied: any;
    try {
      // Prepare: one case waiting on a Medicare Advantage plan (72 h), one denied by a commercial plan (180 days to appeal).
      const client = new StackClient(first.url, first.token, { secretFor: e2eSecret });
      awaiting = await client.submit(requestFor('manual-ma'));
      const deniedId = await client.submit(requestFor('manual-commercial'));
      await client.waitForCase(awaiting, (c) => c.status === 'SUBMITTED');
      await client.waitForCase(deniedId, (c) => c.status === 'SUBMITTED');
      const delivered = await client.postWebhook('manual-commercial', decisionWebhook(deniedId, 'denied'));
      expect(delivered.status).toBe(202);
      denied = await client.waitForCase(deniedId, (c) => c.status === 'APPEAL_READY');
    } finally {
      await first.stop();
    }

    // Act: restart with the clock 10 days before the appeal deadline.
    const dueAt = Date.parse(denied.appeals[0].dueAt);
    const later = new Date(dueAt - 10 * 24 * 3600 * 1000).toISOString();
    const second = await startStackProcess({ dataDir, env: { ...env, PA_CLOCK: later } });
    try {
      const client = new StackClient(second.url, second.token);
      const overdue = await client.waitForCase(awaiting, (c) => c.flags.length > 0);
      const nearing = await client.waitForCase(denied.caseId, (c) => c.flags.length > 0);
      const worklist = await client.worklist();

      // Assess
      expect(overdue.flags).toContain('DECISION_OVERDUE');
      expect(overdue.history.map((h: any) => h.event)).toContain('deadline.decision_overdue');
      expect(nearing.flags).toContain('APPEAL_DUE_14D');
      expect(worklist.find((i: any) => i.caseId === awaiting).flags).toContain('DECISION_OVERDUE');
    } finally {
      await second.stop();
    }
  }, 180_000);
});
