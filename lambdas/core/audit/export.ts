/**
 * The compliance export of the audit trail (GET /v1/audit-events/export): CSV (RFC 4180) or JSON
 * lines. A CSV cell that a spreadsheet would read as a formula (starting with = + - @, a tab or a
 * carriage return) is prefixed with a single quote (OWASP's "CSV injection" advice); a cell with a
 * comma, a quote or a line break is quoted, its quotes doubled.
 */
import { type AuditEvent, auditEventView } from './events.ts';

export const AUDIT_CSV_COLUMNS = [
  'at',
  'eventId',
  'organizationId',
  'actorType',
  'actorId',
  'action',
  'outcome',
  'caseId',
  'documentId',
  'claimId',
  'remittanceId',
  'administrationId',
  'route',
  'status',
] as const;

/** One CSV cell: formula starts neutralised, then quoted when it must be. */
export function csvCell(value: string | number | undefined | null): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvRow(event: AuditEvent): string {
  const values: Record<(typeof AUDIT_CSV_COLUMNS)[number], string | number | undefined> = {
    at: event.at,
    eventId: event.eventId,
    organizationId: event.organizationId,
    actorType: event.actor.type,
    actorId: event.actor.id,
    action: event.action,
    outcome: event.outcome,
    caseId: event.caseId,
    documentId: event.documentId,
    claimId: event.claimId,
    remittanceId: event.remittanceId,
    administrationId: event.administrationId,
    route: event.route,
    status: event.status,
  };
  return AUDIT_CSV_COLUMNS.map((column) => csvCell(values[column])).join(',');
}

/** The events as CSV: a header row, then one row an event, CRLF line ends (RFC 4180). */
export function auditCsv(events: readonly AuditEvent[]): string {
  return `${[AUDIT_CSV_COLUMNS.join(','), ...events.map(csvRow)].join('\r\n')}\r\n`;
}

/** The events as JSON lines: one event view a line. */
export function auditJsonLines(events: readonly AuditEvent[]): string {
  return events.map((event) => `${JSON.stringify(auditEventView(event))}\n`).join('');
}
