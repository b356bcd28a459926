/**
 * `pa digest`: sends the day's deadline digests now (POST /v1/digests, admin), as the sweep does
 * once a day from the digest hour: each person once a day, their cases due within 3 and 14 days.
 */
import type { Command } from 'commander';
import { connection, globals } from '../config.ts';
import { call } from '../http.ts';
import { type Io, print } from '../output.ts';

interface DigestRun {
  day: string;
  sent: Array<{ userId: string; soon: string[]; later: string[] }>;
  alreadySent: number;
  failed: number;
}

export function formatDigestRun(run: DigestRun): string {
  const lines = run.sent.map(
    (s) => `  ${s.userId}: ${s.soon.length} due within 3 days, ${s.later.length} within 14 days`,
  );
  return [
    `Digests of ${run.day}: ${run.sent.length} sent, ${run.alreadySent} sent before today, ${run.failed} failed`,
    ...lines,
  ].join('\n');
}

export function registerDigest(program: Command, io: Io): void {
  program
    .command('digest')
    .description("send today's deadline digests now (each person once a day; needs the admin role)")
    .action(async (_o, cmd: Command) => {
      const opts = globals(cmd);
      const run = (await call(connection(opts), 'POST', '/v1/digests')).body as DigestRun;
      print(io, opts, run, () => formatDigestRun(run));
    });
}
