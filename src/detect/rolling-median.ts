import { holdsNegativeZero } from './_finite.js';

/** The sorted window of {@link rollingMedian}, shared by all calls (see there). */
let shared = new Float64Array(16);

/**
 * Centred rolling median of odd `width` over `values`, written into `out[from..to)` (`out` as long as
 * `values`; windows always reach into the whole of `values`); missing samples are skipped inside each
 * window and stay missing in the output. Removes isolated artefacts (a counter-reset spike, a bad
 * scrape) while keeping steps sharp, which a rolling mean would not (Tukey, 1977, "Exploratory Data
 * Analysis", running medians).
 * The window's finite values are kept sorted as it slides (one removal and one insertion per
 * sample, or one slide when both are finite), so O(n · width), for small widths (3–15). Allocates one
 * buffer, reused across calls, when `width` exceeds every earlier one.
 *
 * A stretch that starts past 0 (a caller that may not need the rest) builds its first window afresh.
 * That is the window sliding from 0 would hold, bit for bit, unless a −0 came before: the slide
 * removes the first value equal to the one leaving, which may be the other zero, so a zero's sign
 * there depends on the whole history. Then the window slides from 0, writing only `[from, to)`.
 *
 * @example rollingMedian(Float64Array.of(1, 1, 9, 1, 1), 3, out) // out = [1, 1, 1, 1, 1]
 */
export function rollingMedian(values: Float64Array, width: number, out: Float64Array, from = 0, to = values.length): Float64Array {
  if (!Number.isInteger(width) || width < 1 || width % 2 === 0) {
    throw new RangeError(`Cannot take a rolling median of width ${width}: it must be a positive odd integer`);
  }
  const half = (width - 1) / 2;
  const n = values.length;
  // One window buffer for every call (the detectors run synchronously): a fresh typed array per
  // reference is a backing-store allocation, and the calm fleet's thousands of series each take two.
  if (shared.length < width) shared = new Float64Array(width);
  const window = shared;
  const start = from > 0 && holdsNegativeZero(values, 0, Math.min(n, from + half)) ? 0 : from;
  let count = 0;
  // The window of sample i is [i − half, i + half]: enter i + half, leave i − half − 1. Before the
  // first step it holds [start − half − 1, start + half − 1].
  for (let j = Math.max(0, start - half - 1); j < Math.min(n, start + half); j++) count = insertSorted(window, count, values[j]!);
  for (let i = start; i < to; i++) {
    const leaving = i - half - 1 >= 0 ? values[i - half - 1]! : Number.NaN;
    const entering = i + half < n ? values[i + half]! : Number.NaN;
    // Both finite (nearly always): one slide of the sorted window instead of a removal and an
    // insertion, half the moves. This runs over every sample of every seasonal reference.
    if (leaving - leaving === 0 && entering - entering === 0) replaceSorted(window, count, leaving, entering);
    else count = insertSorted(window, removeSorted(window, count, leaving), entering);
    if (i < from) continue;
    const x = values[i]!;
    if (x - x !== 0) {
      out[i] = Number.NaN;
      continue;
    }
    const mid = count >>> 1;
    out[i] = (count & 1) === 1 ? window[mid]! : (window[mid - 1]! + window[mid]!) / 2;
  }
  return out;
}

/** Inserts `x` (when finite) into sorted `window[0..count)`; returns the new count. */
function insertSorted(window: Float64Array, count: number, x: number): number {
  if (!Number.isFinite(x)) return count;
  let k = count;
  while (k > 0 && window[k - 1]! > x) {
    window[k] = window[k - 1]!;
    k--;
  }
  window[k] = x;
  return count + 1;
}

/** Replaces one `x` of sorted `window[0..count)` by `y` (both finite), keeping it sorted. */
function replaceSorted(window: Float64Array, count: number, x: number, y: number): void {
  let k = firstIndexOf(window, count, x);
  if (y > x) {
    for (; k < count - 1 && window[k + 1]! < y; k++) window[k] = window[k + 1]!;
  } else {
    for (; k > 0 && window[k - 1]! > y; k--) window[k] = window[k - 1]!;
  }
  window[k] = y;
}

/**
 * Index of the first value equal to `x` (present) in sorted `window[0..count)`: the number of values
 * below it. A full window of nine (the seasonal smoothing and the variance detector at 15 s) counts
 * them in straight-line code: the search loop's exit is a coin flip on noise, and its per-step cost
 * was a quarter of the whole median.
 */
function firstIndexOf(window: Float64Array, count: number, x: number): number {
  if (count === 9) {
    return (
      +(window[0]! < x) + +(window[1]! < x) + +(window[2]! < x) + +(window[3]! < x) + +(window[4]! < x) +
      +(window[5]! < x) + +(window[6]! < x) + +(window[7]! < x) + +(window[8]! < x)
    );
  }
  let k = 0;
  while (k < count && window[k] !== x) k++;
  return k;
}

/** Removes one `x` (when finite) from sorted `window[0..count)`; returns the new count. */
function removeSorted(window: Float64Array, count: number, x: number): number {
  if (!Number.isFinite(x)) return count;
  let k = 0;
  while (k < count && window[k] !== x) k++;
  for (; k < count - 1; k++) window[k] = window[k + 1]!;
  return count - 1;
}
