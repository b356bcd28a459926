/** `pa submit <file>`: create a case from a request file, optionally waiting until it is submitted. */
import type { Command } from 'commander';
import { submittedOrStuck, waitForCase } from '../cases.ts';
import { connection, globals, readJsonFile } from '../config.ts';
import { call } from '../http.ts';
import { formatCase, type Io, print } from '../output.ts';

export function registerSubmit(program: Command, io: Io): void {
  program
    .command('submit')
    .description('submit a prior-auth request (JSON file as examples/prior-auth-request.json)')
    .argument('<file>', 'the request JSON')
    .option('--idempotency-key <key>', 'replaying the same key and body returns the same case')
    .option('--wait', 'wait until the payer has the request (SUBMITTED or later) and show the case')
    .action(async (file: string, _o, cmd: Command) => {
      const opts = globals<{ idempotencyKey?: string; wait?: boolean }>(cmd);
      const conn = connection(opts);
      const body = readJsonFile(file);
      const headers: Record<string, string> = opts.idempotencyKey
        ? { 'idempotency-key': opts.idempotencyKey }
        : {};
      const res = await call(conn, 'POST', '/v1/prior-auths', { body, headers });
      if (!opts.wait) {
        print(io, opts, res.body, () => `${res.body.caseId}  ${res.body.status}`);
        return;
      }
      const c = await waitForCase(conn, res.body.caseId, submittedOrStuck, 'SUBMITTED');
      print(io, opts, c, () => formatCase(c));
    });
}
