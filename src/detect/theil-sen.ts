import { medianInPlace } from './_select.js';

/** A line fitted by {@link theilSen}, with Kendall's τ of the points against x. */
export interface RobustLine {
  readonly slope: number;
  readonly intercept: number;
  /** Kendall's rank correlation of y with x, in [−1, 1]: how consistently the points move one way. */
  readonly tau: number;
}

/**
 * Theil–Sen line through `count` points (xs strictly increasing): the slope is the median of the slopes
 * of all pairs, the intercept the median of `y − slope·x`; Kendall's τ comes from the same pairs.
 * Robust to up to 29 % of wild points (Theil, 1950, Proc. KNAW 53; Sen, 1968, JASA 63(324); Kendall,
 * 1938, Biometrika 30(1/2)). O(count²): meant for a few dozen points (hourly medians of a lookback).
 * `scratch` holds at least `count·(count − 1)/2` values. `undefined` with fewer than 3 points.
 *
 * @example theilSen(Float64Array.of(0, 1, 2, 3, 4), Float64Array.of(1, 3, 5, 7, 90), 5, new Float64Array(10))?.slope // 2
 */
export function theilSen(xs: Float64Array, ys: Float64Array, count: number, scratch: Float64Array): RobustLine | undefined {
  if (count < 3) return undefined;
  let pairs = 0;
  let concordance = 0;
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      const dy = ys[j]! - ys[i]!;
      scratch[pairs++] = dy / (xs[j]! - xs[i]!);
      concordance += dy > 0 ? 1 : dy < 0 ? -1 : 0;
    }
  }
  const slope = medianInPlace(scratch, pairs);
  for (let i = 0; i < count; i++) scratch[i] = ys[i]! - slope * xs[i]!;
  return { slope, intercept: medianInPlace(scratch, count), tau: concordance / pairs };
}
