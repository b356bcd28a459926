/**
 * The AuditStore contract, run against DynamoDB Local (test/integration/port-contracts.test.ts)
 * and the in-memory twin (test/unit/use-cases/port-contracts.test.ts): events are appended once,
 * listed per organization newest first, filtered by case, actor and since, a page at a time with
 * tokens that only fit their own query.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '#core/audit/events.ts';
import type { AuditQuery } from '#core/audit/query.ts';
import type { AuditStore } from '#core/audit/store.ts';
import { ValidationError } from '#core/errors.ts';
import { freshEach } from './fresh-each.ts';

let seq = 0;
function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  seq += 1;
  const second = String(seq % 60).padStart(2, '0');
  return {
    eventId: `01JAUDIT${String(seq).padStart(18, '0')}`,
    at: `2026-11-30T10:00:${second}.000Z`,
    organizationId: 'org-a',
    actor: { type: 'user', id: 'usr_1' },
    action: 'case.read',
    outcome: 'allowed',
    caseId: 'pa_1',
    ...overrides,
  };
}

/** Every event of a query, page after page. */
async function all(store: AuditStore, query: Omit<AuditQuery, 'nextToken'>): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  let nextToken: string | null | undefined;
  do {
    const page = await store.list({ ...query, ...(nextToken ? { nextToken } : {}) });
    out.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

const ids = (events: AuditEvent[]) => events.map((e) => e.eventId);

export function auditStoreContract(name: string, make: () => Promise<AuditStore>) {
  describe(`AuditStore contract: ${name}`, () => {
    const store = freshEach(make);

    it('reads back an appended event as it was stored, in its organization only', async () => {
      const stored = event({ documentId: 'doc_1', claimId: 'clm_1', route: 'GET /x', status: 200 });
      await store.append(stored);
      expect((await store.list({ organizationId: 'org-a', limit: 10 })).items).toEqual([stored]);
      expect((await store.list({ organizationId: 'org-b', limit: 10 })).items).toEqual([]);
    });

    it('refuses an event id stored before, and keeps the first', async () => {
      const first = event();
      await store.append(first);
      await expect(store.append({ ...first, action: 'case.create' })).rejects.toThrow();
      expect((await store.list({ organizationId: 'org-a', limit: 10 })).items).toEqual([first]);
    });

    it('lists newest first, events of the same millisecond by their id', async () => {
      const a = event({ at: '2026-11-30T10:00:00.000Z' });
      const b = event({ at: '2026-11-30T10:00:00.000Z' });
      const c = event({ at: '2026-11-30T11:00:00.000Z' });
      const d = event({ at: '2026-11-29T09:00:00.000Z' });
      for (const e of [b, d, a, c]) await store.append(e);
      expect(ids(await all(store, { organizationId: 'org-a', limit: 10 }))).toEqual(ids([c, b, a, d]));
    });

    it('filters by case, by actor, by both and by since (inclusive)', async () => {
      const e1 = event({ caseId: 'pa_1', actor: { type: 'user', id: 'u1' }, at: '2026-11-30T10:00:01.000Z' });
      const e2 = event({ caseId: 'pa_2', actor: { type: 'user', id: 'u1' }, at: '2026-11-30T10:00:02.000Z' });
      const e3 = event({
        caseId: 'pa_1',
        actor: { type: 'client', id: 'c1' },
        at: '2026-11-30T10:00:03.000Z',
      });
      const e4 = event({
        caseId: undefined,
        actor: { type: 'client', id: 'c1' },
        at: '2026-11-30T10:00:04.000Z',
      });
      for (const e of [e1, e2, e3, e4]) await store.append(e);
      const q = { organizationId: 'org-a', limit: 10 };
      expect(ids(await all(store, { ...q, caseId: 'pa_1' }))).toEqual(ids([e3, e1]));
      expect(ids(await all(store, { ...q, actorId: 'c1' }))).toEqual(ids([e4, e3]));
      expect(ids(await all(store, { ...q, caseId: 'pa_1', actorId: 'u1' }))).toEqual(ids([e1]));
      expect(ids(await all(store, { ...q, since: '2026-11-30T10:00:02.000Z' }))).toEqual(ids([e4, e3, e2]));
      expect(ids(await all(store, { ...q, caseId: 'pa_1', since: '2026-11-30T10:00:03.000Z' }))).toEqual(
        ids([e3]),
      );
      expect(await all(store, { ...q, caseId: 'pa_1', organizationId: 'org-b' })).toEqual([]);
    });

    it('pages: every event once, in order, at most `limit` a page', async () => {
      const events = Array.from({ length: 7 }, (_, i) =>
        event({ at: `2026-11-30T10:00:${String(10 + i).padStart(2, '0')}.000Z` }),
      );
      for (const e of events) await store.append(e);
      const first = await store.list({ organizationId: 'org-a', limit: 3 });
      expect(first.items).toHaveLength(3);
      expect(first.nextToken).toEqual(expect.any(String));
      const read = await all(store, { organizationId: 'org-a', limit: 3 });
      expect(ids(read)).toEqual(ids([...events].reverse()));
    });

    it('refuses a token of another query or no token at all (400 naming nextToken)', async () => {
      for (let i = 0; i < 3; i++) await store.append(event());
      const { nextToken } = await store.list({ organizationId: 'org-a', limit: 1 });
      expect(nextToken).toEqual(expect.any(String));
      const refusals = [
        { organizationId: 'org-b', limit: 1, nextToken: nextToken! },
        { organizationId: 'org-a', caseId: 'pa_1', limit: 1, nextToken: nextToken! },
        { organizationId: 'org-a', limit: 1, nextToken: 'bm90IGEgdG9rZW4' },
        { organizationId: 'org-a', limit: 1, nextToken: '%%%' },
      ];
      for (const query of refusals) {
        const error = await store.list(query).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['nextToken']);
      }
    });
  });
}
