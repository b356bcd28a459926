/** The business metrics port (Powertools Metrics). */
import { businessMetrics } from '#adapters/metrics.ts';
import { once } from './compose.ts';

export const metrics = once(() => businessMetrics());
