import type { Scratch } from './_finite.js';
import { SLOT_DEVIATIONS_OF_SORT, SLOT_SORT } from './_slots.js';
import { type BaselineStats, computeCentre, withEdges } from './baseline.js';
import { maskAbnormal } from './normal-reference.js';
import { applyReading, type Reading } from './reading.js';
import type { Reference } from './references.js';
import { MIN_BASELINE_SAMPLES, SEASONAL_GLANCE_MARGIN, SEASONAL_GLANCE_SAMPLES, SEASONAL_MIN_COVERAGE, SEASONAL_MIN_SECONDS, SEASONAL_SMOOTHING_SECONDS } from './thresholds.js';
import { rollingMedian } from './rolling-median.js';
import { SLOT_REFERENCE } from './_slots.js';

export interface SeasonalInputs {
  /** The series on its reading's scale. */
  readonly values: Float64Array;
  /** The same series one day (week) earlier on the run's grid, in its own units; NaN where unknown. */
  readonly reference: Float64Array;
  readonly method: 'day_before' | 'week_before';
  readonly reading: Reading;
  /** Offset of the reading's log scale, so the reference is read exactly as the series. */
  readonly offset: number;
  /** One past the last sample before the window the residual statistics may use. */
  readonly lookbackEnd: number;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly stepSeconds: number;
  /**
   * The lookback's level: where the reference departs from it (yesterday's own incident) it is not a
   * prediction, and is read as missing (see maskAbnormal). @default every sample is used
   */
  readonly level?: BaselineStats;
}

/**
 * The seasonal baseline: the same time one day or one week earlier, smoothed by a running median of
 * {@link SEASONAL_SMOOTHING_SECONDS} (an odd number of samples, at least one). Residuals `value − reference` go to `out`; their median (the offset between today and then: growth, a busier weekday) and spread come
 * from the hours before the window where both are known. `undefined` when the reference covers less
 * than {@link SEASONAL_MIN_SECONDS} of them or less than {@link SEASONAL_MIN_COVERAGE} of the window.
 * A residual spread above `maxSpread` (the caller's bar, see SEASONAL_GAIN) also gives `undefined`.
 * Seasonal naive forecasting: Hyndman & Athanasopoulos, "Forecasting: Principles and Practice", §5.2.
 */
export function seasonalReference(inputs: SeasonalInputs, out: Float64Array, scratch: Scratch, maxSpread = Number.POSITIVE_INFINITY): Reference | undefined {
  const { values, reference, lookbackEnd, windowStart, windowEnd } = inputs;
  const n = values.length;
  if (reference.length !== n) return undefined;
  // The collector fetches references from shortly before the window: skip the rest.
  const first = firstNotNaN(reference);
  if (windowEnd - Math.max(first, windowStart) < SEASONAL_MIN_COVERAGE * (windowEnd - windowStart)) return undefined;
  if (lookbackEnd <= first) return undefined;
  // Yesterday's level at each instant, smoothed over ±1 min: its 15 s noise predicts nothing about
  // today's, and without it the residuals would carry both days' noise.
  const read = scratch.get(SLOT_REFERENCE, n).subarray(first, n);
  applyReading(reference.subarray(first), inputs.reading, 0, read, inputs.offset);
  if (inputs.level !== undefined) maskAbnormal(read, 0, n - first, inputs.level);
  const smooth = out.subarray(first, n);
  const width = Math.max(1, Math.round(SEASONAL_SMOOTHING_SECONDS / inputs.stepSeconds)) | 1;
  // The pairs before the window first: a reference that fails, fails on them (about one in five of
  // the calm fleet's), and the window's stretch need not be smoothed for it. Every check below must
  // pass for a reference, so their order does not change which are kept.
  rollingMedian(read, width, smooth, 0, lookbackEnd - first);
  for (let i = first; i < lookbackEnd; i++) out[i] = values[i]! - out[i]!;
  const minPairs = Math.max(MIN_BASELINE_SAMPLES, Math.ceil(SEASONAL_MIN_SECONDS / inputs.stepSeconds));
  const buffers = [scratch.get(SLOT_SORT, lookbackEnd), scratch.get(SLOT_DEVIATIONS_OF_SORT, lookbackEnd)] as const;
  // A glance at a quarter of the pairs rejects a reference that clearly predicts worse than the bar.
  const glance = computeCentre(out, first, lookbackEnd, minPairs, buffers, SEASONAL_GLANCE_SAMPLES);
  if (glance === undefined || glance.spread > SEASONAL_GLANCE_MARGIN * maxSpread) return undefined;
  const centre = computeCentre(out, first, lookbackEnd, minPairs, buffers);
  if (centre === undefined || centre.spread > maxSpread) return undefined;
  rollingMedian(read, width, smooth, lookbackEnd - first, n - first);
  for (let i = lookbackEnd; i < n; i++) out[i] = values[i]! - out[i]!;
  let covered = 0;
  for (let i = windowStart; i < windowEnd; i++) if (out[i]! - out[i]! === 0) covered++;
  if (covered < SEASONAL_MIN_COVERAGE * (windowEnd - windowStart)) return undefined;
  out.fill(Number.NaN, 0, first);
  return { method: inputs.method, residuals: out, stats: withEdges(centre, out, first, lookbackEnd, buffers) };
}

/**
 * Index of the first value of `values` that is not NaN (its length when all are). Four values per
 * step: a reference is NaN for most of the lookback (a day of samples before the collector's fetch),
 * and one comparison per loop iteration spent as much on the loop as on the test.
 */
function firstNotNaN(values: Float64Array): number {
  const n = values.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    if (values[i] === values[i] || values[i + 1] === values[i + 1] || values[i + 2] === values[i + 2] || values[i + 3] === values[i + 3]) break;
  }
  while (i < n && Number.isNaN(values[i]!)) i++;
  return i;
}
