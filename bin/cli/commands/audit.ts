/**
 * `pa audit list` and `pa audit export` (admin): an organization's audit events, newest first
 * (GET /v1/audit-events), filtered by case, actor and since; the export writes CSV (the API's
 * GET /v1/audit-events/export, page after page) or JSON lines, to a file or stdout.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { AuditEventView } from '#core/audit/events.ts';
import { connection, globals } from '../config.ts';
import { call } from '../http.ts';
import type { Io } from '../output.ts';
import { pagedListCommand } from '../paged.ts';

interface AuditOptions {
  case?: string;
  actor?: string;
  since?: string;
  organization?: string;
  limit?: string;
  all?: boolean;
  nextToken?: string;
  format?: 'csv' | 'jsonl';
  out?: string;
}

type AuditItem = Pick<AuditEventView, 'at' | 'actor' | 'action' | 'caseId' | 'documentId' | 'outcome'>;

/** The query string of the audit routes for these options. */
export function auditQuery(opts: AuditOptions): URLSearchParams {
  const query = new URLSearchParams();
  if (opts.case) query.set('caseId', opts.case);
  if (opts.actor) query.set('actorId', opts.actor);
  if (opts.since)
    query.set('since', /^\d{4}-\d{2}-\d{2}$/.test(opts.since) ? `${opts.since}T00:00:00Z` : opts.since);
  if (opts.organization) query.set('organizationId', opts.organization);
  if (opts.limit) query.set('limit', opts.limit);
  return query;
}

/** One line an event: when, who, what, which case or document, the outcome. */
export function formatAuditEvents(items: readonly AuditItem[]): string {
  if (items.length === 0) return 'no audit events';
  return items
    .map((e) =>
      [e.at, `${e.actor.type}:${e.actor.id}`, e.action, e.caseId ?? e.documentId ?? '-', e.outcome].join(
        '  ',
      ),
    )
    .join('\n');
}

function withFilters(command: Command): Command {
  return command
    .option('--case <caseId>', 'only the events of this case')
    .option('--actor <id>', 'only the events of this client, user or payer id')
    .option('--since <date>', 'only events at or after this date or date-time (ISO 8601)')
    .option('--organization <id>', 'the operator: whose events (default: default)');
}

export function registerAudit(program: Command, io: Io): void {
  const audit = program.command('audit').description("the organization's audit trail (admin)");
  pagedListCommand<AuditOptions, AuditItem>(
    withFilters(audit.command('list').description('audit events, newest first')),
    io,
    {
      path: '/v1/audit-events',
      limit: ['events per page (1-500)', '100'],
      query: auditQuery,
      format: formatAuditEvents,
      more: 'pa audit list',
    },
  );
  withFilters(audit.command('export').description('every matching event, as CSV or JSON lines'))
    .option('--format <format>', 'csv or jsonl', 'csv')
    .option('--out <file>', 'where to write it (default: stdout)')
    .action(async (_o, cmd: Command) => {
      const opts = globals<AuditOptions>(cmd);
      const conn = connection(opts);
      const query = auditQuery({ ...opts, limit: undefined });
      const parts: string[] = [];
      let token: string | null = null;
      do {
        if (token) query.set('nextToken', token);
        if (opts.format === 'jsonl') {
          query.set('limit', '500');
          const res = await call(conn, 'GET', `/v1/audit-events?${query}`);
          parts.push(...(res.body.items as unknown[]).map((item) => `${JSON.stringify(item)}\n`));
          token = res.body.nextToken ?? null;
        } else {
          query.set('format', 'csv');
          const res = await call(conn, 'GET', `/v1/audit-events/export?${query}`);
          const text = new TextDecoder().decode(res.body as Uint8Array);
          // Each response starts with the header row: keep the first one only.
          parts.push(parts.length ? text.slice(text.indexOf('\r\n') + 2) : text);
          token = res.headers.get('x-next-token');
        }
      } while (token);
      const text = parts.join('');
      if (opts.out) {
        writeFileSync(opts.out, text, { mode: 0o600 });
        io.err(`wrote ${opts.out}`);
      } else io.out(text.trimEnd());
    });
}
