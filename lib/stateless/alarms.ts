/**
 * The alarms of the stateless stack, each sent to the alarm topic: failed executions, cases
 * flagged STUCK (the workflows' dead letter), Lambda errors, the sweep's dead letters, 5xx.
 */
import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

export interface AlarmsProps {
  readonly topic: sns.ITopic;
  readonly stateMachines: Record<string, sfn.StateMachine>;
  readonly functions: Record<string, lambda.IFunction>;
  readonly sweepDeadLetterQueue: sqs.Queue;
  readonly stage: apigwv2.HttpStage;
}

function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function createAlarms(scope: Construct, props: AlarmsProps): cloudwatch.Alarm[] {
  const alarms: cloudwatch.Alarm[] = [];
  const alarm = (id: string, metric: cloudwatch.IMetric, description: string) => {
    const created = new cloudwatch.Alarm(scope, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    created.addAlarmAction(new cloudwatchActions.SnsAction(props.topic));
    alarms.push(created);
  };
  const fiveMinutes = { period: Duration.minutes(5) };
  for (const [name, machine] of Object.entries(props.stateMachines)) {
    alarm(
      `${name}ExecutionsFailedAlarm`,
      machine.metricFailed(fiveMinutes),
      `${name} executions failed: the case history holds the error; the sweep re-drives the case`,
    );
  }
  // RecordWorkflowFailure runs once per case a workflow gave up on: each run flags a case STUCK.
  const recordFailure = props.functions.RecordWorkflowFailure;
  if (recordFailure) {
    alarm(
      'StuckCasesAlarm',
      recordFailure.metricInvocations(fiveMinutes),
      'A workflow failed after its retries and flagged its case STUCK: the worklist shows it',
    );
  }
  for (const [name, fn] of Object.entries(props.functions)) {
    alarm(`${pascalCase(name)}ErrorsAlarm`, fn.metricErrors(fiveMinutes), `Lambda ${name} reported errors`);
  }
  alarm(
    'SweepDeadLetterQueueAlarm',
    props.sweepDeadLetterQueue.metricApproximateNumberOfMessagesVisible(fiveMinutes),
    'A deadline sweep failed after its retries: deadlines may be missed',
  );
  alarm('Api5xxAlarm', props.stage.metricServerError(fiveMinutes), 'The HTTP API answered 5xx');
  return alarms;
}
