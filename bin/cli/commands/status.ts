/** `pa status <caseId>`: the whole case. */
import type { Command } from 'commander';
import { getCase } from '../cases.ts';
import { connection, globals } from '../config.ts';
import { formatCase, type Io, print } from '../output.ts';

export function registerStatus(program: Command, io: Io): void {
  program
    .command('status')
    .description('show a case: status, assessment, billing, findings, decision, appeals, history')
    .argument('<caseId>')
    .action(async (caseId: string, _o, cmd: Command) => {
      const opts = globals(cmd);
      const c = await getCase(connection(opts), caseId);
      print(io, opts, c, () => formatCase(c));
    });
}
