/**
 * `pa`: the command line of the prior-auth workflow, for revenue-cycle staff and for scripts.
 * It speaks only the public HTTP contract (API.md): the bearer-token /v1 routes, and the signed
 * payer webhook (as a payer would send it). Human output by default, `--json` for scripts, and
 * exit codes that mean something (bin/cli/errors.ts, printed by `pa --help`).
 *
 * The commands live in bin/cli/commands/, one file each; this is the entry that bin/pa.js loads.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from './cli/program.ts';

export { type CaseView, newestAppealDocument } from './cli/cases.ts';
export { type Connection, resolveToken } from './cli/config.ts';
export { CliError, EXIT, type ExitCode, exitCodeForStatus, type Problem } from './cli/errors.ts';
export type { Reply } from './cli/http.ts';
export {
  deadlineUrgency,
  formatAssessment,
  formatBilling,
  formatCase,
  formatFindings,
  formatWorklist,
} from './cli/output.ts';
export { loadPayers } from './cli/payers.ts';
export { buildProgram, main } from './cli/program.ts';

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv);
}
