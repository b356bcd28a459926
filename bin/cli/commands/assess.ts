/** `pa assess <file>`: assess and bill a request without storing anything. */
import type { Command } from 'commander';
import { connection, globals, readJsonFile } from '../config.ts';
import { call } from '../http.ts';
import { formatAssessment, formatBilling, formatFindings, type Io, print } from '../output.ts';

export function registerAssess(program: Command, io: Io): void {
  program
    .command('assess')
    .description('assess a request against the label and bill it, storing nothing')
    .argument('<file>', 'the request JSON')
    .action(async (file: string, _o, cmd: Command) => {
      const opts = globals(cmd);
      const res = await call(connection(opts), 'POST', '/v1/assessments', { body: readJsonFile(file) });
      print(io, opts, res.body, () =>
        [
          ...formatAssessment(res.body.assessment),
          ...formatBilling(res.body.billing),
          ...formatFindings(res.body.findings),
        ].join('\n'),
      );
    });
}
