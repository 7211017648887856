import type { Baseline, Detection } from '../model/anomaly.js';
import { upperNormalQuantile } from './normal-quantile.js';
import { compressScore } from './score.js';
import { FLATLINE_MAX_REPEAT_SHARE, FLATLINE_MIN_SECONDS, MIN_RUN_SAMPLES } from './thresholds.js';

export interface FlatlineInputs {
  /** The series as collected (an exporter stuck on its last value repeats it exactly). */
  readonly raw: Float64Array;
  readonly lookbackEnd: number;
  readonly acceptFrom: number;
  readonly windowEnd: number;
  readonly stepSeconds: number;
  readonly baseline: Baseline;
}

/**
 * Finds a normally moving series that stops moving: a run of exactly repeated values (missing samples
 * skipped) of at least {@link FLATLINE_MIN_SECONDS} and {@link MIN_RUN_SAMPLES} repeats, and longer than any run of the lookback, starting
 * in the window, in a series that repeated a value on at most {@link FLATLINE_MAX_REPEAT_SHARE} of its
 * lookback. Its p-value treats repeats as
 * independent with the lookback's rate r (add-one; the rate of repeating that very value when higher,
 * see repeatRateOf): a run of R somewhere among the window's W samples
 * has probability at most W·r^R (a union bound on Feller's runs, "An Introduction to Probability
 * Theory", vol. 1, §XIII.7); the score is that p-value's normal equivalent. Appends at most one detection.
 */
export function detectFlatline(inputs: FlatlineInputs, out: Detection[]): void {
  const { raw, lookbackEnd, acceptFrom, windowEnd } = inputs;
  let pairs = 0;
  let repeats = 0;
  // The longest run of repeats the lookback itself held: a quiet night of small counts repeats a
  // value now and then, and a run no longer than those is the series' habit, not a stuck exporter.
  let run = 0;
  let longest = 0;
  let previous = Number.NaN;
  for (let i = 0; i < lookbackEnd; i++) {
    const x = raw[i]!;
    if (!Number.isFinite(x)) continue;
    // Branch-free: this runs over every lookback sample of every series. A NaN previous (the first
    // finite sample) is no pair and no repeat.
    const pair = previous === previous ? 1 : 0;
    const same = x === previous ? 1 : 0;
    pairs += pair;
    repeats += same;
    run = same * (run + 1);
    longest = Math.max(longest, run);
    previous = x;
  }
  // At least MIN_RUN_SAMPLES repeats whatever the step: three equal 5-minute counts are chance.
  const minRun = Math.max(longest + 1, MIN_RUN_SAMPLES, Math.ceil(FLATLINE_MIN_SECONDS / inputs.stepSeconds));
  if (pairs < 2 * minRun || repeats > FLATLINE_MAX_REPEAT_SHARE * pairs) return;

  // Longest run of repeats that starts in [acceptFrom, windowEnd).
  let start = -1;
  let length = 0;
  let bestStart = -1;
  let bestLength = 0;
  let bestEnd: number | null = null;
  previous = Number.NaN;
  for (let i = Math.max(0, acceptFrom - 1); i < raw.length; i++) {
    const x = raw[i]!;
    if (!Number.isFinite(x)) continue;
    if (x === previous) {
      if (length === 0) start = i;
      length++;
    } else {
      if (length > bestLength && start < windowEnd) [bestStart, bestLength, bestEnd] = [start, length, i];
      length = 0;
      if (i >= windowEnd) break;
    }
    previous = x;
  }
  if (length > bestLength && start < windowEnd) [bestStart, bestLength, bestEnd] = [start, length, null];
  if (bestLength < minRun || bestStart < acceptFrom) return;

  const rate = Math.max((repeats + 1) / (pairs + 2), repeatRateOf(raw[bestStart]!, raw, lookbackEnd));
  const windowSamples = Math.max(1, windowEnd - acceptFrom);
  const pValue = Math.min(1, windowSamples * Math.exp(bestLength * Math.log(rate)));
  const score = compressScore(upperNormalQuantile(pValue));
  out.push({
    kind: 'flatline',
    direction: 'down',
    onsetIndex: bestStart,
    endIndex: bestEnd,
    peakIndex: bestStart,
    peakValue: raw[bestStart]!,
    baseline: inputs.baseline,
    score,
    detector: 'flatline',
    statistic: score,
    pValue,
  });
}

/**
 * How often the lookback repeated `value` once it took it (add-one), or 0 when it took it fewer than
 * MIN_RUN_SAMPLES times: a count that is mostly 0 at night repeats its 0 far more often than the
 * series repeats values on the whole, and a run of zeros is then its habit. A stuck exporter repeats a
 * value the lookback rarely or never held, and keeps the overall rate.
 */
function repeatRateOf(value: number, raw: Float64Array, lookbackEnd: number): number {
  let from = 0;
  let again = 0;
  let previous = Number.NaN;
  for (let i = 0; i < lookbackEnd; i++) {
    const x = raw[i]!;
    if (!Number.isFinite(x)) continue;
    if (previous === value) {
      from++;
      if (x === value) again++;
    }
    previous = x;
  }
  return from < MIN_RUN_SAMPLES ? 0 : (again + 1) / (from + 2);
}
