/**
 * The audit table's layout (its own table: lib/audit-table.ts), shared by the DynamoDB adapter
 * and its in-memory twin so both key, order and page events the same way:
 *   pk = ORG#<organizationId>                   sk = <at>#<eventId>   every event of an organization
 *   byCase:  gsi1pk = ORG#<org>#CASE#<caseId>   gsi1sk = <at>#<eventId>
 *   byActor: gsi2pk = ORG#<org>#ACTOR#<actorId> gsi2sk = <at>#<eventId>
 *   expiresAt: the retention TTL (epoch seconds)
 * `since` is a key condition (sk >= since); newest first is a backwards read.
 */
import type { AuditEvent } from '#core/audit/events.ts';
import type { AuditQuery } from '#core/audit/query.ts';
import { ValidationError } from '#core/errors.ts';
import { decodeToken, encodeToken, type Item } from './case-keys.ts';

/** Six years: HIPAA's retention of documentation (45 CFR 164.316(b)(2)(i)), the usual choice; configurable. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 2190;

/** The retention in days: PA_AUDIT_RETENTION_DAYS when it is a positive whole number, else 6 years. */
export function auditRetentionDays(value: string | undefined = process.env.PA_AUDIT_RETENTION_DAYS): number {
  const days = Number(value);
  return value !== undefined && Number.isInteger(days) && days > 0 ? days : DEFAULT_AUDIT_RETENTION_DAYS;
}

const sortKey = (event: Pick<AuditEvent, 'at' | 'eventId'>) => `${event.at}#${event.eventId}`;

export function auditItem(event: AuditEvent, retentionDays: number): Item {
  const org = `ORG#${event.organizationId}`;
  const sk = sortKey(event);
  return {
    ...event,
    pk: org,
    sk,
    ...(event.caseId ? { gsi1pk: `${org}#CASE#${event.caseId}`, gsi1sk: sk } : {}),
    gsi2pk: `${org}#ACTOR#${event.actor.id}`,
    gsi2sk: sk,
    expiresAt: Math.floor(Date.parse(event.at) / 1000) + retentionDays * 86_400,
  };
}

export function auditEventOfItem(item: Item): AuditEvent {
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, expiresAt, ...event } = item;
  return event as unknown as AuditEvent;
}

/** The index a query reads (by case, by actor, or the organization's partition) and its key values. */
export function auditIndex(q: Pick<AuditQuery, 'organizationId' | 'caseId' | 'actorId'>) {
  const org = `ORG#${q.organizationId}`;
  const [index, pkName, skName, pkValue] =
    q.caseId !== undefined
      ? (['byCase', 'gsi1pk', 'gsi1sk', `${org}#CASE#${q.caseId}`] as const)
      : q.actorId !== undefined
        ? (['byActor', 'gsi2pk', 'gsi2sk', `${org}#ACTOR#${q.actorId}`] as const)
        : ([undefined, 'pk', 'sk', org] as const);
  return { index, pkName, skName, pkValue };
}

/** Whether the actor filter is left for a filter expression (a query by case that names an actor too). */
export const filtersActor = (q: Pick<AuditQuery, 'caseId' | 'actorId'>): boolean =>
  q.caseId !== undefined && q.actorId !== undefined;

/** The key that ends a page: the table's key plus the index's. */
export function auditPageKey(item: Item, q: Pick<AuditQuery, 'organizationId' | 'caseId' | 'actorId'>): Item {
  const { pkName, skName } = auditIndex(q);
  return { pk: item.pk, sk: item.sk, [pkName]: item[pkName], [skName]: item[skName] };
}

export const encodeAuditToken = (key: Item | undefined): string | null => encodeToken(key);

/**
 * The start key of a page: the last key of this very query (its index, its partition, not before
 * `since`). Anything else is refused as a 400 before it reaches DynamoDB.
 */
export function auditStartKey(q: AuditQuery): Item | undefined {
  if (!q.nextToken) return undefined;
  const { pkName, skName, pkValue } = auditIndex(q);
  const refuse = () =>
    new ValidationError('invalid audit events query', [
      { path: 'nextToken', message: 'not a token this API gave out for this query' },
    ]);
  let key: Item;
  try {
    key = decodeToken(q.nextToken);
  } catch {
    throw refuse();
  }
  const names = [...new Set(['pk', 'sk', pkName, skName])].sort();
  const ok =
    Object.keys(key).sort().join() === names.join() &&
    names.every((name) => typeof key[name] === 'string') &&
    key[pkName] === pkValue &&
    key.pk === `ORG#${q.organizationId}` &&
    key[skName] === key.sk &&
    (q.since === undefined || String(key.sk) >= q.since);
  if (!ok) throw refuse();
  return key;
}
