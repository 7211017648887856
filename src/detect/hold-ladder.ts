import { EVIDENCE_HOLD_SECONDS, FIT_CLIP_Z, SHIFT_MEAN_MIN_SAMPLES } from './thresholds.js';

/** The widths of the last step asked for: a run judges thousands of series at one step. */
let memo: { readonly stepSeconds: number; readonly widths: readonly number[] } | undefined;

/**
 * Samples of each mean of the evidence ladder at `stepSeconds` (see EVIDENCE_HOLD_SECONDS), odd, each
 * wider than the one before: at a coarse step the floor of SHIFT_MEAN_MIN_SAMPLES makes the 5-min and
 * the 20-min mean the same 9 samples (at 5 minutes), and a rung tested twice only doubles its share of
 * the Bonferroni factor every p-value pays (see ladderPValue) without adding evidence.
 */
export function holdWidths(stepSeconds: number): readonly number[] {
  if (memo?.stepSeconds !== stepSeconds) {
    const widths: number[] = [];
    for (const seconds of EVIDENCE_HOLD_SECONDS) {
      const width = Math.max(SHIFT_MEAN_MIN_SAMPLES, Math.round(seconds / stepSeconds)) | 1;
      if (width > (widths.at(-1) ?? 0)) widths.push(width);
    }
    memo = { stepSeconds, widths };
  }
  return memo.widths;
}

/** Length of the scratch buffer {@link holdLadder} needs for `samples` samples. */
export function holdScratchLength(samples: number): number {
  return 2 * (samples + 1);
}

/**
 * How a departure held over `deviations[from..to)`, into `out` (1 + widths.length entries): first its
 * sustained maximum (the largest deviation held for `hold` finite samples in a row, 1 to 4: `runSamples`
 * of the step; 4 as `sustainedMaximum`), then for each width the largest mean
 * of the deviations, each clipped to ±FIT_CLIP_Z, over a window of that many samples inside the range
 * (more than half of them present), the windows starting every eighth of a width. NaN where the range
 * is shorter than the width or too sparse. Prefix sums make each width one short pass; `scratch` holds {@link holdScratchLength}`(to − from)` values.
 *
 * @example holdLadder(Float64Array.of(0, 6, 6, 6, 6, 6, 0), 0, 7, [3], scratch, out) // out = [6, 6]
 */
export function holdLadder(
  deviations: Float64Array,
  from: number,
  to: number,
  widths: readonly number[],
  scratch: Float64Array,
  out: Float64Array,
  hold = 4,
): void {
  const length = to - from;
  // scratch[j]: sum of the clipped deviations of [from, from + j); scratch[length + 1 + j]: how many.
  const counts = length + 1;
  scratch[0] = 0;
  scratch[counts] = 0;
  // The sustained maximum in the same pass (see sustainedMaximum): the last three finite deviations,
  // of which the hold reads the newest hold − 1 (the others stand in as d itself).
  const [useA, useB, useC] = [hold > 1, hold > 2, hold > 3];
  let a = Number.NaN;
  let b = Number.NaN;
  let c = Number.NaN;
  let held = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let count = 0;
  for (let j = 0; j < length; j++) {
    const d = deviations[from + j]!;
    if (d !== d) {
      scratch[j + 1] = sum;
      scratch[counts + j + 1] = count;
      continue;
    }
    // Branch-free (Math.min/max compile to single instructions): noise makes branches unpredictable.
    sum += Math.max(-FIT_CLIP_Z, Math.min(FIT_CLIP_Z, d));
    count++;
    scratch[j + 1] = sum;
    scratch[counts + j + 1] = count;
    // min(d, a, b, c) is NaN until three finite deviations came before (Math.min propagates NaN).
    const least = Math.min(Math.min(d, useA ? a : d), Math.min(useB ? b : d, useC ? c : d));
    if (least > held) held = least;
    c = b;
    b = a;
    a = d;
  }
  out[0] = held;
  widestMeans(scratch, 0, counts, length, widths, out);
}

/**
 * For each width, the largest mean over windows of that many samples (more than half present), from
 * prefix sums `prefix[sums + j]` and counts `prefix[counts + j]` of a range of `length` samples, into
 * `out[1..]`; windows start every eighth of a width.
 */
export function widestMeans(prefix: Float64Array, sums: number, counts: number, length: number, widths: readonly number[], out: Float64Array): void {
  const scratch = prefix;
  for (let k = 0; k < widths.length; k++) {
    const width = widths[k]!;
    // Windows start every eighth of a width: a mean over many samples moves little in between.
    const stride = Math.max(1, width >> 3);
    let best = Number.NaN;
    for (let j = width; j <= length; j += stride) {
      const count = scratch[counts + j]! - scratch[counts + j - width]!;
      if (2 * count <= width) continue;
      const mean = (scratch[sums + j]! - scratch[sums + j - width]!) / count;
      if (!(mean <= best)) best = mean;
    }
    out[k + 1] = best;
  }
}
