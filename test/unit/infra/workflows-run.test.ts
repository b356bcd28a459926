/**
 * The definitions of renderLocalDefinitions(), run by the engine the local stack uses
 * (aws-local-stepfunctions) with stand-in task handlers: proves the local engine runs the ASL as
 * deployed, and that the paths of lib/workflow-contract.ts hold.
 */
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import type { StateMachineName, TaskName } from '#infra/workflow-contract.ts';
import { renderLocalDefinitions } from '#infra/workflows.ts';

// aws-local-stepfunctions 3 calls Promise.withResolvers (Node 22+); Node 20 lacks it.
const promiseStatics = Promise as unknown as { withResolvers?: () => unknown };
promiseStatics.withResolvers ??= () => {
  let resolve: unknown;
  let reject: unknown;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

type Handler = (input: unknown) => unknown;
type Call = { task: TaskName; input: unknown };

function failure(name: string, message = `${name} (test)`): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** A handler that throws the given errors in turn, then returns `result`. */
function failingThen(errors: Error[], result: (input: unknown) => unknown): Handler {
  let calls = 0;
  return (input) => {
    const error = errors[calls];
    calls += 1;
    if (error) throw error;
    return result(input);
  };
}

const { definitions, taskStateToTask } = renderLocalDefinitions();
// Validating a definition takes the engine ~0.4 s: once per machine.
const machines = Object.fromEntries(
  Object.entries(definitions).map(([name, definition]) => [
    name,
    new StateMachine(structuredClone(definition) as never, { validationOptions: { checkArn: false } }),
  ]),
) as Record<StateMachineName, StateMachine>;

async function run(
  name: StateMachineName,
  input: object,
  handlers: Partial<Record<TaskName, Handler>>,
): Promise<{ calls: Call[]; output?: unknown; error?: Error }> {
  const calls: Call[] = [];
  const taskResourceLocalHandlers: Record<string, (input: unknown) => Promise<never>> = {};
  const retryIntervalOverrides: Record<string, number> = {};
  for (const [stateName, task] of Object.entries(taskStateToTask)) {
    retryIntervalOverrides[stateName] = 0;
    taskResourceLocalHandlers[stateName] = async (taskInput) => {
      calls.push({ task, input: taskInput });
      const handler = handlers[task];
      if (!handler) throw failure('UnexpectedTask', `no stand-in for ${task}`);
      return handler(taskInput) as never;
    };
  }
  const execution = machines[name].run(input as never, {
    overrides: { taskResourceLocalHandlers, retryIntervalOverrides },
  });
  try {
    return { calls, output: await execution.result };
  } catch (error) {
    return { calls, error: error as Error };
  }
}

/** The error name of the Fail state an execution ended in. */
const failedWith = (error: Error | undefined) => (error?.cause as Error | undefined)?.name ?? error?.name;
const tasksOf = (calls: Call[]) => calls.map((c) => c.task);
const caseId = 'case-01';
const eventId = 'evt-01';

describe('SubmitPriorAuth, as the local engine runs it', () => {
  it('assembles, submits and ends with the submission result', async () => {
    // Act
    const { calls, output, error } = await run(
      'SubmitPriorAuth',
      { caseId },
      {
        AssemblePacket: () => ({ caseId, next: 'submit' }),
        SubmitToPayer: () => ({ caseId, status: 'SUBMITTED' }),
      },
    );
    // Assess
    expect(error).toBeUndefined();
    expect(tasksOf(calls)).toEqual(['AssemblePacket', 'SubmitToPayer']);
    expect(calls.map((c) => c.input)).toEqual([{ caseId }, { caseId }]);
    expect(output).toEqual({ caseId, status: 'SUBMITTED' });
  });

  it.each([['needs_info'], ['not_required']])('stops after the packet when it says %s', async (next) => {
    // Act
    const { calls, output, error } = await run(
      'SubmitPriorAuth',
      { caseId },
      { AssemblePacket: () => ({ caseId, next }) },
    );
    // Assess
    expect(error).toBeUndefined();
    expect(tasksOf(calls)).toEqual(['AssemblePacket']);
    expect(output).toEqual({ caseId, next });
  });

  it.each([
    ['PayerUnavailableError', 2],
    ['ThrottledError', 1],
    ['Lambda.TooManyRequestsException', 3],
  ])('retries %s (%i times) and then submits', async (errorName, failures) => {
    // Act
    const { calls, error } = await run(
      'SubmitPriorAuth',
      { caseId },
      {
        AssemblePacket: () => ({ caseId, next: 'submit' }),
        SubmitToPayer: failingThen(
          Array.from({ length: failures }, () => failure(errorName)),
          () => ({ caseId, status: 'SUBMITTED' }),
        ),
      },
    );
    // Assess
    expect(error).toBeUndefined();
    expect(tasksOf(calls).filter((t) => t === 'SubmitToPayer')).toHaveLength(failures + 1);
  });

  it('marks the submission failed after 4 retries of an unavailable payer, and fails', async () => {
    // Act
    const { calls, error } = await run(
      'SubmitPriorAuth',
      { caseId },
      {
        AssemblePacket: () => ({ caseId, next: 'submit' }),
        SubmitToPayer: () => {
          throw failure('PayerUnavailableError', 'payer acme-commercial did not answer');
        },
        MarkSubmissionFailed: () => ({ caseId, status: 'SUBMISSION_FAILED' }),
      },
    );
    // Assess
    expect(tasksOf(calls)).toEqual([
      'AssemblePacket',
      ...Array.from({ length: 5 }, () => 'SubmitToPayer'),
      'MarkSubmissionFailed',
    ]);
    expect(calls.at(-1)?.input).toEqual({
      caseId,
      error: { Error: 'PayerUnavailableError', Cause: expect.stringContaining('did not answer') },
    });
    expect(failedWith(error)).toBe('SubmissionFailed');
  });

  it('marks a rejected submission failed at once, without retrying it', async () => {
    // Act
    const { calls } = await run(
      'SubmitPriorAuth',
      { caseId },
      {
        AssemblePacket: () => ({ caseId, next: 'submit' }),
        SubmitToPayer: () => {
          throw failure('PayerRejectedError');
        },
        MarkSubmissionFailed: () => ({ caseId, status: 'SUBMISSION_FAILED' }),
      },
    );
    // Assess
    expect(tasksOf(calls)).toEqual(['AssemblePacket', 'SubmitToPayer', 'MarkSubmissionFailed']);
  });

  it('records a failed packet assembly in the case and fails', async () => {
    // Act
    const { calls, error } = await run(
      'SubmitPriorAuth',
      { caseId },
      {
        AssemblePacket: () => {
          throw failure('NotFoundError');
        },
        RecordWorkflowFailure: () => ({ caseId }),
      },
    );
    // Assess
    expect(tasksOf(calls)).toEqual(['AssemblePacket', 'RecordWorkflowFailure']);
    expect(calls.at(-1)?.input).toEqual({
      caseId,
      workflow: 'SubmitPriorAuth',
      error: { Error: 'NotFoundError', Cause: expect.any(String) },
    });
    expect(failedWith(error)).toBe('WorkflowFailed');
  });
});

describe('HandlePayerEvent, as the local engine runs it', () => {
  it('applies a denial and composes the remedy', async () => {
    // Act
    const { calls, output, error } = await run(
      'HandlePayerEvent',
      { caseId, eventId },
      {
        ApplyPayerEvent: () => ({ caseId, eventId, next: 'compose_remedy' }),
        ComposeRemedy: () => ({ caseId, eventId, appealId: 'appeal-01' }),
      },
    );
    // Assess
    expect(error).toBeUndefined();
    expect(tasksOf(calls)).toEqual(['ApplyPayerEvent', 'ComposeRemedy']);
    expect(calls.map((c) => c.input)).toEqual([
      { caseId, eventId },
      { caseId, eventId },
    ]);
    expect(output).toEqual({ caseId, eventId, appealId: 'appeal-01' });
  });

  it('ends after applying an event that needs no remedy', async () => {
    // Act
    const { calls, error } = await run(
      'HandlePayerEvent',
      { caseId, eventId },
      { ApplyPayerEvent: () => ({ caseId, eventId, next: 'done' }) },
    );
    // Assess
    expect(error).toBeUndefined();
    expect(tasksOf(calls)).toEqual(['ApplyPayerEvent']);
  });

  it('records a remedy that cannot be composed in the case and fails', async () => {
    // Act
    const { calls, error } = await run(
      'HandlePayerEvent',
      { caseId, eventId },
      {
        ApplyPayerEvent: () => ({ caseId, eventId, next: 'compose_remedy' }),
        ComposeRemedy: () => {
          throw failure('TemplateError');
        },
        RecordWorkflowFailure: () => ({ caseId }),
      },
    );
    // Assess
    expect(tasksOf(calls)).toEqual(['ApplyPayerEvent', 'ComposeRemedy', 'RecordWorkflowFailure']);
    expect(calls.at(-1)?.input).toMatchObject({
      caseId,
      workflow: 'HandlePayerEvent',
      error: { Error: 'TemplateError' },
    });
    expect(failedWith(error)).toBe('WorkflowFailed');
  });
});
