/**
 * The local stack as a process (`node --import tsx bin/local.ts`, as `npm start` runs it) on a
 * temp data dir and a free port, for the bench: test/support/local-stack.ts's process, reading the
 * stack's JSON log lines on stderr for the DynamoDB Local port, so the floor writes go to the same
 * DynamoDB Local as the system's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalCredentials, localCredentials } from '../lib/local/credentials.ts';
import type { HandlerSource } from '../lib/local/stack.ts';
import { startStackProcess } from '../test/support/local-stack.ts';

export interface BenchStack {
  url: string;
  token: string;
  dynamodbEndpoint: string;
  /** The data dir's key pair: DynamoDB Local shows the stack's tables to it only. */
  dynamodbCredentials: LocalCredentials;
  /** SIGTERM, wait for the exit, remove the data dir. */
  stop(): Promise<void>;
  /** The stack's last log lines (stderr), to show with a failure. */
  recentLog(): string[];
}

const KEPT_LOG_LINES = 30;

/** The port of the stack's "dynamodb local ready" log line, if `line` is that line. */
function dynamodbPortOf(line: string): number | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as { message?: string; port?: number };
    return entry.message === 'dynamodb local ready' && typeof entry.port === 'number'
      ? entry.port
      : undefined;
  } catch {
    return undefined; // not one of the stack's JSON lines
  }
}

/**
 * Starts the stack on `payersFile`; `handlers: 'bundled'` runs the bundles the CDK app deploys
 * (PA_HANDLERS=bundled: lib/bundles.ts builds them first, so the start takes longer).
 */
export async function startBenchStack(
  payersFile: string,
  handlers: HandlerSource = 'source',
  timeoutMs = 240_000,
): Promise<BenchStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pa-bench-'));
  let dynamodbPort: number | undefined;
  const recent: string[] = [];
  const stack = await startStackProcess({
    dataDir,
    timeoutMs,
    env: {
      PA_PAYERS_FILE: payersFile,
      // The bench drives every case itself; the sweep would only add noise to the figures.
      PA_SWEEP_INTERVAL_MS: '86400000',
      PA_HANDLERS: handlers,
    },
    onStderrLine: (line) => {
      dynamodbPort = dynamodbPortOf(line) ?? dynamodbPort;
      recent.push(line);
      if (recent.length > KEPT_LOG_LINES) recent.shift();
    },
  });
  if (dynamodbPort === undefined) {
    await stack.kill('SIGKILL');
    throw new Error('bench stack: no "dynamodb local ready" log line with its port');
  }
  return {
    url: stack.url,
    token: stack.token,
    dynamodbEndpoint: `http://127.0.0.1:${dynamodbPort}`,
    dynamodbCredentials: await localCredentials(dataDir),
    recentLog: () => [...recent],
    async stop() {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
