/**
 * The state machines of the local Step Functions: each ASL definition validated by
 * aws-local-stepfunctions, with every Task state mapped to an in-process function.
 */
import type { Context } from 'aws-lambda';
import { StateMachine } from 'aws-local-stepfunctions';
import { checkStatePayload, createLambdaContext, LOCAL_ACCOUNT_ID } from './lambda-context.ts';

// aws-local-stepfunctions 3 calls Promise.withResolvers (Node 22+): npm scripts run on the pinned
// Node 24, but a direct `node --import tsx bin/local.ts` may still be Node 20.
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

/** The role every local execution and state machine claims to run as. */
export const LOCAL_ROLE_ARN = `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/local`;

interface TaskStateInfo {
  resource: string;
}

export interface Machine {
  name: string;
  arn: string;
  definition: object;
  engine: StateMachine;
  taskStates: Map<string, TaskStateInfo>;
}

const LAMBDA_INVOKE_RESOURCE = /^arn:[\w-]+:states:::lambda:invoke$/;

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

/** Validates each definition and checks that every Task state has a local function. */
export function loadMachines(
  definitions: Record<string, object>,
  taskHandlers: Record<string, TaskFunction>,
  stateMachineArn: (name: string) => string,
): Map<string, Machine> {
  const machines = new Map<string, Machine>();
  for (const [name, definition] of Object.entries(definitions)) {
    const taskStates = new Map<string, TaskStateInfo>();
    collectTaskStates(definition, taskStates);
    const missing = [...taskStates.keys()].filter((state) => taskHandlers[state] === undefined);
    if (missing.length > 0) {
      throw new Error(`state machine ${name}: no local function for Task state(s) ${missing.join(', ')}`);
    }
    // The engine validates the ASL here; placeholder Lambda ARNs are fine since no Task calls AWS.
    const engine = new StateMachine(definition as ConstructorParameters<typeof StateMachine>[0], {
      validationOptions: { checkArn: false },
    });
    machines.set(stateMachineArn(name), { name, arn: stateMachineArn(name), definition, engine, taskStates });
  }
  return machines;
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

/** The engine's local handler of each Task state of `machine`, calling its TaskFunction. */
export function localHandlers(
  machine: Machine,
  taskHandlers: Record<string, TaskFunction>,
  lambda: { region: string; timeoutMs: number },
): Record<string, (input: unknown) => Promise<never>> {
  const handlers: Record<string, (input: unknown) => Promise<never>> = {};
  for (const [stateName, info] of machine.taskStates) {
    const fn = taskHandlers[stateName]!;
    const invokeEnvelope = LAMBDA_INVOKE_RESOURCE.test(info.resource);
    handlers[stateName] = async (input: unknown) => {
      // LambdaInvoke without payloadResponseOnly: the Task input is { FunctionName, Payload }
      // and its result is the Invoke response, whose Payload is the function's result.
      const envelope = isLambdaInvokeEnvelope(input);
      const event = envelope ? input.Payload : input;
      let result: unknown;
      try {
        result = await fn(event, createLambdaContext(stateName, lambda));
      } catch (thrown) {
        throw taskFailure(thrown);
      }
      const json = result === undefined ? null : JSON.parse(JSON.stringify(result));
      checkStatePayload(json, stateName);
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
}
