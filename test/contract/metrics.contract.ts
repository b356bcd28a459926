/**
 * The Metrics contract, run against the EMF adapter, the local quiet sink and the in-memory twin:
 * every business metric is accepted, with its dimension where it has one, and counting never
 * throws into the business step that counts.
 */
import { describe, expect, it } from 'vitest';
import { BUSINESS_METRICS, type BusinessMetric } from '#core/metrics.ts';
import type { Metrics } from '#core/ports.ts';

export function metricsContract(name: string, makeMetrics: () => Metrics): void {
  describe(`Metrics contract: ${name}`, () => {
    it.each(Object.entries(BUSINESS_METRICS))('counts %s (dimension: %s)', (metric, dimension) => {
      // Prepare
      const metrics = makeMetrics();
      // Act
      const count = () => metrics.count(metric as BusinessMetric, dimension ? 'some-value' : undefined);
      // Assess
      expect(count).not.toThrow();
      expect(count()).toBeUndefined();
    });
  });
}
