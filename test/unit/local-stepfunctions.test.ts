import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { PayerRejectedError, PayerUnavailableError } from '#core/errors.ts';
import {
  type LocalStepFunctions,
  startLocalStepFunctions,
  type TaskFunction,
} from '#infra/local/stepfunctions.ts';

const LAMBDA = 'arn:aws:lambda:us-east-1:000000000000:function:toy';

/** A small submit workflow: LambdaInvoke envelope, Choice, Retry by error name, Catch. */
const SUBMIT = {
  StartAt: 'Assemble',
  States: {
    Assemble: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: LAMBDA, 'Payload.$': '$' },
      OutputPath: '$.Payload',
      Next: 'Route',
    },
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.next', StringEquals: 'submit', Next: 'Submit' }],
      Default: 'Done',
    },
    Submit: {
      Type: 'Task',
      Resource: LAMBDA,
      Retry: [{ ErrorEquals: ['PayerUnavailableError'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkFailed' }],
      End: true,
    },
    MarkFailed: { Type: 'Task', Resource: LAMBDA, End: true },
    Done: { Type: 'Succeed' },
  },
};

const UNCAUGHT = {
  StartAt: 'Explode',
  States: { Explode: { Type: 'Task', Resource: LAMBDA, End: true } },
};

const WAITING = {
  StartAt: 'Hold',
  States: { Hold: { Type: 'Task', Resource: LAMBDA, End: true } },
};

interface Harness {
  sfn: LocalStepFunctions;
  client: SFNClient;
  calls: Record<string, unknown[]>;
}

let current: Harness | undefined;

async function start(
  handlers: Partial<Record<'Assemble' | 'Submit' | 'MarkFailed' | 'Explode' | 'Hold', TaskFunction>>,
  extra: { maxConcurrentExecutions?: number } = {},
): Promise<Harness> {
  const calls: Record<string, unknown[]> = {};
  const recorded = (name: string, fn: TaskFunction | undefined): TaskFunction => {
    return async (input, context) => {
      calls[name] = [...(calls[name] ?? []), input];
      return fn ? fn(input, context) : input;
    };
  };
  const sfn = await startLocalStepFunctions({
    definitions: { SubmitPriorAuth: SUBMIT, Uncaught: UNCAUGHT, Waiting: WAITING },
    taskHandlers: {
      Assemble: recorded('Assemble', handlers.Assemble),
      Submit: recorded('Submit', handlers.Submit),
      MarkFailed: recorded('MarkFailed', handlers.MarkFailed),
      Explode: recorded('Explode', handlers.Explode),
      Hold: recorded('Hold', handlers.Hold),
    },
    retryIntervalOverrideMs: 1,
    ...extra,
  });
  const client = new SFNClient({
    endpoint: sfn.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  current = { sfn, client, calls };
  return current;
}

afterEach(async () => {
  current?.client.destroy();
  await current?.sfn.stop({ timeoutMs: 100 });
  current = undefined;
});

async function runToEnd(harness: Harness, machine: string, input: unknown) {
  const started = await harness.client.send(
    new StartExecutionCommand({
      stateMachineArn: harness.sfn.stateMachineArn(machine),
      input: JSON.stringify(input),
    }),
  );
  for (;;) {
    const execution = await harness.client.send(
      new DescribeExecutionCommand({ executionArn: started.executionArn }),
    );
    if (execution.status !== 'RUNNING') return execution;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// Each test validates three ASL definitions and runs real executions over HTTP: about a second
// alone, several when the whole suite shares a loaded machine, so more than vitest's default 5 s.
describe('local Step Functions endpoint', { timeout: 30_000 }, () => {
  it.each([
    { next: 'submit', expectedOutput: { caseId: 'c-1', next: 'submit', submitted: true }, submits: 1 },
    { next: 'needs_info', expectedOutput: { caseId: 'c-1', next: 'needs_info' }, submits: 0 },
  ])(
    'runs the Choice branch for next=$next and unwraps the LambdaInvoke envelope',
    async ({ next, expectedOutput, submits }) => {
      // Prepare
      const harness = await start({
        Assemble: (input) => ({ ...(input as object), next }),
        Submit: (input) => ({ ...(input as object), submitted: true }),
      });

      // Act
      const execution = await runToEnd(harness, 'SubmitPriorAuth', { caseId: 'c-1' });

      // Assess
      expect(execution.status).toBe('SUCCEEDED');
      expect(JSON.parse(execution.output ?? 'null')).toEqual(expectedOutput);
      expect(harness.calls.Assemble).toEqual([{ caseId: 'c-1' }]);
      expect(harness.calls.Submit ?? []).toHaveLength(submits);
    },
  );

  it('retries a Task that throws the named error and succeeds', async () => {
    // Prepare
    let attempts = 0;
    const harness = await start({
      Assemble: (input) => ({ ...(input as object), next: 'submit' }),
      Submit: () => {
        attempts += 1;
        if (attempts < 3) throw new PayerUnavailableError('payer acme-commercial answered 503');
        return { status: 'SUBMITTED' };
      },
    });

    // Act
    const execution = await runToEnd(harness, 'SubmitPriorAuth', { caseId: 'c-2' });

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(attempts).toBe(3);
    expect(JSON.parse(execution.output ?? 'null')).toEqual({ status: 'SUBMITTED' });
  });

  it.each([
    {
      title: 'an error the Retry does not name',
      thrown: () => new PayerRejectedError('payer acme-commercial refused case c-3'),
      attempts: 1,
      error: { Error: 'PayerRejectedError', Cause: 'payer acme-commercial refused case c-3' },
    },
    {
      title: 'the named error once the retries are spent',
      thrown: () => new PayerUnavailableError('payer down'),
      attempts: 4,
      error: { Error: 'PayerUnavailableError', Cause: 'payer down' },
    },
  ])('catches $title with Error = name and Cause = message', async ({ thrown, attempts, error }) => {
    // Prepare
    let calls = 0;
    const harness = await start({
      Assemble: (input) => ({ ...(input as object), next: 'submit' }),
      Submit: () => {
        calls += 1;
        throw thrown();
      },
      MarkFailed: (input) => ({ ...(input as object), status: 'SUBMISSION_FAILED' }),
    });

    // Act
    const execution = await runToEnd(harness, 'SubmitPriorAuth', { caseId: 'c-3' });

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(calls).toBe(attempts);
    expect(harness.calls.MarkFailed).toEqual([{ caseId: 'c-3', next: 'submit', error }]);
  });

  it.each([
    { thrown: new TypeError('x is not a function'), error: 'TypeError', cause: 'x is not a function' },
    { thrown: 'a string', error: 'Error', cause: 'a string' },
  ])(
    'fails the execution with error $error when an uncaught Task throws',
    async ({ thrown, error, cause }) => {
      // Prepare
      const harness = await start({
        Explode: () => {
          throw thrown;
        },
      });

      // Act
      const execution = await runToEnd(harness, 'Uncaught', { caseId: 'c-4' });

      // Assess
      expect(execution.status).toBe('FAILED');
      expect(execution.error).toBe(error);
      expect(execution.cause).toBe(cause);
      expect(execution.stopDate).toBeInstanceOf(Date);
    },
  );

  it('gives the same executionArn for the same name and input while it runs, and refuses another input', async () => {
    // Prepare
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const harness = await start({ Hold: () => held.then(() => ({ done: true })) });
    const stateMachineArn = harness.sfn.stateMachineArn('Waiting');
    const input = JSON.stringify({ caseId: 'c-5', eventId: 'evt-1' });

    // Act
    const first = await harness.client.send(
      new StartExecutionCommand({ stateMachineArn, name: 'evt-1', input }),
    );
    const again = await harness.client.send(
      new StartExecutionCommand({ stateMachineArn, name: 'evt-1', input }),
    );
    const otherInput = harness.client.send(
      new StartExecutionCommand({ stateMachineArn, name: 'evt-1', input: JSON.stringify({ caseId: 'c-6' }) }),
    );

    // Assess
    expect(again.executionArn).toBe(first.executionArn);
    expect(first.executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:Waiting:evt-1');
    await expect(otherInput).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    release();
    await harness.sfn.drain();
    await expect(
      harness.client.send(new StartExecutionCommand({ stateMachineArn, name: 'evt-1', input })),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    expect(harness.calls.Hold).toHaveLength(1);
  });

  it('lists executions by status and stops a running one', async () => {
    // Prepare
    const harness = await start({ Hold: () => new Promise(() => {}), Explode: () => ({ ok: true }) });
    const waiting = harness.sfn.stateMachineArn('Waiting');
    const started = await harness.client.send(
      new StartExecutionCommand({ stateMachineArn: waiting, input: '{}' }),
    );
    await runToEnd(harness, 'Uncaught', {});

    // Act
    const runningBefore = await harness.client.send(
      new ListExecutionsCommand({ stateMachineArn: waiting, statusFilter: 'RUNNING' }),
    );
    await harness.client.send(
      new StopExecutionCommand({ executionArn: started.executionArn, error: 'Operator', cause: 'test' }),
    );
    const stopped = await harness.client.send(
      new DescribeExecutionCommand({ executionArn: started.executionArn }),
    );
    const abortedList = await harness.client.send(
      new ListExecutionsCommand({ stateMachineArn: waiting, statusFilter: 'ABORTED' }),
    );
    const succeededOther = await harness.client.send(
      new ListExecutionsCommand({
        stateMachineArn: harness.sfn.stateMachineArn('Uncaught'),
        statusFilter: 'SUCCEEDED',
      }),
    );

    // Assess
    expect(runningBefore.executions?.map((e) => e.executionArn)).toEqual([started.executionArn]);
    expect(stopped.status).toBe('ABORTED');
    expect(stopped.error).toBe('Operator');
    expect(abortedList.executions?.map((e) => e.executionArn)).toEqual([started.executionArn]);
    expect(succeededOther.executions).toHaveLength(1);
  });

  it('describes and lists the state machines and answers ExecutionDoesNotExist', async () => {
    // Prepare
    const harness = await start({});
    const arn = harness.sfn.stateMachineArn('SubmitPriorAuth');

    // Act
    const described = await harness.client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    const listed = await harness.client.send(new ListStateMachinesCommand({}));
    const missing = harness.client.send(
      new DescribeExecutionCommand({ executionArn: `${arn.replace('stateMachine', 'execution')}:nope` }),
    );

    // Assess
    expect(described.name).toBe('SubmitPriorAuth');
    expect(JSON.parse(described.definition ?? '{}')).toEqual(SUBMIT);
    expect(listed.stateMachines?.map((m) => m.name).sort()).toEqual([
      'SubmitPriorAuth',
      'Uncaught',
      'Waiting',
    ]);
    await expect(missing).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });

  it('runs a burst with bounded concurrency and drains', async () => {
    // Prepare
    let active = 0;
    let peak = 0;
    const harness = await start(
      {
        Hold: async (input) => {
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setTimeout(resolve, 1));
          active -= 1;
          return input;
        },
      },
      { maxConcurrentExecutions: 4 },
    );
    const stateMachineArn = harness.sfn.stateMachineArn('Waiting');

    // Act
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        harness.client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ i }) })),
      ),
    );
    const pendingAfterStart = harness.sfn.pending();
    await harness.sfn.drain();
    const succeeded = await harness.client.send(
      new ListExecutionsCommand({ stateMachineArn, statusFilter: 'SUCCEEDED', maxResults: 1000 }),
    );

    // Assess
    expect(pendingAfterStart.running).toBeLessThanOrEqual(4);
    expect(peak).toBeLessThanOrEqual(4);
    expect(succeeded.executions).toHaveLength(300);
    expect(harness.sfn.pending()).toEqual({ running: 0, queued: 0 });
  });

  it('refuses a definition whose Task state has no local function', async () => {
    // Prepare
    const definitions = { Uncaught: UNCAUGHT };

    // Act
    const started = startLocalStepFunctions({ definitions, taskHandlers: {} });

    // Assess
    await expect(started).rejects.toThrow(/Explode/);
  });
});
