import type { Baseline, Detection } from '../model/anomaly.js';
import { countFinite } from './_finite.js';
import { MIN_BASELINE_SAMPLES, MIN_RUN_SAMPLES, PRESENCE_P_VALUE, PRESENCE_SCORE, VANISH_MIN_SECONDS } from './thresholds.js';

/** Where a series stopped reporting. */
export interface Vanishing {
  /** First missing sample of the final gap. */
  readonly goneAt: number;
  /** Last finite sample. */
  readonly lastSeen: number;
}

/**
 * Finds a series that reported (at least {@link MIN_BASELINE_SAMPLES} finite samples), then went
 * missing from a sample in `[acceptFrom, windowEnd)` to the end of the data, for at least
 * {@link VANISH_MIN_SECONDS} (Prometheus marks a series stale after 5 min), so a failed scrape or two at
 * the end of the data is not a vanishing. `undefined` otherwise.
 *
 * @example findVanishing(values, { acceptFrom: 100, windowEnd: 200, stepSeconds: 15 })
 */
export function findVanishing(
  values: Float64Array,
  bounds: { readonly acceptFrom: number; readonly windowEnd: number; readonly stepSeconds: number },
): Vanishing | undefined {
  let lastSeen = values.length - 1;
  while (lastSeen >= 0 && !Number.isFinite(values[lastSeen]!)) lastSeen--;
  const goneAt = lastSeen + 1;
  const missingNeeded = Math.max(MIN_RUN_SAMPLES, Math.ceil(VANISH_MIN_SECONDS / bounds.stepSeconds));
  if (lastSeen < 0 || goneAt < bounds.acceptFrom || goneAt >= bounds.windowEnd) return undefined;
  if (values.length - goneAt < missingNeeded) return undefined;
  if (countFinite(values, 0, goneAt) < MIN_BASELINE_SAMPLES) return undefined;
  return { goneAt, lastSeen };
}

/** First finite sample at or after `from`, or −1. */
export function firstFiniteIndex(values: Float64Array, from: number): number {
  for (let i = from; i < values.length; i++) if (Number.isFinite(values[i]!)) return i;
  return -1;
}

/**
 * The detection for a vanished series: a fall (the signal is gone) with no end, its last value as the
 * peak, and {@link PRESENCE_SCORE} as score since there is no value to measure a departure by.
 */
export function vanishedDetection(values: Float64Array, vanishing: Vanishing, baseline: Baseline): Detection {
  return {
    kind: 'vanished',
    direction: 'down',
    onsetIndex: vanishing.goneAt,
    endIndex: null,
    peakIndex: vanishing.lastSeen,
    peakValue: values[vanishing.lastSeen]!,
    baseline,
    score: PRESENCE_SCORE,
    detector: 'presence',
    statistic: PRESENCE_SCORE,
    pValue: PRESENCE_P_VALUE,
  };
}
