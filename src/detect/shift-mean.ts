import { FIT_CLIP_Z } from './thresholds.js';

/**
 * Centred running mean of `deviations` over `width` samples (odd), each clipped to ±{@link FIT_CLIP_Z}
 * first, into `out[from..to)`: the level a departure holds for minutes, robust to one artefact (it
 * moves the mean by at most FIT_CLIP_Z / width). Missing samples are skipped; the mean is NaN where the
 * sample itself or more than half of its window is missing. O(n) with a running sum.
 *
 * @example fillShiftMeans(Float64Array.of(0, 3, 3, 3, 0), 0, 5, 3, out) // out = [1.5, 2, 3, 2, 1.5]
 */
export function fillShiftMeans(deviations: Float64Array, from: number, to: number, width: number, out: Float64Array): void {
  const half = width >> 1;
  let sum = 0;
  let count = 0;
  const clipped = (i: number): number => {
    const d = deviations[i]!;
    // Branch-free (Math.min/max are instructions): noise makes the clip's branches unpredictable.
    return Math.max(-FIT_CLIP_Z, Math.min(FIT_CLIP_Z, d));
  };
  // The window of sample i is [i − half, i + half] ∩ [from, to).
  for (let j = from; j < Math.min(to, from + half); j++) {
    if (Number.isNaN(deviations[j]!)) continue;
    sum += clipped(j);
    count++;
  }
  for (let i = from; i < to; i++) {
    const enter = i + half;
    if (enter < to && !Number.isNaN(deviations[enter]!)) {
      sum += clipped(enter);
      count++;
    }
    const leave = i - half - 1;
    if (leave >= from && !Number.isNaN(deviations[leave]!)) {
      sum -= clipped(leave);
      count--;
    }
    out[i] = Number.isNaN(deviations[i]!) || 2 * count <= width ? Number.NaN : sum / count;
  }
}
