import { medianInPlace, selectInPlace } from './_select.js';
import { floydRivestSelect } from './floyd-rivest.js';
import { robustSpread } from './robust-spread.js';
import { BASELINE_HIGH_QUANTILE, BASELINE_LOW_QUANTILE, BASELINE_MAX_SAMPLES, TAIL_BOUND_QUANTILE } from './thresholds.js';

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
 * low/high quantiles (nearest rank), all from selections on scratch copies, O(n); beyond
 * {@link BASELINE_MAX_SAMPLES} finite values, from an evenly spaced subset of them (`samples` still
 * counts them all). `undefined` when fewer than `minSamples` values are finite.
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
  const centre = computeCentre(values, from, to, minSamples, scratch);
  return centre === undefined ? undefined : withEdges(centre, values, from, to, scratch);
}

/** The median and robust spread of a baseline, before its edges (see {@link withEdges}). */
export interface BaselineCentre {
  readonly median: number;
  readonly spread: number;
  readonly samples: number;
  /**
   * Values used, left in `scratch[0]` partitioned around the median at `(count − 1) >>> 1`: every k-th
   * finite value, so at most about BASELINE_MAX_SAMPLES. Neighbouring samples of a series scraped every
   * 15 s say nearly the same thing, and a day of them gives no better median or 1st percentile.
   */
  readonly count: number;
}

/**
 * The first half of {@link computeBaseline}: median and robust spread, leaving the values it used in
 * `scratch[0]` for {@link withEdges}. A caller that may reject the baseline on its spread (a seasonal
 * reference that predicts no better than the level) skips the edges' two selections, and may first
 * look at a coarser sample (`maxSamples`) to reject it sooner.
 */
export function computeCentre(
  values: Float64Array,
  from: number,
  to: number,
  minSamples: number,
  scratch: readonly [Float64Array, Float64Array],
  maxSamples = BASELINE_MAX_SAMPLES,
): BaselineCentre | undefined {
  const [sorted, deviations] = scratch;
  // Every stride-th finite value, so at most about maxSamples remain (see `count`).
  const stride = Math.max(1, Math.ceil((to - from) / maxSamples));
  const finite = strideSample(values, from, to, stride, sorted);
  const count = finite === 0 ? 0 : Math.floor((finite - 1) / stride) + 1;
  if (finite < Math.max(1, minSamples)) return undefined;
  const center = medianInPlace(sorted, count);
  for (let i = 0; i < count; i++) deviations[i] = Math.abs(sorted[i]! - center);
  const mad = medianInPlace(deviations, count);
  // The mean absolute deviation only counts when the MAD is 0 (robustSpread reads it only then), and
  // must then be summed in the order it always was, that of the Floyd–Rivest partition (see
  // floydRivestAbsoluteSum). Otherwise it is not summed at all: a running sum is a chain of dependent
  // additions, the slowest part of this loop.
  const meanAbsoluteDeviation = mad === 0 ? floydRivestAbsoluteSum(values, from, to, stride, center, deviations) / count : Number.NaN;
  const spread = robustSpread({ center, mad, meanAbsoluteDeviation });
  return { median: center, spread, samples: finite, count };
}

/**
 * Copies the finite values of `values[from..to)` numbered 0, stride, 2·stride… into `out` (the first
 * ⌈finite / stride⌉ places) and returns how many finite values there were. A running target, not
 * `finite % stride`, whose integer division per sample would cost more than the rest of the pass.
 */
function strideSample(values: Float64Array, from: number, to: number, stride: number, out: Float64Array): number {
  let finite = 0;
  let count = 0;
  let next = 0;
  for (let i = from; i < to; i++) {
    const x = values[i]!;
    if (x - x !== 0) continue;
    if (finite++ === next) {
      out[count++] = x;
      next += stride;
    }
  }
  return finite;
}

/**
 * Σ|x − center| over the sample {@link computeCentre} takes from `values[from..to)` (every stride-th
 * finite value), summed in the order the Floyd–Rivest selection of its median leaves them in, as
 * before `selectInPlace` became a quickselect: a float sum depends on its order, and the spread of a
 * mostly constant baseline must not move by an ulp. Rebuilds the sample in `buffer`. Only runs when
 * the MAD is 0, a series that mostly repeats one value.
 */
function floydRivestAbsoluteSum(values: Float64Array, from: number, to: number, stride: number, center: number, buffer: Float64Array): number {
  const finite = strideSample(values, from, to, stride, buffer);
  const count = Math.floor((finite - 1) / stride) + 1;
  floydRivestSelect(buffer, (count - 1) >>> 1, 0, count - 1);
  let sum = 0;
  for (let i = 0; i < count; i++) sum += Math.abs(buffer[i]! - center);
  return sum;
}

/**
 * Adds the low/high quantile edges (nearest rank over every finite value of `values[from..to)`, the
 * range the centre came from) to a centre computed by {@link computeCentre} into `scratch[0]`. From a
 * thinned sample the edges are located on it and then made exact on the full data: one pass collects
 * the values beyond a bound safely inside each tail (the thinned sample's 3rd and 97th percentiles)
 * into `scratch[1]`, and the edge is selected among them. Exactness matters for counts: with locks
 * at 0 and now and then 1, a thinned 99th percentile of 0 would turn every 1 into a departure.
 */
export function withEdges(
  centre: BaselineCentre,
  values: Float64Array,
  from: number,
  to: number,
  scratch: readonly [Float64Array, Float64Array],
): BaselineStats {
  const [sorted, tails] = scratch;
  const { count, samples } = centre;
  const mid = (count - 1) >>> 1;
  // After selecting the median, the low quantile lies in [0, mid] and the high one in [mid, count).
  const lowRank = Math.floor(BASELINE_LOW_QUANTILE * (count - 1));
  selectInPlace(sorted, lowRank, 0, mid);
  let low = sorted[lowRank]!;
  const highRank = Math.ceil(BASELINE_HIGH_QUANTILE * (count - 1));
  selectInPlace(sorted, highRank, mid, count - 1);
  let high = sorted[highRank]!;
  if (count < samples) {
    const lowBoundRank = Math.ceil(TAIL_BOUND_QUANTILE * (count - 1));
    selectInPlace(sorted, lowBoundRank, lowRank, mid);
    const lowBound = sorted[lowBoundRank]!;
    const highBoundRank = Math.floor((1 - TAIL_BOUND_QUANTILE) * (count - 1));
    selectInPlace(sorted, highBoundRank, mid, highRank);
    const highBound = sorted[highBoundRank]!;
    // Upper tail from the front of `tails`, lower tail from its back.
    let above = 0;
    let below = 0;
    const last = tails.length - 1;
    for (let i = from; i < to; i++) {
      const x = values[i]!;
      if (x - x !== 0) continue;
      if (x >= highBound) tails[above++] = x;
      else if (x <= lowBound) tails[last - below++] = x;
    }
    const fromTop = samples - Math.ceil(BASELINE_HIGH_QUANTILE * (samples - 1));
    if (above >= fromTop) {
      selectInPlace(tails, above - fromTop, 0, above - 1);
      high = tails[above - fromTop]!;
    }
    const fromBottom = Math.floor(BASELINE_LOW_QUANTILE * (samples - 1)) + 1;
    if (below >= fromBottom) {
      selectInPlace(tails, last - below + fromBottom, last - below + 1, last);
      low = tails[last - below + fromBottom]!;
    }
  }
  return { median: centre.median, spread: centre.spread, low, high, samples };
}

