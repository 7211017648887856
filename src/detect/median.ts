import { copyFinite } from './_finite.js';
import { medianInPlace } from './_select.js';

/** A slice of a series and an optional buffer to work in (reuse it across calls to allocate nothing). */
export interface RangeOptions {
  /** First index considered. @default 0 */
  readonly from?: number;
  /** One past the last index considered. @default values.length */
  readonly to?: number;
  /** Working buffer at least `to − from` long; the input is never reordered. @default a new buffer */
  readonly scratch?: Float64Array;
}

/**
 * Median of the finite values of `values[from..to)`, by selection on a copy (O(n)). NaN and ±Inf are
 * missing and skipped; with no finite value the answer is `undefined`, not an error.
 *
 * @example median(Float64Array.of(3, NaN, 1, 2)) // 2
 */
export function median(values: Float64Array, options: RangeOptions = {}): number | undefined {
  const from = options.from ?? 0;
  const to = options.to ?? values.length;
  const scratch = options.scratch ?? new Float64Array(Math.max(0, to - from));
  const count = copyFinite(values, from, to, scratch);
  return count === 0 ? undefined : medianInPlace(scratch, count);
}
