import { describe, expect, it } from 'vitest';
import { auditQuery, formatAuditEvents } from '../../../bin/cli/commands/audit.ts';

describe('pa audit', () => {
  it('builds the query of its filters (a bare date is its midnight UTC)', () => {
    expect(
      auditQuery({
        case: 'pa_1',
        actor: 'cli_1',
        since: '2026-11-30',
        organization: 'org-a',
        limit: '50',
      }).toString(),
    ).toBe('caseId=pa_1&actorId=cli_1&since=2026-11-30T00%3A00%3A00Z&organizationId=org-a&limit=50');
    expect(auditQuery({ since: '2026-11-30T10:00:00+01:00' }).get('since')).toBe('2026-11-30T10:00:00+01:00');
    expect(auditQuery({}).toString()).toBe('');
  });

  it('prints one line an event, or that there are none', () => {
    const event: Parameters<typeof formatAuditEvents>[0][number] = {
      at: '2026-11-30T10:00:00.000Z',
      actor: { type: 'client', id: 'cli_1' },
      action: 'document.read',
      caseId: null,
      documentId: 'doc_1',
      outcome: 'denied',
    };
    expect(formatAuditEvents([event])).toBe(
      '2026-11-30T10:00:00.000Z  client:cli_1  document.read  doc_1  denied',
    );
    expect(formatAuditEvents([{ ...event, caseId: 'pa_1' }])).toContain('  pa_1  ');
    expect(formatAuditEvents([])).toBe('no audit events');
  });
});
