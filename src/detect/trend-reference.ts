import type { Scratch } from './_finite.js';
import { medianInPlace } from './_select.js';
import { SLOT_DEVIATIONS_OF_SORT, SLOT_PAIRS, SLOT_SMALL_A, SLOT_SMALL_B, SLOT_SORT } from './_slots.js';
import { type BaselineStats, computeBaseline } from './baseline.js';
import type { Reference } from './references.js';
import { theilSen } from './theil-sen.js';
import {
  MIN_BASELINE_SAMPLES,
  TREND_BUCKET_SECONDS,
  TREND_BUCKET_SAMPLES_USED,
  TREND_MAX_BUCKETS,
  TREND_MIN_BUCKET_SAMPLES,
  TREND_MIN_BUCKETS,
  TREND_MIN_DRIFT_SPREADS,
  TREND_MIN_TAU,
} from './thresholds.js';

/** Where the lookback ends and how to read the series around it. */
export interface TrendInputs {
  readonly values: Float64Array;
  /** One past the last lookback sample the fit may use. */
  readonly lookbackEnd: number;
  readonly stepSeconds: number;
  /** The lookback's flat baseline: a trend must move the level by more than its spread to matter. */
  readonly level: BaselineStats;
  /** Expected values below 0 are clamped to 0 (a rate or a count cannot go below). */
  readonly floorAtZero: boolean;
}

/**
 * The slow-burn baseline: a robust line through the half-hourly medians of the lookback (Theil–Sen), carried
 * into the window, when the lookback trends one way (Kendall's τ of the medians ≥ {@link TREND_MIN_TAU})
 * by more than {@link TREND_MIN_DRIFT_SPREADS} level spreads. A query growing slower by the day is then
 * judged against where its trend says it should be, and a trend that merely continues is not news.
 * Residuals go to `out`; `undefined` when the lookback does not trend.
 */
export function trendReference(inputs: TrendInputs, out: Float64Array, scratch: Scratch): Reference | undefined {
  const { values, lookbackEnd, level } = inputs;
  const buckets = Math.min(
    TREND_BUCKET_SAMPLES_USED,
  TREND_MAX_BUCKETS,
    Math.floor((lookbackEnd * inputs.stepSeconds) / TREND_BUCKET_SECONDS),
    Math.floor(lookbackEnd / TREND_MIN_BUCKET_SAMPLES),
  );
  if (buckets < TREND_MIN_BUCKETS) return undefined;
  const times = scratch.get(SLOT_SMALL_A, buckets);
  const medians = scratch.get(SLOT_SMALL_B, buckets);
  const buffer = scratch.get(SLOT_SORT, Math.ceil(lookbackEnd / buckets) + 1);
  let count = 0;
  for (let k = 0; k < buckets; k++) {
    const from = Math.floor((k * lookbackEnd) / buckets);
    const to = Math.floor(((k + 1) * lookbackEnd) / buckets);
    // Every stride-th sample: a bucket's median needs no more than TREND_BUCKET_SAMPLES_USED of them.
    const stride = Math.max(1, Math.floor((to - from) / TREND_BUCKET_SAMPLES_USED));
    let finite = 0;
    for (let i = from; i < to; i += stride) if (Number.isFinite(values[i]!)) buffer[finite++] = values[i]!;
    // A bucket mostly missing says little about the level there.
    if (2 * finite * stride < to - from) continue;
    times[count] = (from + to - 1) / 2;
    medians[count++] = medianInPlace(buffer, finite);
  }
  if (count < TREND_MIN_BUCKETS) return undefined;
  const line = theilSen(times, medians, count, scratch.get(SLOT_PAIRS, (count * (count - 1)) / 2));
  if (line === undefined || Math.abs(line.tau) < TREND_MIN_TAU) return undefined;
  if (!(Math.abs(line.slope) * lookbackEnd > TREND_MIN_DRIFT_SPREADS * level.spread)) return undefined;

  for (let i = 0; i < values.length; i++) {
    const expected = line.intercept + line.slope * i;
    out[i] = values[i]! - (inputs.floorAtZero ? Math.max(0, expected) : expected);
  }
  const buffers = [scratch.get(SLOT_SORT, lookbackEnd), scratch.get(SLOT_DEVIATIONS_OF_SORT, lookbackEnd)] as const;
  const stats = computeBaseline(out, 0, lookbackEnd, MIN_BASELINE_SAMPLES, buffers);
  return stats === undefined ? undefined : { method: 'trend', residuals: out, stats };
}
