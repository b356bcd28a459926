/**
 * Tenancy through the running stack (API.md "Identity, roles and organizations"): two
 * organizations, a machine client of each (POST /v1/organizations, /v1/clients, /oauth2/token).
 * Each creates a case; the other's case, its document, its claim's 837 and its remittance answer
 * 404 (as ids that do not exist), each worklist and remittance list holds only its own, and the
 * operator's bootstrap token sees both with ?organizationId=.
 */
import { describe, expect, it } from 'vitest';
import { build835 } from '../fixtures/x12/remittance-835.ts';
import type { StackClient } from '../support/http-client.ts';
import { machineClient } from '../support/machine-client.ts';
import { client, decision, exampleClaim, postWebhook, requestFor } from './client.ts';

const PAYER = 'manual-commercial';
const stamp = Date.now().toString(36);
const ORGS = [`org-ten-a-${stamp}`, `org-ten-b-${stamp}`] as const;
const BILLING_PROVIDER = {
  taxId: '123456789',
  address: { line1: '100 Synthetic Way', city: 'Springfield', state: 'IL', postalCode: '62701' },
};

/** An admin client of the organization, signed in by client credentials. */
async function memberOf(organizationId: string): Promise<StackClient> {
  const admin = client();
  expect(
    (await admin.api('POST', '/v1/organizations', { body: { id: organizationId, name: organizationId } }))
      .status,
  ).toBe(201);
  return (await machineClient(admin, organizationId, ['admin'])).api;
}

interface Tenant {
  organizationId: string;
  api: StackClient;
  caseId: string;
  documentId: string;
  claimId: string;
  remittanceId: string;
}

/** The organization's approved case with its packet, a claim on it and an 835 paying the claim. */
async function tenant(organizationId: string): Promise<Tenant> {
  const api = await memberOf(organizationId);
  const caseId = await api.submit(requestFor(PAYER));
  await api.waitForCase(caseId, (c) => c.status === 'SUBMITTED');
  expect(
    (
      await postWebhook(
        PAYER,
        decision(caseId, 'approved', { authorizationNumber: 'PA-55120', approvedUnits: 1950 }),
      )
    ).status,
  ).toBe(202);
  const approved = await api.waitForCase(caseId, (c) => c.status === 'APPROVED');
  const claimId = `CLM-TEN-${organizationId}`;
  const claim = await api.api('POST', `/v1/prior-auths/${caseId}/claims`, {
    body: {
      ...exampleClaim,
      claimId,
      billingProvider: BILLING_PROVIDER,
      patientAddress: { ...BILLING_PROVIDER.address, line1: '1 Synthetic Patient Rd' },
    },
  });
  expect(claim.status, JSON.stringify(claim.body)).toBe(201);
  const text = build835({
    payerId: PAYER,
    payerName: 'MANUAL COMMERCIAL',
    trace: `EFT-${stamp}`,
    claims: [{ claimId, lines: [{ hcpcs: 'J9173', units: 150, charge: 18750, paid: 15000 }] }],
  });
  const remittance = await api.api('POST', '/v1/remittances', {
    raw: text,
    headers: { 'content-type': 'application/edi-x12' },
  });
  expect(remittance.status, JSON.stringify(remittance.body)).toBe(202);
  expect(remittance.body).toMatchObject({ claims: 1, matched: 1 });
  const documentId = String(approved.documents[0]?.documentId);
  return { organizationId, api, caseId, documentId, claimId, remittanceId: remittance.body.remittanceId };
}

const ids = (body: { items: Array<{ caseId?: string; remittanceId?: string }> }) =>
  body.items.map((i) => i.caseId ?? i.remittanceId);

describe('tenancy: two organizations on one stack', () => {
  it("answers 404 for the other organization's case, document, claim 837 and remittance, and lists only its own", async () => {
    // Prepare
    const [a, b] = await Promise.all(ORGS.map(tenant));
    if (!a || !b) throw new Error('two tenants');

    for (const [me, other] of [
      [a, b],
      [b, a],
    ] as const) {
      // Act
      const own = await me.api.api('GET', `/v1/prior-auths/${me.caseId}`);
      const reads = await Promise.all([
        me.api.api('GET', `/v1/prior-auths/${other.caseId}`),
        me.api.api('GET', `/v1/documents/${other.documentId}`),
        me.api.api('GET', `/v1/claims/${other.claimId}/x12`),
        me.api.api('GET', `/v1/remittances/${other.remittanceId}`),
        me.api.api('POST', `/v1/prior-auths/${other.caseId}/claims`, {
          body: { ...exampleClaim, claimId: `X-${stamp}` },
        }),
      ]);
      const unknown = await me.api.api('GET', '/v1/prior-auths/pa_doesnotexist');
      const worklist = await me.api.api('GET', '/v1/prior-auths?limit=100');
      const remittances = await me.api.api('GET', '/v1/remittances?limit=100');
      const naming = await me.api.api('GET', `/v1/prior-auths?organizationId=${other.organizationId}`);

      // Assess
      expect(own.status).toBe(200);
      expect(own.body.organizationId).toBe(me.organizationId);
      expect(reads.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
      // The same answer as an id that does not exist: nothing tells the other organization's data is there.
      expect(reads[0]?.body.title ?? reads[0]?.body.detail).toBeDefined();
      expect(unknown.status).toBe(404);
      expect(Object.keys(reads[0]?.body ?? {}).sort()).toEqual(Object.keys(unknown.body).sort());
      expect(worklist.status).toBe(200);
      expect(ids(worklist.body)).toEqual([me.caseId]);
      expect(worklist.body.items[0]).toMatchObject({ organizationId: me.organizationId });
      expect(ids(remittances.body)).toEqual([me.remittanceId]);
      expect(naming.status).toBe(404);
      expect((await me.api.api('GET', `/v1/documents/${me.documentId}`)).status).toBe(200);
      expect((await me.api.api('GET', `/v1/claims/${me.claimId}/x12`)).status).toBe(200);
      expect((await me.api.api('GET', `/v1/remittances/${me.remittanceId}`)).status).toBe(200);
    }
  }, 240_000);

  it("lets the operator see each organization's worklist with ?organizationId=, and puts its own cases in default", async () => {
    // Act
    const [ofA, ofB, ofDefault, unknown] = await Promise.all([
      client().api('GET', `/v1/prior-auths?limit=100&organizationId=${ORGS[0]}`),
      client().api('GET', `/v1/prior-auths?limit=100&organizationId=${ORGS[1]}`),
      client().api('GET', '/v1/prior-auths?limit=100'),
      client().api('GET', '/v1/prior-auths?organizationId=org-none-at-all'),
    ]);
    const created = await client().api('POST', '/v1/prior-auths', { body: requestFor(PAYER) });
    const view = await client().api('GET', `/v1/prior-auths/${created.body.caseId}`);

    // Assess
    expect(ofA.body.items.map((c: { organizationId: string }) => c.organizationId)).toEqual([ORGS[0]]);
    expect(ofB.body.items.map((c: { organizationId: string }) => c.organizationId)).toEqual([ORGS[1]]);
    expect(
      ofDefault.body.items.every((c: { organizationId: string }) => c.organizationId === 'default'),
    ).toBe(true);
    expect(unknown.status).toBe(404);
    expect(created.status).toBe(202);
    expect(view.body.organizationId).toBe('default');
  });

  it('refuses a client naming another organization in the body with a 400 on organizationId, nothing written', async () => {
    // Prepare
    const api = await memberOf(`org-ten-c-${stamp}`);

    // Act
    const refused = await api.api('POST', '/v1/prior-auths', {
      body: requestFor(PAYER, (r) => {
        r.organizationId = ORGS[0];
      }),
    });
    const worklist = await api.api('GET', '/v1/prior-auths');

    // Assess
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.errors)).toContain('organizationId');
    expect(worklist.body.items).toEqual([]);
  });
});
