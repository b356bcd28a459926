/**
 * The CaseStore port in memory, for unit tests of the use cases. It keeps the items in the
 * layout of the DynamoDB table (case-keys.ts) and refuses the same conflicts: a case or an event
 * or a claim stored twice, a change decided on a version someone else has since changed.
 * It passes the same contract suite as the DynamoDB adapter (test/contract/case-store.contract.ts).
 */
import { monotonicFactory } from 'ulid';
import type { CaseRecord } from '#core/case/case-record.ts';
import { checkReplay } from '#core/case/create-case.ts';
import { type Administration, byAdministeredAt } from '#core/course/administration.ts';
import { ConflictError, NotFoundError } from '#core/errors.ts';
import type { Claim, HistoryEntry } from '#core/model.ts';
import type { CaseStore, DocumentMeta, EventReceipt, PendingEvent } from '#core/ports.ts';
import type { Item } from '../case-keys.ts';
import * as keys from '../case-keys.ts';

/** Monotonic within a millisecond: history entries written together keep their order. */
const ulid = monotonicFactory();

const MAX_OPTIMISTIC_RETRIES = 8;
const key = (pk: string, sk: string) => `${pk}\u0000${sk}`;
const copy = <T>(value: T): T => structuredClone(value);

export interface InMemoryCaseStore extends CaseStore {
  /** Every item, as the table would hold it (for assertions). */
  readonly items: Map<string, Item>;
}

export function inMemoryCaseStore(): InMemoryCaseStore {
  const items = new Map<string, Item>();
  const get = (pk: string, sk: string) => {
    const item = items.get(key(pk, sk));
    return item ? copy(item) : undefined;
  };
  const write = (item: Item) => items.set(key(String(item.pk), String(item.sk)), copy(item));
  const exists = (pk: string, sk: string) => items.has(key(pk, sk));
  /** The map key of an event's receipt. */
  const receiptAt = (eventId: string) => {
    const { pk, sk } = keys.receiptKey(eventId);
    return key(pk, sk);
  };
  /** A copy of an event's receipt, as `get` gives. */
  const receiptOf = (eventId: string) => {
    const item = items.get(receiptAt(eventId));
    return item ? copy(item) : undefined;
  };
  /** The receipt, on the pending index (the marker's keys) until applied: one item, as in DynamoDB. */
  const writeEvent = (receipt: EventReceipt) => {
    const { gsi1pk, gsi1sk } = keys.pendingMarkerItem(receipt);
    write({ ...keys.receiptKey(receipt.eventId), ...receipt, gsi1pk, gsi1sk });
  };
  const historyItem = (caseId: string, entry: HistoryEntry, raw?: string): Item => ({
    pk: keys.casePk(caseId),
    sk: `EVENT#${entry.at}#${ulid()}`,
    ...entry,
    ...(raw ? { raw } : {}),
  });
  /** An index read: the items under a GSI partition, in sort key order. */
  const index = (pkName: string, skName: string, pkValue: string): Item[] =>
    [...items.values()]
      .filter((item) => item[pkName] === pkValue)
      .sort((a, b) => String(a[skName]).localeCompare(String(b[skName])))
      .map(copy);

  const store: InMemoryCaseStore = {
    items,
    getCase: async (caseId) => {
      const item = get(keys.casePk(caseId), 'CASE');
      return item ? keys.stripKeys<CaseRecord>(item) : undefined;
    },

    getCasePayerId: async (caseId) => (await store.getCase(caseId))?.payer.id,

    async requireCase(caseId) {
      const record = await store.getCase(caseId);
      if (!record) throw new NotFoundError(`case ${caseId} not found`);
      return record;
    },

    async getCaseWithChildren(caseId) {
      const pk = keys.casePk(caseId);
      const partition = [...items.values()]
        .filter((item) => item.pk === pk)
        .sort((a, b) => (String(a.sk) < String(b.sk) ? -1 : 1))
        .map(copy);
      const record = partition.find((item) => item.sk === 'CASE');
      if (!record) return undefined;
      const history = partition
        .filter((item) => String(item.sk).startsWith('EVENT#'))
        .map((item) => {
          const { raw, ...entry } = keys.stripKeys<HistoryEntry & { raw?: string }>(item);
          return entry;
        });
      const claims = partition
        .filter((item) => String(item.sk).startsWith('CLAIM#'))
        .map((item) => keys.stripKeys<Claim>(item));
      return { record: keys.stripKeys<CaseRecord>(record), history, claims };
    },

    async createCase(record, history, idempotency) {
      const idemKey = idempotency ? `IDEMPOTENCY#${idempotency.key}` : undefined;
      if (idempotency && idemKey && exists(idemKey, 'IDEMPOTENCY')) {
        return checkReplay(await store.getIdempotency(idempotency.key).then((e) => e!), idempotency);
      }
      if (exists(keys.casePk(record.caseId), 'CASE')) {
        throw new ConflictError(`case ${record.caseId} exists already`);
      }
      write(keys.caseItem(record));
      for (const entry of history) write(historyItem(record.caseId, entry));
      if (idempotency && idemKey) {
        write({
          pk: idemKey,
          sk: 'IDEMPOTENCY',
          caseId: record.caseId,
          bodyHash: idempotency.bodyHash,
          createdAt: record.createdAt,
        });
      }
      return { caseId: record.caseId, replayed: false };
    },

    getIdempotency: async (idempotencyKey) => {
      const item = get(`IDEMPOTENCY#${idempotencyKey}`, 'IDEMPOTENCY');
      return item ? { caseId: String(item.caseId), bodyHash: String(item.bodyHash) } : undefined;
    },

    async updateCase(caseId, mutate) {
      for (let attempt = 0; attempt < MAX_OPTIMISTIC_RETRIES; attempt++) {
        const current = await store.requireCase(caseId);
        const change = await mutate(copy(current));
        if (!change) return current;
        // The condition `version = :v` of the DynamoDB write.
        const stored = get(keys.casePk(caseId), 'CASE');
        if (stored?.version !== current.version) continue;
        const next: CaseRecord = { ...change.next, version: current.version + 1 };
        write(keys.caseItem(next));
        change.history.forEach((h, i) => {
          write(historyItem(caseId, h, i === 0 ? change.raw : undefined));
        });
        for (const meta of change.documents ?? []) write(keys.documentMetaItem(meta, next));
        for (const claim of change.claims ?? []) {
          write(keys.claimItem(caseId, claim));
          write(keys.claimRefItem(caseId, claim.claimId, next.organizationId));
        }
        for (const receipt of change.storedEvents ?? []) writeEvent(receipt);
        for (const eventId of change.appliedEventIds ?? []) {
          const receipt = items.get(receiptAt(eventId));
          delete receipt?.gsi1pk;
          delete receipt?.gsi1sk;
        }
        return copy(next);
      }
      throw new ConflictError(
        `case ${caseId} is being changed by others: gave up after ${MAX_OPTIMISTIC_RETRIES} tries`,
        { statusCode: 503 },
      );
    },

    async appendHistory(caseId, entries, raw) {
      entries.forEach((h, i) => {
        write(historyItem(caseId, h, i === 0 ? raw : undefined));
      });
    },

    getDocumentMeta: async (documentId) => {
      const item = get(`DOC#${documentId}`, 'DOC');
      return item ? keys.stripKeys<DocumentMeta>(item) : undefined;
    },

    async storeEventOnce(receipt) {
      if (items.has(receiptAt(receipt.eventId))) return false;
      writeEvent(receipt);
      return true;
    },

    getEventReceipt: async (eventId) => {
      const item = receiptOf(eventId);
      return item ? keys.stripKeys<EventReceipt>(item) : undefined;
    },

    getPendingEvent: async (eventId) => {
      const item = receiptOf(eventId);
      return item?.gsi1pk === keys.PENDING_EVENT_INDEX_KEY ? keys.pendingEventOf(item) : undefined;
    },

    listPendingEvents: async (limit = 200): Promise<PendingEvent[]> =>
      index('gsi1pk', 'gsi1sk', keys.PENDING_EVENT_INDEX_KEY).slice(0, limit).map(keys.pendingEventOf),

    async putClaimOnce(caseId, claim, organizationId) {
      if (exists(keys.casePk(caseId), `CLAIM#${claim.claimId}`)) return false;
      const ref = keys.claimRefItem(caseId, claim.claimId, organizationId);
      const owner = get(String(ref.pk), String(ref.sk));
      if (owner && owner.caseId !== caseId) return false;
      write(keys.claimItem(caseId, claim));
      write(ref);
      return true;
    },

    async findClaim(claimId) {
      const ref = keys.claimRefItem('', claimId);
      const stored = get(String(ref.pk), String(ref.sk));
      const caseId = stored?.caseId;
      const claim = typeof caseId === 'string' ? await store.getClaim(caseId, claimId) : undefined;
      return claim && typeof caseId === 'string'
        ? { caseId, claim, organizationId: stored?.organizationId as string | undefined }
        : undefined;
    },

    getClaim: async (caseId, claimId) => {
      const item = get(keys.casePk(caseId), `CLAIM#${claimId}`);
      return item ? keys.stripKeys<Claim>(item) : undefined;
    },

    async putAdministration(caseId, administration) {
      const item = keys.administrationItem(caseId, administration);
      if (exists(String(item.pk), String(item.sk))) return false;
      write(item);
      return true;
    },

    listAdministrations: async (caseId) =>
      [...items.values()]
        .filter((item) => item.pk === keys.casePk(caseId) && String(item.sk).startsWith('ADMIN#'))
        .map((item) => keys.stripKeys<Administration>(copy(item)))
        .sort(byAdministeredAt),

    async queryWorklist(q) {
      const { pkName, skName, pkValue } = keys.worklistIndex(q);
      const filter = keys.worklistFilter(q);
      const startKey = keys.worklistStartKey(q);
      const ordered = index(pkName, skName, pkValue).filter(
        (item) => !q.dueBefore || String(item[skName]) < q.dueBefore,
      );
      let from = startKey ? ordered.findIndex((item) => item[skName] === startKey[skName]) + 1 : 0;
      const page: CaseRecord[] = [];
      let last: Item | undefined;
      // As DynamoDB: each Query evaluates up to Limit items before the filter, and answers a last
      // key whenever it stopped at its Limit, even at the very end of the index.
      do {
        const wanted = q.limit - page.length;
        const evaluated = ordered.slice(from, from + wanted);
        from += evaluated.length;
        for (const item of evaluated) {
          const record = keys.stripKeys<CaseRecord>(item);
          if (filter.keeps(record)) page.push(record);
        }
        last = evaluated.length === wanted ? evaluated.at(-1) : undefined;
      } while (last && page.length < q.limit);
      const token = last
        ? { pk: last.pk, sk: last.sk, [pkName]: last[pkName], [skName]: last[skName] }
        : undefined;
      return { items: page, nextToken: keys.encodeToken(token) };
    },

    listCasesByStatus: async (status, limit = 500) =>
      index('gsi5pk', 'gsi5sk', `STATUS#${status}`)
        .slice(0, limit)
        .map((item) => keys.stripKeys<CaseRecord>(item)),
  };
  return store;
}
