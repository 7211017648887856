import type { Detection } from '../model/anomaly.js';
import { MERGE_GAP_SECONDS, SPIKE_MAX_SECONDS } from './thresholds.js';

/**
 * Joins departures of one series in one direction that are separated by less than
 * {@link MERGE_GAP_SECONDS}: a level hovering around the exit threshold (iowait on a struggling
 * database) otherwise reads as four anomalies where a person sees one episode. The merged episode
 * keeps the first onset and kind, the last end, the larger peak, score and statistic, the smaller
 * p-value. Only detections of one detector merge; `vanished`/`appeared`/`flatline` are left alone. Input in onset order; output in onset order.
 *
 * @example mergeEpisodes([a(10, 20), a(22, 30)], 15) // one detection from 10 to 30
 */
export function mergeEpisodes(detections: readonly Detection[], stepSeconds: number): Detection[] {
  const maxGap = MERGE_GAP_SECONDS / stepSeconds;
  const out: Detection[] = [];
  const lastOpen: Partial<Record<'up' | 'down', number>> = {};
  for (const detection of detections) {
    const index = lastOpen[detection.direction];
    const previous = index === undefined ? undefined : out[index];
    const mergeable = (d: Detection) => d.kind !== 'vanished' && d.kind !== 'appeared' && d.kind !== 'flatline';
    if (
      previous !== undefined &&
      previous.endIndex !== null &&
      mergeable(previous) &&
      mergeable(detection) &&
      previous.detector === detection.detector &&
      detection.onsetIndex - previous.endIndex < maxGap
    ) {
      const biggerPeak =
        Math.abs(detection.peakValue - detection.baseline.value) > Math.abs(previous.peakValue - previous.baseline.value) ? detection : previous;
      const endIndex = detection.endIndex;
      const longerThanSpike = endIndex === null || (endIndex - previous.onsetIndex) * stepSeconds > SPIKE_MAX_SECONDS;
      out[index as number] = {
        ...previous,
        kind: previous.kind === 'spike' && longerThanSpike ? 'level_shift' : previous.kind,
        endIndex,
        peakIndex: biggerPeak.peakIndex,
        peakValue: biggerPeak.peakValue,
        score: Math.max(previous.score, detection.score),
        statistic: Math.max(previous.statistic, detection.statistic),
        ...mergedStatistics(previous, detection),
        pValue: Math.min(previous.pValue, detection.pValue),
      };
      continue;
    }
    lastOpen[detection.direction] = out.length;
    out.push(detection);
  }
  return out;
}

/** Rung by rung the larger of two evidence ladders (a rung one lacks, as NaN, takes the other's). */
function mergedStatistics(a: Detection, b: Detection): { statistics?: readonly number[] } {
  if (a.statistics === undefined || b.statistics === undefined) return {};
  const statistics = a.statistics.map((x, k) => {
    const y = b.statistics![k] ?? Number.NaN;
    return Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.max(x, y);
  });
  return { statistics };
}
