import type { Baseline, Detection } from '../model/anomaly.js';
import { upperNormalQuantile } from './normal-quantile.js';
import { compressScore } from './score.js';
import { FLATLINE_MAX_REPEAT_SHARE, FLATLINE_MIN_SECONDS } from './thresholds.js';

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
 * skipped) of at least {@link FLATLINE_MIN_SECONDS} starting in the window, in a series that repeated a
 * value on at most {@link FLATLINE_MAX_REPEAT_SHARE} of its lookback. Its p-value treats repeats as
 * independent with the lookback's rate r (add-one): a run of R somewhere among the window's W samples
 * has probability at most W·r^R (a union bound on Feller's runs, "An Introduction to Probability
 * Theory", vol. 1, §XIII.7); the score is that p-value's normal equivalent. Appends at most one detection.
 */
export function detectFlatline(inputs: FlatlineInputs, out: Detection[]): void {
  const { raw, lookbackEnd, acceptFrom, windowEnd } = inputs;
  let pairs = 0;
  let repeats = 0;
  let previous = Number.NaN;
  for (let i = 0; i < lookbackEnd; i++) {
    const x = raw[i]!;
    if (!Number.isFinite(x)) continue;
    if (!Number.isNaN(previous)) {
      pairs++;
      if (x === previous) repeats++;
    }
    previous = x;
  }
  const minRun = Math.ceil(FLATLINE_MIN_SECONDS / inputs.stepSeconds);
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

  const rate = (repeats + 1) / (pairs + 2);
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
