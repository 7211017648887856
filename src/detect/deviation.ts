import type { BaselineStats } from './baseline.js';
import { DROP_FRACTION, ENTRY_Z, RANGE_MARGIN } from './thresholds.js';

/** Which way a departure goes. */
export type Direction = 'up' | 'down';

/**
 * How far `x` stands above the baseline, as the larger of two readings, each of which passes
 * {@link ENTRY_Z} only outside the range the lookback itself reached (its high edge):
 * - robust z, counted only beyond the high edge: `min(z, ENTRY_Z + (x − high) / spread)`. The busy
 *   hour of a daily rhythm or the size of yesterday's error blips never passes, however narrow the MAD;
 * - the excess over the high edge in units of the normal range: `ENTRY_Z · (x − high) / (RANGE_MARGIN ·
 *   (high − low))`. A daily rhythm inflates the MAD until a CPU going from a 5–55 % day to 95 % is only
 *   z ≈ 2.5; exceeding the whole day's high by half the day's range is news all the same.
 *
 * @example upDeviation(13, { median: 10, spread: 1, low: 9, high: 11, samples: 100 }) // 10
 */
export function upDeviation(x: number, baseline: BaselineStats): number {
  const z = (x - baseline.median) / baseline.spread;
  const beyondSpread = Math.min(z, ENTRY_Z + (x - baseline.high) / baseline.spread);
  return Math.max(beyondSpread, beyondRange(x - baseline.high, baseline));
}

/**
 * How far `x` stands below the baseline: the downward mirror of {@link upDeviation}, or, when the
 * baseline normally flows (its low edge is above 0), how close `x` has fallen to zero, scaled so that
 * `DROP_FRACTION × low` reads as {@link ENTRY_Z}. The second reading finds a traffic series falling to
 * zero even when its daily rhythm makes the MAD so wide that zero is only one spread away.
 *
 * @example downDeviation(0, { median: 100, spread: 50, low: 40, high: 160, samples: 100 }) // 5.55…
 */
export function downDeviation(x: number, baseline: BaselineStats, drop = true): number {
  const z = (baseline.median - x) / baseline.spread;
  const belowRange = Math.max(Math.min(z, ENTRY_Z + (baseline.low - x) / baseline.spread), beyondRange(baseline.low - x, baseline));
  if (!drop || !(baseline.low > 0)) return belowRange;
  const towardsZero = (baseline.low - x) * (ENTRY_Z / (baseline.low * (1 - DROP_FRACTION)));
  return Math.max(belowRange, towardsZero);
}

/** Excess beyond an edge of the normal range, scaled so that {@link RANGE_MARGIN} of the range reads as {@link ENTRY_Z}; −∞ for a constant baseline (the spread reading covers it). */
function beyondRange(excess: number, baseline: BaselineStats): number {
  const range = baseline.high - baseline.low;
  return range > 0 ? excess * (ENTRY_Z / (RANGE_MARGIN * range)) : Number.NEGATIVE_INFINITY;
}

/** Deviation of `x` in `direction`; `drop` adds the towards-zero reading of falls (see {@link downDeviation}). */
export function deviation(x: number, baseline: BaselineStats, direction: Direction, drop = true): number {
  return direction === 'up' ? upDeviation(x, baseline) : downDeviation(x, baseline, drop);
}

/**
 * Writes the deviation of every sample of `values[from..to)` into `out` at the same index (NaN where
 * the sample is missing). One pass, no allocation; the same arithmetic as {@link upDeviation} and
 * {@link downDeviation} with the baseline held in locals, as this is the detector's hot loop.
 */
export function fillDeviations(
  values: Float64Array,
  from: number,
  to: number,
  baseline: BaselineStats,
  direction: Direction,
  out: Float64Array,
  drop = true,
): void {
  const { median, spread, low, high } = baseline;
  const range = high - low;
  // Same arithmetic, in the same order, as upDeviation/downDeviation: callers compare the two.
  const perRange = range > 0 ? ENTRY_Z / (RANGE_MARGIN * range) : 0;
  const hasRange = range > 0;
  if (direction === 'up') {
    for (let i = from; i < to; i++) {
      const x = values[i]!;
      if (x - x !== 0) {
        out[i] = Number.NaN; // NaN or ±Inf
        continue;
      }
      const beyondSpread = Math.min((x - median) / spread, ENTRY_Z + (x - high) / spread);
      out[i] = hasRange ? Math.max(beyondSpread, (x - high) * perRange) : beyondSpread;
    }
    return;
  }
  const flows = drop && low > 0;
  const perDrop = flows ? ENTRY_Z / (low * (1 - DROP_FRACTION)) : 0;
  for (let i = from; i < to; i++) {
    const x = values[i]!;
    if (x - x !== 0) {
      out[i] = Number.NaN;
      continue;
    }
    let d = Math.min((median - x) / spread, ENTRY_Z + (low - x) / spread);
    if (hasRange) d = Math.max(d, (low - x) * perRange);
    out[i] = flows ? Math.max(d, (low - x) * perDrop) : d;
  }
}
