/**
 * The CaseStore contract: what every adapter of the port does, run against the DynamoDB adapter
 * (test/integration/case-store-contract.test.ts, DynamoDB Local) and its in-memory twin
 * (test/unit/use-cases/case-store-contract.test.ts), so the twin cannot drift.
 */
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '#core/errors.ts';
import type { Claim } from '#core/model.ts';
import type { CaseStore, EventReceipt } from '#core/ports.ts';
import { administrationsContract } from './administrations.contract.ts';
import { documentMeta, entry, newCase, payerEvent, uniqueOrganizationId } from './case-fixture.ts';
import { freshEach } from './fresh-each.ts';
import { tenancyContract } from './tenancy.contract.ts';

function receipt(caseId: string, eventId: string, receivedAt: string): EventReceipt {
  return {
    eventId,
    payerId: 'demo-medicare-advantage',
    webhookId: `wh-${eventId}`,
    caseId,
    channel: 'webhook',
    receivedAt,
    event: payerEvent(caseId, { occurredAt: receivedAt }),
    raw: '{"raw":true}',
  };
}

function claim(claimId: string, status: Claim['status'] = 'SCRUBBED'): Claim {
  return {
    claimId,
    receivedAt: '2026-03-02T15:00:00.000Z',
    findings: [],
    claim: { claimId },
    status,
  } as Claim;
}

export function caseStoreContract(name: string, makeStore: () => Promise<CaseStore>): void {
  describe(`CaseStore contract: ${name}`, () => {
    const store = freshEach(makeStore);

    it('stores a new case with its first history and reads it back', async () => {
      // Prepare
      const { record, history } = newCase();

      // Act
      const created = await store.createCase(record, history);
      const found = await store.getCaseWithChildren(record.caseId);

      // Assess
      expect(created).toEqual({ caseId: record.caseId, replayed: false });
      expect(await store.getCase(record.caseId)).toEqual(record);
      expect(found).toEqual({ record, history, claims: [] });
    });

    it("reads a case's payer id alone, also for a case made after it was asked for", async () => {
      // Prepare
      const { record, history } = newCase();
      const beforeCreation = await store.getCasePayerId(record.caseId);
      await store.createCase(record, history);

      // Act
      const payerId = await store.getCasePayerId(record.caseId);
      const again = await store.getCasePayerId(record.caseId);

      // Assess
      expect(beforeCreation).toBeUndefined();
      expect([payerId, again]).toEqual([record.payer.id, record.payer.id]);
      expect(await store.getCasePayerId('pa_unknown')).toBeUndefined();
    });

    it('answers nothing for an unknown case, and requireCase throws NotFoundError', async () => {
      expect(await store.getCase('pa_unknown')).toBeUndefined();
      expect(await store.getCaseWithChildren('pa_unknown')).toBeUndefined();
      await expect(store.requireCase('pa_unknown')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses a second case under the same id as a ConflictError', async () => {
      // Prepare
      const { record, history } = newCase();
      await store.createCase(record, history);

      // Act
      const second = store.createCase({ ...record, priority: 'expedited' }, []);

      // Assess
      await expect(second).rejects.toBeInstanceOf(ConflictError);
      expect((await store.requireCase(record.caseId)).priority).toBe(record.priority);
    });

    it('answers a replayed Idempotency-Key with the case it made, and refuses another body with 422', async () => {
      // Prepare
      const first = newCase();
      const key = `key-${first.record.caseId}`;
      await store.createCase(first.record, first.history, { key, bodyHash: 'h1' });
      const again = newCase();

      // Act
      const replay = await store.createCase(again.record, again.history, { key, bodyHash: 'h1' });
      const otherBody = await store
        .createCase(again.record, again.history, { key, bodyHash: 'h2' })
        .catch((e) => e);

      // Assess
      expect(replay).toEqual({ caseId: first.record.caseId, replayed: true });
      expect(otherBody).toBeInstanceOf(ConflictError);
      expect(otherBody.statusCode).toBe(422);
      expect(await store.getIdempotency(key)).toEqual({ caseId: first.record.caseId, bodyHash: 'h1' });
      expect(await store.getCase(again.record.caseId)).toBeUndefined();
    });

    it('applies a change to the next version with its history, raw body kept out of the history read', async () => {
      // Prepare
      const { record, history } = newCase();
      await store.createCase(record, history);

      // Act
      const next = await store.updateCase(record.caseId, (c) => ({
        next: { ...c, status: 'PACKET_READY' },
        history: [entry('2026-03-02T15:01:00.000Z', 'packet.assembled')],
        raw: 'raw body',
      }));
      const unchanged = await store.updateCase(record.caseId, () => null);
      const found = await store.getCaseWithChildren(record.caseId);

      // Assess
      expect(next.version).toBe(record.version + 1);
      expect(next.status).toBe('PACKET_READY');
      expect(unchanged).toEqual(next);
      expect(found?.record).toEqual(next);
      expect(found?.history.map((h) => h.event)).toEqual(['prior_auth.received', 'packet.assembled']);
      expect(found?.history[1]).not.toHaveProperty('raw');
    });

    it('loses no change when writers race: each re-decides on the version it lost to', async () => {
      // Prepare
      const { record, history } = newCase();
      await store.createCase(record, history);
      const flags = ['A', 'B', 'C', 'D'];

      // Act
      await Promise.all(
        flags.map((flag) =>
          store.updateCase(record.caseId, async (c) => {
            await new Promise((r) => setTimeout(r, 5));
            return { next: { ...c, flags: [...c.flags, flag] }, history: [] };
          }),
        ),
      );

      // Assess
      const stored = await store.requireCase(record.caseId);
      expect([...stored.flags].sort()).toEqual(flags);
      expect(stored.version).toBe(record.version + flags.length);
    });

    it('refuses to change an unknown case with NotFoundError', async () => {
      await expect(store.updateCase('pa_unknown', (c) => ({ next: c, history: [] }))).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });

    it('appends history without changing the case', async () => {
      // Prepare
      const { record, history } = newCase();
      await store.createCase(record, history);

      // Act
      await store.appendHistory(record.caseId, [entry('2026-03-02T15:02:00.000Z', 'workflow.failed')]);
      await store.appendHistory(record.caseId, []);

      // Assess
      const found = await store.getCaseWithChildren(record.caseId);
      expect(found?.record).toEqual(record);
      expect(found?.history.map((h) => h.event)).toEqual(['prior_auth.received', 'workflow.failed']);
    });

    it('stores a payer event once, pending until a change of its case applies it', async () => {
      // Prepare
      const { record, history } = newCase();
      await store.createCase(record, history);
      const event = receipt(record.caseId, `evt_${record.caseId}`, '2020-01-01T00:00:00.000Z');

      // Act
      const first = await store.storeEventOnce(event);
      const duplicate = await store.storeEventOnce({ ...event, raw: 'other' });
      const pendingBefore = await store.listPendingEvents(1000);
      const oneBefore = await store.getPendingEvent(event.eventId);
      await store.updateCase(record.caseId, (c) => ({
        next: { ...c, appliedEventIds: [event.eventId] },
        history: [],
        appliedEventIds: [event.eventId],
      }));
      const pendingAfter = await store.listPendingEvents(1000);
      const oneAfter = await store.getPendingEvent(event.eventId);

      // Assess
      expect([first, duplicate]).toEqual([true, false]);
      expect(oneBefore).toEqual({
        caseId: record.caseId,
        eventId: event.eventId,
        receivedAt: event.receivedAt,
      });
      expect(oneAfter).toBeUndefined();
      expect(await store.getPendingEvent('evt_unknown')).toBeUndefined();
      expect(await store.getEventReceipt(event.eventId)).toEqual(event);
      expect(pendingBefore).toContainEqual({
        caseId: record.caseId,
        eventId: event.eventId,
        receivedAt: event.receivedAt,
      });
      expect(pendingAfter.map((p) => p.eventId)).not.toContain(event.eventId);
    });

    it('stores a payer event with a change of its case, in the same write, pending until applied', async () => {
      // Prepare
      const { record, history } = newCase();
      await store.createCase(record, history);
      const event = receipt(record.caseId, `evt_sync_${record.caseId}`, '2020-01-02T00:00:00.000Z');

      // Act
      const next = await store.updateCase(record.caseId, (c) => ({
        next: { ...c, status: 'SUBMITTED' },
        history: [entry('2020-01-02T00:00:00.000Z', 'prior_auth.submitted')],
        storedEvents: [event],
      }));
      const pending = await store.listPendingEvents(1000);
      const again = await store.storeEventOnce(event);

      // Assess
      expect(next.status).toBe('SUBMITTED');
      expect(await store.getEventReceipt(event.eventId)).toEqual(event);
      expect(pending.map((p) => p.eventId)).toContain(event.eventId);
      expect(again).toBe(false);
    });

    it('stores a claim once and writes it again with a change of its case', async () => {
      // Prepare
      const { record, history } = newCase();
      await store.createCase(record, history);

      // Act
      const first = await store.putClaimOnce(record.caseId, claim('clm_1'));
      const second = await store.putClaimOnce(record.caseId, claim('clm_1', 'DENIED'));
      const scrubbed = await store.getClaim(record.caseId, 'clm_1');
      await store.updateCase(record.caseId, (c) => ({
        next: c,
        history: [],
        claims: [claim('clm_1', 'DENIED')],
      }));

      // Assess
      expect([first, second]).toEqual([true, false]);
      expect(scrubbed?.status).toBe('SCRUBBED');
      expect((await store.getClaim(record.caseId, 'clm_1'))?.status).toBe('DENIED');
      expect((await store.getCaseWithChildren(record.caseId))?.claims).toEqual([claim('clm_1', 'DENIED')]);
      expect(await store.getClaim(record.caseId, 'clm_2')).toBeUndefined();
    });

    it('finds a claim by its id alone, as stored last, and keeps a claim id to one case', async () => {
      // Prepare
      const first = newCase();
      const other = newCase();
      await store.createCase(first.record, first.history);
      await store.createCase(other.record, other.history);
      await store.putClaimOnce(first.record.caseId, claim('clm_find'));

      // Act
      const scrubbed = await store.findClaim('clm_find');
      const onOtherCase = await store.putClaimOnce(other.record.caseId, claim('clm_find'));
      await store.updateCase(first.record.caseId, (c) => ({
        next: c,
        history: [],
        claims: [claim('clm_find', 'DENIED'), claim('clm_corrected', 'SCRUBBED')],
      }));

      // Assess
      expect(scrubbed).toEqual({
        caseId: first.record.caseId,
        claim: claim('clm_find'),
        organizationId: 'default',
      });
      expect(onOtherCase).toBe(false);
      expect(await store.getClaim(other.record.caseId, 'clm_find')).toBeUndefined();
      expect(await store.findClaim('clm_find')).toEqual({
        caseId: first.record.caseId,
        claim: claim('clm_find', 'DENIED'),
        organizationId: 'default',
      });
      expect((await store.findClaim('clm_corrected'))?.caseId).toBe(first.record.caseId);
      expect(await store.findClaim('clm_unknown')).toBeUndefined();
    });

    it('keeps the metadata of a document written with a change', async () => {
      // Prepare
      const { record, history } = newCase();
      await store.createCase(record, history);
      const meta = documentMeta(record.caseId);

      // Act
      await store.updateCase(record.caseId, (c) => ({ next: c, history: [], documents: [meta] }));

      // Assess
      expect(await store.getDocumentMeta(meta.documentId)).toEqual({ ...meta, organizationId: 'default' });
      expect(await store.getDocumentMeta('doc_unknown')).toBeUndefined();
    });

    it('pages the worklist by deadline, by status and by payer, and refuses a token of another query', async () => {
      // Prepare: three cases due one day apart, stored in another order.
      const due = ['2026-03-05T00:00:00.000Z', '2026-03-03T00:00:00.000Z', '2026-03-04T00:00:00.000Z'];
      const organizationId = uniqueOrganizationId();
      const ids: string[] = [];
      for (const dueAt of due) {
        const { record, history } = newCase({
          status: 'SUBMITTED',
          deadlines: { payerDecisionDueAt: dueAt, appealDueAt: null },
          organizationId,
        });
        ids.push(record.caseId);
        await store.createCase(record, history);
      }
      const byDue = [ids[1], ids[2], ids[0]];

      // Act
      const first = await store.queryWorklist({ organizationId, status: 'SUBMITTED', limit: 2 });
      const second = await store.queryWorklist({
        organizationId,
        status: 'SUBMITTED',
        limit: 2,
        nextToken: first.nextToken ?? '',
      });
      const byPayer = await store.queryWorklist({
        organizationId,
        payerId: 'demo-medicare-advantage',
        limit: 10,
      });
      const filtered = await store.queryWorklist({
        organizationId,
        status: 'SUBMITTED',
        payerId: 'other-payer',
        limit: 10,
      });
      const dueSoon = await store.queryWorklist({
        organizationId,
        limit: 10,
        dueBefore: '2026-03-04T12:00:00.000Z',
      });
      const foreign = store.queryWorklist({
        organizationId,
        payerId: 'demo-medicare-advantage',
        limit: 2,
        nextToken: first.nextToken ?? '',
      });

      // Assess
      expect(first.items.map((c) => c.caseId)).toEqual(byDue.slice(0, 2));
      expect(first.nextToken).toEqual(expect.any(String));
      expect(second.items.map((c) => c.caseId)).toEqual(byDue.slice(2));
      expect(byPayer.items.map((c) => c.caseId)).toEqual(byDue);
      expect(filtered.items).toEqual([]);
      expect(dueSoon.items.map((c) => c.caseId)).toEqual(byDue.slice(0, 2));
      await expect(foreign).rejects.toBeInstanceOf(ValidationError);
      expect((await store.listCasesByStatus('SUBMITTED')).map((c) => c.caseId)).toEqual(
        expect.arrayContaining(byDue),
      );
      expect(await store.listCasesByStatus('DENIED')).toEqual([]);
    });

    administrationsContract(store);

    tenancyContract(store);

    it('moves a case between status lists when its status changes', async () => {
      // Prepare
      const { record, history } = newCase();
      await store.createCase(record, history);

      // Act
      await store.updateCase(record.caseId, (c) => ({ next: { ...c, status: 'PACKET_READY' }, history: [] }));

      // Assess
      expect((await store.listCasesByStatus('RECEIVED')).map((c) => c.caseId)).not.toContain(record.caseId);
      expect((await store.listCasesByStatus('PACKET_READY')).map((c) => c.caseId)).toContain(record.caseId);
    });
  });
}
