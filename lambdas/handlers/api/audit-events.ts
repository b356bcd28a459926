/**
 * The audit trail's routes (index.ts spreads them into its table), admin only (lib/routes.ts):
 * GET /v1/audit-events → { items, nextToken }, newest first; GET /v1/audit-events/export →
 * CSV (text/csv) or JSON lines (application/x-ndjson), at most 10,000 events a response, the rest
 * behind `nextToken` (also in a `Link: rel="next"` header). An admin reads its own organization's
 * events; the operator names one with `organizationId` (default `default`). No route changes or
 * deletes an event.
 */
import type * as z from 'zod';
import { type HttpEvent, type HttpResult, json, zodIssues } from '#adapters/http.ts';
import { auditEventView } from '#core/audit/events.ts';
import { auditCsv, auditJsonLines } from '#core/audit/export.ts';
import { AuditEventsQuery, AuditExportQuery } from '#core/audit/query.ts';
import { actingOrganization } from '#core/case/organization.ts';
import { NotFoundError, ValidationError } from '#core/errors.ts';
import { exportAuditEvents, listAuditEvents } from '#use-cases/audit-trail.ts';
import { ports } from '../composition-root.ts';
import { callerOf } from './caller.ts';

function parsed<S extends z.ZodType>(event: HttpEvent, schema: S): z.infer<S> {
  const result = schema.safeParse(event.queryStringParameters ?? {});
  if (!result.success) throw new ValidationError('invalid audit events query', zodIssues(result.error));
  return result.data;
}

/** The organization whose events the caller reads (404 for another one, as tenancy answers). */
function organizationFor(event: HttpEvent, asked: string | undefined): string {
  const organizationId = actingOrganization(callerOf(event), asked)?.organizationId;
  if (!organizationId) throw new NotFoundError(`organization ${asked} not found`);
  return organizationId;
}

const filters = (q: {
  caseId?: string | undefined;
  actorId?: string | undefined;
  since?: string | undefined;
}) => ({
  ...(q.caseId ? { caseId: q.caseId } : {}),
  ...(q.actorId ? { actorId: q.actorId } : {}),
  ...(q.since ? { since: q.since } : {}),
});

export const auditEventRoutes: Record<string, (event: HttpEvent) => Promise<HttpResult>> = {
  'GET /v1/audit-events': async (event) => {
    const q = parsed(event, AuditEventsQuery);
    const organizationId = organizationFor(event, q.organizationId);
    const page = await listAuditEvents(
      { organizationId, ...filters(q), limit: q.limit, ...(q.nextToken ? { nextToken: q.nextToken } : {}) },
      ports,
    );
    return json(200, { items: page.items.map(auditEventView), nextToken: page.nextToken });
  },

  'GET /v1/audit-events/export': async (event) => {
    const q = parsed(event, AuditExportQuery);
    const organizationId = organizationFor(event, q.organizationId);
    const page = await exportAuditEvents(
      { organizationId, ...filters(q), ...(q.nextToken ? { nextToken: q.nextToken } : {}) },
      ports,
    );
    const csv = q.format === 'csv';
    const headers: Record<string, string> = {
      'content-type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      'content-disposition': `attachment; filename="audit-events-${organizationId}.${csv ? 'csv' : 'jsonl'}"`,
      'cache-control': 'no-store',
    };
    if (page.nextToken) {
      const next = new URLSearchParams({ ...(event.queryStringParameters ?? {}), nextToken: page.nextToken });
      headers.link = `</v1/audit-events/export?${next}>; rel="next"`;
      headers['x-next-token'] = page.nextToken;
    }
    return { statusCode: 200, headers, body: csv ? auditCsv(page.items) : auditJsonLines(page.items) };
  },
};
