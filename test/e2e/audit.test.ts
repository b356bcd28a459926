/**
 * The audit trail through the running stack (API.md part 2 "Audit events"): two organizations
 * made with the bootstrap token; a staff-and-billing client of the first takes a case through
 * every access of the contract's list (case.create, case.read, worklist.read, document.read,
 * administration.create, claim.create, remittance.create, continuation.create) and the payer's
 * approval (webhook.apply); the other organization's admin is refused the case (denied, under the
 * owner) and sees none of the events; a viewer is refused the audit events (403, denied); the
 * export in CSV and JSON lines; no route changes or deletes an event.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEventView } from '#core/audit/events.ts';
import type { Role } from '#core/identity/roles.ts';
import { administration } from '../contract/administrations.contract.ts';
import { build835 } from '../fixtures/x12/remittance-835.ts';
import { requestFor } from '../support/examples.ts';
import type { StackClient } from '../support/http-client.ts';
import { machineClient } from '../support/machine-client.ts';
import { client, decision, exampleClaim } from './client.ts';

const suffix = Date.now().toString(36);
const ORG_A = `org-audit-a-${suffix}`;
const ORG_B = `org-audit-b-${suffix}`;
const PAYER = 'manual-commercial';

const clientOf = (organizationId: string, roles: Role[]) => machineClient(client(), organizationId, roles);

type Event = AuditEventView;

/** Every event of a query, page after page (a page of 2, so paging is exercised). */
async function allEvents(api: StackClient, query: string): Promise<Event[]> {
  const items: Event[] = [];
  let nextToken: string | null = null;
  do {
    const page = await api.api(
      'GET',
      `/v1/audit-events?limit=2&${query}${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`,
    );
    expect(page.status).toBe(200);
    items.push(...(page.body.items as Event[]));
    nextToken = page.body.nextToken;
  } while (nextToken);
  return items;
}

describe('the audit trail', () => {
  it('records every access of the contract list, visible to the owner organization admins only', async () => {
    for (const id of [ORG_A, ORG_B]) {
      expect((await client().api('POST', '/v1/organizations', { body: { id, name: id } })).status).toBe(201);
    }
    const worker = await clientOf(ORG_A, ['staff', 'billing']);
    const adminA = await clientOf(ORG_A, ['admin']);
    const viewerA = await clientOf(ORG_A, ['viewer']);
    const adminB = await clientOf(ORG_B, ['admin']);
    const since = new Date(Date.now() - 1000).toISOString();

    // Act: every access of the list, by the worker (and the payer's approval).
    const caseId = await worker.api.submit(requestFor(PAYER));
    await worker.api.waitForCase(caseId, (c) => c.status === 'SUBMITTED');
    expect(
      (await client().postWebhook(PAYER, decision(caseId, 'approved', { authorizationNumber: 'PA-55120' })))
        .status,
    ).toBe(202);
    const approved = await worker.api.waitForCase(caseId, (c) => c.status === 'APPROVED');
    expect((await worker.api.api('GET', '/v1/prior-auths')).status).toBe(200);
    const documentId = (approved.documents as Array<{ documentId: string }>)[0]!.documentId;
    expect((await worker.api.api('GET', `/v1/documents/${documentId}`)).status).toBe(200);
    const { administeredAt, route, doseMg, vials, discardedMg, wasteWitness } = administration(
      '',
      'mar-audit',
      {
        administeredAt: '2026-08-10T14:05:00-05:00',
      },
    );
    const given = await worker.api.api('POST', `/v1/prior-auths/${caseId}/administrations`, {
      body: { administeredAt, route, doseMg, vials, discardedMg, wasteWitness },
    });
    expect(given.status).toBe(201);
    const claim = await worker.api.api('POST', `/v1/prior-auths/${caseId}/claims`, { body: exampleClaim });
    expect(claim.status).toBe(201);
    const claimId = claim.body.claimId as string;
    const remittance = await worker.api.api('POST', '/v1/remittances', {
      raw: build835({
        payerId: 'P',
        payerName: 'PAYER',
        trace: `AUDIT-${suffix}`,
        claims: [{ claimId, lines: [{ hcpcs: 'J9173', units: 10, charge: 1000, paid: 900 }] }],
      }),
      headers: { 'content-type': 'application/edi-x12' },
    });
    expect(remittance.status).toBe(202);
    const continued = await worker.api.api('POST', `/v1/prior-auths/${caseId}/continuations`, {
      body: {
        progressNotes: [
          { date: '2026-09-30', response: 'stable_disease', adverseEvents: 'none', text: 'CT stable.' },
        ],
        treatmentPlan: { startDate: '2027-01-25', administrations: 6 },
      },
    });
    expect(continued.status).toBe(202);
    // Refusals: another organization's admin reads the case; a viewer asks for the audit events.
    expect((await adminB.api.api('GET', `/v1/prior-auths/${caseId}`)).status).toBe(404);
    expect((await viewerA.api.api('GET', '/v1/audit-events')).status).toBe(403);

    // Assess: the owner's admin sees each access, newest first.
    const ofCase = await allEvents(adminA.api, `caseId=${caseId}`);
    const by = (action: string, actorId = worker.clientId) =>
      ofCase.filter((e) => e.action === action && e.actor.id === actorId && e.outcome === 'allowed');
    for (const action of [
      'case.create',
      'case.read',
      'document.read',
      'administration.create',
      'claim.create',
    ]) {
      expect(by(action).length, action).toBeGreaterThan(0);
    }
    expect(by('document.read')[0]).toMatchObject({ documentId, organizationId: ORG_A });
    expect(by('claim.create')[0]).toMatchObject({ claimId, actor: { type: 'client' } });
    expect(by('webhook.apply', PAYER)[0]).toMatchObject({ actor: { type: 'payer', id: PAYER }, caseId });
    expect(ofCase.filter((e) => e.outcome === 'denied')).toEqual([
      expect.objectContaining({
        action: 'case.read',
        actor: { type: 'client', id: adminB.clientId },
        caseId,
        organizationId: ORG_A,
      }),
    ]);
    const ats = ofCase.map((e) => e.at);
    expect(ats).toEqual([...ats].sort().reverse());

    const ofWorker = await allEvents(adminA.api, `actorId=${worker.clientId}&since=${since}`);
    expect(ofWorker.map((e) => e.action)).toEqual(
      expect.arrayContaining(['worklist.read', 'remittance.create', 'continuation.create']),
    );
    expect(ofWorker.find((e) => e.action === 'continuation.create')?.caseId).toBe(continued.body.caseId);
    expect(ofWorker.find((e) => e.action === 'remittance.create')?.remittanceId).toBe(
      remittance.body.remittanceId,
    );
    expect(await allEvents(adminA.api, `actorId=${viewerA.clientId}`)).toEqual([
      expect.objectContaining({ action: 'audit.read', outcome: 'denied', organizationId: ORG_A }),
    ]);

    // Another organization's admin sees none of them, and cannot name the organization.
    expect(await allEvents(adminB.api, `caseId=${caseId}`)).toEqual([]);
    expect((await adminB.api.api('GET', `/v1/audit-events?organizationId=${ORG_A}`)).status).toBe(404);
    // The operator names the organization.
    expect((await allEvents(client(), `organizationId=${ORG_A}&caseId=${caseId}`)).length).toBe(
      ofCase.length + 0,
    );

    // The export, CSV and JSON lines.
    const csv = await adminA.api.api('GET', `/v1/audit-events/export?format=csv&caseId=${caseId}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = String(csv.body);
    expect(text.split('\r\n')[0]).toMatch(
      /^at,eventId,organizationId,actorType,actorId,action,outcome,caseId/,
    );
    expect(text).toContain(caseId);
    const lines = await adminA.api.api('GET', `/v1/audit-events/export?format=jsonl&caseId=${caseId}`);
    expect(lines.headers.get('content-type')).toMatch(/^application\/x-ndjson/);

    // Nothing changes or deletes an event: no such route, and the events stay.
    for (const method of ['DELETE', 'PUT', 'PATCH', 'POST']) {
      const answer = await adminA.api.api(method, '/v1/audit-events', { body: {} });
      expect(answer.status, method).toBeGreaterThanOrEqual(400);
    }
    const after = await allEvents(adminA.api, `caseId=${caseId}&since=${ofCase.at(-1)?.at}`);
    expect(after.length).toBeGreaterThanOrEqual(ofCase.length);
  });
});
