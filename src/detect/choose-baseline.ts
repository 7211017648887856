import type { Scratch } from './_finite.js';
import { countFinite } from './_finite.js';
import { SLOT_DEVIATIONS_OF_SORT, SLOT_SMOOTH, SLOT_SORT } from './_slots.js';
import { type BaselineStats, computeBaseline, computeCentre, withEdges } from './baseline.js';
import { changePoints, differenceNoise } from './change-point.js';
import { firstFiniteIndex } from './presence.js';
import { rollingMedian } from './rolling-median.js';
import { ENTRY_Z, MIN_BASELINE_SAMPLES, MIN_RUN_SAMPLES, SELF_BASELINE_FRACTION, SMOOTHING_WIDTH } from './thresholds.js';

/** What a series is judged against, and how that was decided. */
export type BaselineChoice =
  /** The lookback before the window (less the grace stretch, which may hold the onset): `[0, lookbackEnd)`. */
  | { readonly method: 'lookback'; readonly stats: BaselineStats; readonly lookbackEnd: number }
  /** No history: the series is new, absent is taken as 0; `stats.spread` is the series' own. */
  | { readonly method: 'absent'; readonly stats: BaselineStats; readonly appearedAt: number }
  /** `--lookback 0`: the window's stretch before its first dominant change. */
  | { readonly method: 'window'; readonly stats: BaselineStats }
  /** Nothing to judge against; `reason` says why when that makes the series unjudgeable. */
  | { readonly method: 'none'; readonly reason: string | null };

export interface BaselineBounds {
  readonly windowStart: number;
  readonly windowEnd: number;
  /** Earliest onset that is news (window start less the grace). */
  readonly acceptFrom: number;
}

/**
 * Picks the baseline for one series: the lookback when it holds {@link MIN_BASELINE_SAMPLES} finite
 * samples; a zero baseline for a series that has none there (or, with no lookback, appears late in
 * the window); otherwise the window judged on its own. Over a lookback, {@link chooseReferences} then
 * adds the lookback's trend, or replaces its level by the same time yesterday or last week.
 */
export function chooseBaseline(values: Float64Array, bounds: BaselineBounds, scratch: Scratch): BaselineChoice {
  const { windowStart, windowEnd, acceptFrom } = bounds;
  const buffers = [scratch.get(SLOT_SORT, values.length), scratch.get(SLOT_DEVIATIONS_OF_SORT, values.length)] as const;
  // The lookback before the grace, when it holds MIN_BASELINE_SAMPLES finite samples (computeCentre
  // counts them as it samples: no separate counting pass over a day of samples).
  const lookback = computeCentre(values, 0, acceptFrom, MIN_BASELINE_SAMPLES, buffers);
  if (lookback !== undefined) return { method: 'lookback', stats: withEdges(lookback, values, 0, acceptFrom, buffers), lookbackEnd: acceptFrom };
  // Too few before the grace: the grace too, when that makes enough.
  if (countFinite(values, 0, windowStart) >= MIN_BASELINE_SAMPLES) {
    return { method: 'lookback', stats: computeBaseline(values, 0, windowStart, MIN_BASELINE_SAMPLES, buffers)!, lookbackEnd: windowStart };
  }
  if (windowStart > 0 || firstFiniteIndex(values, 0) >= MIN_BASELINE_SAMPLES) {
    const appearedAt = firstFiniteIndex(values, acceptFrom);
    const own = appearedAt < 0 ? undefined : computeBaseline(values, appearedAt, windowEnd, MIN_RUN_SAMPLES, buffers);
    if (own === undefined) return { method: 'none', reason: null };
    const stats: BaselineStats = { median: 0, spread: own.spread, low: Number.NEGATIVE_INFINITY, high: 0, samples: own.samples };
    return { method: 'absent', stats, appearedAt };
  }
  if (countFinite(values, 0, windowEnd) < 2 * MIN_BASELINE_SAMPLES) {
    return { method: 'none', reason: 'too few samples to judge the window on its own' };
  }
  const stats = windowOnlyBaseline(values, windowEnd, scratch);
  return stats === undefined ? { method: 'none', reason: null } : { method: 'window', stats };
}

/**
 * Baseline for `--lookback 0`: the stretch before the first dominant change in the window. Changes
 * come from binary segmentation of the rolling median; one is dominant when the level right after it
 * differs from the level before it by {@link ENTRY_Z} times the spread of the two sides and at least
 * the short-term noise before it, so a wandering, autocorrelated series does not pass for an outage.
 * Each side spans at least {@link SELF_BASELINE_FRACTION} of the window. `undefined` when nothing
 * dominant changes.
 */
function windowOnlyBaseline(values: Float64Array, windowEnd: number, scratch: Scratch): BaselineStats | undefined {
  const buffers = [scratch.get(SLOT_SORT, windowEnd), scratch.get(SLOT_DEVIATIONS_OF_SORT, windowEnd)] as const;
  const smooth = rollingMedian(values, SMOOTHING_WIDTH, scratch.get(SLOT_SMOOTH, values.length));
  const noise = differenceNoise(values, 0, windowEnd, buffers[0]) ?? 0;
  const minSegment = Math.max(MIN_BASELINE_SAMPLES, Math.ceil(SELF_BASELINE_FRACTION * windowEnd));
  for (const change of changePoints(smooth, 0, windowEnd, minSegment, noise)) {
    const after = computeBaseline(values, change, Math.min(windowEnd, change + minSegment), MIN_RUN_SAMPLES, buffers);
    const before = computeBaseline(values, 0, change, MIN_BASELINE_SAMPLES, buffers);
    if (before === undefined || after === undefined) continue;
    const noiseBefore = differenceNoise(values, 0, change, buffers[0]) ?? 0;
    // Geometric mean of the two sides: a plateau's noise may grow with its level (latency), but an
    // autocorrelated wander is as noisy on both sides.
    const spread = Math.max(Math.sqrt(before.spread * after.spread), noiseBefore);
    if (Math.abs(after.median - before.median) > ENTRY_Z * spread) return { ...before, spread: Math.max(before.spread, noiseBefore) };
  }
  return undefined;
}
