/**
 * The operations dashboard: the business metrics the functions record (lambdas/core/metrics.ts),
 * then the health of each state machine, function and the HTTP API.
 */
import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { BUSINESS_METRICS, type BusinessMetric, METRICS_NAMESPACE } from '../../lambdas/core/metrics.ts';

export interface DashboardProps {
  readonly stateMachines: Record<string, sfn.StateMachine>;
  readonly functions: Record<string, lambda.IFunction>;
  readonly stage: apigwv2.HttpStage;
}

const PERIOD = Duration.minutes(5);

/**
 * A business metric: a plain sum, or for a split metric one line per dimension value (a SEARCH,
 * so a new outcome or remedy kind shows up without a change here).
 */
function businessMetric(metric: BusinessMetric): cloudwatch.IMetric {
  const dimension = BUSINESS_METRICS[metric];
  if (!dimension) {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: metric,
      dimensionsMap: { service: 'durvalumab-pa' },
      statistic: 'Sum',
      period: PERIOD,
    });
  }
  return new cloudwatch.MathExpression({
    expression: `SEARCH('{${METRICS_NAMESPACE},service,${dimension}} MetricName="${metric}"', 'Sum', ${PERIOD.toSeconds()})`,
    label: metric,
    period: PERIOD,
  });
}

export function createDashboard(scope: Construct, props: DashboardProps): cloudwatch.Dashboard {
  const dashboard = new cloudwatch.Dashboard(scope, 'OperationsDashboard', {
    defaultInterval: Duration.days(1),
  });
  const graph = (title: string, left: cloudwatch.IMetric[]) =>
    new cloudwatch.GraphWidget({ title, left, width: 8, height: 6 });
  const business = (Object.keys(BUSINESS_METRICS) as BusinessMetric[]).map((metric) =>
    graph(metric, [businessMetric(metric)]),
  );
  const machines = Object.entries(props.stateMachines).map(([name, machine]) =>
    graph(`${name} executions`, [
      machine.metricStarted({ period: PERIOD }),
      machine.metricSucceeded({ period: PERIOD }),
      machine.metricFailed({ period: PERIOD }),
    ]),
  );
  const functions = Object.entries(props.functions);
  dashboard.addWidgets(
    new cloudwatch.TextWidget({ markdown: '## Business', width: 24, height: 1 }),
    ...business,
    new cloudwatch.TextWidget({ markdown: '## Workflows and API', width: 24, height: 1 }),
    ...machines,
    graph('HTTP API', [
      props.stage.metricCount({ period: PERIOD }),
      props.stage.metricClientError({ period: PERIOD }),
      props.stage.metricServerError({ period: PERIOD }),
    ]),
    new cloudwatch.TextWidget({ markdown: '## Functions', width: 24, height: 1 }),
    graph(
      'Errors',
      functions.map(([name, fn]) => fn.metricErrors({ period: PERIOD, label: name })),
    ),
    graph(
      'Duration p90',
      functions.map(([name, fn]) => fn.metricDuration({ period: PERIOD, statistic: 'p90', label: name })),
    ),
    graph(
      'Throttles',
      functions.map(([name, fn]) => fn.metricThrottles({ period: PERIOD, label: name })),
    ),
  );
  return dashboard;
}
