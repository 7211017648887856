import { holdsNegativeZero } from './_finite.js';
import { floydRivestSelect } from './floyd-rivest.js';

/** At most this many values are finished by insertion sort. */
const INSERTION_MAX = 16;
/** Pivot candidates sampled from a range of at least 64 values (fewer: 3), and from at least 256. */
const SAMPLE_MID = 9;
const SAMPLE_LARGE = 15;
/** Partition rounds before a range that keeps shrinking slowly (an adversarial order) goes to Floyd–Rivest. */
const MAX_ROUNDS = 48;

/** Pivot candidates of {@link pivotNear}, shared by all calls (selection is synchronous and not re-entrant). */
const candidates = new Float64Array(SAMPLE_LARGE);

/**
 * In-place selection: afterwards `a[k]` holds the value it would have if `a[left..right]` were
 * sorted, everything before it is ≤ and everything after it is ≥. Bounds are inclusive. Values must
 * not be NaN (callers copy finite samples first).
 *
 * A quickselect whose partitions are branch-free: each value is swapped unconditionally and the
 * boundary advances by the comparison's 0 or 1 (`+(x < t)` compiles to a flag, where a branch on it
 * would be a coin flip for a good pivot). The Hoare partition of Floyd & Rivest mispredicted about
 * once per value and took some 5 µs for the median of a baseline's ~450 values (V8, x64); this takes
 * about half that. The pivot is the candidate at k's relative rank among a few evenly spaced values,
 * so the side holding k shrinks fast. Equal keys gather in a second pass, so constant runs stay O(n).
 *
 * Which value lands at k is the same as with any correct selection, bit for bit, except for a zero
 * among both +0 and −0: ranges holding −0 keep the Floyd–Rivest partition (see `floyd-rivest.ts`),
 * whose choice between them callers have always seen.
 */
export function selectInPlace(a: Float64Array, k: number, left: number, right: number): void {
  if (holdsNegativeZero(a, left, right + 1)) {
    floydRivestSelect(a, k, left, right);
    return;
  }
  for (let round = 0; right - left >= INSERTION_MAX; round++) {
    const t = pivotNear(a, k, left, right);
    if (round === MAX_ROUNDS || t !== t) {
      floydRivestSelect(a, k, left, right);
      return;
    }
    // [left, i) < t ≤ [i, j).
    let i = left;
    for (let j = left; j <= right; j++) {
      const x = a[j]!;
      a[j] = a[i]!;
      a[i] = x;
      i += +(x < t);
    }
    if (k < i) {
      right = i - 1;
      continue;
    }
    // [i, e) = t < [e, j): the pivot itself is in range, so e > i and the range shrinks.
    let e = i;
    for (let j = i; j <= right; j++) {
      const x = a[j]!;
      a[j] = a[e]!;
      a[e] = x;
      e += +(x <= t);
    }
    if (k < e) return;
    left = e;
  }
  for (let i = left + 1; i <= right; i++) {
    const x = a[i]!;
    let j = i;
    for (; j > left && a[j - 1]! > x; j--) a[j] = a[j - 1]!;
    a[j] = x;
  }
}

/**
 * A pivot for rank k of `a[left..right]`: among `count` values evenly spaced inside the range (not at
 * its ends, which an earlier selection leaves holding the range's extremes), the one at k's relative
 * rank. For a k near an end that is the nearest candidate, whose expected rank lies just beyond k.
 */
function pivotNear(a: Float64Array, k: number, left: number, right: number): number {
  const n = right - left + 1;
  const count = n < 64 ? 3 : n < 256 ? SAMPLE_MID : SAMPLE_LARGE;
  const step = n / (count + 1);
  for (let m = 0; m < count; m++) {
    const x = a[left + Math.floor((m + 1) * step)]!;
    let j = m;
    for (; j > 0 && candidates[j - 1]! > x; j--) candidates[j] = candidates[j - 1]!;
    candidates[j] = x;
  }
  return candidates[Math.min(count - 1, Math.floor(((k - left) / n) * count))]!;
}

/** Smallest value of `a[from..to)`; callers make sure the range is not empty. */
export function minimumOf(a: Float64Array, from: number, to: number): number {
  let min = a[from]!;
  for (let i = from + 1; i < to; i++) if (a[i]! < min) min = a[i]!;
  return min;
}

/**
 * Median of `a[0..count)` (finite values), reordering them. Even counts average the two middle values,
 * as simple-statistics and d3 do.
 */
export function medianInPlace(a: Float64Array, count: number): number {
  const k = (count - 1) >>> 1;
  selectInPlace(a, k, 0, count - 1);
  return count % 2 === 1 ? a[k]! : (a[k]! + minimumOf(a, k + 1, count)) / 2;
}
