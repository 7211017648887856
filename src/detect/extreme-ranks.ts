/**
 * The k-th largest (`sign` 1) or k-th smallest (`sign` −1) finite value of `values[from..to)` (k ≥ 1),
 * by keeping the k most extreme in `buffer` in insertion order: O(n) when k is small, as it is for the
 * 1st and 99th percentiles of a block of a few hundred samples (the 5th value of 480). NaN when fewer
 * than k values are finite. `buffer` holds at least k values.
 *
 * @example extremeRank(Float64Array.of(5, 1, 9, 7, NaN), 0, 5, 2, 1, new Float64Array(2)) // 7
 */
export function extremeRank(values: Float64Array, from: number, to: number, k: number, sign: 1 | -1, buffer: Float64Array): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const x = sign * values[i]!;
    if (x - x !== 0) continue;
    // buffer[0..count) holds the most extreme values so far, most extreme first.
    if (count === k && !(x > buffer[k - 1]!)) continue;
    let j = count < k ? count++ : k - 1;
    while (j > 0 && buffer[j - 1]! < x) {
      buffer[j] = buffer[j - 1]!;
      j--;
    }
    buffer[j] = x;
  }
  return count < k ? Number.NaN : sign * buffer[k - 1]!;
}

/**
 * Both ends at once: the `kHigh`-th largest and `kLow`-th smallest finite values of `values[from..to)`
 * into `out` (NaN where fewer are finite), in one pass with the same insertion buffers as
 * {@link extremeRank}. Returns how many values were finite.
 */
export function extremeRanks(
  values: Float64Array,
  from: number,
  to: number,
  kHigh: number,
  kLow: number,
  buffers: readonly [Float64Array, Float64Array],
  out: [number, number],
): number {
  const [top, bottom] = buffers;
  let finite = 0;
  let high = 0;
  let low = 0;
  // What a value must beat to enter each buffer, kept in locals: −∞ (+∞) until the buffer is full,
  // then its k-th value. The loop otherwise reloads both from the buffers for every value, most of
  // which enter neither.
  let topEntry = kHigh > 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  let bottomEntry = kLow > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  for (let i = from; i < to; i++) {
    const x = values[i]!;
    if (x - x !== 0) continue;
    finite++;
    if (x > topEntry) {
      let j = high < kHigh ? high++ : kHigh - 1;
      while (j > 0 && top[j - 1]! < x) {
        top[j] = top[j - 1]!;
        j--;
      }
      top[j] = x;
      if (high === kHigh) topEntry = top[kHigh - 1]!;
    }
    if (x < bottomEntry) {
      let j = low < kLow ? low++ : kLow - 1;
      while (j > 0 && bottom[j - 1]! > x) {
        bottom[j] = bottom[j - 1]!;
        j--;
      }
      bottom[j] = x;
      if (low === kLow) bottomEntry = bottom[kLow - 1]!;
    }
  }
  out[0] = high < kHigh ? Number.NaN : top[kHigh - 1]!;
  out[1] = low < kLow ? Number.NaN : bottom[kLow - 1]!;
  return finite;
}
