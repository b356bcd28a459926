/** The Metrics port in memory: each count recorded, for use-case tests to assert on. */
import type { BusinessMetric } from '#core/metrics.ts';
import type { Metrics } from '#core/ports.ts';

export interface RecordingMetrics extends Metrics {
  readonly counts: Array<{ metric: BusinessMetric; dimension?: string }>;
  /** How many times `metric` (with `dimension`, when given) was counted. */
  total(metric: BusinessMetric, dimension?: string): number;
}

export function recordingMetrics(): RecordingMetrics {
  const counts: RecordingMetrics['counts'] = [];
  return {
    counts,
    count: (metric, dimension) => {
      counts.push({ metric, ...(dimension === undefined ? {} : { dimension }) });
    },
    total: (metric, dimension) =>
      counts.filter((c) => c.metric === metric && (dimension === undefined || c.dimension === dimension))
        .length,
  };
}
