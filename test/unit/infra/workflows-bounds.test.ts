/**
 * Issue 11: no workflow step retries forever. On the synthesized stateless stack: every Task is
 * bounded in time (TimeoutSeconds, above its Lambda's own timeout) and every Retry in attempts
 * (MaxAttempts), every Task is caught, and a case flagged STUCK raises an alarm.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { STATE_MACHINES, TASK_TIMEOUT_SECONDS, TASKS, type TaskName } from '#infra/workflow-contract.ts';
import { buildAppUnderTest, definitionFromTemplate, logicalIdOf } from './app-under-test.ts';

type Resource = { Properties: Record<string, unknown> };
type AslState = {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  Retry?: { ErrorEquals: string[]; MaxAttempts?: number }[];
  Catch?: { ErrorEquals: string[] }[];
};

const { stateless } = buildAppUnderTest({ nag: false });
let template: Template;
beforeAll(() => {
  template = Template.fromStack(stateless);
}, 60_000);

const resources = (type: string) => template.findResources(type) as Record<string, Resource>;
const taskOfFunction = () =>
  Object.fromEntries(
    (Object.keys(TASKS) as TaskName[]).map((task) => [
      logicalIdOf(stateless, stateless.taskFunctions[task]),
      task,
    ]),
  );

/** The Task states of a synthesized state machine, by state name (which is the task's name). */
function tasksOf(name: (typeof STATE_MACHINES)[number]): [TaskName, AslState][] {
  const machine = resources('AWS::StepFunctions::StateMachine')[
    logicalIdOf(stateless, stateless.stateMachines[name])
  ];
  const { States } = definitionFromTemplate(machine?.Properties.DefinitionString, taskOfFunction()) as {
    States: Record<string, AslState>;
  };
  return Object.entries(States).filter(([, s]) => s.Type === 'Task') as [TaskName, AslState][];
}

describe('workflow bounds (synthesized)', () => {
  it.each(STATE_MACHINES.map((name) => [name]))(
    '%s: every Task has TimeoutSeconds above its Lambda timeout, and is caught',
    (name) => {
      // Prepare
      const functions = resources('AWS::Lambda::Function');
      // Act
      const tasks = tasksOf(name);
      // Assess
      expect(tasks.length).toBeGreaterThan(0);
      for (const [task, state] of tasks) {
        const lambdaTimeout = functions[logicalIdOf(stateless, stateless.taskFunctions[task])]?.Properties
          .Timeout as number;
        expect(state.TimeoutSeconds, task).toBe(TASK_TIMEOUT_SECONDS[task]);
        expect(state.TimeoutSeconds, task).toBeGreaterThan(lambdaTimeout);
        expect(
          state.Catch?.some((c) => c.ErrorEquals.includes('States.ALL')),
          task,
        ).toBe(true);
      }
    },
  );

  it.each(STATE_MACHINES.map((name) => [name]))('%s: every Retry has a MaxAttempts of at most 5', (name) => {
    // Act
    const retries = tasksOf(name).flatMap(([, state]) => state.Retry ?? []);
    // Assess
    expect(retries.length).toBeGreaterThan(0);
    for (const retry of retries) {
      expect(retry.MaxAttempts, retry.ErrorEquals.join()).toBeGreaterThanOrEqual(1);
      expect(retry.MaxAttempts, retry.ErrorEquals.join()).toBeLessThanOrEqual(5);
    }
  });

  it('never retries a step that timed out: a States.Timeout goes to the Catch', () => {
    // Act
    const retried = STATE_MACHINES.flatMap((name) => tasksOf(name)).flatMap(([, s]) =>
      (s.Retry ?? []).flatMap((r) => r.ErrorEquals),
    );
    // Assess
    expect(retried).not.toContain('States.Timeout');
    expect(retried).not.toContain('States.ALL');
  });

  it('alarms, to the alarm topic, on every run of RecordWorkflowFailure (a case flagged STUCK)', () => {
    // Prepare
    const recordFailure = logicalIdOf(stateless, stateless.taskFunctions.RecordWorkflowFailure);
    // Act
    const stuck = Object.values(resources('AWS::CloudWatch::Alarm')).filter(
      (a) =>
        a.Properties.MetricName === 'Invocations' &&
        JSON.stringify(a.Properties.Dimensions).includes(recordFailure),
    );
    // Assess
    expect(stuck).toHaveLength(1);
    expect(stuck[0]?.Properties).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: logicalIdOf(stateless, stateless.alarmTopic) }],
    });
  });
});
