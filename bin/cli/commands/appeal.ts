/** `pa appeal <caseId>`: download the case's newest appeal (or corrected-claim) PDF. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { getCase, newestAppealDocument } from '../cases.ts';
import { connection, globals } from '../config.ts';
import { CliError, EXIT } from '../errors.ts';
import { call } from '../http.ts';
import { type Io, print } from '../output.ts';

function openWithSystem(path: string, io: Io): void {
  try {
    const child = spawn('xdg-open', [path], { stdio: 'ignore', detached: true });
    child.on('error', () => io.err(`could not run xdg-open; the PDF is at ${path}`));
    child.unref();
  } catch {
    io.err(`could not run xdg-open; the PDF is at ${path}`);
  }
}

export function registerAppeal(program: Command, io: Io): void {
  program
    .command('appeal')
    .description("download the case's newest appeal (or corrected-claim) PDF")
    .argument('<caseId>')
    .option('--out <file>', 'where to write the PDF (default: ./<kind>-<caseId>-<appealId>.pdf)')
    .option('--open', 'open it with xdg-open')
    .action(async (caseId: string, _o, cmd: Command) => {
      const opts = globals<{ out?: string; open?: boolean }>(cmd);
      const conn = connection(opts);
      const c = await getCase(conn, caseId);
      const appeal = newestAppealDocument(c);
      if (!appeal) {
        throw new CliError(`case ${caseId} has no appeal document yet (status ${c.status})`, EXIT.notFound);
      }
      const res = await call(conn, 'GET', `/v1/documents/${encodeURIComponent(appeal.documentId)}`, {
        headers: { accept: 'application/pdf' },
      });
      const kind = appeal.remedy === 'corrected_claim' ? 'corrected-claim' : 'appeal';
      const out = resolve(opts.out ?? `${kind}-${caseId}-${appeal.appealId}.pdf`);
      writeFileSync(out, res.body as Uint8Array);
      if (opts.open) openWithSystem(out, io);
      print(io, opts, { caseId, ...appeal, file: out, bytes: (res.body as Uint8Array).length }, () => out);
    });
}
