/**
 * Centred rolling median of odd `width` over `values`, written into `out` (same length); missing
 * samples are skipped inside each window and stay missing in the output. Removes isolated
 * artefacts (a counter-reset spike, a bad scrape) while keeping steps sharp, which a rolling mean
 * would not (Tukey, 1977, "Exploratory Data Analysis", running medians).
 * O(n · width²) with insertion into a tiny window; meant for small widths (3–9).
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
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i]!)) {
      out[i] = Number.NaN;
      continue;
    }
    let count = 0;
    const last = Math.min(n - 1, i + half);
    for (let j = Math.max(0, i - half); j <= last; j++) {
      const x = values[j]!;
      if (!Number.isFinite(x)) continue;
      // Insertion keeps the window sorted.
      let k = count++;
      while (k > 0 && window[k - 1]! > x) {
        window[k] = window[k - 1]!;
        k--;
      }
      window[k] = x;
    }
    const mid = count >>> 1;
    out[i] = count % 2 === 1 ? window[mid]! : (window[mid - 1]! + window[mid]!) / 2;
  }
  return out;
}
