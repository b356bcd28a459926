import { describe, expect, it } from 'vitest';
import { auditItem, auditRetentionDays, DEFAULT_AUDIT_RETENTION_DAYS } from '#adapters/audit-keys.ts';
import type { AuditEvent } from '#core/audit/events.ts';
import { AUDIT_CSV_COLUMNS, auditCsv, auditJsonLines, csvCell } from '#core/audit/export.ts';
import {
  AUDIT_PAGE_MAX,
  AuditEventsQuery,
  AuditExportQuery,
  matchesQuery,
  newestFirst,
} from '#core/audit/query.ts';
import { actingOrganization } from '#core/case/organization.ts';
import { CSV_CELLS } from '../support/csv-cells.ts';

const event: AuditEvent = {
  eventId: '01J0',
  at: '2026-11-30T10:00:00.000Z',
  organizationId: 'org-a',
  actor: { type: 'client', id: 'c1' },
  action: 'case.read',
  outcome: 'allowed',
  caseId: 'pa_1',
};

describe('CSV cells', () => {
  it.each(CSV_CELLS)('%j → %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('numbers and missing values', () => {
    expect(csvCell(200)).toBe('200');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(null)).toBe('');
  });
});

describe('the export', () => {
  it('CSV: a header, a row an event, CRLF', () => {
    const csv = auditCsv([event, { ...event, eventId: '01J1', actor: { type: 'user', id: '-x' } }]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
    expect(lines[1]).toBe('2026-11-30T10:00:00.000Z,01J0,org-a,client,c1,case.read,allowed,pa_1,,,,,,');
    expect(lines[2]).toContain(",user,'-x,");
    expect(lines[3]).toBe('');
    expect(auditCsv([])).toBe(`${AUDIT_CSV_COLUMNS.join(',')}\r\n`);
  });

  it('JSON lines: one event view a line', () => {
    const lines = auditJsonLines([event, event]).split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!)).toMatchObject({ eventId: '01J0', caseId: 'pa_1', documentId: null });
    expect(auditJsonLines([])).toBe('');
  });
});

describe('the query', () => {
  it('a caller reads its own organization; the operator names one (default: default)', () => {
    // The audit events route reads the organization the caller acts for (core/case/organization.ts).
    const of = (organizationId: string, asked?: string) =>
      actingOrganization({ organizationId }, asked)?.organizationId;
    expect(of('org-a')).toBe('org-a');
    expect(of('org-a', 'org-a')).toBe('org-a');
    expect(of('org-a', 'org-b')).toBeUndefined();
    expect(of('*')).toBe('default');
    expect(of('*', 'org-b')).toBe('org-b');
  });

  it('limit 1..500, default 100; since normalised to UTC; bad values name their field', () => {
    expect(AuditEventsQuery.parse({}).limit).toBe(100);
    expect(AuditEventsQuery.parse({ limit: String(AUDIT_PAGE_MAX) }).limit).toBe(500);
    expect(AuditEventsQuery.parse({ since: '2026-11-30T12:00:00+02:00' }).since).toBe(
      '2026-11-30T10:00:00.000Z',
    );
    for (const [field, value] of [
      ['limit', '0'],
      ['limit', '501'],
      ['since', 'yesterday'],
      ['caseId', 'a b'],
      ['actorId', 'x'.repeat(201)],
    ] as const) {
      const parsed = AuditEventsQuery.safeParse({ [field]: value });
      expect(parsed.success, `${field}=${value}`).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual([field]);
    }
    expect(AuditExportQuery.parse({}).format).toBe('jsonl');
    expect(AuditExportQuery.safeParse({ format: 'xml' }).success).toBe(false);
  });

  it('newest first, ties by event id; matches organization, case, actor and since', () => {
    const later = { ...event, at: '2026-11-30T10:00:01.000Z' };
    const sameMsLaterId = { ...event, eventId: '01J9' };
    expect([event, later, sameMsLaterId].sort(newestFirst)).toEqual([later, sameMsLaterId, event]);
    expect(newestFirst(event, event)).toBe(0);
    const q = { organizationId: 'org-a' };
    expect(matchesQuery(event, q)).toBe(true);
    expect(matchesQuery(event, { organizationId: 'org-b' })).toBe(false);
    expect(matchesQuery(event, { ...q, caseId: 'pa_2' })).toBe(false);
    expect(matchesQuery(event, { ...q, actorId: 'c2' })).toBe(false);
    expect(matchesQuery(event, { ...q, since: event.at })).toBe(true);
    expect(matchesQuery(event, { ...q, since: '2026-11-30T10:00:00.001Z' })).toBe(false);
  });
});

describe('retention', () => {
  it('6 years unless PA_AUDIT_RETENTION_DAYS is a positive whole number', () => {
    expect(DEFAULT_AUDIT_RETENTION_DAYS).toBe(2190);
    expect(auditRetentionDays(undefined)).toBe(2190);
    expect(auditRetentionDays('30')).toBe(30);
    for (const bad of ['0', '-1', '1.5', 'x', '']) expect(auditRetentionDays(bad)).toBe(2190);
  });

  it('the item expires `days` after the event, in epoch seconds', () => {
    const item = auditItem(event, 10);
    expect(item.expiresAt).toBe(Date.parse(event.at) / 1000 + 10 * 86_400);
    expect(item).toMatchObject({
      pk: 'ORG#org-a',
      sk: `${event.at}#01J0`,
      gsi1pk: 'ORG#org-a#CASE#pa_1',
      gsi2pk: 'ORG#org-a#ACTOR#c1',
    });
    expect(auditItem({ ...event, caseId: undefined }, 10)).not.toHaveProperty('gsi1pk');
  });
});
