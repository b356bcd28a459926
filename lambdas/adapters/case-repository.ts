/**
 * The CaseStore port on DynamoDB (lib/table-design.ts; item layout in case-keys.ts). Every
 * change of a case is a versioned conditional write in one transaction with its history entries,
 * so two writers never lose each other's work and a retry never doubles anything.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import type { CaseRecord } from '#core/case/case-record.ts';
import { checkReplay } from '#core/case/create-case.ts';
import { ConflictError, NotFoundError } from '#core/errors.ts';
import type { Claim, HistoryEntry } from '#core/model.ts';
import type { CaseStore, CaseWithChildren, DocumentMeta, EventReceipt } from '#core/ports.ts';
import { type ClientAndName, dynamoClient, fromEnvironment } from './aws-clients.ts';
import {
  administrationItem,
  caseItem,
  casePk,
  claimItem,
  claimRefItem,
  documentMetaItem,
  type Item,
  PENDING_EVENT_INDEX_KEY,
  pendingEventOf,
  pendingMarkerItem,
  receiptKey,
  stripKeys,
} from './case-keys.ts';
import { caseQueries } from './case-worklist.ts';

/** Monotonic within a millisecond: history entries written together keep their order. */
const ulid = monotonicFactory();

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Where the cases live. */
export type DynamoTable = ClientAndName<DynamoDBDocumentClient>;

const envTable = fromEnvironment(dynamoClient, 'TABLE_NAME');

const MAX_OPTIMISTIC_RETRIES = 8;
const DAY_S = 24 * 3600;

function isConditionFailure(error: unknown): boolean {
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');
  }
  return (error as { name?: string }).name === 'ConditionalCheckFailedException';
}

function cancellationCodes(error: unknown): string[] {
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
  }
  return [];
}

/** The case payers kept by one store (a function instance): the most recent ones. */
const KEPT_CASE_PAYERS = 10_000;

/** Keeps `key` as the newest entry of `map`, dropping the oldest past KEPT_CASE_PAYERS. */
function remember(map: Map<string, string>, key: string, value: string): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > KEPT_CASE_PAYERS) map.delete(map.keys().next().value as string);
}

export function dynamoCaseStore(table: DynamoTable = envTable): CaseStore {
  const payerOfCase = new Map<string, string>();
  const getItem = async <T>(pk: string, sk: string, consistent = true): Promise<T | undefined> => {
    const out = await table.client.send(
      new GetCommand({ TableName: table.name, Key: { pk, sk }, ConsistentRead: consistent }),
    );
    return out.Item ? stripKeys<T>(out.Item) : undefined;
  };
  /** Some attributes of an item (a path may be nested: `payer.id`), read consistently. */
  const projected = async (pk: string, sk: string, paths: readonly string[]): Promise<Item | undefined> => {
    const names: Record<string, string> = {};
    const projection = paths.map((path) =>
      path
        .split('.')
        .map((part) => {
          const name = `#${part}`;
          names[name] = part;
          return name;
        })
        .join('.'),
    );
    const out = await table.client.send(
      new GetCommand({
        TableName: table.name,
        Key: { pk, sk },
        ProjectionExpression: projection.join(', '),
        ExpressionAttributeNames: names,
        ConsistentRead: true,
      }),
    );
    return out.Item;
  };
  const transact = (items: TransactItem[]) =>
    table.client.send(new TransactWriteCommand({ TransactItems: items }));
  const put = (Item: Item, ConditionExpression?: string, ExpressionAttributeValues?: Item): TransactItem => ({
    Put: {
      TableName: table.name,
      Item,
      ...(ConditionExpression ? { ConditionExpression } : {}),
      ...(ExpressionAttributeValues ? { ExpressionAttributeValues } : {}),
    },
  });
  const historyPut = (caseId: string, entry: HistoryEntry, raw?: string): TransactItem =>
    put({ pk: casePk(caseId), sk: `EVENT#${entry.at}#${ulid()}`, ...entry, ...(raw ? { raw } : {}) });
  const queries = caseQueries(table);
  /**
   * A payer event's receipt (kept 400 days), on the pending index (the marker's keys) until a
   * change of its case applies it: one item, so storing an event is one conditional write;
   * `once` refuses a second.
   */
  const eventPut = (receipt: EventReceipt, once: boolean): TransactItem => {
    const { gsi1pk, gsi1sk } = pendingMarkerItem(receipt);
    return put(
      {
        ...receiptKey(receipt.eventId),
        ...receipt,
        expiresAt: Math.floor(Date.now() / 1000) + 400 * DAY_S,
        gsi1pk,
        gsi1sk,
      },
      once ? 'attribute_not_exists(pk)' : undefined,
    );
  };

  const store: CaseStore = {
    ...queries,
    getCase: (caseId) => getItem<CaseRecord>(casePk(caseId), 'CASE'),

    // A case's payer is set when the case is made and never changes, so a known answer is kept
    // (a payer sends several updates of a case: the later ones read nothing); an unknown case is
    // asked again, since it may be made later.
    async getCasePayerId(caseId) {
      const known = payerOfCase.get(caseId);
      if (known !== undefined) return known;
      const item = await projected(casePk(caseId), 'CASE', ['payer.id']);
      const payer = item?.payer as { id?: unknown } | undefined;
      if (typeof payer?.id !== 'string') return undefined;
      remember(payerOfCase, caseId, payer.id);
      return payer.id;
    },

    async requireCase(caseId) {
      const record = await store.getCase(caseId);
      if (!record) throw new NotFoundError(`case ${caseId} not found`);
      return record;
    },

    async getCaseWithChildren(caseId): Promise<CaseWithChildren | undefined> {
      let record: CaseRecord | undefined;
      const history: HistoryEntry[] = [];
      const claims: Claim[] = [];
      for (const item of await queries.partition(casePk(caseId))) {
        const sk = String(item.sk);
        if (sk === 'CASE') record = stripKeys<CaseRecord>(item);
        else if (sk.startsWith('EVENT#')) {
          const { raw, ...entry } = stripKeys<HistoryEntry & { raw?: string }>(item);
          history.push(entry);
        } else if (sk.startsWith('CLAIM#')) claims.push(stripKeys<Claim>(item));
      }
      return record ? { record, history, claims } : undefined;
    },

    async createCase(record, history, idempotency) {
      const items = [
        put(caseItem(record), 'attribute_not_exists(pk)'),
        ...history.map((h) => historyPut(record.caseId, h)),
      ];
      if (idempotency) {
        items.push(
          put(
            {
              pk: `IDEMPOTENCY#${idempotency.key}`,
              sk: 'IDEMPOTENCY',
              caseId: record.caseId,
              bodyHash: idempotency.bodyHash,
              createdAt: record.createdAt,
              expiresAt: Math.floor(Date.now() / 1000) + 7 * DAY_S,
            },
            'attribute_not_exists(pk)',
          ),
        );
      }
      try {
        await transact(items);
        return { caseId: record.caseId, replayed: false };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const existing = idempotency ? await store.getIdempotency(idempotency.key) : undefined;
        if (existing && idempotency) return checkReplay(existing, idempotency);
        throw new ConflictError(`case ${record.caseId} exists already`, { cause: error });
      }
    },

    async getIdempotency(key) {
      const item = await getItem<Item>(`IDEMPOTENCY#${key}`, 'IDEMPOTENCY');
      return item ? { caseId: String(item.caseId), bodyHash: String(item.bodyHash) } : undefined;
    },

    async updateCase(caseId, mutate) {
      for (let attempt = 0; attempt < MAX_OPTIMISTIC_RETRIES; attempt++) {
        const current = await store.requireCase(caseId);
        const change = await mutate(current);
        if (!change) return current;
        const next: CaseRecord = { ...change.next, version: current.version + 1 };
        try {
          await transact([
            put(caseItem(next), 'version = :v', { ':v': current.version }),
            ...change.history.map((h, i) => historyPut(caseId, h, i === 0 ? change.raw : undefined)),
            ...(change.documents ?? []).map((meta) => put(documentMetaItem(meta, next))),
            ...(change.claims ?? []).flatMap((claim) => [
              put(claimItem(caseId, claim)),
              put(claimRefItem(caseId, claim.claimId, next.organizationId)),
            ]),
            ...(change.storedEvents ?? []).map((receipt) => eventPut(receipt, false)),
            // Applied: the receipt leaves the pending index.
            ...(change.appliedEventIds ?? []).map((eventId) => ({
              Update: {
                TableName: table.name,
                Key: receiptKey(eventId),
                UpdateExpression: 'REMOVE gsi1pk, gsi1sk',
                ConditionExpression: 'attribute_exists(pk)',
              },
            })),
          ]);
          return next;
        } catch (error) {
          const codes = cancellationCodes(error);
          const conflict = codes[0] === 'ConditionalCheckFailed' || codes.includes('TransactionConflict');
          if (!conflict) throw error;
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
        }
      }
      throw new ConflictError(
        `case ${caseId} is being changed by others: gave up after ${MAX_OPTIMISTIC_RETRIES} tries`,
        { statusCode: 503 },
      );
    },

    async appendHistory(caseId, entries, raw) {
      if (entries.length === 0) return;
      await transact(entries.map((h, i) => historyPut(caseId, h, i === 0 ? raw : undefined)));
    },

    getDocumentMeta: (documentId) => getItem<DocumentMeta>(`DOC#${documentId}`, 'DOC', false),

    async storeEventOnce(receipt) {
      try {
        await table.client.send(new PutCommand(eventPut(receipt, true).Put!));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    getEventReceipt: (eventId) => {
      const { pk, sk } = receiptKey(eventId);
      return getItem<EventReceipt>(pk, sk);
    },

    async getPendingEvent(eventId) {
      const { pk, sk } = receiptKey(eventId);
      const item = await projected(pk, sk, ['caseId', 'eventId', 'receivedAt', 'gsi1pk']);
      return item?.gsi1pk === PENDING_EVENT_INDEX_KEY ? pendingEventOf(item) : undefined;
    },

    async putClaimOnce(caseId, claim, organizationId) {
      try {
        // The claim and its index item at once; the id may already index this very case only.
        await transact([
          put(claimItem(caseId, claim), 'attribute_not_exists(pk)'),
          put(
            claimRefItem(caseId, claim.claimId, organizationId),
            'attribute_not_exists(pk) OR caseId = :c',
            {
              ':c': caseId,
            },
          ),
        ]);
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    getClaim: (caseId, claimId) => getItem<Claim>(casePk(caseId), `CLAIM#${claimId}`),

    async putAdministration(caseId, administration) {
      try {
        await transact([put(administrationItem(caseId, administration), 'attribute_not_exists(pk)')]);
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    listAdministrations: (caseId) => queries.administrations(caseId),

    async findClaim(claimId) {
      const ref = claimRefItem('', claimId);
      const stored = await getItem<Item>(String(ref.pk), String(ref.sk));
      const caseId = stored?.caseId;
      const claim = typeof caseId === 'string' ? await store.getClaim(caseId, claimId) : undefined;
      return claim && typeof caseId === 'string'
        ? { caseId, claim, organizationId: stored?.organizationId as string | undefined }
        : undefined;
    },
  };
  return store;
}
