/**
 * The audit trail's part of the OpenAPI document (issue 13): summaries, answers and query
 * parameters of GET /v1/audit-events and its export, which openapi.ts spreads into its tables.
 */
const query = (name: string) => ({ name, in: 'query' as const, required: false, schema: { type: 'string' } });
const FILTERS = ['caseId', 'actorId', 'since', 'organizationId', 'nextToken'];

export const AUDIT_OPENAPI = {
  summaries: {
    'GET /v1/audit-events':
      "The organization's audit events, newest first, by case, actor (clientId, user id or payer id) and since (admin; the operator names organizationId, default `default`)",
    'GET /v1/audit-events/export':
      'The audit events as CSV (text/csv, formula cells neutralised) or JSON lines (application/x-ndjson), 10,000 a response (admin)',
  },
  success: {
    'GET /v1/audit-events':
      '200 { items: [{ at, actor: { type, id }, action, caseId, documentId, outcome }], nextToken }: at most limit (1..500, default 100) a page',
    'GET /v1/audit-events/export':
      '200 text/csv or application/x-ndjson; more behind the x-next-token header (and Link rel="next")',
  },
  parameters: {
    'GET /v1/audit-events': [...FILTERS, 'limit'].map(query),
    'GET /v1/audit-events/export': [...FILTERS, 'format'].map(query),
  },
};
