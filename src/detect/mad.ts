import { medianInPlace } from './_select.js';
import { median, type RangeOptions } from './median.js';

export interface MadOptions extends RangeOptions {
  /** Centre to measure deviations from. @default the median of the range */
  readonly center?: number;
}

/**
 * Median absolute deviation of the finite values of `values[from..to)` from their median (or from
 * `center`), unscaled: multiply by {@link MAD_TO_SIGMA} for a standard deviation of normal data.
 * Missing values are skipped; `undefined` when there is no finite value.
 * Hampel (1974), "The influence curve and its role in robust estimation", JASA 69(346).
 *
 * @example medianAbsoluteDeviation(Float64Array.of(1, 2, 3, 4, 100)) // 1
 */
export function medianAbsoluteDeviation(values: Float64Array, options: MadOptions = {}): number | undefined {
  const from = options.from ?? 0;
  const to = options.to ?? values.length;
  const scratch = options.scratch ?? new Float64Array(Math.max(0, to - from));
  const center = options.center ?? median(values, { from, to, scratch });
  if (center === undefined) return undefined;
  let count = 0;
  for (let i = from; i < to; i++) {
    const x = values[i]!;
    if (Number.isFinite(x)) scratch[count++] = Math.abs(x - center);
  }
  return count === 0 ? undefined : medianInPlace(scratch, count);
}
