/**
 * The audit events query (GET /v1/audit-events and its export) and its paging. The page token is
 * the last key a page read; a token is only accepted for the query it was given out for
 * (adapters/audit-keys.ts checks it), as the worklist's tokens are.
 */
import * as z from 'zod';
import type { AuditEvent } from './events.ts';

/** At most this many events a page (GET /v1/audit-events `limit`). */
export const AUDIT_PAGE_MAX = 500;
export const AUDIT_PAGE_DEFAULT = 100;
/** At most this many events in one export response; a `nextToken` continues it. */
export const AUDIT_EXPORT_MAX = 10_000;

export interface AuditQuery {
  organizationId: string;
  caseId?: string;
  actorId?: string;
  /** ISO 8601: events at or after it. */
  since?: string;
  limit: number;
  nextToken?: string;
}

export interface AuditPage {
  items: AuditEvent[];
  nextToken: string | null;
}

const Id = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_.@:|+-]+$/, { error: 'letters, digits and _ . @ : | + - only' });

/** The query string of GET /v1/audit-events (and its export, with `format`). */
export const AuditEventsQuery = z.object({
  caseId: Id.optional(),
  actorId: Id.optional(),
  since: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time' })
    .transform((value) => new Date(value).toISOString())
    .optional(),
  organizationId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(AUDIT_PAGE_DEFAULT),
  nextToken: z.string().min(1).max(2048).optional(),
});
export type AuditEventsQuery = z.infer<typeof AuditEventsQuery>;

export const AuditExportQuery = AuditEventsQuery.omit({ limit: true }).extend({
  format: z.enum(['csv', 'jsonl']).default('jsonl'),
});
export type AuditExportQuery = z.infer<typeof AuditExportQuery>;

/** Newest first: later `at` first, then the later event id (ids of one millisecond are sortable). */
export function newestFirst(a: AuditEvent, b: AuditEvent): number {
  const ka = `${a.at}#${a.eventId}`;
  const kb = `${b.at}#${b.eventId}`;
  return ka < kb ? 1 : ka > kb ? -1 : 0;
}

/** Whether an event is one a query asks for (its organization, case, actor and since). */
export function matchesQuery(event: AuditEvent, query: Omit<AuditQuery, 'limit' | 'nextToken'>): boolean {
  return (
    event.organizationId === query.organizationId &&
    (query.caseId === undefined || event.caseId === query.caseId) &&
    (query.actorId === undefined || event.actor.id === query.actorId) &&
    (query.since === undefined || event.at >= query.since)
  );
}
