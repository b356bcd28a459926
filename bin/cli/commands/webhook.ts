/** `pa webhook <payerId> <file>`: send a payer's status update, signed as that payer would. */
import type { Command } from 'commander';
import { connection, globals, readJsonFile } from '../config.ts';
import { type Io, print } from '../output.ts';
import { payerById, sendWebhook } from '../payers.ts';

export function registerWebhook(program: Command, io: Io): void {
  program
    .command('webhook')
    .description(
      "send a payer's status update, signed with the payer's secret (PA_PAYERS_FILE or demo registry)",
    )
    .argument('<payerId>')
    .argument('<file>', 'the event JSON (e.g. examples/webhook-denied.json)')
    .option('--case <caseId>', 'put this caseId in data.caseId')
    .option('--id <webhookId>', 'the webhook-id (default: a new one; reuse one to test deduplication)')
    .action(async (payerId: string, file: string, _o, cmd: Command) => {
      const opts = globals<{ case?: string; id?: string }>(cmd);
      const payload = readJsonFile(file);
      if (opts.case) {
        payload.data = { ...(payload.data ?? {}), caseId: opts.case };
      }
      const res = await sendWebhook(connection(opts), payerById(payerId), payload, opts.id);
      print(
        io,
        opts,
        { status: res.status, ...(res.body ?? {}) },
        () => `${res.status} ${res.body?.duplicate ? 'duplicate (already applied)' : 'accepted'}`,
      );
    });
}
