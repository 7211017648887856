import { MIN_RUN_SAMPLES } from './thresholds.js';

/**
 * The largest deviation held for {@link MIN_RUN_SAMPLES} finite samples in a row over `[from, to)`:
 * the maximum of the running minimum of that width (missing samples skipped). The test statistic the
 * calibration compares a departure with calm stretches by; −∞ with too few finite samples.
 *
 * @example sustainedMaximum(Float64Array.of(1, 9, 8, 7, 6, 1), 0, 6) // 6
 */
export function sustainedMaximum(deviations: Float64Array, from: number, to: number): number {
  // The last four finite deviations, newest first.
  let a = Number.NaN;
  let b = Number.NaN;
  let c = Number.NaN;
  let best = Number.NEGATIVE_INFINITY;
  for (let i = from; i < to; i++) {
    const d = deviations[i]!;
    if (Number.isNaN(d)) continue;
    // With MIN_RUN_SAMPLES = 4: min of this sample and the three before it (NaN comparisons are false).
    if (!Number.isNaN(c)) {
      const held = Math.min(d, a, b, c);
      if (held > best) best = held;
    }
    c = b;
    b = a;
    a = d;
  }
  return best;
}

if (MIN_RUN_SAMPLES !== 4) throw new RangeError('sustainedMaximum is written for runs of 4 samples');
