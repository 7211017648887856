import type { BaselineStats } from './baseline.js';
import { ENTRY_Z, RANGE_MARGIN } from './thresholds.js';

/**
 * Sets missing the samples of `read[from..to)` (a seasonal reference, the same series one day or one
 * week earlier, on the reading's scale) at which the reference was itself anomalous: where it would
 * have entered a departure against the lookback's level by the rule a window sample enters one
 * (beyond the normal range by RANGE_MARGIN of its width, or beyond the range and ENTRY_Z spreads).
 * Otherwise yesterday's spike at 9:15 becomes today's expected value at 9:15, and today's ordinary
 * 9:15 reads as a collapse: on NAB's ad-exchange data a day-old spike of 16× the level made the next
 * day's normal hour a "drop" with p = 3·10⁻⁶. Where the reference is missing the lookback's level
 * stands in (ReferenceSet.fallback), so today's repeat of yesterday's incident is judged against the
 * level, not excused by it.
 *
 * @example maskAbnormal(Float64Array.of(1, 16, 1), 0, 3, { median: 1, spread: 0.1, low: 0.8, high: 1.2, samples: 99 }) // [1, NaN, 1]
 */
export function maskAbnormal(read: Float64Array, from: number, to: number, level: BaselineStats): void {
  const { median, spread, low, high } = level;
  const range = high - low;
  const upper = range > 0 ? Math.min(high + RANGE_MARGIN * range, Math.max(high, median + ENTRY_Z * spread)) : median + ENTRY_Z * spread;
  const lower = range > 0 ? Math.max(low - RANGE_MARGIN * range, Math.min(low, median - ENTRY_Z * spread)) : median - ENTRY_Z * spread;
  for (let i = from; i < to; i++) {
    const x = read[i]!;
    if (x > upper || x < lower) read[i] = Number.NaN;
  }
}
