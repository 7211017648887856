import type { Detection } from '../model/anomaly.js';
import type { BadDirection } from '../model/signal.js';
import { countFinite, Scratch } from './_finite.js';
import { SLOT_READING } from './_slots.js';
import type { CalmSample } from './calm-sample.js';
import { judgeSeries } from './judge-series.js';
import { applyReading, readingOf, type SeriesTraits } from './reading.js';
import { MIN_RUN_SAMPLES, ONSET_GRACE_FRACTION, ONSET_GRACE_MAX_SECONDS, ONSET_GRACE_MIN_SAMPLES } from './thresholds.js';

export interface DetectOptions {
  /**
   * Index of the first sample inside the outage window; `[0, windowStart)` is the lookback baseline.
   * 0 means `--lookback 0`: judge the window on its own.
   */
  readonly windowStart: number;
  /** One past the last window sample (clamped to the series length); later samples only show where an anomaly ends. */
  readonly windowEnd: number;
  /** Which departures are news: `up` reports rises, `down` falls and drops, `both` either. */
  readonly badDirection: BadDirection;
  /** Grid step, for the time-based thresholds (spike, trend, vanishing). */
  readonly stepSeconds: number;
  /**
   * The same series one day earlier on the same grid (index i holds its value at `timestamps[i] − 1 d`),
   * NaN where unknown; as long as `values`. Used as the baseline when it predicts the hours before the
   * window better than the lookback's level. @default none
   */
  readonly dayBefore?: Float64Array;
  /** The same, one week earlier. @default none */
  readonly weekBefore?: Float64Array;
  /**
   * What the series measures (category, unit, limit): shares of events are judged as proportions,
   * durations on a log scale, resources with a limit also for saturation, negative samples of
   * non-negative units are missing. @default a plain linear series
   */
  readonly traits?: SeriesTraits;
}

export interface DetectResult {
  /** At most one per episode, in onset order, each with the p-value of the series' own calm sample. */
  readonly detections: readonly Detection[];
  /** Why the series could not be judged, or null when it was. */
  readonly unjudged: string | null;
  /** The lookback's calm sample, for pooling over a signal family (see `calibrate`); absent without a lookback. */
  readonly calm?: CalmSample;
  /** Samples of the judged window (with its grace before the start): the length the p-values are for. */
  readonly windowSamples?: number;
}

/** A detector that owns its scratch buffers: reuse one across series to allocate nothing in steady state. */
export interface Detector {
  detectSeries(values: Float64Array, options: DetectOptions): DetectResult;
}

/**
 * Creates a {@link Detector}. Not re-entrant: give each concurrent user its own.
 *
 * @example const detector = createDetector(); for (const s of series) detector.detectSeries(s.values, options);
 */
export function createDetector(): Detector {
  const scratch = new Scratch();
  return { detectSeries: (values, options) => detect(values, options, scratch) };
}

let shared: Detector | undefined;

/**
 * Runs the detector suite over one series and returns its anomalies in the outage window, one per
 * episode: sustained departures from the baseline (spike, level shift, ramp, drop to zero) and
 * saturation against a known limit (`judge-departures`), a slow burn judged against the lookback's
 * trend, the same time yesterday or last week when the series has a daily rhythm (`choose-references`),
 * variance changes, flatlines, and series that vanished or appeared. NaN, ±Inf (and negative samples
 * of non-negative units) are missing. Only anomalies whose onset lies in the window (or up to 10 % of
 * its length, at most 15 min, before it: the operator's start is approximate) are news. Each detection
 * carries a p-value from the series' own lookback; `calibrate` pools them across a run and holds the
 * run to a false discovery rate. Throws RangeError only for inconsistent options.
 *
 * @example detectSeries(values, { windowStart: 5760, windowEnd: 6240, badDirection: 'up', stepSeconds: 15 })
 */
export function detectSeries(values: Float64Array, options: DetectOptions): DetectResult {
  shared ??= createDetector();
  return shared.detectSeries(values, options);
}

function detect(raw: Float64Array, options: DetectOptions, scratch: Scratch): DetectResult {
  checkOptions(options);
  const n = raw.length;
  if (n === 0) return unjudged('no samples');
  const windowEnd = Math.min(options.windowEnd, n);
  const windowStart = Math.min(options.windowStart, windowEnd);
  if (windowStart >= windowEnd) return unjudged('no samples inside the window');
  const reading = readingOf(options.traits, options.badDirection);
  const values = scratch.get(SLOT_READING, n).subarray(0, n);
  const offset = applyReading(raw, reading, windowStart, values);
  if (!hasFinite(values)) return unjudged(hasFinite(raw) ? 'no valid samples (all negative)' : 'no finite samples');
  const grace = Math.max(
    ONSET_GRACE_MIN_SAMPLES,
    Math.min(Math.floor(ONSET_GRACE_FRACTION * (windowEnd - windowStart)), Math.floor(ONSET_GRACE_MAX_SECONDS / options.stepSeconds)),
  );
  const acceptFrom = Math.max(0, windowStart - grace);
  const judged = judgeSeries({ raw, values, reading, offset, windowStart, windowEnd, acceptFrom, options }, scratch);
  if (judged.detections.length > 0) return judged;
  const windowSamples = countFinite(values, windowStart, windowEnd);
  if (windowSamples < MIN_RUN_SAMPLES) {
    if (windowSamples === 0) return unjudged('no finite samples in the window');
    return unjudged(`only ${windowSamples} finite sample${windowSamples === 1 ? '' : 's'} in the window`);
  }
  return judged;
}

/** True when some value is finite (stops at the first: most series start with one). */
function hasFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i]! - values[i]! === 0) return true;
  return false;
}

function unjudged(reason: string): DetectResult {
  return { detections: [], unjudged: reason };
}

function checkOptions({ windowStart, windowEnd, stepSeconds }: DetectOptions): void {
  if (!Number.isInteger(windowStart) || !Number.isInteger(windowEnd) || windowStart < 0 || windowEnd < windowStart) {
    throw new RangeError(`Cannot detect anomalies in window [${windowStart}, ${windowEnd}): indices must be integers with 0 ≤ start ≤ end`);
  }
  if (!(stepSeconds > 0) || !Number.isFinite(stepSeconds)) {
    throw new RangeError(`Cannot detect anomalies with step ${stepSeconds}: it must be a positive number of seconds`);
  }
}
