/**
 * The typical time between raw samples: the median of the gaps between consecutive timestamps of
 * every series given, so a missed scrape or a restart does not move it. Rounded to what scrape
 * intervals look like: whole seconds from 10 s up, tenths from 1 s, milliseconds below. Null when no
 * series has two samples.
 *
 * @example
 * medianSampleSpacing([{ timestamps: Float64Array.of(0, 15.001, 29.998, 45, 90) }]) // 15
 */
export function medianSampleSpacing(series: readonly { readonly timestamps: Float64Array }[]): number | null {
  let count = 0;
  for (const { timestamps } of series) count += Math.max(0, timestamps.length - 1);
  const gaps = new Float64Array(count);
  let n = 0;
  for (const { timestamps } of series) {
    for (let i = 1; i < timestamps.length; i += 1) {
      const gap = (timestamps[i] as number) - (timestamps[i - 1] as number);
      if (gap > 0) gaps[n++] = gap;
    }
  }
  if (n === 0) return null;
  const sorted = gaps.subarray(0, n).sort();
  const middle = n >> 1;
  const median = n % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  if (median >= 10) return Math.round(median);
  if (median >= 1) return Math.round(median * 10) / 10;
  return Math.max(0.001, Math.round(median * 1000) / 1000);
}
