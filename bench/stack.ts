/**
 * The local stack as a process (`node --import tsx bin/local.ts`, as `npm start` runs it) on a
 * temp data dir and a free port, for the bench. Like test/support/local-stack.ts, but it also
 * reads the stack's JSON log lines on stderr for the DynamoDB Local port, so the floor writes go
 * to the same DynamoDB Local as the system's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchStack {
  url: string;
  token: string;
  dynamodbEndpoint: string;
  /** SIGTERM, wait for the exit, remove the data dir. */
  stop(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const READY = /^ready (http:\/\/127\.0\.0\.1:\d+)$/;
const TOKEN = /^api token: (\S+)$/;

function ended(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => proc.once('exit', () => resolve()));
}

function lines(onLine: (line: string) => void): (chunk: Buffer) => void {
  let buffered = '';
  return (chunk) => {
    buffered += chunk.toString('utf8');
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      onLine(buffered.slice(0, newline).trim());
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
  };
}

export async function startBenchStack(payersFile: string, timeoutMs = 120_000): Promise<BenchStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pa-bench-'));
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PA_DATA_DIR: dataDir,
      PA_PORT: '0',
      PA_PAYERS_FILE: payersFile,
      // The bench drives every case itself; the sweep would only add noise to the figures.
      PA_SWEEP_INTERVAL_MS: '86400000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderrTail = '';
  let dynamodbPort: number | undefined;
  proc.stderr?.on(
    'data',
    lines((line) => {
      stderrTail = `${stderrTail}${line}\n`.slice(-4000);
      if (!line.startsWith('{')) return;
      try {
        const entry = JSON.parse(line) as { message?: string; port?: number };
        if (entry.message === 'dynamodb local ready' && typeof entry.port === 'number')
          dynamodbPort = entry.port;
      } catch {
        // not one of the stack's JSON lines
      }
    }),
  );

  const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    let token: string | undefined;
    const fail = (reason: string) => {
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`bench stack did not start: ${reason}\n${stderrTail}`));
    };
    const timer = setTimeout(() => fail(`no ready line within ${timeoutMs} ms`), timeoutMs);
    proc.once('exit', (code, signal) => fail(`it exited (${signal ?? code})`));
    proc.stdout?.on(
      'data',
      lines((line) => {
        token = TOKEN.exec(line)?.[1] ?? token;
        const ready = READY.exec(line);
        if (ready && token !== undefined) {
          clearTimeout(timer);
          proc.removeAllListeners('exit');
          resolve({ url: ready[1]!, token });
        }
      }),
    );
  });
  if (dynamodbPort === undefined) {
    proc.kill('SIGKILL');
    throw new Error('bench stack: no "dynamodb local ready" log line with its port');
  }
  return {
    url,
    token,
    dynamodbEndpoint: `http://127.0.0.1:${dynamodbPort}`,
    async stop() {
      const done = ended(proc);
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
      await done;
      clearTimeout(timer);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
