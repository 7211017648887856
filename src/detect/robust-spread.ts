import {
  ABSOLUTE_SPREAD_FLOOR,
  MAD_TO_SIGMA,
  MEAN_ABSOLUTE_DEVIATION_TO_SIGMA,
  RELATIVE_SPREAD_FLOOR,
  ROUNDING_SPREAD_FLOOR,
} from './thresholds.js';

export interface SpreadInputs {
  /** Robust centre (median) of the baseline. */
  readonly center: number;
  /** Unscaled median absolute deviation from `center`. */
  readonly mad: number;
  /** Mean absolute deviation from `center`. */
  readonly meanAbsoluteDeviation: number;
}

/**
 * A spread to divide by that is never 0, so a constant baseline still judges real departures:
 * the scaled MAD; when more than half the baseline sits on one value (MAD 0), the scaled mean absolute
 * deviation, which still sees the rare other values; for a truly constant baseline 1 % of its level;
 * for an all-zero one a tiny absolute floor. A rounding floor keeps float noise out of near-constant
 * gauges. (The MAD is 0 whenever over half the values are equal — the price of its 50 % breakdown point;
 * see Rousseeuw & Croux (1993), "Alternatives to the median absolute deviation", JASA 88(424).)
 *
 * @example robustSpread({ center: 100, mad: 0, meanAbsoluteDeviation: 0 }) // 1
 */
export function robustSpread({ center, mad, meanAbsoluteDeviation }: SpreadInputs): number {
  const level = Math.abs(center);
  let spread: number;
  if (mad > 0) spread = MAD_TO_SIGMA * mad;
  else if (meanAbsoluteDeviation > 0) spread = MEAN_ABSOLUTE_DEVIATION_TO_SIGMA * meanAbsoluteDeviation;
  else if (level > 0) spread = RELATIVE_SPREAD_FLOOR * level;
  else spread = ABSOLUTE_SPREAD_FLOOR;
  return Math.max(spread, ROUNDING_SPREAD_FLOOR * level, ABSOLUTE_SPREAD_FLOOR);
}

/**
 * Root mean square deviation from `center` of the finite values of `values[from..to)`, each clipped to
 * `[low, high]` first (winsorised). The spread of a proportion that is mostly 0 with sparse blips (a
 * few errors an hour): its MAD is 0 and its mean absolute deviation understates the blips, but their
 * RMS is the binomial noise itself (on the arcsine scale, 1 / (2√n) for n requests; Anscombe, 1948),
 * and clipping at the 1st and 99th percentiles keeps one burst of the lookback from inflating it.
 *
 * @example winsorizedRms(Float64Array.of(0, 0, 0, 1), 0, 4, 0, 0, 1) // 0.5
 */
export function winsorizedRms(values: Float64Array, from: number, to: number, center: number, low: number, high: number): number {
  let sum = 0;
  let count = 0;
  for (let i = from; i < to; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x)) continue;
    const d = Math.min(high, Math.max(low, x)) - center;
    sum += d * d;
    count++;
  }
  return count === 0 ? 0 : Math.sqrt(sum / count);
}
