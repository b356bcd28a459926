/** `pa worklist`: the worklist, most urgent deadline first, optionally every page. */
import type { Command } from 'commander';
import type { CaseSummary } from '#core/case/case-record.ts';
import { formatWorklist, type Io } from '../output.ts';
import { type PagedOptions, pagedListCommand } from '../paged.ts';

interface WorklistOptions extends PagedOptions {
  status?: string;
  payer?: string;
  dueBefore?: string;
  limit: string;
}

/** The query string of GET /v1/prior-auths for these options (a bare date means its midnight UTC). */
function worklistQuery(opts: WorklistOptions): URLSearchParams {
  const query = new URLSearchParams();
  if (opts.status) query.set('status', String(opts.status).toUpperCase());
  if (opts.payer) query.set('payerId', opts.payer);
  if (opts.dueBefore) {
    const d = String(opts.dueBefore);
    query.set('dueBefore', /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00Z` : d);
  }
  query.set('limit', String(opts.limit));
  return query;
}

export function registerWorklist(program: Command, io: Io): void {
  const command = program
    .command('worklist')
    .description('the worklist, most urgent deadline first')
    .option('--status <status>', 'only cases in this status (e.g. APPEAL_READY)')
    .option('--payer <payerId>', 'only cases of this payer')
    .option('--due-before <date>', 'only cases due before this date or date-time (ISO 8601)');
  pagedListCommand<WorklistOptions, CaseSummary>(command, io, {
    path: '/v1/prior-auths',
    limit: ['cases per page (1-100)', '25'],
    query: worklistQuery,
    format: formatWorklist,
    more: 'pa worklist',
  });
}
