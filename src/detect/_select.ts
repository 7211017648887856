/** Above this many values, {@link selectInPlace} first narrows the range around rank k on a sample. */
const SAMPLED_SELECT_MIN = 600;

/**
 * In-place selection (Floyd & Rivest, 1975, "Algorithm 489: SELECT", CACM 18(3)): afterwards `a[k]`
 * holds the value it would have if `a[left..right]` were sorted, everything before it is ≤ and
 * everything after it is ≥. A long range is first narrowed by selecting recursively within a sample
 * around where rank k must lie, so the final partitions touch little more than n + min(k, n − k)
 * values, about half of what Hoare's FIND (1961) does for a median. Partitioning stops on equal keys,
 * so runs of equal values (constant baselines) stay O(n). Bounds are inclusive. Values must be finite
 * (callers copy finite samples first).
 */
export function selectInPlace(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    if (right - left > SAMPLED_SELECT_MIN) {
      const n = right - left + 1;
      const i = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * Math.sign(i - n / 2);
      const newLeft = Math.max(left, Math.floor(k - (i * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - i) * s) / n + sd));
      selectInPlace(a, k, newLeft, newRight);
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

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
