import { Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordingMetrics } from '#adapters/in-memory/metrics.ts';
import { businessMetrics, emfMetrics, onLambdaRuntime, quietMetrics } from '#adapters/metrics.ts';
import { METRICS_NAMESPACE } from '#core/metrics.ts';
import { metricsContract } from '../contract/metrics.contract.ts';

/** The EMF lines written to stdout while `act` runs. */
function emfLinesOf(act: () => void): Record<string, unknown>[] {
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    act();
    return write.mock.calls.map(([chunk]) => JSON.parse(String(chunk)) as Record<string, unknown>);
  } finally {
    write.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

metricsContract('in memory', () => recordingMetrics());
metricsContract('quiet (local stack)', () => quietMetrics);
metricsContract('EMF (Lambda)', () => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  return emfMetrics();
});

describe('Metrics port on Powertools Metrics (EMF)', () => {
  it('writes one EMF line per count, with the metric dimension when it has one', () => {
    // Prepare
    const metrics = emfMetrics(
      new PowertoolsMetrics({ namespace: METRICS_NAMESPACE, serviceName: 'durvalumab-pa' }),
    );
    // Act
    const lines = emfLinesOf(() => {
      metrics.count('PayerDecisions', 'denied');
      metrics.count('CasesSubmitted');
    });
    // Assess
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ service: 'durvalumab-pa', outcome: 'denied', PayerDecisions: 1 });
    expect(JSON.stringify(lines[0])).toContain(`"Namespace":"${METRICS_NAMESPACE}"`);
    expect(lines[1]).toMatchObject({ service: 'durvalumab-pa', CasesSubmitted: 1 });
    expect(lines[1]).not.toHaveProperty('outcome');
  });

  it('never fails the step that counts when the sink fails', () => {
    // Prepare
    const broken = new PowertoolsMetrics({ namespace: METRICS_NAMESPACE });
    vi.spyOn(broken, 'singleMetric').mockImplementation(() => {
      throw new Error('sink down');
    });
    // Act / Assess
    expect(() => emfMetrics(broken).count('CasesSubmitted')).not.toThrow();
  });

  it.each([
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' }, true],
    [{ AWS_EXECUTION_ENV: 'AWS_ECS_FARGATE' }, false],
    [{}, false],
  ])('knows the Lambda runtime from %j: %s', (env, onLambda) => {
    // Act / Assess
    expect(onLambdaRuntime(env)).toBe(onLambda);
  });

  it('keeps the local stack quiet: no EMF line off Lambda', () => {
    // Prepare
    const metrics = businessMetrics({});
    // Act
    const lines = emfLinesOf(() => metrics.count('WebhooksRefused', 'signature'));
    // Assess
    expect(metrics).toBe(quietMetrics);
    expect(lines).toEqual([]);
  });
});
