import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { STATE_MACHINES, TASKS, type TaskName } from '#infra/workflow-contract.ts';
import { localTaskArn, renderLocalDefinitions } from '#infra/workflows.ts';

type AslValidator = (
  definition: object,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

type State = {
  Type: string;
  Resource?: string;
  Next?: string;
  Default?: string;
  Choices?: { Next: string }[];
  Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string }[];
  Retry?: { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number }[];
  Parameters?: Record<string, unknown>;
};
type Definition = { StartAt: string; States: Record<string, State> };

const { definitions, taskStateToTask } = renderLocalDefinitions();
const definition = (name: (typeof STATE_MACHINES)[number]) => definitions[name] as Definition;

describe('renderLocalDefinitions', () => {
  it.each(STATE_MACHINES.map((name) => [name]))('%s is valid ASL (asl-validator)', (name) => {
    // Act
    // asl-validator fills in defaults (QueryLanguage) on the object it is given: validate a copy.
    const result = aslValidator(structuredClone(definition(name)), { checkPaths: true, checkArn: true });
    // Assess
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it.each(STATE_MACHINES.map((name) => [name]))(
    '%s uses only what the local engine runs: JSONPath, no Assign, no task tokens',
    (name) => {
      // Act
      const text = JSON.stringify(definition(name));
      // Assess
      expect(text).not.toMatch(/JSONata|"Assign"|waitForTaskToken|"QueryLanguage"/);
    },
  );

  it('maps every Task state to its task, whose placeholder ARN it invokes', () => {
    // Act
    const tasks = STATE_MACHINES.flatMap((name) =>
      Object.entries(definition(name).States).filter(([, state]) => state.Type === 'Task'),
    );
    // Assess
    for (const [stateName, state] of tasks) {
      const task = taskStateToTask[stateName];
      expect(task).toBeDefined();
      expect(state.Resource).toBe(localTaskArn(task as TaskName));
    }
    expect(new Set(tasks.map(([stateName]) => taskStateToTask[stateName]))).toEqual(
      new Set(Object.keys(TASKS)),
    );
  });

  it.each([
    ['SubmitPriorAuth', 'AssemblePacket', ['AssemblePacket', 'ReadyToSubmit', 'SubmitToPayer', 'Submitted']],
    ['SubmitPriorAuth', 'AssemblePacket', ['AssemblePacket', 'ReadyToSubmit', 'NotSubmitted']],
    [
      'HandlePayerEvent',
      'ApplyPayerEvent',
      ['ApplyPayerEvent', 'RemedyNeeded', 'ComposeRemedy', 'RemedyComposed'],
    ],
    ['HandlePayerEvent', 'ApplyPayerEvent', ['ApplyPayerEvent', 'RemedyNeeded', 'EventApplied']],
  ] as const)('%s starts at %s and can run %j', (name, startAt, path) => {
    // Prepare
    const { StartAt, States } = definition(name);
    // Act
    const reachable = path.slice(1).every((next, i) => {
      const state = States[path[i] as string];
      return state?.Next === next || state?.Default === next || state?.Choices?.some((c) => c.Next === next);
    });
    // Assess
    expect(StartAt).toBe(startAt);
    expect(reachable).toBe(true);
  });

  it('retries an unavailable payer 4 times from 2 s with backoff 2, then marks the submission failed', () => {
    // Act
    const submit = definition('SubmitPriorAuth').States.SubmitToPayer;
    // Assess
    expect(submit?.Retry).toContainEqual(
      expect.objectContaining({
        ErrorEquals: ['PayerUnavailableError'],
        IntervalSeconds: 2,
        MaxAttempts: 4,
        BackoffRate: 2,
      }),
    );
    expect(submit?.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkSubmissionFailed' },
    ]);
  });

  it.each([
    ['SubmitPriorAuth', ['AssemblePacket', 'MarkSubmissionFailed']],
    ['HandlePayerEvent', ['ApplyPayerEvent', 'ComposeRemedy']],
  ] as const)('%s records an uncaught failure of %j in the case, then fails', (name, caughtTasks) => {
    // Prepare
    const { States } = definition(name);
    // Act
    const record = States.RecordWorkflowFailure;
    // Assess
    for (const task of caughtTasks) {
      expect(States[task]?.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordWorkflowFailure' },
      ]);
    }
    expect(record?.Parameters).toEqual({ 'caseId.$': '$.caseId', workflow: name, 'error.$': '$.error' });
    expect(States[record?.Next ?? '']?.Type).toBe('Fail');
  });

  it('passes only ids to the tasks', () => {
    // Act
    const parameters = STATE_MACHINES.flatMap((name) =>
      Object.values(definition(name).States).flatMap((state) => Object.keys(state.Parameters ?? {})),
    );
    // Assess
    expect(new Set(parameters)).toEqual(
      new Set([
        'caseId.$',
        'eventId.$',
        'error.$',
        'workflow',
        // DeliverSimulatedAnswer: the ids and times of one planned simulator answer.
        'payerId.$',
        'submittedAt.$',
        'step.$',
        'webhookId.$',
        'deliverAt.$',
      ]),
    );
  });

  it('waits for a simulated answer until it is due, then delivers it, caught and bounded', () => {
    // Act
    const { StartAt, States } = definition('DeliverSimulatedAnswer');
    const deliver = States.DeliverSimulatedAnswer as State & { TimeoutSeconds?: number };
    // Assess
    expect(StartAt).toBe('UntilDue');
    expect(States.UntilDue).toMatchObject({
      Type: 'Wait',
      TimestampPath: '$.deliverAt',
      Next: 'DeliverSimulatedAnswer',
    });
    expect(deliver.Retry?.length).toBeGreaterThan(0);
    expect(deliver.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'DeliveryFailed' },
    ]);
    expect(States.DeliveryFailed?.Type).toBe('Fail');
    expect(deliver.TimeoutSeconds).toBe(45);
  });
});
