import { DEFAULT_TAIL_PROBABILITY, DEFAULT_TAIL_SCALE, ENTRY_Z, TAIL_MIN_SCALE, TAIL_PRIOR_WEIGHT, TAIL_SPACINGS } from './thresholds.js';

/**
 * P(X ≥ t) for the statistic X of a calm block, from one series' own calm blocks `sorted` (ascending)
 * and the scale of the tail: the empirical share with the add-one correction (Davison & Hinkley, 1997,
 * "Bootstrap Methods", §4.2) up to the largest calm block; beyond it an exponential tail of that scale
 * (the generalised Pareto of peaks over a threshold with shape 0: Pickands, 1975, Annals of Statistics
 * 3(1)), since a lookback of a dozen blocks cannot by itself say how rare a far larger departure is.
 * Without a calm sample, DEFAULT_TAIL_PROBABILITY beyond ENTRY_Z, shrinking at the same scale.
 *
 * @example blockTailProbability(12, Float64Array.of(0.5, 1, 1.2, 2), 1) // 0.2 · e^−10 ≈ 9·10⁻⁶
 */
export function blockTailProbability(t: number, sorted: Float64Array | null, scale: number): number {
  const count = sorted?.length ?? 0;
  if (sorted === null || count === 0) return Math.min(1, DEFAULT_TAIL_PROBABILITY * Math.exp(-(t - ENTRY_Z) / scale));
  const largest = sorted[count - 1]!;
  if (t > largest) return Math.exp(-(t - largest) / scale) / (count + 1);
  // Draws ≥ t: binary search for the first index whose draw reaches t.
  let low = 0;
  let high = count;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < t) low = mid + 1;
    else high = mid;
  }
  return Math.min(1, (count - low + 1) / (count + 1));
}

/**
 * The normalised spacings of the largest calm blocks, i · (X₍ᵢ₎ − X₍ᵢ₊₁₎) for the i-th largest: for
 * block maxima with an exponential (Gumbel) tail they are independent draws of the tail's scale
 * (Rényi, 1953, Acta Math. Acad. Sci. Hungarica 4), so a series' own scale is estimated from several
 * gaps, not from the top one alone (one exponential draw: as likely to be half the scale as twice
 * it). Only the top quarter of the blocks, at most TAIL_SPACINGS, counts as tail. Empty with fewer
 * than two blocks.
 *
 * @example topSpacings(Float64Array.of(1, 1.2, 1.5, 2, 2.4, 2.5, 3, 4)) // [1, 1] (4 − 3, 2 · (3 − 2.5))
 */
export function topSpacings(sorted: Float64Array | null): number[] {
  const count = sorted?.length ?? 0;
  if (sorted === null || count < 2) return [];
  const k = Math.max(1, Math.min(TAIL_SPACINGS, Math.floor(count / 4)));
  const spacings: number[] = [];
  for (let i = 1; i <= k; i++) spacings.push(i * (sorted[count - i]! - sorted[count - i - 1]!));
  return spacings;
}

/**
 * The tail scale of one series or a family of series from their normalised top spacings (see
 * topSpacings; Exp(scale) each): the median over ln 2, robust to the one gap a burst in a lookback
 * opened, shrunk towards DEFAULT_TAIL_SCALE as if TAIL_PRIOR_WEIGHT more spacings had it (a series
 * with a dozen calm blocks is mostly prior), never below TAIL_MIN_SCALE. Reorders `spacings`.
 *
 * @example pooledTailScale([0.7, 0.7, 0.7, 28]) // (4 · 1.01 + 2 · 1.5) / 6 ≈ 1.17
 */
export function pooledTailScale(spacings: number[]): number {
  const count = spacings.length;
  if (count === 0) return Math.max(TAIL_MIN_SCALE, DEFAULT_TAIL_SCALE);
  spacings.sort((a, b) => a - b);
  const median = count % 2 === 1 ? spacings[count >> 1]! : (spacings[count / 2 - 1]! + spacings[count / 2]!) / 2;
  return Math.max(TAIL_MIN_SCALE, (count * (median / Math.LN2) + TAIL_PRIOR_WEIGHT * DEFAULT_TAIL_SCALE) / (count + TAIL_PRIOR_WEIGHT));
}

/**
 * P-value of a departure with statistic `t` in a window of `windowSamples`, from calm blocks of
 * `blockSamples`: the chance that at least one of the window's `windowSamples / blockSamples` blocks
 * reaches `t` (Šidák, 1967, JASA 62(318)).
 */
export function windowPValue(t: number, sorted: Float64Array | null, scale: number, windowSamples: number, blockSamples: number): number {
  const blocks = Math.max(1, windowSamples / Math.max(1, blockSamples));
  const p = blockTailProbability(t, sorted, scale);
  return p >= 1 ? 1 : -Math.expm1(blocks * Math.log1p(-p));
}

/**
 * P-value of a departure from its evidence ladder: each rung (see `holdLadder`) tested against its
 * calm blocks (`drawsOf`, `scaleOf`) as {@link windowPValue} does, the smallest taken and multiplied by
 * the number of rungs tested (Bonferroni): a departure is as rare as its rarest way of holding.
 * Rungs without a statistic (a departure shorter than the rung) or without calm blocks are skipped,
 * unless none has any: then the first rung against the default tail.
 */
export function ladderPValue(
  ladder: readonly number[],
  drawsOf: (rung: number) => Float64Array | null,
  scaleOf: (rung: number) => number,
  windowSamples: number,
  blockSamples: number,
): number {
  let best = 1;
  let tested = 0;
  for (let rung = 0; rung < ladder.length; rung++) {
    const t = ladder[rung]!;
    const draws = drawsOf(rung);
    if (Number.isNaN(t) || (draws === null && rung > 0)) continue;
    tested++;
    best = Math.min(best, windowPValue(t, draws, scaleOf(rung), windowSamples, blockSamples));
  }
  return Math.min(1, best * Math.max(1, tested));
}
