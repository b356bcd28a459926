/** Order statistics of measured samples (nearest-rank percentiles, no interpolation). */
import pLimit from 'p-limit';

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** A ratio rounded for the table (two decimals). */
export function ratio(measured: number, floor: number): number {
  return floor > 0 ? Math.round((measured / floor) * 100) / 100 : Number.NaN;
}

export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Runs `fn` on each item with at most `concurrency` in flight, in order of the items. */
export async function forEachBounded<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  const limit = pLimit(concurrency);
  await Promise.all(items.map((item, index) => limit(() => fn(item, index))));
}
