/**
 * Deadlines against the product's clock (PA_CLOCK): a stack restarted with "now" days later
 * flags the payer decision that is overdue and the appeal that nears its deadline, in the case
 * history and the worklist.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { webhookHeaders } from '#core/payer/webhook-signature.ts';
import { startStackProcess } from '../support/local-stack.ts';

const payersFile = new URL('../fixtures/e2e-payers.json', import.meta.url).pathname;
const payers = JSON.parse(readFileSync(payersFile, 'utf8')) as Array<{
  id: string;
  webhookSecret: string;
  planType: string;
}>;
const example = JSON.parse(
  readFileSync(new URL('../fixtures/prior-auth-request.json', import.meta.url), 'utf8'),
);

describe('deadline sweep', () => {
  it('flags an overdue payer decision and an appeal due within 14 days', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pa-deadlines-'));
    const env = { PA_PAYERS_FILE: payersFile, PA_SWEEP_INTERVAL_MS: '600000' };
    const first = await startStackProcess({ dataDir, env });
    const call = async (
      url: string,
      token: string,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      return (await res.json()) as any;
    };
    const waitFor = async (url: string, token: string, caseId: string, done: (c: any) => boolean) => {
      for (let i = 0; i < 300; i++) {
        const c = await call(url, token, 'GET', `/v1/prior-auths/${caseId}`);
        if (done(c)) return c;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`case ${caseId} did not get there`);
    };
    let awaiting: string;
    let denied: any;
    try {
      // Prepare: one case waiting on a Medicare Advantage plan (72 h), one denied by a commercial plan (180 days to appeal).
      const ma = payers.find((p) => p.id === 'manual-ma')!;
      const commercial = payers.find((p) => p.id === 'manual-commercial')!;
      awaiting = (
        await call(first.url, first.token, 'POST', '/v1/prior-auths', {
          ...example,
          coverage: { ...example.coverage, payerId: ma.id, planType: ma.planType },
        })
      ).caseId;
      const deniedId = (
        await call(first.url, first.token, 'POST', '/v1/prior-auths', {
          ...example,
          coverage: { ...example.coverage, payerId: commercial.id, planType: commercial.planType },
        })
      ).caseId;
      await waitFor(first.url, first.token, awaiting, (c) => c.status === 'SUBMITTED');
      await waitFor(first.url, first.token, deniedId, (c) => c.status === 'SUBMITTED');
      const body = JSON.stringify({
        type: 'prior_auth.decision',
        occurredAt: new Date().toISOString(),
        data: {
          caseId: deniedId,
          outcome: 'denied',
          reasons: [{ system: 'CARC', code: '50' }],
          authorizationNumber: null,
          requestedDocuments: [],
        },
      });
      const headers = webhookHeaders({
        id: `msg_${deniedId}`,
        timestamp: Math.floor(Date.now() / 1000),
        body,
        secret: commercial.webhookSecret,
      });
      await call(first.url, 'none', 'POST', `/v1/webhooks/payers/${commercial.id}`, body, headers);
      denied = await waitFor(first.url, first.token, deniedId, (c) => c.status === 'APPEAL_READY');
    } finally {
      await first.stop();
    }

    // Act: restart with the clock 10 days before the appeal deadline.
    const dueAt = Date.parse(denied.appeals[0].dueAt);
    const later = new Date(dueAt - 10 * 24 * 3600 * 1000).toISOString();
    const second = await startStackProcess({ dataDir, env: { ...env, PA_CLOCK: later } });
    try {
      const overdue = await waitFor(second.url, second.token, awaiting, (c) => c.flags.length > 0);
      const nearing = await waitFor(second.url, second.token, denied.caseId, (c) => c.flags.length > 0);
      const worklist = await call(second.url, second.token, 'GET', '/v1/prior-auths?limit=100');

      // Assess
      expect(overdue.flags).toContain('DECISION_OVERDUE');
      expect(overdue.history.map((h: any) => h.event)).toContain('deadline.decision_overdue');
      expect(nearing.flags).toContain('APPEAL_DUE_14D');
      expect(worklist.items.find((i: any) => i.caseId === awaiting).flags).toContain('DECISION_OVERDUE');
    } finally {
      await second.stop();
    }
  }, 180_000);
});
