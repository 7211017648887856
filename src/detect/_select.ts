/**
 * In-place selection (Hoare's FIND, 1961, with a median-of-three pivot): afterwards `a[k]` holds the
 * value it would have if `a[left..right]` were sorted, everything before it is ≤ and everything after
 * it is ≥. Expected O(n); Hoare partitioning keeps runs of equal values (constant baselines) O(n) too.
 * Bounds are inclusive. Values must be finite (callers copy finite samples first).
 */
export function selectInPlace(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    const mid = (left + right) >>> 1;
    // Median of three as pivot: sorted input (a baseline that only grows) stays linear.
    if (a[mid]! < a[left]!) swap(a, mid, left);
    if (a[right]! < a[left]!) swap(a, right, left);
    if (a[right]! < a[mid]!) swap(a, right, mid);
    const pivot = a[mid]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
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
