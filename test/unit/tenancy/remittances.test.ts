/**
 * Remittances in organizations, through the use cases on the in-memory twins: an 835 received for
 * an organization matches only that organization's claims, the same file in two organizations is
 * two remittances, and a remittance of another organization is a 404 and left out of the list.
 * The inbox's folder names the organization.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRemittance as read835 } from '#adapters/x12/remittance-835.ts';
import { NotFoundError } from '#core/errors.ts';
import { OPERATOR } from '#core/identity/claims.ts';
import { ForeignOrganizationError } from '#core/identity/tenancy.ts';
import { inboxOrganization } from '#core/remittance/inbox.ts';
import { remittanceIdOf } from '#core/remittance/store.ts';
import { listRemittances, readRemittance } from '#use-cases/read-remittance.ts';
import { receiveRemittance } from '#use-cases/receive-remittance.ts';
import { build835, DENIED_J9173, ORIGINATOR } from '../../fixtures/x12/remittance-835.ts';
import { member } from '../support/members.ts';
import { CASE_ID, storedClaim, submittedCase } from '../support/payer-case.ts';
import { givenCase, type World, world } from '../use-cases/support.ts';

const ACME = member('acme', 'billing');
const BETA = member('beta', 'billing');

const text = build835({
  payerId: 'PAYER1',
  payerName: 'DEMO PAYER',
  trace: 'TRACE-ORG',
  claims: [{ claimId: 'CLM-1', lines: [DENIED_J9173] }],
});
const source = () => read835(Readable.from([Buffer.from(text)]));

/** Acme's approved case with claim CLM-1 (the claim the 835 pays). */
async function acmeWithClaim(): Promise<World> {
  const w = world();
  for (const id of ['acme', 'beta'])
    await w.identity.putOrganization({ id, name: id, createdAt: '2026-03-01T00:00:00.000Z' });
  await givenCase(w, submittedCase({ status: 'APPROVED', organizationId: 'acme' }));
  await w.cases.putClaimOnce(CASE_ID, storedClaim, 'acme');
  return w;
}

describe('receiveRemittance in an organization', () => {
  it("matches a claim of its own organization and leaves another organization's claim unmatched", async () => {
    // Prepare
    const w = await acmeWithClaim();

    // Act
    const ofAcme = await receiveRemittance(source, w, 'acme');
    const ofBeta = await receiveRemittance(source, w, 'beta');

    // Assess
    expect(ofAcme).toMatchObject({ claims: 1, matched: 1, duplicate: false });
    expect(ofBeta).toMatchObject({ claims: 1, matched: 0, duplicate: false });
    expect(ofBeta.remittanceId).not.toBe(ofAcme.remittanceId);
    expect(remittanceIdOf(ORIGINATOR, 'TRACE-ORG')).not.toBe(ofAcme.remittanceId);
    const betaView = await readRemittance(BETA, ofBeta.remittanceId, w);
    expect(betaView).toMatchObject({ organizationId: 'beta', unmatched: ['CLM-1'] });
    expect(betaView.claims[0]).toMatchObject({ matched: false, caseId: null, denialEventId: null });
    expect(await w.cases.listPendingEvents()).toHaveLength(1);
  });

  it("answers another organization's remittance with a 404 naming the owner, and lists only the caller's", async () => {
    // Prepare
    const w = await acmeWithClaim();
    const { remittanceId } = await receiveRemittance(source, w, 'acme');

    // Act
    const foreign = await readRemittance(BETA, remittanceId, w).catch((e: unknown) => e);
    const own = await readRemittance(ACME, remittanceId, w);
    const listedForBeta = await listRemittances(BETA, {}, w);
    const listedForAcme = await listRemittances(ACME, {}, w);
    const operatorDefault = await listRemittances(OPERATOR, {}, w);
    const operatorAcme = await listRemittances(OPERATOR, { organizationId: 'acme' }, w);
    const betaNamingAcme = await listRemittances(BETA, { organizationId: 'acme' }, w).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(foreign).toBeInstanceOf(ForeignOrganizationError);
    expect(foreign).toMatchObject({ ownerOrganizationId: 'acme', resource: { remittanceId } });
    expect(own.remittanceId).toBe(remittanceId);
    expect(listedForBeta.items).toEqual([]);
    expect(listedForAcme.items.map((r) => r.remittanceId)).toEqual([remittanceId]);
    expect(listedForAcme.items[0]?.links.self).toBe(`/v1/remittances/${remittanceId}`);
    expect(operatorDefault.items).toEqual([]);
    expect(operatorAcme.items.map((r) => r.remittanceId)).toEqual([remittanceId]);
    expect(betaNamingAcme).toBeInstanceOf(NotFoundError);
  });
});

describe('inboxOrganization', () => {
  const prefix = 'remittances/inbox/';
  it.each([
    ['remittances/inbox/file.835', 'default'],
    ['remittances/inbox/acme/file.835', 'acme'],
    ['remittances/inbox/acme-2/sub/file.835', 'acme-2'],
    ['remittances/inbox/Acme/file.835', undefined],
    ['remittances/inbox/../file.835', undefined],
    ['remittances/inbox//file.835', undefined],
  ])('%s belongs to %s', (key, expected) => {
    expect(inboxOrganization(key, prefix)).toBe(expected);
  });
});
