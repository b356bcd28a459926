/**
 * The course of treatment over HTTP, on a stack of its own restarted with a later clock:
 * approval → three administrations → a claim from each → AUTH_EXPIRING once the clock nears the
 * authorization's end → a continuation (progress notes, the earlier authorization and the doses
 * given) approved by the simulator payer, its packet PDF rendered and read back.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { administration } from '../contract/administrations.contract.ts';
import { E2E_PAYERS_FILE, e2eSecret, requestFor } from '../support/examples.ts';
import { StackClient } from '../support/http-client.ts';
import { startStackProcess } from '../support/local-stack.ts';
import { pdfTextOf } from './pdf-text.ts';

const PAYER = 'sim-auto';
const DOSES = ['2026-08-10', '2026-09-07', '2026-10-05'];
/** A stack of its own on a shared, busy machine: generous waits (not assertions on time). */
const STACK_START_MS = 300_000;
const WAIT_MS = 240_000;
const NOTE = 'CT chest: target lesions 35% smaller than baseline; no new lesions.';

async function pdfText(client: StackClient, documentId: string): Promise<string> {
  const res = await client.api('GET', `/v1/documents/${documentId}`);
  expect(res.status).toBe(200);
  return pdfTextOf(res.body);
}

/** The medication administration record's entry of a dose, as the API takes it. */
function administrationBody(day: string) {
  const { administrationId, administeredAt, route, doseMg, vials, discardedMg, wasteWitness, notes } =
    administration('', `mar-${day}`, { administeredAt: `${day}T14:05:00-05:00` });
  return { administrationId, administeredAt, route, doseMg, vials, discardedMg, wasteWitness, notes };
}

const continuation = {
  progressNotes: [
    { date: '2026-09-30', response: 'stable_disease', adverseEvents: 'Grade 1 fatigue', text: 'CT stable.' },
    { date: '2026-12-28', response: 'partial_response', adverseEvents: 'Grade 1 rash', text: NOTE },
  ],
  treatmentPlan: { startDate: '2027-01-25', administrations: 6 },
};

describe('continuations', () => {
  it('takes an approved course through its doses, AUTH_EXPIRING and a continuation to a second approval', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pa-continuation-'));
    const env = { PA_PAYERS_FILE: E2E_PAYERS_FILE, PA_SWEEP_INTERVAL_MS: '600000' };
    let first: any;
    const claimIds: string[] = [];
    const stack = await startStackProcess({ dataDir, env, timeoutMs: STACK_START_MS });
    try {
      // Prepare: 6 doses every 4 weeks from 2026-08-10, approved by the simulator; three given and claimed.
      const client = new StackClient(stack.url, stack.token, { secretFor: e2eSecret });
      const caseId = await client.submit(
        requestFor(PAYER, (r) => {
          r.treatmentPlan.administrations = 6;
        }),
      );
      first = await client.waitForCase(caseId, (c) => c.status === 'APPROVED', WAIT_MS);
      for (const day of DOSES) {
        const given = await client.api('POST', `/v1/prior-auths/${caseId}/administrations`, {
          body: administrationBody(day),
        });
        expect(given.status).toBe(201);
        expect(given.body.findings.filter((f: any) => f.severity === 'error')).toEqual([]);
        const claim = await client.api(
          'POST',
          `/v1/prior-auths/${caseId}/administrations/${given.body.administrationId}/claim`,
          { body: {} },
        );
        expect(claim.status).toBe(201);
        claimIds.push(claim.body.claimId);
      }
      first = await client.getCase(caseId);
    } finally {
      await stack.stop();
    }

    // Act: the clock 15 days before the authorization ends; the sweep at start flags it, then the continuation.
    const validTo = String(first.decision.validTo).slice(0, 10);
    const later = new Date(Date.parse(`${validTo}T12:00:00Z`) - 15 * 86_400_000).toISOString();
    const restarted = await startStackProcess({
      dataDir,
      env: { ...env, PA_CLOCK: later },
      timeoutMs: STACK_START_MS,
    });
    try {
      const client = new StackClient(restarted.url, restarted.token, { secretFor: e2eSecret });
      const expiring = await client.waitForCase(
        first.caseId,
        (c) => c.flags.includes('AUTH_EXPIRING'),
        WAIT_MS,
      );
      const worklist = await client.worklist();
      const refused = await client.api('POST', `/v1/prior-auths/${first.caseId}/continuations`, {
        body: { ...continuation, progressNotes: [{ date: '2026-12-28', response: 'better' }] },
      });
      const asked = { body: continuation, headers: { 'idempotency-key': `continuation-${first.caseId}` } };
      const res = await client.api('POST', `/v1/prior-auths/${first.caseId}/continuations`, asked);
      const retried = await client.api('POST', `/v1/prior-auths/${first.caseId}/continuations`, asked);
      const second = await client.waitForCase(res.body.caseId, (c) => c.status === 'APPROVED', WAIT_MS);
      const packet = second.documents.find((d: any) => d.kind === 'packet');
      const text = await pdfText(client, packet.documentId);

      // Assess: the first case, its claims and its flag.
      expect(first.status).toBe('APPROVED');
      expect(claimIds).toHaveLength(3);
      expect(first.claims.map((c: any) => c.claimId)).toEqual(expect.arrayContaining(claimIds));
      expect(expiring.flags).toContain('AUTH_EXPIRING');
      expect(worklist.find((i: any) => i.caseId === first.caseId)?.flags).toContain('AUTH_EXPIRING');
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('progressNotes.0.response');
      // The continuation: a new case for the same patient, the course counted whole.
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ caseId: expect.any(String), previousCaseId: first.caseId });
      expect(res.body.caseId).not.toBe(first.caseId);
      expect(retried.body.caseId).toBe(res.body.caseId);
      expect(second.assessment.verdict).toBe('meets_label');
      expect(second.findings.map((f: any) => f.code)).not.toContain('DURATION_EXCEEDS_LABEL');
      // The packet PDF: the continuation section, the earlier authorization, the doses, the notes.
      expect(text).toContain('Continuation of therapy');
      expect(text).toContain(`authorized under case ${first.caseId}`);
      expect(text).toContain(first.decision.authorizationNumber);
      expect(text).toContain('3 administrations given, from 08/10/2026 to 10/05/2026');
      expect(text).toContain('Partial response (PR)');
      expect(text).toContain('Stable disease (SD)');
      expect(text).toContain(NOTE);
      expect(text).toContain('Grade 1 rash');
    } finally {
      await restarted.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 900_000);
});
