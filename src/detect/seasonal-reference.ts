import type { Scratch } from './_finite.js';
import { SLOT_DEVIATIONS_OF_SORT, SLOT_SORT } from './_slots.js';
import { computeCentre, withEdges } from './baseline.js';
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
  let first = 0;
  while (first < n && Number.isNaN(reference[first]!)) first++;
  if (windowEnd - Math.max(first, windowStart) < SEASONAL_MIN_COVERAGE * (windowEnd - windowStart)) return undefined;
  out.fill(Number.NaN, 0, first);
  // Yesterday's level at each instant, smoothed over ±1 min: its 15 s noise predicts nothing about
  // today's, and without it the residuals would carry both days' noise.
  const read = scratch.get(SLOT_REFERENCE, n).subarray(first, n);
  applyReading(reference.subarray(first), inputs.reading, 0, read, inputs.offset);
  const smooth = out.subarray(first, n);
  rollingMedian(read, Math.max(1, Math.round(SEASONAL_SMOOTHING_SECONDS / inputs.stepSeconds)) | 1, smooth);
  for (let i = first; i < n; i++) out[i] = values[i]! - out[i]!;
  let covered = 0;
  for (let i = windowStart; i < windowEnd; i++) if (out[i]! - out[i]! === 0) covered++;
  if (covered < SEASONAL_MIN_COVERAGE * (windowEnd - windowStart)) return undefined;
  const minPairs = Math.max(MIN_BASELINE_SAMPLES, Math.ceil(SEASONAL_MIN_SECONDS / inputs.stepSeconds));
  const buffers = [scratch.get(SLOT_SORT, lookbackEnd), scratch.get(SLOT_DEVIATIONS_OF_SORT, lookbackEnd)] as const;
  if (lookbackEnd <= first) return undefined;
  // A glance at a quarter of the pairs rejects a reference that clearly predicts worse than the bar.
  const glance = computeCentre(out, first, lookbackEnd, minPairs, buffers, SEASONAL_GLANCE_SAMPLES);
  if (glance === undefined || glance.spread > SEASONAL_GLANCE_MARGIN * maxSpread) return undefined;
  const centre = computeCentre(out, first, lookbackEnd, minPairs, buffers);
  if (centre === undefined || centre.spread > maxSpread) return undefined;
  return { method: inputs.method, residuals: out, stats: withEdges(centre, out, first, lookbackEnd, buffers) };
}
