/**
 * The single-table layout of the cases table (lib/table-design.ts): keys of every item kind, the
 * worklist indexes and their page tokens. No I/O, so the DynamoDB adapter and its in-memory twin
 * lay items out, order and page them the same way.
 */
import { type CaseRecord, worklistSortKey } from '#core/case/case-record.ts';
import { ValidationError } from '#core/errors.ts';
import { organizationOf } from '#core/identity/tenancy.ts';
import type { Claim, DocumentRef } from '#core/model.ts';
import type { PendingEvent, WorklistQuery } from '#core/ports.ts';

export type Item = Record<string, unknown>;

export const casePk = (caseId: string) => `CASE#${caseId}`;

/** The prefix of every worklist index partition: an organization's cases only (tenancy). */
const orgPrefix = (organizationId: string) => `ORG#${organizationId}#`;

/**
 * The case item with its index keys: the worklist indexes are partitioned by organization, so no
 * worklist query can reach another organization's cases; byAssignee is sparse (assigned cases
 * only); byStatusAll (the status across organizations) is for the sweep alone.
 */
export function caseItem(record: CaseRecord): Item {
  const sortKey = worklistSortKey(record);
  const org = orgPrefix(organizationOf(record));
  return {
    pk: casePk(record.caseId),
    sk: 'CASE',
    ...record,
    gsi1pk: `${org}STATUS#${record.status}`,
    gsi1sk: sortKey,
    gsi2pk: `${org}PAYER#${record.payer.id}`,
    gsi2sk: sortKey,
    gsi3pk: `${org}WORKLIST#0`,
    gsi3sk: sortKey,
    ...(record.assigneeId ? { gsi4pk: `${org}ASSIGNEE#${record.assigneeId}`, gsi4sk: sortKey } : {}),
    gsi5pk: `STATUS#${record.status}`,
    gsi5sk: sortKey,
  };
}

export function stripKeys<T>(item: Item): T {
  const {
    pk,
    sk,
    gsi1pk,
    gsi1sk,
    gsi2pk,
    gsi2sk,
    gsi3pk,
    gsi3sk,
    gsi4pk,
    gsi4sk,
    gsi5pk,
    gsi5sk,
    expiresAt,
    ...rest
  } = item;
  return rest as T;
}

/** A document's metadata, with the organization of the case that made it (GET /v1/documents/{id} checks it). */
export function documentMetaItem(
  meta: DocumentRef & { caseId: string; s3Key: string },
  owner: Pick<CaseRecord, 'organizationId'>,
): Item {
  return { pk: `DOC#${meta.documentId}`, sk: 'DOC', ...meta, organizationId: organizationOf(owner) };
}

export function claimItem(caseId: string, claim: Claim): Item {
  return { pk: casePk(caseId), sk: `CLAIM#${claim.claimId}`, ...claim };
}

/**
 * The index item that finds a claim by its id alone (CLM01, as an 835's CLP01 names it), with the
 * organization of its case, so a claim is matched and read only within its organization.
 */
export function claimRefItem(caseId: string, claimId: string, organizationId?: string): Item {
  return {
    pk: `CLAIMREF#${claimId}`,
    sk: 'CLAIMREF',
    caseId,
    organizationId: organizationOf({ organizationId }),
  };
}

/** An administration of the case (lambdas/core/course/administration.ts), stored once by its id. */
export function administrationItem(caseId: string, administration: { administrationId: string }): Item {
  return { pk: casePk(caseId), sk: `ADMIN#${administration.administrationId}`, ...administration };
}

export function pendingMarkerKey(caseId: string, eventId: string): { pk: string; sk: string } {
  return { pk: casePk(caseId), sk: `PENDING#${eventId}` };
}

/** The marker of a stored payer event not yet applied, which the sweep finds on an index. */
export function pendingMarkerItem(receipt: { caseId: string; eventId: string; receivedAt: string }): Item {
  return {
    ...pendingMarkerKey(receipt.caseId, receipt.eventId),
    caseId: receipt.caseId,
    eventId: receipt.eventId,
    receivedAt: receipt.receivedAt,
    gsi1pk: PENDING_EVENT_INDEX_KEY,
    gsi1sk: `${receipt.receivedAt}#${receipt.eventId}`,
  };
}

/** Where a stored payer event's receipt lives (its stream record carries these keys only). */
const RECEIPT_SK = 'RECEIPT';
const RECEIPT_PK_PREFIX = 'EVENT#';
export function receiptKey(eventId: string): { pk: string; sk: string } {
  return { pk: `${RECEIPT_PK_PREFIX}${eventId}`, sk: RECEIPT_SK };
}
/** The event id of a receipt's keys, or undefined for any other item's. */
export function eventIdOfReceiptKey(pk: string | undefined, sk: string | undefined): string | undefined {
  if (sk !== RECEIPT_SK || !pk?.startsWith(RECEIPT_PK_PREFIX)) return undefined;
  return pk.slice(RECEIPT_PK_PREFIX.length) || undefined;
}

/** The index's value of a stored event still to apply. */
export const PENDING_EVENT_INDEX_KEY = 'PENDING_EVENT';

/** A pending event as the sweep and the event stream see it, from its receipt or marker item. */
export function pendingEventOf(item: Item): PendingEvent {
  return { caseId: String(item.caseId), eventId: String(item.eventId), receivedAt: String(item.receivedAt) };
}

/**
 * The worklist index a query reads, always within the query's organization: by assignee, by
 * status, by payer, or every case by deadline.
 */
export function worklistIndex(
  q: Pick<WorklistQuery, 'organizationId' | 'status' | 'payerId' | 'assigneeId'>,
) {
  const org = orgPrefix(q.organizationId);
  const [index, pkName, skName, pkValue] = q.assigneeId
    ? (['byAssignee', 'gsi4pk', 'gsi4sk', `${org}ASSIGNEE#${q.assigneeId}`] as const)
    : q.status
      ? (['byStatus', 'gsi1pk', 'gsi1sk', `${org}STATUS#${q.status}`] as const)
      : q.payerId
        ? (['byPayer', 'gsi2pk', 'gsi2sk', `${org}PAYER#${q.payerId}`] as const)
        : (['byDue', 'gsi3pk', 'gsi3sk', `${org}WORKLIST#0`] as const);
  return { index, pkName, skName, pkValue };
}

/**
 * What the chosen index leaves to a filter: the payer when it reads by status, the status and payer
 * when it reads by assignee. `expression` for DynamoDB, `keeps` for the in-memory twin.
 */
export function worklistFilter(q: Pick<WorklistQuery, 'status' | 'payerId' | 'assigneeId'>) {
  const status = q.assigneeId ? q.status : undefined;
  const payerId = q.assigneeId || q.status ? q.payerId : undefined;
  const terms: string[] = [];
  const values: Item = {};
  if (status) {
    terms.push('#status = :status');
    values[':status'] = status;
  }
  if (payerId) {
    terms.push('payer.id = :payer');
    values[':payer'] = payerId;
  }
  return {
    expression: terms.length ? terms.join(' AND ') : undefined,
    names: status ? { '#status': 'status' } : undefined,
    values,
    keeps: (record: CaseRecord) =>
      (!status || record.status === status) && (!payerId || record.payer.id === payerId),
  };
}

export function encodeToken(key: Item | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export function decodeToken(token: string): Item {
  const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
  return parsed as Item;
}

function isStartKeyOf(key: Item, pkName: string, skName: string, pkValue: string): boolean {
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

/**
 * The start key of a worklist page. A token is the last key of this very query: anything else
 * would reach DynamoDB as a bad ExclusiveStartKey (a 500), so it is refused here as a 400.
 */
export function worklistStartKey(q: WorklistQuery): Item | undefined {
  if (!q.nextToken) return undefined;
  const { pkName, skName, pkValue } = worklistIndex(q);
  const key = decodeToken(q.nextToken);
  if (!isStartKeyOf(key, pkName, skName, pkValue)) {
    throw new ValidationError('invalid worklist query', [
      { path: 'nextToken', message: 'not a token this API gave out for this query' },
    ]);
  }
  return key;
}
