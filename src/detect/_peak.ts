/**
 * Index of the median of samples `i − 1, i, i + 1` of `deviations` (those inside `[from, to)` and
 * finite; of two, the smaller), or −1 when sample `i` is missing. A running median of three
 * (Tukey, 1977) so one artefact sample can neither be the peak nor end a rise.
 */
export function medianOfThreeIndex(deviations: Float64Array, i: number, from: number, to: number): number {
  const d = deviations[i]!;
  if (Number.isNaN(d)) return -1;
  const before = i - 1 >= from && !Number.isNaN(deviations[i - 1]!) ? i - 1 : -1;
  const after = i + 1 < to && !Number.isNaN(deviations[i + 1]!) ? i + 1 : -1;
  if (before < 0 && after < 0) return i;
  if (before < 0 || after < 0) {
    const other = before < 0 ? after : before;
    return deviations[other]! < d ? other : i;
  }
  const b = deviations[before]!;
  const a = deviations[after]!;
  if ((b <= d && d <= a) || (a <= d && d <= b)) return i;
  if ((d <= b && b <= a) || (a <= b && b <= d)) return before;
  return after;
}

/** Sample of `[from, to)` with the largest running-median-of-three deviation: the peak of a departure; −1 if all missing. */
export function findPeak(deviations: Float64Array, from: number, to: number): number {
  let peak = -1;
  let highest = Number.NEGATIVE_INFINITY;
  for (let i = from; i < to; i++) {
    const j = medianOfThreeIndex(deviations, i, from, to);
    if (j >= 0 && deviations[j]! > highest) {
      highest = deviations[j]!;
      peak = j;
    }
  }
  return peak;
}

/** Samples from `from` until the running-median-of-three deviation first reaches `level` (the rise time). */
export function riseSamples(deviations: Float64Array, from: number, to: number, level: number): number {
  const reached = level - 1e-9 * Math.abs(level); // `level` may be the deviation of one of these samples, rounded differently
  for (let i = from; i < to; i++) {
    const j = medianOfThreeIndex(deviations, i, from, to);
    if (j >= 0 && deviations[j]! >= reached) return i - from;
  }
  return to - from;
}
