/**
 * The Metrics port on Powertools Metrics: each count is one CloudWatch embedded-metric-format
 * line, flushed at once (a single metric), so no handler has to publish at the end of its
 * invocation. Off the Lambda runtime (the local stack, tests) nothing is written: EMF lines would
 * bury the readable logs, and CloudWatch is not there to read them.
 */
import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import { BUSINESS_METRICS, METRICS_NAMESPACE } from '#core/metrics.ts';
import type { Metrics } from '#core/ports.ts';
import { logger } from './logger.ts';

/** True on AWS Lambda (the runtime sets AWS_EXECUTION_ENV), false in the local stack and tests. */
export function onLambdaRuntime(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.AWS_EXECUTION_ENV ?? '').startsWith('AWS_Lambda_');
}

/** Counts nothing: the local stack's sink. */
export const quietMetrics: Metrics = { count: () => {} };

export function emfMetrics(
  powertools = new PowertoolsMetrics({ namespace: METRICS_NAMESPACE, serviceName: 'durvalumab-pa' }),
): Metrics {
  return {
    count: (metric, dimension) => {
      try {
        const single = powertools.singleMetric();
        const name = BUSINESS_METRICS[metric];
        if (name && dimension !== undefined) single.addDimension(name, dimension);
        single.addMetric(metric, MetricUnit.Count, 1);
      } catch (error) {
        // A metric never fails the business step that counts it.
        logger.warn('metric not recorded', { metric, error: (error as Error).message });
      }
    },
  };
}

/** EMF on Lambda, quiet elsewhere. */
export function businessMetrics(env: NodeJS.ProcessEnv = process.env): Metrics {
  return onLambdaRuntime(env) ? emfMetrics() : quietMetrics;
}
