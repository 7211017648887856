import type { Baseline, Detection } from '../model/anomaly.js';
import type { BadDirection } from '../model/signal.js';
import { countFinite, Scratch } from './_finite.js';
import { SLOT_DEVIATIONS_OF_SORT, SLOT_SORT } from './_slots.js';
import { type BaselineStats, computeBaseline } from './baseline.js';
import { chooseBaseline } from './choose-baseline.js';
import { judgeDepartures, type JudgeContext } from './judge-departures.js';
import { findVanishing, vanishedDetection } from './presence.js';
import { mergeEpisodes } from './merge-episodes.js';
import { MAX_DETECTIONS, MIN_RUN_SAMPLES, ONSET_GRACE_FRACTION, ONSET_GRACE_MAX_SECONDS, ONSET_GRACE_MIN_SAMPLES } from './thresholds.js';

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
}

export interface DetectResult {
  readonly detections: readonly Detection[];
  /** Why the series could not be judged, or null when it was. */
  readonly unjudged: string | null;
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
 * Finds the anomalies of one series in the outage window: sustained departures from a median/MAD
 * baseline of the lookback (spike, level_shift, trend, drop) with the onset at the change point, plus
 * series that vanished in the window or appeared in it. With `windowStart` 0 the window is judged on
 * its own against its stretch before the first significant change. NaN and ±Inf are missing samples.
 * Only anomalies whose onset lies in the window (or up to 10 % of its length before it, as the
 * operator's start is approximate) are news. Throws RangeError only for inconsistent options.
 *
 * @example detectSeries(values, { windowStart: 5760, windowEnd: 6240, badDirection: 'up', stepSeconds: 15 })
 */
export function detectSeries(values: Float64Array, options: DetectOptions): DetectResult {
  shared ??= createDetector();
  return shared.detectSeries(values, options);
}

function detect(values: Float64Array, options: DetectOptions, scratch: Scratch): DetectResult {
  checkOptions(options);
  const n = values.length;
  if (n === 0) return unjudged('no samples');
  const windowEnd = Math.min(options.windowEnd, n);
  const windowStart = Math.min(options.windowStart, windowEnd);
  if (windowStart >= windowEnd) return unjudged('no samples inside the window');
  if (countFinite(values, 0, n) === 0) return unjudged('no finite samples');
  const grace = Math.max(
    ONSET_GRACE_MIN_SAMPLES,
    Math.min(Math.floor(ONSET_GRACE_FRACTION * (windowEnd - windowStart)), Math.floor(ONSET_GRACE_MAX_SECONDS / options.stepSeconds)),
  );
  const acceptFrom = Math.max(0, windowStart - grace);

  const detections: Detection[] = [];
  const choice = chooseBaseline(values, { windowStart, windowEnd, acceptFrom }, scratch);
  let baseline: Baseline | undefined;
  if (choice.method !== 'none') {
    baseline = toBaseline(choice.stats, choice.method === 'lookback' ? 'lookback' : 'window');
    const absent = choice.method === 'absent';
    const context: JudgeContext = {
      values,
      stats: choice.stats,
      baseline,
      scanFrom: absent ? choice.appearedAt : choice.method === 'window' ? 0 : acceptFrom,
      acceptFrom,
      windowEnd,
      stepSeconds: options.stepSeconds,
      scratch,
      // Without history a slow ramp may just be the daily rhythm.
      allowTrend: choice.method !== 'window',
      appearedAt: absent ? choice.appearedAt : null,
    };
    // Appearing from nothing is a rise: news for 'up' and 'both' signals only.
    if (options.badDirection !== 'down') judgeDepartures(context, 'up', detections);
    if (options.badDirection !== 'up' && !absent) judgeDepartures(context, 'down', detections);
  }

  const vanishing = findVanishing(values, { acceptFrom, windowEnd, stepSeconds: options.stepSeconds });
  if (vanishing !== undefined) {
    const sortBuffers = [scratch.get(SLOT_SORT, n), scratch.get(SLOT_DEVIATIONS_OF_SORT, n)] as const;
    detections.push(vanishedDetection(values, vanishing, baseline ?? toBaseline(computeBaseline(values, 0, vanishing.goneAt, 1, sortBuffers)!, 'window')));
  }
  detections.sort(byOnset);
  const episodes = mergeEpisodes(detections, options.stepSeconds);
  if (episodes.length > 0) return { detections: episodes.slice(0, MAX_DETECTIONS), unjudged: null };
  const windowSamples = countFinite(values, windowStart, windowEnd);
  if (windowSamples < MIN_RUN_SAMPLES) {
    if (windowSamples === 0) return unjudged('no finite samples in the window');
    return unjudged(`only ${windowSamples} finite sample${windowSamples === 1 ? '' : 's'} in the window`);
  }
  return { detections: [], unjudged: choice.method === 'none' ? choice.reason : null };
}

/** Onset order; at one onset rises before falls, then by kind, so output is deterministic. */
function byOnset(a: Detection, b: Detection): number {
  if (a.onsetIndex !== b.onsetIndex) return a.onsetIndex - b.onsetIndex;
  if (a.direction !== b.direction) return a.direction === 'up' ? -1 : 1;
  return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0;
}

function toBaseline(stats: BaselineStats, method: Baseline['method']): Baseline {
  return { value: stats.median, spread: stats.spread, method, samples: stats.samples };
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
