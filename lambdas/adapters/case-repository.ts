/**
 * Cases in DynamoDB (lib/table-design.ts). Every change of a case is a versioned conditional
 * write in one transaction with its history entries, so two writers never lose each other's
 * work and a retry never doubles anything.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { type CaseRecord, worklistSortKey } from '#core/case/case-record.ts';
import { ConflictError, NotFoundError, ValidationError } from '#core/errors.ts';
import type { CaseStatus, Claim, DocumentRef, HistoryEntry } from '#core/model.ts';
import type { NormalisedPayerEvent } from '#core/ports.ts';
import { dynamoClient, requiredEnv } from './aws-clients.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const table = () => requiredEnv('TABLE_NAME');
const casePk = (caseId: string) => `CASE#${caseId}`;
const MAX_OPTIMISTIC_RETRIES = 8;
const DAY_S = 24 * 3600;

function caseItem(record: CaseRecord): Record<string, unknown> {
  const sortKey = worklistSortKey(record);
  return {
    pk: casePk(record.caseId),
    sk: 'CASE',
    ...record,
    gsi1pk: `STATUS#${record.status}`,
    gsi1sk: sortKey,
    gsi2pk: `PAYER#${record.payer.id}`,
    gsi2sk: sortKey,
    gsi3pk: 'WORKLIST#0',
    gsi3sk: sortKey,
  };
}

function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, gsi3pk, gsi3sk, expiresAt, ...rest } = item;
  return rest as T;
}

function historyPut(caseId: string, entry: HistoryEntry, raw?: string): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: { pk: casePk(caseId), sk: `EVENT#${entry.at}#${ulid()}`, ...entry, ...(raw ? { raw } : {}) },
    },
  };
}

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

export async function getCase(caseId: string): Promise<CaseRecord | undefined> {
  const out = await dynamoClient().send(
    new GetCommand({ TableName: table(), Key: { pk: casePk(caseId), sk: 'CASE' }, ConsistentRead: true }),
  );
  return out.Item ? stripKeys<CaseRecord>(out.Item) : undefined;
}

export async function requireCase(caseId: string): Promise<CaseRecord> {
  const record = await getCase(caseId);
  if (!record) throw new NotFoundError(`case ${caseId} not found`);
  return record;
}

/** The case with its history and claims: one Query of the case's partition. */
export async function getCaseWithChildren(
  caseId: string,
): Promise<{ record: CaseRecord; history: HistoryEntry[]; claims: Claim[] } | undefined> {
  let record: CaseRecord | undefined;
  const history: HistoryEntry[] = [];
  const claims: Claim[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await dynamoClient().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': casePk(caseId) },
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    for (const item of out.Items ?? []) {
      const sk = String(item.sk);
      if (sk === 'CASE') record = stripKeys<CaseRecord>(item);
      else if (sk.startsWith('EVENT#')) {
        const { raw, ...entry } = stripKeys<HistoryEntry & { raw?: string }>(item);
        history.push(entry);
      } else if (sk.startsWith('CLAIM#')) claims.push(stripKeys<Claim>(item));
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return record ? { record, history, claims } : undefined;
}

export interface IdempotencyClaim {
  key: string;
  bodyHash: string;
}

/**
 * Store a new case, its first history entries and (optionally) its Idempotency-Key in one
 * transaction. A replayed key answers with the case it made; another body under the key is a 422.
 */
export async function createCase(
  record: CaseRecord,
  history: HistoryEntry[],
  idempotency?: IdempotencyClaim,
): Promise<{ caseId: string; replayed: boolean }> {
  const items: TransactItem[] = [
    {
      Put: { TableName: table(), Item: caseItem(record), ConditionExpression: 'attribute_not_exists(pk)' },
    },
    ...history.map((h) => historyPut(record.caseId, h)),
  ];
  if (idempotency) {
    items.push({
      Put: {
        TableName: table(),
        Item: {
          pk: `IDEMPOTENCY#${idempotency.key}`,
          sk: 'IDEMPOTENCY',
          caseId: record.caseId,
          bodyHash: idempotency.bodyHash,
          createdAt: record.createdAt,
          expiresAt: Math.floor(Date.now() / 1000) + 7 * DAY_S,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  try {
    await dynamoClient().send(new TransactWriteCommand({ TransactItems: items }));
    return { caseId: record.caseId, replayed: false };
  } catch (error) {
    if (idempotency && isConditionFailure(error)) {
      const existing = await getIdempotency(idempotency.key);
      if (existing) return checkReplay(existing, idempotency);
    }
    throw error;
  }
}

export async function getIdempotency(key: string): Promise<{ caseId: string; bodyHash: string } | undefined> {
  const out = await dynamoClient().send(
    new GetCommand({
      TableName: table(),
      Key: { pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' },
      ConsistentRead: true,
    }),
  );
  return out.Item ? { caseId: String(out.Item.caseId), bodyHash: String(out.Item.bodyHash) } : undefined;
}

export function checkReplay(
  existing: { caseId: string; bodyHash: string },
  claim: IdempotencyClaim,
): { caseId: string; replayed: true } {
  if (existing.bodyHash !== claim.bodyHash) {
    throw new ConflictError(`Idempotency-Key ${claim.key} was already used with a different body`, {
      statusCode: 422,
    });
  }
  return { caseId: existing.caseId, replayed: true };
}

export interface CaseChange {
  next: CaseRecord;
  history: HistoryEntry[];
  /** Raw payer body kept with the first history entry, for audit. */
  raw?: string;
  /** Other items written in the same transaction. */
  puts?: Array<Record<string, unknown>>;
  deletes?: Array<{ pk: string; sk: string }>;
}

/**
 * Change a case with optimistic concurrency: `mutate` gets the current case and returns the
 * change (or null for nothing to do); a concurrent writer makes us read again and re-decide.
 */
export async function updateCase(
  caseId: string,
  mutate: (current: CaseRecord) => CaseChange | null | Promise<CaseChange | null>,
): Promise<CaseRecord> {
  for (let attempt = 0; attempt < MAX_OPTIMISTIC_RETRIES; attempt++) {
    const current = await requireCase(caseId);
    const change = await mutate(current);
    if (!change) return current;
    const next: CaseRecord = { ...change.next, version: current.version + 1 };
    const items: TransactItem[] = [
      {
        Put: {
          TableName: table(),
          Item: caseItem(next),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': current.version },
        },
      },
      ...change.history.map((h, i) => historyPut(caseId, h, i === 0 ? change.raw : undefined)),
      ...(change.puts ?? []).map((Item) => ({ Put: { TableName: table(), Item } })),
      ...(change.deletes ?? []).map((Key) => ({ Delete: { TableName: table(), Key } })),
    ];
    try {
      await dynamoClient().send(new TransactWriteCommand({ TransactItems: items }));
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
    {
      statusCode: 503,
    },
  );
}

/** Append history without changing the case (e.g. a refused transition). */
export async function appendHistory(caseId: string, entries: HistoryEntry[], raw?: string): Promise<void> {
  if (entries.length === 0) return;
  await dynamoClient().send(
    new TransactWriteCommand({
      TransactItems: entries.map((h, i) => historyPut(caseId, h, i === 0 ? raw : undefined)),
    }),
  );
}

// Documents ------------------------------------------------------------------------------------

export interface DocumentMeta extends DocumentRef {
  caseId: string;
  s3Key: string;
}

export function documentMetaItem(meta: DocumentMeta): Record<string, unknown> {
  return { pk: `DOC#${meta.documentId}`, sk: 'DOC', ...meta };
}

export async function getDocumentMeta(documentId: string): Promise<DocumentMeta | undefined> {
  const out = await dynamoClient().send(
    new GetCommand({ TableName: table(), Key: { pk: `DOC#${documentId}`, sk: 'DOC' } }),
  );
  return out.Item ? stripKeys<DocumentMeta>(out.Item) : undefined;
}

// Payer events ---------------------------------------------------------------------------------

export interface EventReceipt {
  eventId: string;
  payerId: string;
  webhookId: string;
  caseId: string;
  channel: 'webhook' | 'fhir-pas' | 'x12-278' | 'simulator';
  receivedAt: string;
  event: NormalisedPayerEvent;
  /** The body exactly as received, for audit. */
  raw: string;
}

/**
 * Store a payer event once (by eventId) with a pending marker in the case's partition, so the
 * sweep finds events whose workflow never ran. Returns false for a duplicate.
 */
export async function storeEventOnce(receipt: EventReceipt): Promise<boolean> {
  try {
    await dynamoClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: {
                pk: `EVENT#${receipt.eventId}`,
                sk: 'RECEIPT',
                ...receipt,
                expiresAt: Math.floor(Date.now() / 1000) + 400 * DAY_S,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table(),
              Item: {
                ...pendingMarkerKey(receipt.caseId, receipt.eventId),
                caseId: receipt.caseId,
                eventId: receipt.eventId,
                receivedAt: receipt.receivedAt,
                gsi1pk: 'PENDING_EVENT',
                gsi1sk: `${receipt.receivedAt}#${receipt.eventId}`,
              },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export function pendingMarkerKey(caseId: string, eventId: string): { pk: string; sk: string } {
  return { pk: casePk(caseId), sk: `PENDING#${eventId}` };
}

export async function getEventReceipt(eventId: string): Promise<EventReceipt | undefined> {
  const out = await dynamoClient().send(
    new GetCommand({
      TableName: table(),
      Key: { pk: `EVENT#${eventId}`, sk: 'RECEIPT' },
      ConsistentRead: true,
    }),
  );
  return out.Item ? stripKeys<EventReceipt>(out.Item) : undefined;
}

export async function listPendingEvents(
  limit = 200,
): Promise<Array<{ caseId: string; eventId: string; receivedAt: string }>> {
  const out = await dynamoClient().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'byStatus',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': 'PENDING_EVENT' },
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((i) => ({
    caseId: String(i.caseId),
    eventId: String(i.eventId),
    receivedAt: String(i.receivedAt),
  }));
}

// Claims ---------------------------------------------------------------------------------------

export async function putClaimOnce(caseId: string, claim: Claim): Promise<boolean> {
  try {
    await dynamoClient().send(
      new PutCommand({
        TableName: table(),
        Item: { pk: casePk(caseId), sk: `CLAIM#${claim.claimId}`, ...claim },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function getClaim(caseId: string, claimId: string): Promise<Claim | undefined> {
  const out = await dynamoClient().send(
    new GetCommand({
      TableName: table(),
      Key: { pk: casePk(caseId), sk: `CLAIM#${claimId}` },
      ConsistentRead: true,
    }),
  );
  return out.Item ? stripKeys<Claim>(out.Item) : undefined;
}

export function claimItem(caseId: string, claim: Claim): Record<string, unknown> {
  return { pk: casePk(caseId), sk: `CLAIM#${claim.claimId}`, ...claim };
}

// Worklist -------------------------------------------------------------------------------------

export interface WorklistQuery {
  status?: CaseStatus;
  payerId?: string;
  dueBefore?: string;
  limit: number;
  nextToken?: string;
}

function encodeToken(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export function decodeToken(token: string): Record<string, unknown> {
  const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
  return parsed as Record<string, unknown>;
}

function isStartKeyOf(
  key: Record<string, unknown>,
  pkName: string,
  skName: string,
  pkValue: string,
): boolean {
  const names = Object.keys(key).sort();
  const expected = ['pk', 'sk', pkName, skName].sort();
  return (
    names.length === expected.length &&
    names.every((name, i) => name === expected[i] && typeof key[name] === 'string') &&
    key[pkName] === pkValue &&
    String(key.pk).startsWith('CASE#') &&
    key.sk === 'CASE'
  );
}

/** The worklist from a GSI, most urgent deadline first; never a table scan. */
export async function queryWorklist(
  q: WorklistQuery,
): Promise<{ items: CaseRecord[]; nextToken: string | null }> {
  const [index, pkName, skName, pkValue] = q.status
    ? (['byStatus', 'gsi1pk', 'gsi1sk', `STATUS#${q.status}`] as const)
    : q.payerId
      ? (['byPayer', 'gsi2pk', 'gsi2sk', `PAYER#${q.payerId}`] as const)
      : (['byDue', 'gsi3pk', 'gsi3sk', 'WORKLIST#0'] as const);
  const values: Record<string, unknown> = { ':pk': pkValue };
  let condition = `${pkName} = :pk`;
  if (q.dueBefore) {
    condition += ` AND ${skName} < :due`;
    values[':due'] = q.dueBefore;
  }
  let filter: string | undefined;
  if (q.status && q.payerId) {
    filter = 'payer.id = :payer';
    values[':payer'] = q.payerId;
  }
  const items: CaseRecord[] = [];
  let startKey: Record<string, unknown> | undefined = q.nextToken ? decodeToken(q.nextToken) : undefined;
  // A token is the LastEvaluatedKey of this very query: anything else would reach DynamoDB as a
  // bad ExclusiveStartKey (a ValidationException, so a 500), so it is refused here as a 400.
  if (startKey && !isStartKeyOf(startKey, pkName, skName, pkValue)) {
    throw new ValidationError('invalid worklist query', [
      { path: 'nextToken', message: 'not a token this API gave out for this query' },
    ]);
  }
  // A filter can thin a page: read on until the page is full or the index ends.
  do {
    const input: QueryCommandInput = {
      TableName: table(),
      IndexName: index,
      KeyConditionExpression: condition,
      ExpressionAttributeValues: values,
      ...(filter ? { FilterExpression: filter } : {}),
      Limit: q.limit - items.length,
      ExclusiveStartKey: startKey,
    };
    const out = await dynamoClient().send(new QueryCommand(input));
    for (const item of out.Items ?? []) items.push(stripKeys<CaseRecord>(item));
    startKey = out.LastEvaluatedKey;
  } while (startKey && items.length < q.limit);
  return { items, nextToken: encodeToken(startKey) };
}

/** Cases in a status, oldest deadline first (for the sweep and the re-drive). */
export async function listCasesByStatus(status: CaseStatus, limit = 500): Promise<CaseRecord[]> {
  const out: CaseRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamoClient().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'byStatus',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `STATUS#${status}` },
        ExclusiveStartKey: startKey,
        Limit: Math.min(100, limit - out.length),
      }),
    );
    for (const item of page.Items ?? []) out.push(stripKeys<CaseRecord>(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey && out.length < limit);
  return out;
}
