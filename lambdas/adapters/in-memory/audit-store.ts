/**
 * The AuditStore port in an array: the in-memory twin of adapters/audit-repository.ts, with the
 * same keys and page tokens (adapters/audit-keys.ts). Like DynamoDB, a page reads `limit` items of
 * the index first and filters them after, so a query by case and actor may give short pages, and
 * a page that read `limit` items has a next token even when nothing follows.
 */
import type { AuditEvent } from '#core/audit/events.ts';
import type { AuditStore } from '#core/audit/store.ts';
import { ConflictError } from '#core/errors.ts';
import * as keys from '../audit-keys.ts';
import type { Item } from '../case-keys.ts';

export interface InMemoryAuditStore extends AuditStore {
  /** Every stored event, in the order appended. */
  readonly events: readonly AuditEvent[];
  /** Makes the next appends throw, as a table outage would. */
  failWith(error: Error | null): void;
}

export function inMemoryAuditStore(retentionDays = keys.auditRetentionDays()): InMemoryAuditStore {
  const items: Item[] = [];
  const events: AuditEvent[] = [];
  let failure: Error | null = null;
  return {
    events,
    failWith: (error) => {
      failure = error;
    },
    append: async (event) => {
      if (failure) throw failure;
      const item = keys.auditItem(structuredClone(event), retentionDays);
      if (items.some((other) => other.pk === item.pk && other.sk === item.sk))
        throw new ConflictError(`audit event ${event.eventId} exists already`);
      items.push(item);
      events.push(structuredClone(event));
    },
    list: async (query) => {
      const start = keys.auditStartKey(query);
      const { pkName, skName, pkValue } = keys.auditIndex(query);
      const candidates = items
        .filter((item) => item[pkName] === pkValue)
        .filter((item) => query.since === undefined || String(item[skName]) >= query.since)
        .filter((item) => start === undefined || String(item[skName]) < String(start[skName]))
        .sort((a, b) => (String(a[skName]) < String(b[skName]) ? 1 : -1));
      const page = candidates.slice(0, query.limit);
      // As DynamoDB does: a page that read `limit` items has a next token (the next page may be empty).
      const more = page.length === query.limit;
      const last = page[page.length - 1];
      const kept = keys.filtersActor(query)
        ? page.filter((item) => (item.actor as { id: string }).id === query.actorId)
        : page;
      return {
        items: kept.map((item) => structuredClone(keys.auditEventOfItem(item))),
        nextToken: more && last ? keys.encodeAuditToken(keys.auditPageKey(last, query)) : null,
      };
    },
  };
}
