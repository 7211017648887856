import { FIT_CLIP_Z } from './thresholds.js';

/**
 * The window of {@link fillShiftMeans}: each sample's clipped value (0 when missing) and whether it is
 * present, by position modulo the width. Shared by all calls (the detectors run synchronously).
 */
let clippedRing = new Float64Array(32);
let presentRing = new Uint8Array(32);

/**
 * Centred running mean of `deviations` over `width` samples (odd), each clipped to ±{@link FIT_CLIP_Z}
 * first, into `out[from..to)`: the level a departure holds for minutes, robust to one artefact (it
 * moves the mean by at most FIT_CLIP_Z / width). Missing samples are skipped; the mean is NaN where the
 * sample itself or more than half of its window is missing. O(n) with a running sum.
 *
 * Each sample is clipped once, as it enters, and kept in a ring until it leaves the window.
 * A missing sample (or one past `to`) enters as 0: adding and later subtracting +0 leaves the running
 * sum as skipping it would, bit for bit, because a sum that starts at +0 never becomes −0. The entering
 * value is still added before the leaving one is subtracted, so each mean is the same double as the
 * branchy loop this replaced gave, at about half its cost.
 *
 * @example fillShiftMeans(Float64Array.of(0, 3, 3, 3, 0), 0, 5, 3, out) // out = [1.5, 2, 3, 2, 1.5]
 */
export function fillShiftMeans(deviations: Float64Array, from: number, to: number, width: number, out: Float64Array): void {
  const half = width >> 1;
  // The window's length: width itself, as callers pass it odd.
  const span = 2 * half + 1;
  if (clippedRing.length < span) {
    clippedRing = new Float64Array(span);
    presentRing = new Uint8Array(span);
  }
  const clipped = clippedRing;
  const present = presentRing;
  // Slot s holds the sample at position from + s (mod span); nothing entered yet counts 0.
  clipped.fill(0, 0, span);
  present.fill(0, 0, span);
  let sum = 0;
  let count = 0;
  let slot = 0;
  // Sample i's window is [i − half, i + half] ∩ [from, to): before the first output, [from, from + half).
  for (let j = from; j < from + half; j++) {
    const d = j < to ? deviations[j]! : Number.NaN;
    const has = d === d ? 1 : 0;
    const value = has === 1 ? Math.max(-FIT_CLIP_Z, Math.min(FIT_CLIP_Z, d)) : 0;
    sum += value;
    count += has;
    clipped[slot] = value;
    present[slot] = has;
    slot = slot + 1 === span ? 0 : slot + 1;
  }
  for (let i = from; i < to; i++) {
    // Entering: i + half; leaving: i − half − 1, which sat in the same slot.
    const enter = i + half;
    const d = enter < to ? deviations[enter]! : Number.NaN;
    const has = d === d ? 1 : 0;
    const value = has === 1 ? Math.max(-FIT_CLIP_Z, Math.min(FIT_CLIP_Z, d)) : 0;
    sum += value;
    sum -= clipped[slot]!;
    count += has - present[slot]!;
    clipped[slot] = value;
    present[slot] = has;
    slot = slot + 1 === span ? 0 : slot + 1;
    out[i] = Number.isNaN(deviations[i]!) || 2 * count <= width ? Number.NaN : sum / count;
  }
}
