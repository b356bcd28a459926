/**
 * A local Step Functions endpoint: a small HTTP server speaking the awsJson1.0 protocol of the
 * Step Functions API (sfn-api.ts), so the unchanged @aws-sdk/client-sfn works against it. The
 * state machines are the ASL definitions of the CDK app, run by aws-local-stepfunctions with every
 * Task state mapped to an in-process function (sfn-machines.ts). Executions live in memory only
 * (sfn-executions.ts): after a restart the product re-drives cases from DynamoDB.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOCAL_ACCOUNT_ID } from './lambda-context.ts';
import { type LocalLog, silentLog } from './log.ts';
import { LOCAL_HOST } from './network.ts';
import { sfnApiHandler } from './sfn-api.ts';
import { LocalExecutions } from './sfn-executions.ts';
import { loadMachines, type TaskFunction } from './sfn-machines.ts';

export type { ExecutionStatus } from './sfn-executions.ts';
export type { TaskFunction } from './sfn-machines.ts';

export interface LocalStepFunctionsOptions {
  /** State machine name -> ASL definition. */
  definitions: Record<string, object>;
  /** Task state name (in any of the definitions, nested ones included) -> its function. */
  taskHandlers: Record<string, TaskFunction>;
  region?: string;
  /** Executions running at once; the others wait in a queue (default 8). */
  maxConcurrentExecutions?: number;
  /** Closed executions kept for Describe/List before the oldest are forgotten (default 10,000). */
  maxRetainedExecutions?: number;
  /** Replaces every Retry interval (tests: retries without waiting for the real backoff). */
  retryIntervalOverrideMs?: number;
  /** Time a Task function may take, as a Lambda timeout (default 60 s). */
  taskTimeoutMs?: number;
  port?: number;
  log?: LocalLog;
}

export interface LocalStepFunctions {
  readonly endpoint: string;
  readonly port: number;
  stateMachineArn(name: string): string;
  /** Executions queued or running right now. */
  pending(): { running: number; queued: number };
  /** Resolves once no execution is queued or running. */
  drain(): Promise<void>;
  /**
   * Stops accepting calls, waits for executions up to `timeoutMs` (default 10 s), aborts the rest
   * (the re-drive picks their cases up) and closes the server.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOCAL_HOST, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export async function startLocalStepFunctions(
  options: LocalStepFunctionsOptions,
): Promise<LocalStepFunctions> {
  const log = options.log ?? silentLog;
  const region = options.region ?? 'us-east-1';
  const stateMachineArn = (name: string) =>
    `arn:aws:states:${region}:${LOCAL_ACCOUNT_ID}:stateMachine:${name}`;
  const machines = loadMachines(options.definitions, options.taskHandlers, stateMachineArn);
  const executions = new LocalExecutions(machines, {
    taskHandlers: options.taskHandlers,
    region,
    maxConcurrent: Math.max(1, options.maxConcurrentExecutions ?? 8),
    maxRetained: Math.max(1, options.maxRetainedExecutions ?? 10_000),
    taskTimeoutMs: options.taskTimeoutMs ?? 60_000,
    retryIntervalOverrideMs: options.retryIntervalOverrideMs,
    log,
  });
  let accepting = true;
  const handle = sfnApiHandler(machines, executions, {
    createdAt: new Date(),
    log,
    accepting: () => accepting,
  });
  const server: Server = createServer((request, response) => void handle(request, response));
  const port = await listen(server, options.port ?? 0);
  log('info', 'local step functions ready', {
    port,
    stateMachines: [...machines.values()].map((m) => m.name),
  });

  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://${LOCAL_HOST}:${port}`,
    port,
    stateMachineArn,
    pending: () => executions.pending(),
    drain: () => executions.drain(),
    stop(stopOptions) {
      stopping ??= (async () => {
        accepting = false;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          executions.drain(),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, stopOptions?.timeoutMs ?? 10_000);
          }),
        ]);
        clearTimeout(timer);
        executions.abortAll();
        server.closeAllConnections();
        await closed;
        log('info', 'local step functions stopped');
      })();
      return stopping;
    },
  };
}
