/**
 * The one place the state machines of lib/workflow-contract.ts are built (the simulator's in
 * workflows-simulator.ts). The stateless stack
 * deploys them; the local stack runs the very same ASL (renderLocalDefinitions) with
 * aws-local-stepfunctions, so the definitions stay within what that engine runs: JSONPath only,
 * no JSONata, no Assign, no waitForTaskToken, plain Lambda ARNs as Task resources.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import {
  STATE_MACHINES,
  type StateMachineName,
  TASK_TIMEOUT_SECONDS,
  TASKS,
  type TaskName,
} from './workflow-contract.ts';
import { buildDeliverSimulatedAnswer } from './workflows-simulator.ts';

/**
 * Transient errors, safe to retry since the steps are idempotent: the Lambda service's own, our
 * ThrottledError (lambdas/core/errors.ts), and the throttling errors of the AWS SDK clients the
 * steps use (DynamoDB, S3, Secrets Manager, Step Functions), should one escape a handler.
 */
export const TRANSIENT_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'ThrottledError',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'SlowDown',
] as const;

/** lambdas/core/errors.ts: the payer did not answer; retried as the contract says. */
export const PAYER_UNAVAILABLE_ERROR = 'PayerUnavailableError';

export interface Workflows {
  submitPriorAuth: sfn.IChainable;
  handlePayerEvent: sfn.IChainable;
  deliverSimulatedAnswer: sfn.IChainable;
}

type TaskFunctions = Record<TaskName, lambda.IFunction>;

/**
 * One Lambda Task: the handler receives exactly `parameters` and its return value is the state
 * output (payloadResponseOnly: the Resource is the function ARN, no Payload envelope). Bounded in
 * time (TASK_TIMEOUT_SECONDS) and attempts (MaxAttempts on every Retry): nothing retries forever.
 */
export function lambdaStep(
  scope: Construct,
  task: TaskName,
  fn: lambda.IFunction,
  parameters: Record<string, string>,
): tasks.LambdaInvoke {
  const step = new tasks.LambdaInvoke(scope, task, {
    lambdaFunction: fn,
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    payload: sfn.TaskInput.fromObject(parameters),
    taskTimeout: sfn.Timeout.duration(Duration.seconds(TASK_TIMEOUT_SECONDS[task])),
  });
  step.addRetry({
    errors: [...TRANSIENT_ERRORS],
    interval: Duration.seconds(1),
    backoffRate: 2,
    maxAttempts: 5,
    jitterStrategy: sfn.JitterType.FULL,
  });
  return step;
}

/** The error of a caught Task lands here, next to the ids of its input. */
const ERROR_PATH = '$.error';

/**
 * RecordWorkflowFailure then Fail: the failure is written to the case history and the case is
 * flagged STUCK (the dead letter); the execution ends FAILED, which the executions-failed alarm
 * watches.
 */
function failureBranch(scope: Construct, workflow: StateMachineName, fns: TaskFunctions): sfn.State {
  const failed = new sfn.Fail(scope, 'WorkflowFailed', {
    error: 'WorkflowFailed',
    cause: `${workflow} failed; the failure is recorded in the case history`,
  });
  const record = lambdaStep(scope, 'RecordWorkflowFailure', fns.RecordWorkflowFailure, {
    'caseId.$': '$.caseId',
    workflow,
    'error.$': ERROR_PATH,
  });
  record.addCatch(failed, { errors: [sfn.Errors.ALL], resultPath: ERROR_PATH });
  record.next(failed);
  return record;
}

/** A Choice on the task result's `next`: `value` goes on to `then`, anything else succeeds as `done`. */
function choiceOnNext(
  scope: Construct,
  id: string,
  value: string,
  then: sfn.IChainable,
  done: string,
): sfn.Choice {
  return new sfn.Choice(scope, id)
    .when(sfn.Condition.stringEquals('$.next', value), then)
    .otherwise(new sfn.Succeed(scope, done));
}

function buildSubmitPriorAuth(scope: Construct, fns: TaskFunctions): sfn.IChainable {
  const recordFailure = failureBranch(scope, 'SubmitPriorAuth', fns);
  const caught = { errors: [sfn.Errors.ALL], resultPath: ERROR_PATH };

  const assemblePacket = lambdaStep(scope, 'AssemblePacket', fns.AssemblePacket, { 'caseId.$': '$.caseId' });
  assemblePacket.addCatch(recordFailure, caught);

  const submitToPayer = lambdaStep(scope, 'SubmitToPayer', fns.SubmitToPayer, { 'caseId.$': '$.caseId' });
  submitToPayer.addRetry({
    errors: [PAYER_UNAVAILABLE_ERROR],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 4,
    jitterStrategy: sfn.JitterType.FULL,
  });

  const markSubmissionFailed = lambdaStep(scope, 'MarkSubmissionFailed', fns.MarkSubmissionFailed, {
    'caseId.$': '$.caseId',
    'error.$': ERROR_PATH,
  });
  markSubmissionFailed.addCatch(recordFailure, caught);
  // The case says SUBMISSION_FAILED; the execution fails too, so the alarm tells operators that
  // a payer could not be reached (or refused the submission) after every retry.
  markSubmissionFailed.next(
    new sfn.Fail(scope, 'SubmissionFailed', {
      error: 'SubmissionFailed',
      cause: 'The payer submission failed after its retries; the case is SUBMISSION_FAILED',
    }),
  );
  submitToPayer.addCatch(markSubmissionFailed, caught);
  submitToPayer.next(new sfn.Succeed(scope, 'Submitted'));

  return assemblePacket.next(choiceOnNext(scope, 'ReadyToSubmit', 'submit', submitToPayer, 'NotSubmitted'));
}

function buildHandlePayerEvent(scope: Construct, fns: TaskFunctions): sfn.IChainable {
  const recordFailure = failureBranch(scope, 'HandlePayerEvent', fns);
  const caught = { errors: [sfn.Errors.ALL], resultPath: ERROR_PATH };
  const ids = { 'caseId.$': '$.caseId', 'eventId.$': '$.eventId' };

  const applyPayerEvent = lambdaStep(scope, 'ApplyPayerEvent', fns.ApplyPayerEvent, ids);
  applyPayerEvent.addCatch(recordFailure, caught);

  const composeRemedy = lambdaStep(scope, 'ComposeRemedy', fns.ComposeRemedy, ids);
  composeRemedy.addCatch(recordFailure, caught);
  composeRemedy.next(new sfn.Succeed(scope, 'RemedyComposed'));

  return applyPayerEvent.next(
    choiceOnNext(scope, 'RemedyNeeded', 'compose_remedy', composeRemedy, 'EventApplied'),
  );
}

/**
 * Both state-machine definitions, against the given task functions. Each machine's states live in
 * a scope of their own (`<Name>Definition`), since both have a RecordWorkflowFailure state.
 */
export function buildWorkflows(scope: Construct, taskFunctions: TaskFunctions): Workflows {
  return {
    submitPriorAuth: buildSubmitPriorAuth(new Construct(scope, 'SubmitPriorAuthDefinition'), taskFunctions),
    handlePayerEvent: buildHandlePayerEvent(
      new Construct(scope, 'HandlePayerEventDefinition'),
      taskFunctions,
    ),
    deliverSimulatedAnswer: buildDeliverSimulatedAnswer(scope, taskFunctions.DeliverSimulatedAnswer),
  };
}

/** Task state name -> the task it runs. Task states are named after their TaskName. */
export const TASK_STATE_TO_TASK: Readonly<Record<string, TaskName>> = Object.fromEntries(
  (Object.keys(TASKS) as TaskName[]).map((task) => [task, task]),
);

/** The placeholder ARN that stands for a task's function in the local definitions. */
export function localTaskArn(task: TaskName): string {
  return `arn:aws:lambda:us-east-1:000000000000:function:${task}`;
}

export interface LocalDefinitions {
  definitions: Record<StateMachineName, object>;
  taskStateToTask: Record<string, TaskName>;
}

/** Partition of the placeholders; the only token a definition may contain. */
const LOCAL_PARTITION = 'aws';

/** Turns a resolved `{ Fn::Join: ['', [...]] }` (or a plain string) into the ASL text. */
function joinResolved(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) throw new Error(`unexpected token in a state-machine definition: ${JSON.stringify(value)}`);
  const [separator, parts] = join;
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      if ((part as { Ref?: string }).Ref === 'AWS::Partition') return LOCAL_PARTITION;
      throw new Error(`unexpected token in a state-machine definition: ${JSON.stringify(part)}`);
    })
    .join(separator);
}

/**
 * The ASL of both state machines without a synth (~100 ms): the same chains as the stateless
 * stack, built in a throwaway App against placeholder function ARNs (localTaskArn), rendered the
 * way sfn.StateMachine renders them (StateGraph.toGraphJson, Stack.toJsonString).
 */
export function renderLocalDefinitions(): LocalDefinitions {
  const stack = new Stack(
    new App({ autoSynth: false, builtinCloudFormationValidation: false }),
    'LocalWorkflows',
  );
  const taskFunctions = Object.fromEntries(
    (Object.keys(TASKS) as TaskName[]).map((task) => [
      task,
      lambda.Function.fromFunctionArn(stack, `${task}Function`, localTaskArn(task)),
    ]),
  ) as TaskFunctions;
  const workflows = buildWorkflows(stack, taskFunctions);
  const chains: Record<StateMachineName, sfn.IChainable> = {
    SubmitPriorAuth: workflows.submitPriorAuth,
    HandlePayerEvent: workflows.handlePayerEvent,
    DeliverSimulatedAnswer: workflows.deliverSimulatedAnswer,
  };
  const definitions = Object.fromEntries(
    STATE_MACHINES.map((name) => {
      const graph = new sfn.StateGraph(chains[name].startState, `${name} definition`);
      const text = joinResolved(stack.resolve(stack.toJsonString(graph.toGraphJson())));
      return [name, JSON.parse(text) as object];
    }),
  ) as Record<StateMachineName, object>;
  return { definitions, taskStateToTask: { ...TASK_STATE_TO_TASK } };
}
