/**
 * Centred rolling median of odd `width` over `values`, written into `out` (same length); missing
 * samples are skipped inside each window and stay missing in the output. Removes isolated
 * artefacts (a counter-reset spike, a bad scrape) while keeping steps sharp, which a rolling mean
 * would not (Tukey, 1977, "Exploratory Data Analysis", running medians).
 * The window's finite values are kept sorted as it slides (one removal and one insertion per
 * sample), so O(n · width), for small widths (3–15). Allocates one buffer of `width` per call.
 *
 * @example rollingMedian(Float64Array.of(1, 1, 9, 1, 1), 3, out) // out = [1, 1, 1, 1, 1]
 */
export function rollingMedian(values: Float64Array, width: number, out: Float64Array): Float64Array {
  if (!Number.isInteger(width) || width < 1 || width % 2 === 0) {
    throw new RangeError(`Cannot take a rolling median of width ${width}: it must be a positive odd integer`);
  }
  const half = (width - 1) / 2;
  const n = values.length;
  const window = new Float64Array(width);
  let count = 0;
  // The window of sample i is [i − half, i + half]: enter i + half, leave i − half − 1.
  for (let j = 0; j < Math.min(n, half); j++) count = insertSorted(window, count, values[j]!);
  for (let i = 0; i < n; i++) {
    if (i - half - 1 >= 0) count = removeSorted(window, count, values[i - half - 1]!);
    if (i + half < n) count = insertSorted(window, count, values[i + half]!);
    if (!Number.isFinite(values[i]!)) {
      out[i] = Number.NaN;
      continue;
    }
    const mid = count >>> 1;
    out[i] = count % 2 === 1 ? window[mid]! : (window[mid - 1]! + window[mid]!) / 2;
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

/** Removes one `x` (when finite) from sorted `window[0..count)`; returns the new count. */
function removeSorted(window: Float64Array, count: number, x: number): number {
  if (!Number.isFinite(x)) return count;
  let k = 0;
  while (k < count && window[k] !== x) k++;
  for (; k < count - 1; k++) window[k] = window[k + 1]!;
  return count - 1;
}
