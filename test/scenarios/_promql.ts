/**
 * The few PromQL functions the scenarios' alerting rules use, computed on the generated series at
 * every 15 s evaluation, so the hand-written `ALERTS` history is what Prometheus 2.42 would have
 * recorded from the same data. Semantics follow promql/functions.go of 2.42: range selectors include
 * both ends, `rate` extrapolates towards the range edges, `histogram_quantile` interpolates linearly.
 * Instant selectors see only a sample scraped at that very evaluation: a live server marks a series
 * stale as soon as a scrape fails or no longer returns it.
 */
import type { TimeGrid } from './_grid.js';
import type { StoredSeries } from './_store.js';

/** Prometheus extrapolates to a range edge only when it is closer than 1.1 average sample spacings. */
const EXTRAPOLATION_THRESHOLD_FACTOR = 1.1;

/** `rate(series[rangeSeconds])` evaluated at grid index `index`; NaN when fewer than two samples. */
export function rateAt(series: StoredSeries, grid: TimeGrid, index: number, rangeSeconds: number): number {
  const values = series.values;
  const lookBack = Math.floor(rangeSeconds / grid.step);
  let firstIndex = -1;
  let lastIndex = -1;
  let firstValue = 0;
  let previous = 0;
  let increase = 0;
  let count = 0;
  for (let k = Math.max(0, index - lookBack); k <= index; k++) {
    const value = values[k] ?? Number.NaN;
    if (Number.isNaN(value)) continue;
    if (firstIndex < 0) {
      firstIndex = k;
      firstValue = value;
    } else {
      // A fall is a counter reset: the counter restarted from 0 and counted `value` since.
      increase += value < previous ? value : value - previous;
    }
    previous = value;
    lastIndex = k;
    count++;
  }
  if (count < 2) return Number.NaN;
  const rangeStart = grid.time(index) - rangeSeconds;
  const firstTime = grid.time(firstIndex);
  const lastTime = grid.time(lastIndex);
  const sampledInterval = lastTime - firstTime;
  const averageSpacing = sampledInterval / (count - 1);
  let durationToStart = firstTime - rangeStart;
  const durationToEnd = grid.time(index) - lastTime;
  if (increase > 0 && firstValue >= 0) {
    // A counter cannot extrapolate below zero.
    const durationToZero = sampledInterval * (firstValue / increase);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = averageSpacing * EXTRAPOLATION_THRESHOLD_FACTOR;
  let extrapolated = sampledInterval;
  extrapolated += durationToStart < threshold ? durationToStart : averageSpacing / 2;
  extrapolated += durationToEnd < threshold ? durationToEnd : averageSpacing / 2;
  return (increase * (extrapolated / sampledInterval)) / rangeSeconds;
}

/** Sum of `rate` over series, NaN when none of them has a rate (an empty vector). */
export function sumOfRates(series: readonly StoredSeries[], grid: TimeGrid, index: number, rangeSeconds: number): number {
  let sum = 0;
  let any = false;
  for (const one of series) {
    const rate = rateAt(one, grid, index, rangeSeconds);
    if (Number.isNaN(rate)) continue;
    sum += rate;
    any = true;
  }
  return any ? sum : Number.NaN;
}

export interface Bucket {
  readonly upperBound: number;
  readonly count: number;
}

/** `histogram_quantile(q, …)` over one group's buckets, as Prometheus 2.42's bucketQuantile. */
export function histogramQuantile(q: number, unsorted: readonly Bucket[]): number {
  const buckets = [...unsorted].sort((a, b) => a.upperBound - b.upperBound).map((b) => ({ ...b }));
  const last = buckets[buckets.length - 1];
  if (last === undefined || last.upperBound !== Infinity || buckets.length < 2) return Number.NaN;
  // Rates of different buckets are computed separately and can break monotonicity slightly.
  for (let i = 1; i < buckets.length; i++) {
    const previous = buckets[i - 1] as Bucket;
    const current = buckets[i] as { upperBound: number; count: number };
    if (current.count < previous.count) current.count = previous.count;
  }
  const observations = last.count;
  if (!(observations > 0)) return Number.NaN;
  let rank = q * observations;
  let b = 0;
  while (b < buckets.length - 1 && (buckets[b] as Bucket).count < rank) b++;
  if (b === buckets.length - 1) return (buckets[buckets.length - 2] as Bucket).upperBound;
  const bucket = buckets[b] as Bucket;
  if (b === 0 && bucket.upperBound <= 0) return bucket.upperBound;
  let start = 0;
  let count = bucket.count;
  if (b > 0) {
    const below = buckets[b - 1] as Bucket;
    start = below.upperBound;
    count -= below.count;
    rank -= below.count;
  }
  return start + (bucket.upperBound - start) * (rank / count);
}

/** The value an instant selector sees at `index`: the sample scraped then, or NaN (stale or absent). */
export function instantAt(series: StoredSeries, index: number): number {
  return series.values[index] ?? Number.NaN;
}
