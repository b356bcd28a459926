/**
 * The awsJson1.0 protocol of the Step Functions API over the local executions: StartExecution,
 * DescribeExecution, ListExecutions, StopExecution, DescribeStateMachine, ListStateMachines.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalLog } from './log.ts';
import type { ExecutionRecord, LocalExecutions } from './sfn-executions.ts';
import { LOCAL_ROLE_ARN, type Machine } from './sfn-machines.ts';

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

const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]/u;
const MAX_INPUT_BYTES = 256 * 1024;

type Body = Record<string, unknown>;

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

function field<T>(body: Body, name: string, type: 'string' | 'number'): T | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) throw new SfnApiError('ValidationException', `${name} must be a ${type}`);
  return value as T;
}

function requiredString(body: Body, name: string): string {
  const value = field<string>(body, name, 'string');
  if (value === undefined || value === '')
    throw new SfnApiError('ValidationException', `${name} is required`);
  return value;
}

/** The fields ListExecutions gives for an execution; DescribeExecution gives these and more. */
function executionListItem(record: ExecutionRecord) {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    stopDate: epochSeconds(record.stopDate),
  };
}

/**
 * The input of StartExecution: JSON of at most 256 KiB. Longer is refused before any execution
 * starts, as the API refuses a member over its length constraint (262,144): ValidationException.
 */
function executionInput(body: Body): string {
  const input = field<string>(body, 'input', 'string') ?? '{}';
  if (Buffer.byteLength(input) > MAX_INPUT_BYTES) {
    throw new SfnApiError(
      'ValidationException',
      `1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to ${MAX_INPUT_BYTES}`,
    );
  }
  try {
    JSON.parse(input);
  } catch {
    throw new SfnApiError(
      'InvalidExecutionInput',
      'Invalid State Machine Execution Input: input is not JSON',
    );
  }
  return input;
}

/** The offset a ListExecutions nextToken stands for (0 without one). */
function pageOffset(token: string | undefined): number {
  const offset = token === undefined ? 0 : Number.parseInt(Buffer.from(token, 'base64url').toString(), 10);
  if (!Number.isInteger(offset) || offset < 0) throw new SfnApiError('InvalidToken', 'Invalid Token');
  return offset;
}

type Operations = Record<string, (body: Body) => unknown>;

function operations(
  machines: Map<string, Machine>,
  executions: LocalExecutions,
  createdAt: Date,
  log: LocalLog,
): Operations {
  const describeRecord = (arn: string) => {
    const record = executions.records.get(arn);
    if (!record) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return record;
  };
  const machineOf = (arn: string) => {
    const machine = machines.get(arn);
    if (!machine) throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  };
  const machineListItem = (machine: Machine) => ({
    stateMachineArn: machine.arn,
    name: machine.name,
    type: 'STANDARD',
    creationDate: epochSeconds(createdAt),
  });

  return {
    StartExecution(body) {
      const machine = machineOf(requiredString(body, 'stateMachineArn'));
      const name = field<string>(body, 'name', 'string') ?? randomUUID();
      if (name.length < 1 || name.length > 80 || INVALID_NAME.test(name)) {
        throw new SfnApiError('InvalidName', `Invalid Name: '${name}'`);
      }
      const input = executionInput(body);
      const existing = executions.named(machine, name);
      // AWS (STANDARD): idempotent only while the execution runs with the same input.
      if (existing && !(existing.status === 'RUNNING' && existing.input === input)) {
        throw new SfnApiError(
          'ExecutionAlreadyExists',
          `Execution Already Exists: '${existing.executionArn}'`,
        );
      }
      const record = existing ?? executions.start(machine, name, input);
      return { executionArn: record.executionArn, startDate: epochSeconds(record.startDate) };
    },
    DescribeExecution(body) {
      const record = describeRecord(requiredString(body, 'executionArn'));
      return {
        ...executionListItem(record),
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
      const offset = pageOffset(field<string>(body, 'nextToken', 'string'));
      const matching = [...executions.records.values()]
        .filter((record) => record.stateMachineArn === machine.arn)
        .filter((record) => statusFilter === undefined || record.status === statusFilter)
        .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
      const next = offset + maxResults < matching.length ? offset + maxResults : undefined;
      return {
        executions: matching.slice(offset, offset + maxResults).map(executionListItem),
        nextToken: next === undefined ? undefined : Buffer.from(String(next)).toString('base64url'),
      };
    },
    StopExecution(body) {
      const record = describeRecord(requiredString(body, 'executionArn'));
      if (record.status === 'RUNNING') {
        executions.abort(record, {
          error: field<string>(body, 'error', 'string'),
          cause: field<string>(body, 'cause', 'string'),
        });
        log('info', 'execution stopped', { executionArn: record.executionArn });
      }
      return { stopDate: epochSeconds(record.stopDate) };
    },
    DescribeStateMachine(body) {
      const machine = machineOf(requiredString(body, 'stateMachineArn'));
      return {
        ...machineListItem(machine),
        status: 'ACTIVE',
        definition: JSON.stringify(machine.definition),
        roleArn: LOCAL_ROLE_ARN,
      };
    },
    ListStateMachines() {
      return { stateMachines: [...machines.values()].map(machineListItem) };
    },
  };
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(body);
}

/** The operation an `x-amz-target` header names. */
function operationOf(request: IncomingMessage, ops: Operations): (body: Body) => unknown {
  const target = String(request.headers['x-amz-target'] ?? '');
  const [service, operationName] = target.split('.');
  const operation = service === 'AWSStepFunctions' && operationName ? ops[operationName] : undefined;
  if (request.method !== 'POST' || operation === undefined) {
    throw new SfnApiError('UnknownOperationException', `unsupported operation '${target}'`);
  }
  return operation;
}

/** The request body: a JSON object (an empty body is `{}`). */
async function readJsonObject(request: IncomingMessage): Promise<Body> {
  const raw = await readBody(request, MAX_INPUT_BYTES * 2);
  let body: unknown;
  try {
    body = raw === '' ? {} : JSON.parse(raw);
  } catch {
    throw new SfnApiError('SerializationException', 'request body is not JSON');
  }
  if (typeof body !== 'object' || body === null)
    throw new SfnApiError('SerializationException', 'body must be an object');
  return body as Body;
}

/** The HTTP request handler of the endpoint; `accepting()` false answers 503 (the endpoint is stopping). */
export function sfnApiHandler(
  machines: Map<string, Machine>,
  executions: LocalExecutions,
  options: { createdAt: Date; log: LocalLog; accepting: () => boolean },
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const ops = operations(machines, executions, options.createdAt, options.log);
  return async (request, response) => {
    try {
      const operation = operationOf(request, ops);
      if (!options.accepting())
        throw new SfnApiError('ServiceUnavailable', 'the local Step Functions endpoint is stopping');
      send(response, 200, operation(await readJsonObject(request)));
    } catch (error) {
      if (error instanceof SfnApiError) {
        const status = error.type === 'ServiceUnavailable' ? 503 : 400;
        send(response, status, { __type: error.type, message: error.message });
      } else {
        options.log('error', 'local step functions endpoint failed', { error: (error as Error).name });
        send(response, 500, { __type: 'InternalServerError', message: 'internal error' });
      }
    }
  };
}
