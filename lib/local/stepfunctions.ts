/**
 * A local Step Functions endpoint: a small HTTP server speaking the awsJson1.0 protocol of the
 * Step Functions API (StartExecution, DescribeExecution, ListExecutions, StopExecution,
 * DescribeStateMachine, ListStateMachines), so the unchanged @aws-sdk/client-sfn works against
 * it. The state machines are the ASL definitions of the CDK app, run by aws-local-stepfunctions
 * with every Task state mapped to an in-process function. Executions live in memory only: after
 * a restart the product re-drives cases from DynamoDB.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine,
} from 'aws-local-stepfunctions';
import { createLambdaContext, LOCAL_ACCOUNT_ID } from './lambda-context.ts';
import { type LocalLog, silentLog } from './log.ts';
import { LOCAL_HOST } from './network.ts';

// aws-local-stepfunctions 3 calls Promise.withResolvers (Node 22+); this machine runs Node 20.
interface WithResolvers {
  withResolvers?: <T>() => {
    promise: Promise<T>;
    resolve: (value: T) => void;
    reject: (reason?: unknown) => void;
  };
}
const promiseStatics = Promise as unknown as WithResolvers;
promiseStatics.withResolvers ??= <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

/** A Task state's function: a Lambda handler called in-process with the Task's input. */
export type TaskFunction = (input: unknown, context: Context) => unknown;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

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

interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  abort?: () => void;
}

/** An error of the Step Functions API, sent as `{ __type, message }` with status 400. */
class SfnApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

const LAMBDA_INVOKE_RESOURCE = /^arn:[\w-]+:states:::lambda:invoke$/;
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]/u;
const MAX_INPUT_BYTES = 256 * 1024;

interface TaskStateInfo {
  resource: string;
}

/** Every Task state of a definition, nested Parallel branches and Map processors included. */
function collectTaskStates(definition: unknown, into: Map<string, TaskStateInfo>): void {
  const states = (definition as { States?: Record<string, Record<string, unknown>> }).States ?? {};
  for (const [stateName, state] of Object.entries(states)) {
    if (state.Type === 'Task') into.set(stateName, { resource: String(state.Resource ?? '') });
    if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
      for (const branch of state.Branches) collectTaskStates(branch, into);
    }
    if (state.Type === 'Map') collectTaskStates(state.ItemProcessor ?? state.Iterator ?? {}, into);
  }
}

function isLambdaInvokeEnvelope(input: unknown): input is { FunctionName: unknown; Payload: unknown } {
  return typeof input === 'object' && input !== null && 'FunctionName' in input && 'Payload' in input;
}

/**
 * The error a failing Task reports to the engine. The engine matches Retry/Catch on `name` and
 * puts `message` in Cause; a thrown non-Error or an error with a `cause` chain would leak into
 * Cause as an object, so the failure is reduced to name and message here.
 */
function taskFailure(thrown: unknown): Error {
  const failure = new Error(thrown instanceof Error ? thrown.message : String(thrown));
  failure.name = thrown instanceof Error && thrown.name ? thrown.name : 'Error';
  return failure;
}

function epochSeconds(date: Date | undefined): number | undefined {
  return date === undefined ? undefined : date.getTime() / 1000;
}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new SfnApiError('ValidationException', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function field<T>(body: Record<string, unknown>, name: string, type: 'string' | 'number'): T | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) throw new SfnApiError('ValidationException', `${name} must be a ${type}`);
  return value as T;
}

function requiredString(body: Record<string, unknown>, name: string): string {
  const value = field<string>(body, name, 'string');
  if (value === undefined || value === '')
    throw new SfnApiError('ValidationException', `${name} is required`);
  return value;
}

export async function startLocalStepFunctions(
  options: LocalStepFunctionsOptions,
): Promise<LocalStepFunctions> {
  const log = options.log ?? silentLog;
  const region = options.region ?? 'us-east-1';
  const maxConcurrent = Math.max(1, options.maxConcurrentExecutions ?? 8);
  const maxRetained = Math.max(1, options.maxRetainedExecutions ?? 10_000);
  const taskTimeoutMs = options.taskTimeoutMs ?? 60_000;
  const createdAt = new Date();
  const stateMachineArn = (name: string) =>
    `arn:aws:states:${region}:${LOCAL_ACCOUNT_ID}:stateMachine:${name}`;

  interface Machine {
    name: string;
    arn: string;
    definition: object;
    engine: StateMachine;
    taskStates: Map<string, TaskStateInfo>;
  }
  const machines = new Map<string, Machine>();
  for (const [name, definition] of Object.entries(options.definitions)) {
    const taskStates = new Map<string, TaskStateInfo>();
    collectTaskStates(definition, taskStates);
    const missing = [...taskStates.keys()].filter((state) => options.taskHandlers[state] === undefined);
    if (missing.length > 0) {
      throw new Error(`state machine ${name}: no local function for Task state(s) ${missing.join(', ')}`);
    }
    // The engine validates the ASL here; placeholder Lambda ARNs are fine since no Task calls AWS.
    const engine = new StateMachine(definition as ConstructorParameters<typeof StateMachine>[0], {
      validationOptions: { checkArn: false },
    });
    machines.set(stateMachineArn(name), { name, arn: stateMachineArn(name), definition, engine, taskStates });
  }

  const executions = new Map<string, ExecutionRecord>();
  const byName = new Map<string, ExecutionRecord>();
  const queue: ExecutionRecord[] = [];
  let running = 0;
  let closedCount = 0;
  let idleWaiters: Array<() => void> = [];
  let accepting = true;

  const notifyIfIdle = () => {
    if (running === 0 && queue.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const wake of waiters) wake();
    }
  };

  const forgetOldClosed = () => {
    if (closedCount <= maxRetained * 1.1) return;
    for (const record of executions.values()) {
      if (closedCount <= maxRetained) break;
      if (record.status === 'RUNNING') continue;
      executions.delete(record.executionArn);
      byName.delete(`${record.stateMachineArn}|${record.name}`);
      closedCount -= 1;
    }
  };

  const close = (record: ExecutionRecord, status: Exclude<ExecutionStatus, 'RUNNING'>) => {
    if (record.status !== 'RUNNING') return;
    record.status = status;
    record.stopDate = new Date();
    record.abort = undefined;
    closedCount += 1;
    forgetOldClosed();
  };

  const localHandlers = (machine: Machine) => {
    const handlers: Record<string, (input: unknown) => Promise<never>> = {};
    for (const [stateName, info] of machine.taskStates) {
      const fn = options.taskHandlers[stateName]!;
      const invokeEnvelope = LAMBDA_INVOKE_RESOURCE.test(info.resource);
      handlers[stateName] = async (input: unknown) => {
        // LambdaInvoke without payloadResponseOnly: the Task input is { FunctionName, Payload }
        // and its result is the Invoke response, whose Payload is the function's result.
        const envelope = isLambdaInvokeEnvelope(input);
        const event = envelope ? input.Payload : input;
        let result: unknown;
        try {
          result = await fn(event, createLambdaContext(stateName, { region, timeoutMs: taskTimeoutMs }));
        } catch (thrown) {
          throw taskFailure(thrown);
        }
        const json = result === undefined ? null : JSON.parse(JSON.stringify(result));
        return (
          invokeEnvelope || envelope
            ? {
                ExecutedVersion: '$LATEST',
                Payload: json,
                StatusCode: 200,
                SdkHttpMetadata: { HttpStatusCode: 200 },
              }
            : json
        ) as never;
      };
    }
    return handlers;
  };

  const run = async (record: ExecutionRecord) => {
    const machine = machines.get(record.stateMachineArn)!;
    const retryIntervalOverrides: Record<string, number> = {};
    if (options.retryIntervalOverrideMs !== undefined) {
      for (const stateName of machine.taskStates.keys())
        retryIntervalOverrides[stateName] = options.retryIntervalOverrideMs;
    }
    const execution = machine.engine.run(JSON.parse(record.input), {
      overrides: { taskResourceLocalHandlers: localHandlers(machine), retryIntervalOverrides },
      context: {
        Execution: {
          Id: record.executionArn,
          Name: record.name,
          RoleArn: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/local`,
        },
        StateMachine: { Id: record.stateMachineArn, Name: machine.name },
      },
    });
    record.abort = execution.abort;
    try {
      const output = await execution.result;
      if (record.status !== 'RUNNING') return;
      record.output = JSON.stringify(output ?? null);
      close(record, 'SUCCEEDED');
    } catch (error) {
      if (record.status !== 'RUNNING') return;
      if (error instanceof ExecutionAbortedError) {
        close(record, 'ABORTED');
      } else if (error instanceof ExecutionTimeoutError) {
        record.error = 'States.Timeout';
        close(record, 'TIMED_OUT');
      } else {
        const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
        record.error = failure instanceof Error ? failure.name : 'Error';
        record.cause = failure instanceof Error ? failure.message : String(failure);
        close(record, 'FAILED');
      }
      log('warn', 'execution closed', {
        executionArn: record.executionArn,
        status: record.status,
        error: record.error,
      });
    }
  };

  const pump = () => {
    while (running < maxConcurrent && queue.length > 0) {
      const record = queue.shift()!;
      if (record.status !== 'RUNNING') continue;
      running += 1;
      void run(record).finally(() => {
        running -= 1;
        pump();
        notifyIfIdle();
      });
    }
    notifyIfIdle();
  };

  const describeRecord = (arn: string) => {
    const record = executions.get(arn);
    if (!record) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return record;
  };

  const machineOf = (arn: string) => {
    const machine = machines.get(arn);
    if (!machine) throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  };

  const operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    StartExecution(body) {
      const machine = machineOf(requiredString(body, 'stateMachineArn'));
      const name = field<string>(body, 'name', 'string') ?? randomUUID();
      if (name.length < 1 || name.length > 80 || INVALID_NAME.test(name)) {
        throw new SfnApiError('InvalidName', `Invalid Name: '${name}'`);
      }
      const input = field<string>(body, 'input', 'string') ?? '{}';
      if (Buffer.byteLength(input) > MAX_INPUT_BYTES) {
        throw new SfnApiError('InvalidExecutionInput', 'input exceeds 262144 bytes');
      }
      try {
        JSON.parse(input);
      } catch {
        throw new SfnApiError(
          'InvalidExecutionInput',
          'Invalid State Machine Execution Input: input is not JSON',
        );
      }
      const key = `${machine.arn}|${name}`;
      const existing = byName.get(key);
      if (existing) {
        // AWS (STANDARD): idempotent only while the execution runs with the same input.
        if (existing.status === 'RUNNING' && existing.input === input) {
          return { executionArn: existing.executionArn, startDate: epochSeconds(existing.startDate) };
        }
        throw new SfnApiError(
          'ExecutionAlreadyExists',
          `Execution Already Exists: '${existing.executionArn}'`,
        );
      }
      const record: ExecutionRecord = {
        executionArn: `arn:aws:states:${region}:${LOCAL_ACCOUNT_ID}:execution:${machine.name}:${name}`,
        stateMachineArn: machine.arn,
        stateMachineName: machine.name,
        name,
        input,
        status: 'RUNNING',
        startDate: new Date(),
      };
      executions.set(record.executionArn, record);
      byName.set(key, record);
      queue.push(record);
      pump();
      return { executionArn: record.executionArn, startDate: epochSeconds(record.startDate) };
    },
    DescribeExecution(body) {
      const record = describeRecord(requiredString(body, 'executionArn'));
      return {
        executionArn: record.executionArn,
        stateMachineArn: record.stateMachineArn,
        name: record.name,
        status: record.status,
        startDate: epochSeconds(record.startDate),
        stopDate: epochSeconds(record.stopDate),
        input: record.input,
        inputDetails: { included: true },
        output: record.output,
        outputDetails: record.output === undefined ? undefined : { included: true },
        error: record.error,
        cause: record.cause,
      };
    },
    ListExecutions(body) {
      const machine = machineOf(requiredString(body, 'stateMachineArn'));
      const statusFilter = field<string>(body, 'statusFilter', 'string');
      const maxResults = Math.min(Math.max(field<number>(body, 'maxResults', 'number') || 100, 1), 1000);
      const token = field<string>(body, 'nextToken', 'string');
      const offset =
        token === undefined ? 0 : Number.parseInt(Buffer.from(token, 'base64url').toString(), 10);
      if (!Number.isInteger(offset) || offset < 0) throw new SfnApiError('InvalidToken', 'Invalid Token');
      const matching = [...executions.values()]
        .filter((record) => record.stateMachineArn === machine.arn)
        .filter((record) => statusFilter === undefined || record.status === statusFilter)
        .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
      const page = matching.slice(offset, offset + maxResults);
      const next = offset + maxResults < matching.length ? offset + maxResults : undefined;
      return {
        executions: page.map((record) => ({
          executionArn: record.executionArn,
          stateMachineArn: record.stateMachineArn,
          name: record.name,
          status: record.status,
          startDate: epochSeconds(record.startDate),
          stopDate: epochSeconds(record.stopDate),
        })),
        nextToken: next === undefined ? undefined : Buffer.from(String(next)).toString('base64url'),
      };
    },
    StopExecution(body) {
      const record = describeRecord(requiredString(body, 'executionArn'));
      if (record.status === 'RUNNING') {
        const abort = record.abort;
        record.error = field<string>(body, 'error', 'string');
        record.cause = field<string>(body, 'cause', 'string');
        close(record, 'ABORTED');
        abort?.();
        log('info', 'execution stopped', { executionArn: record.executionArn });
      }
      return { stopDate: epochSeconds(record.stopDate) };
    },
    DescribeStateMachine(body) {
      const machine = machineOf(requiredString(body, 'stateMachineArn'));
      return {
        stateMachineArn: machine.arn,
        name: machine.name,
        status: 'ACTIVE',
        definition: JSON.stringify(machine.definition),
        roleArn: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/local`,
        type: 'STANDARD',
        creationDate: epochSeconds(createdAt),
      };
    },
    ListStateMachines() {
      return {
        stateMachines: [...machines.values()].map((machine) => ({
          stateMachineArn: machine.arn,
          name: machine.name,
          type: 'STANDARD',
          creationDate: epochSeconds(createdAt),
        })),
      };
    },
  };

  const send = (response: ServerResponse, status: number, payload: unknown) => {
    const body = JSON.stringify(payload);
    response.writeHead(status, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': randomUUID(),
    });
    response.end(body);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    try {
      const target = String(request.headers['x-amz-target'] ?? '');
      const [service, operationName] = target.split('.');
      const operation =
        service === 'AWSStepFunctions' && operationName ? operations[operationName] : undefined;
      if (request.method !== 'POST' || operation === undefined) {
        throw new SfnApiError('UnknownOperationException', `unsupported operation '${target}'`);
      }
      if (!accepting)
        throw new SfnApiError('ServiceUnavailable', 'the local Step Functions endpoint is stopping');
      const raw = await readBody(request, MAX_INPUT_BYTES * 2);
      let body: unknown;
      try {
        body = raw === '' ? {} : JSON.parse(raw);
      } catch {
        throw new SfnApiError('SerializationException', 'request body is not JSON');
      }
      if (typeof body !== 'object' || body === null)
        throw new SfnApiError('SerializationException', 'body must be an object');
      send(response, 200, operation(body as Record<string, unknown>));
    } catch (error) {
      if (error instanceof SfnApiError) {
        const status = error.type === 'ServiceUnavailable' ? 503 : 400;
        send(response, status, { __type: error.type, message: error.message });
      } else {
        log('error', 'local step functions endpoint failed', { error: (error as Error).name });
        send(response, 500, { __type: 'InternalServerError', message: 'internal error' });
      }
    }
  };

  const server: Server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOCAL_HOST, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  log('info', 'local step functions ready', {
    port,
    stateMachines: [...machines.values()].map((m) => m.name),
  });

  const drain = () =>
    running === 0 && queue.length === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => idleWaiters.push(resolve));

  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://${LOCAL_HOST}:${port}`,
    port,
    stateMachineArn,
    pending: () => ({ running, queued: queue.filter((record) => record.status === 'RUNNING').length }),
    drain,
    stop(stopOptions) {
      stopping ??= (async () => {
        accepting = false;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          drain(),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, stopOptions?.timeoutMs ?? 10_000);
          }),
        ]);
        clearTimeout(timer);
        for (const record of executions.values()) {
          if (record.status !== 'RUNNING') continue;
          const abort = record.abort;
          close(record, 'ABORTED');
          abort?.();
        }
        queue.length = 0;
        notifyIfIdle();
        server.closeAllConnections();
        await closed;
        log('info', 'local step functions stopped');
      })();
      return stopping;
    },
  };
}
