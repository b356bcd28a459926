/** The `pa` program: global options, the commands, and how a failure becomes an exit code. */
import { Command, CommanderError, Option } from 'commander';
import { registerAppeal } from './commands/appeal.ts';
import { registerAssess } from './commands/assess.ts';
import { registerAudit } from './commands/audit.ts';
import { registerDemo } from './commands/demo.ts';
import { registerDigest } from './commands/digest.ts';
import { registerIdentity } from './commands/identity.ts';
import { registerRotate } from './commands/rotate.ts';
import { registerStatus } from './commands/status.ts';
import { registerSubmit } from './commands/submit.ts';
import { registerWebhook } from './commands/webhook.ts';
import { registerWorklist } from './commands/worklist.ts';
import type { GlobalOptions } from './config.ts';
import { CliError, EXIT, EXIT_HELP, type ExitCode } from './errors.ts';
import { defaultIo, type Io } from './output.ts';

export function buildProgram(io: Io): Command {
  const program = new Command('pa')
    .description('Prior authorization and appeals for durvalumab (J9173): the command line of the /v1 API.')
    .addOption(
      new Option('--url <url>', 'base URL of the API').env('PA_URL').default('http://127.0.0.1:3000'),
    )
    .option('--token <token>', 'bearer token (default: PA_API_TOKEN, or <PA_DATA_DIR or .local>/api-token)')
    .option('--json', 'print JSON (one document on stdout) instead of text')
    .addHelpText('after', EXIT_HELP)
    .showHelpAfterError('(pa --help lists the commands and exit codes)')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();
  for (const register of [
    registerSubmit,
    registerStatus,
    registerWorklist,
    registerAssess,
    registerAppeal,
    registerWebhook,
    registerDemo,
    registerIdentity,
    registerRotate,
    registerDigest,
    registerAudit,
  ]) {
    register(program, io);
  }
  return program;
}

/** Reports a CliError as JSON on stdout (--json) or as text on stderr. */
function report(error: CliError, jsonMode: boolean, io: Io): void {
  if (jsonMode) {
    const { message, exitCode, problem } = error;
    io.out(JSON.stringify({ error: { message, exitCode, problem } }, null, 2));
    return;
  }
  io.err(`pa: ${error.message}`);
  for (const e of error.problem?.errors ?? []) io.err(`  ${e.path}: ${e.message}`);
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[], io: Io = defaultIo): Promise<ExitCode> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version are not errors.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      report(error, argv.includes('--json') || Boolean((program.opts() as GlobalOptions).json), io);
      return error.exitCode;
    }
    io.err(`pa: unexpected error: ${(error as Error).message}`);
    return EXIT.unavailable;
  }
}
