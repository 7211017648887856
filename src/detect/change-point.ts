import { medianInPlace } from './_select.js';
import { MAD_TO_SIGMA, SPLIT_PENALTY } from './thresholds.js';

/** The best single split of a stretch into two constant levels. */
export interface Split {
  /** First sample of the second level. */
  readonly index: number;
  /** Squared error removed by splitting, in the series' units squared. */
  readonly gain: number;
}

/**
 * Best single change in mean of the finite values of `values[from..to)`: the split that removes the
 * most squared error, each side keeping at least `minSegment` finite samples. One pass with running
 * sums. The building block of binary segmentation (Scott & Knott, 1974, Biometrics 30(3); Vostrikova,
 * 1981). `undefined` when the stretch is too short to split.
 *
 * @example bestSplit(Float64Array.of(1, 1, 1, 5, 5, 5), 0, 6, 2)?.index // 3
 */
export function bestSplit(values: Float64Array, from: number, to: number, minSegment: number): Split | undefined {
  let count = 0;
  let sum = 0;
  let reference = Number.NaN;
  for (let i = from; i < to; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x)) continue;
    if (Number.isNaN(reference)) reference = x;
    count++;
    sum += x - reference;
  }
  if (count < 2 * Math.max(1, minSegment)) return undefined;
  let best: Split | undefined;
  let leftCount = 0;
  let leftSum = 0;
  for (let i = from; i < to; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x)) continue;
    if (leftCount >= minSegment && count - leftCount >= minSegment) {
      const rightSum = sum - leftSum;
      const gain = (leftSum * leftSum) / leftCount + (rightSum * rightSum) / (count - leftCount) - (sum * sum) / count;
      if (best === undefined || gain > best.gain) best = { index: i, gain };
    }
    leftCount++;
    leftSum += x - reference;
  }
  return best;
}

/**
 * All significant changes in mean of `values[from..to)` by binary segmentation (Vostrikova, 1981,
 * Soviet Math. Doklady 24; Scott & Knott, 1974): split where {@link bestSplit} removes the most squared
 * error, then split each side again, as long as a split removes more than `SPLIT_PENALTY · σ² · ln(n)`
 * (a BIC-like penalty; Yao, 1988, Statistics & Probability Letters 6(3)). Ascending indices; empty when
 * nothing changes.
 *
 * @example changePoints(Float64Array.of(1, 1, 1, 5, 5, 5, 9, 9, 9), 0, 9, 2, 0.1) // [3, 6]
 */
export function changePoints(values: Float64Array, from: number, to: number, minSegment: number, sigma: number): number[] {
  const found: number[] = [];
  const pending: [number, number][] = [[from, to]];
  const penalty = SPLIT_PENALTY * sigma * sigma * Math.log(Math.max(2, to - from));
  for (let stretch = pending.pop(); stretch !== undefined; stretch = pending.pop()) {
    const [start, end] = stretch;
    const split = bestSplit(values, start, end, minSegment);
    if (split === undefined || !(split.gain > penalty)) continue;
    found.push(split.index);
    pending.push([start, split.index], [split.index, end]);
  }
  return found.sort((a, b) => a - b);
}

/**
 * Noise level of a series that may hold level shifts: σ from the MAD of consecutive differences
 * (`MAD_TO_SIGMA · MAD(Δx) / √2`), which a few steps barely move. `undefined` with fewer than two
 * consecutive finite pairs. Rousseeuw & Croux (1993) and the difference-based variance estimators of
 * Rice (1984), Annals of Statistics 12(4).
 */
export function differenceNoise(values: Float64Array, from: number, to: number, scratch: Float64Array): number | undefined {
  let count = 0;
  for (let i = from + 1; i < to; i++) {
    const d = values[i]! - values[i - 1]!;
    if (Number.isFinite(d)) scratch[count++] = d;
  }
  if (count < 2) return undefined;
  const center = medianInPlace(scratch, count);
  for (let i = 0; i < count; i++) scratch[i] = Math.abs(scratch[i]! - center);
  return (MAD_TO_SIGMA * medianInPlace(scratch, count)) / Math.SQRT2;
}
