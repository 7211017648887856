/** Above this many values, {@link floydRivestSelect} first narrows the range around rank k on a sample. */
const SAMPLED_SELECT_MIN = 600;

/**
 * In-place selection (Floyd & Rivest, 1975, "Algorithm 489: SELECT", CACM 18(3)): afterwards `a[k]`
 * holds the value it would have if `a[left..right]` were sorted, everything before it is ≤ and
 * everything after it is ≥. A long range is first narrowed by selecting recursively within a sample
 * around where rank k must lie. Partitioning stops on equal keys, so runs of equal values stay O(n).
 * Bounds are inclusive.
 *
 * This was the detector's only selection until the branch-free quickselect of `_select.ts` took over.
 * It stays for what depends on the exact order its partitions leave: which of +0 and −0 lands at
 * rank k when both are present, and the order in which `computeCentre` sums absolute deviations (a
 * float sum depends on its order). Results must not move by an ulp.
 */
export function floydRivestSelect(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    if (right - left > SAMPLED_SELECT_MIN) {
      const n = right - left + 1;
      const i = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * Math.sign(i - n / 2);
      const newLeft = Math.max(left, Math.floor(k - (i * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - i) * s) / n + sd));
      floydRivestSelect(a, k, newLeft, newRight);
    }
    const t = a[k]!;
    let i = left;
    let j = right;
    swap(a, left, k);
    if (a[right]! > t) swap(a, right, left);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i]! < t) i++;
      while (a[j]! > t) j--;
    }
    if (a[left] === t) {
      swap(a, left, j);
    } else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
