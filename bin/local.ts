/**
 * `npm start`: the whole system on this machine (API.md, "Configuration of the local stack").
 * stdout carries two lines, the API token and then `ready http://127.0.0.1:<port>` once every
 * route answers (on a data dir's first start, a line `admin user: <e-mail> <password>` before
 * `ready`: lib/local/first-admin.ts); logs go to stderr. SIGTERM/SIGINT stop it cleanly (exit
 * 0); a start that fails prints one line naming the cause and exits 1.
 */
import { localStackOptionsFromEnv } from '../lib/local/config.ts';
import { ensureFirstAdmin } from '../lib/local/first-admin.ts';
import { stderrLog } from '../lib/local/log.ts';
import { awaitRoutesAnswer } from '../lib/local/readiness.ts';
import { type LocalStack, startLocalStack } from '../lib/local/stack.ts';

async function main(): Promise<void> {
  const startedAt = Date.now();
  let stack: LocalStack | undefined;
  let stopping = false;
  let firstSignalAt = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      // npm and tsx relay a terminal's Ctrl-C too, so a repeat right away is the same request;
      // a later one means: give up on the clean stop.
      if (Date.now() - firstSignalAt < 3_000) return;
      process.stderr.write(`local stack: ${signal} again, exiting now\n`);
      process.exit(130);
    }
    stopping = true;
    firstSignalAt = Date.now();
    stderrLog('info', 'stopping', { signal });
    void (stack?.stop() ?? Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`local stack: stop failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  try {
    // `npm start -- --bundled` is PA_HANDLERS=bundled: the handlers run from the deployed bundles.
    const bundled = process.argv.slice(2).includes('--bundled');
    const options = localStackOptionsFromEnv(
      bundled ? { ...process.env, PA_HANDLERS: 'bundled' } : process.env,
    );
    stack = await startLocalStack({ ...options, log: stderrLog });
    if (stopping) return;
    process.stdout.write(`api token: ${stack.apiToken}\n`);
    await awaitRoutesAnswer(stack.url, stack.apiToken);
    // No first admin user (the API refused it) is said on stderr; the stack still serves.
    const admin = await ensureFirstAdmin(stack.dataDir, stack.url, stack.apiToken).catch((error: Error) => {
      stderrLog('warn', 'no first admin user', { error: error.message });
      return undefined;
    });
    if (admin) process.stdout.write(`admin user: ${admin.email} ${admin.password}\n`);
    stderrLog('info', 'ready', { url: stack.url, startMs: Date.now() - startedAt });
    process.stdout.write(`ready ${stack.url}\n`);
  } catch (error) {
    process.stderr.write(`local stack failed to start: ${(error as Error).message}\n`);
    await stack?.stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();
