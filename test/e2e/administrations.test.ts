/**
 * The course of treatment through the running stack (issue 16): an approval, three
 * administrations (one with an expired lot, stored flagged and not counted), the claims built
 * from them (units, JW/JZ, their findings), the authorization's used units on the case, and
 * AUTH_EXPIRING under a later clock (the stack restarted with PA_CLOCK, its start-up sweep).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decisionWebhook } from '../fixtures/payer-decision.ts';
import { E2E_PAYERS_FILE, e2eSecret, requestFor } from '../support/examples.ts';
import { StackClient } from '../support/http-client.ts';
import { startStackProcess } from '../support/local-stack.ts';

const PAYER = 'manual-commercial';
const V500 = '00310-4611-50';
/** A loaded machine (two stacks, shared cores) starts and moves slowly. */
const START_MS = 240_000;
const WAIT_MS = 120_000;

function administration(day: string, change: Record<string, unknown> = {}) {
  return {
    administeredAt: `${day}T14:05:00-05:00`,
    route: 'IV',
    doseMg: 1500,
    vials: [{ ndc11: V500, lot: 'KX2207', expiresOn: '2027-03-31', count: 3 }],
    discardedMg: 0,
    wasteWitness: null,
    notes: 'Tolerated well; no infusion reaction.',
    ...change,
  };
}

const codes = (findings: Array<{ code: string }>) => findings.map((f) => f.code);

describe('administrations, their claims and the authorization', () => {
  it('records three doses, bills them, counts the units and flags the authorization as it nears its end', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pa-course-'));
    const env = { PA_PAYERS_FILE: E2E_PAYERS_FILE, PA_SWEEP_INTERVAL_MS: '600000' };
    const first = await startStackProcess({ dataDir, env, timeoutMs: START_MS });
    let caseId: string;
    try {
      // Prepare: a case approved for 450 units from 2026-08-01 to 2027-06-30.
      const client = new StackClient(first.url, first.token, { secretFor: e2eSecret });
      caseId = await client.submit(requestFor(PAYER));
      await client.waitForCase(caseId, (c) => c.status === 'SUBMITTED', WAIT_MS);
      const approval = {
        authorizationNumber: 'PA-77001',
        approvedUnits: 450,
        validFrom: '2026-08-01',
        validTo: '2027-06-30',
      };
      expect((await client.postWebhook(PAYER, decisionWebhook(caseId, 'approved', approval))).status).toBe(
        202,
      );
      await client.waitForCase(caseId, (c) => c.status === 'APPROVED', WAIT_MS);
      const post = (path: string, body?: unknown) =>
        client.api('POST', `/v1/prior-auths/${caseId}${path}`, body === undefined ? {} : { body });

      // Act: three administrations, one from an expired lot; a malformed one; the claims.
      const a = await post('/administrations', administration('2026-08-10'));
      const b = await post(
        '/administrations',
        administration('2026-09-07', { doseMg: 1490, discardedMg: 10, wasteWitness: 'RN K. Patel' }),
      );
      const expired = [{ ndc11: V500, lot: 'OLD-19', expiresOn: '2026-09-30', count: 3 }];
      const c = await post('/administrations', administration('2026-10-05', { vials: expired }));
      const bad = await post('/administrations', administration('2026-10-06', { doseMg: -5 }));
      const again = await post('/administrations', administration('2026-08-10'));
      const claimA = await post(`/administrations/${a.body.administrationId}/claim`);
      const claimB = await post(`/administrations/${b.body.administrationId}/claim`);
      const claimC = await post(`/administrations/${c.body.administrationId}/claim`);
      const claimAgain = await post(`/administrations/${a.body.administrationId}/claim`);
      const unknown = await post('/administrations/adm_none/claim');
      const view = await client.getCase(caseId);

      // Assess: the administrations and their findings.
      expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
      expect(a.body.findings).toEqual([]);
      expect(codes(b.body.findings)).toEqual(['DOSE_DIFFERS_FROM_PLAN', 'DOSE_DIFFERS_FROM_PLAN']);
      expect(codes(c.body.findings)).toEqual(['LOT_EXPIRED']);
      expect(c.body.findings[0]).toMatchObject({ severity: 'error', path: 'vials[0].expiresOn' });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('doseMg');
      expect(again).toMatchObject({ status: 200, body: a.body });

      // The claims: JZ for a dose without waste, a JW line for the waste, the expired lot named.
      expect([claimA.status, claimB.status, claimC.status, claimAgain.status, unknown.status]).toEqual([
        201, 201, 201, 200, 404,
      ]);
      expect(claimAgain.body.claimId).toBe(claimA.body.claimId);
      expect(claimA.body.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
      expect(codes(claimC.body.administrationFindings)).toEqual(['LOT_EXPIRED']);
      const stored = new Map(view.claims.map((cl: { claimId: string }) => [cl.claimId, cl]));
      expect(stored.has(claimA.body.claimId) && stored.has(claimB.body.claimId)).toBe(true);
      expect(view.claims).toHaveLength(3);

      // The authorization: the expired lot's dose does not count.
      expect(view.authorization).toEqual({
        number: 'PA-77001',
        validFrom: '2026-08-01',
        validTo: '2027-06-30',
        approvedUnits: 450,
        usedUnits: 299,
        remainingUnits: 151,
      });
      expect(view.flags).not.toContain('AUTH_EXPIRING');
      expect(view.history.map((h: { event: string; detail?: string }) => h.event)).toContain(
        'administration.recorded',
      );
    } finally {
      await first.stop();
    }

    // Act: the stack again, 20 days before the authorization ends.
    const second = await startStackProcess({
      dataDir,
      env: { ...env, PA_CLOCK: '2027-06-10T12:00:00Z' },
      timeoutMs: START_MS,
    });
    try {
      const client = new StackClient(second.url, second.token);
      const flagged = await client.waitForCase(caseId, (c) => c.flags.includes('AUTH_EXPIRING'), WAIT_MS);
      const worklist = await client.worklist();

      // Assess
      expect(
        flagged.history.find((h: { event: string; detail?: string }) => h.event === 'deadline.auth_expiring')
          ?.detail,
      ).toBe('authorization PA-77001 ends 2027-06-30');
      const item = worklist.find((i: { caseId: string }) => i.caseId === caseId);
      expect(item).toMatchObject({ flags: ['AUTH_EXPIRING'], dueAt: '2027-06-30T23:59:59.999Z' });
    } finally {
      await second.stop();
    }
  }, 900_000);
});
