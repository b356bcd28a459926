/**
 * The CaseStore contract for tenancy, run inside caseStoreContract against DynamoDB Local and the
 * in-memory twin: the worklist indexes are partitioned by organization, byAssignee is sparse, and
 * the sweep's listCasesByStatus still sees every organization.
 */
import { expect, it } from 'vitest';
import { ValidationError } from '#core/errors.ts';
import type { CaseStore } from '#core/ports.ts';
import { documentMeta, newCase, uniqueOrganizationId } from './case-fixture.ts';

const ids = (page: { items: { caseId: string }[] }) => page.items.map((c) => c.caseId);

export function tenancyContract(store: CaseStore): void {
  it('lists in each organization only its own cases, on every worklist index', async () => {
    // Prepare
    const [orgA, orgB] = [uniqueOrganizationId(), uniqueOrganizationId()];
    const a = newCase({ status: 'SUBMITTED', organizationId: orgA });
    const b = newCase({ status: 'SUBMITTED', organizationId: orgB });
    await store.createCase(a.record, a.history);
    await store.createCase(b.record, b.history);

    // Act
    const queries = (organizationId: string) =>
      Promise.all([
        store.queryWorklist({ organizationId, limit: 10 }),
        store.queryWorklist({ organizationId, status: 'SUBMITTED', limit: 10 }),
        store.queryWorklist({ organizationId, payerId: a.record.payer.id, limit: 10 }),
      ]);
    const [ofA, ofB] = await Promise.all([queries(orgA), queries(orgB)]);

    // Assess
    for (const page of ofA) expect(ids(page)).toEqual([a.record.caseId]);
    for (const page of ofB) expect(ids(page)).toEqual([b.record.caseId]);
    expect(ofA[0]?.items[0]?.organizationId).toBe(orgA);
    const everywhere = (await store.listCasesByStatus('SUBMITTED')).map((c) => c.caseId);
    expect(everywhere).toEqual(expect.arrayContaining([a.record.caseId, b.record.caseId]));
  });

  it("refuses a page token of one organization's query in another's", async () => {
    // Prepare
    const [orgA, orgB] = [uniqueOrganizationId(), uniqueOrganizationId()];
    for (const _ of [1, 2]) {
      const { record, history } = newCase({ organizationId: orgA });
      await store.createCase(record, history);
    }
    const first = await store.queryWorklist({ organizationId: orgA, limit: 1 });

    // Act
    const foreign = store.queryWorklist({ organizationId: orgB, limit: 1, nextToken: first.nextToken ?? '' });

    // Assess
    expect(first.nextToken).toEqual(expect.any(String));
    await expect(foreign).rejects.toBeInstanceOf(ValidationError);
  });

  it('lists a case by its assignee once assigned (with a status filter), and no longer once unassigned', async () => {
    // Prepare
    const organizationId = uniqueOrganizationId();
    const assigned = newCase({ organizationId, status: 'SUBMITTED', assigneeId: 'usr_dana' });
    const other = newCase({ organizationId, status: 'SUBMITTED' });
    await store.createCase(assigned.record, assigned.history);
    await store.createCase(other.record, other.history);
    await store.updateCase(other.record.caseId, (c) => ({
      next: { ...c, assigneeId: 'usr_dana', status: 'PENDED' },
      history: [],
    }));
    const mine = { organizationId, assigneeId: 'usr_dana', limit: 10 };

    // Act
    const both = await store.queryWorklist(mine);
    const pended = await store.queryWorklist({ ...mine, status: 'PENDED' });
    const elsewhere = await store.queryWorklist({ ...mine, organizationId: uniqueOrganizationId() });
    await store.updateCase(assigned.record.caseId, (c) => {
      const { assigneeId, ...unassigned } = c;
      return { next: unassigned, history: [] };
    });
    const after = await store.queryWorklist(mine);

    // Assess
    expect(ids(both).sort()).toEqual([assigned.record.caseId, other.record.caseId].sort());
    expect(ids(pended)).toEqual([other.record.caseId]);
    expect(elsewhere.items).toEqual([]);
    expect(ids(after)).toEqual([other.record.caseId]);
  });

  it('lists a case stored before tenancy (no organizationId) in the default organization', async () => {
    // Prepare
    const { record, history } = newCase({ status: 'CLOSED' });
    const { organizationId, ...legacy } = record;
    await store.createCase(legacy, history);

    // Act
    const page = await store.queryWorklist({ organizationId: 'default', status: 'CLOSED', limit: 100 });

    // Assess
    expect(ids(page)).toContain(record.caseId);
  });

  it("keeps a claim's and a document's organization: the case's, as stored with it", async () => {
    // Prepare
    const organizationId = uniqueOrganizationId();
    const { record, history } = newCase({ organizationId });
    await store.createCase(record, history);
    const suffix = record.caseId.slice(-12);
    const meta = documentMeta(record.caseId);
    const claimOf = (claimId: string) =>
      ({
        claimId,
        receivedAt: meta.createdAt,
        findings: [],
        claim: { claimId },
        status: 'SCRUBBED',
      }) as never;

    // Act
    await store.putClaimOnce(record.caseId, claimOf(`clm_put_${suffix}`), organizationId);
    await store.updateCase(record.caseId, (c) => ({
      next: c,
      history: [],
      documents: [meta],
      claims: [claimOf(`clm_change_${suffix}`)],
    }));

    // Assess
    expect((await store.findClaim(`clm_put_${suffix}`))?.organizationId).toBe(organizationId);
    expect((await store.findClaim(`clm_change_${suffix}`))?.organizationId).toBe(organizationId);
    expect((await store.getDocumentMeta(meta.documentId))?.organizationId).toBe(organizationId);
  });
}
