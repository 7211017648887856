import { copyFinite } from './_finite.js';
import { medianInPlace, selectInPlace } from './_select.js';
import { robustSpread } from './robust-spread.js';
import { BASELINE_HIGH_QUANTILE, BASELINE_LOW_QUANTILE } from './thresholds.js';

/** What the detectors know about normal behaviour: centre, spread and the edges of the normal range. */
export interface BaselineStats {
  /** Median of the finite baseline samples. */
  readonly median: number;
  /** Robust spread (scaled MAD with floors), never 0. */
  readonly spread: number;
  /** {@link BASELINE_LOW_QUANTILE} of the baseline: the low edge of what is normal. */
  readonly low: number;
  /** {@link BASELINE_HIGH_QUANTILE} of the baseline: the high edge of what is normal. */
  readonly high: number;
  /** Finite samples the statistics came from. */
  readonly samples: number;
}

/**
 * Baseline statistics of the finite values of `values[from..to)`: median, robust spread and the
 * low/high quantiles (nearest rank), all from two selections on scratch copies, O(n). `undefined`
 * when fewer than `minSamples` values are finite.
 *
 * This is the one place a baseline is computed: a seasonal baseline (same time yesterday) would
 * replace it.
 *
 * @example computeBaseline(Float64Array.of(1, 2, 3, NaN), 0, 4)?.median // 2
 */
export function computeBaseline(
  values: Float64Array,
  from: number,
  to: number,
  minSamples = 1,
  scratch: readonly [Float64Array, Float64Array] = [new Float64Array(to - from), new Float64Array(to - from)],
): BaselineStats | undefined {
  const [sorted, deviations] = scratch;
  const count = copyFinite(values, from, to, sorted);
  if (count < Math.max(1, minSamples)) return undefined;
  const mid = (count - 1) >>> 1;
  const center = medianInPlace(sorted, count);
  // After selecting the median, the low quantile lies in [0, mid] and the high one in [mid, count).
  const lowRank = Math.floor(BASELINE_LOW_QUANTILE * (count - 1));
  selectInPlace(sorted, lowRank, 0, mid);
  const low = sorted[lowRank]!;
  const highRank = Math.ceil(BASELINE_HIGH_QUANTILE * (count - 1));
  selectInPlace(sorted, highRank, mid, count - 1);
  const high = sorted[highRank]!;

  let absoluteSum = 0;
  for (let i = 0; i < count; i++) {
    const deviation = Math.abs(sorted[i]! - center);
    deviations[i] = deviation;
    absoluteSum += deviation;
  }
  const mad = medianInPlace(deviations, count);
  const spread = robustSpread({ center, mad, meanAbsoluteDeviation: absoluteSum / count });
  return { median: center, spread, low, high, samples: count };
}
