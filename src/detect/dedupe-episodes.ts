import type { Detection } from '../model/anomaly.js';

/**
 * How much a detection tells a reader, most first: a series gone, a flow fallen to zero, a resource at
 * its limit, the shape of a departure, then a series that stopped moving (where it stopped matters
 * more when it also moved: a p99 pinned at the top histogram bucket is a level shift), then noise
 * that grew.
 */
function tellingRank(d: Detection): number {
  if (d.kind === 'vanished' || d.kind === 'appeared') return 0;
  if (d.kind === 'drop') return 1;
  if (d.detector === 'saturation') return 2;
  if (d.detector === 'departure' || d.detector === 'sustained_shift') return 3;
  return d.detector === 'flatline' ? 4 : 5;
}

function overlaps(a: Detection, b: Detection, length: number): boolean {
  return a.onsetIndex < (b.endIndex ?? length) && b.onsetIndex < (a.endIndex ?? length);
}

/**
 * One anomaly per episode of one series: of detections whose spans overlap, whatever their detector
 * and direction, only the most telling is kept (see {@link tellingRank}; at equal rank the earlier
 * onset, then the stronger score), with its own evidence. Input and output in onset order.
 *
 * @example dedupeEpisodes([levelShift(100, 200), varianceChange(102, 190)], 240) // [levelShift(100, 200)]
 */
export function dedupeEpisodes(detections: readonly Detection[], length: number): Detection[] {
  const kept: Detection[] = [];
  for (const detection of detections) {
    const rival = kept.findIndex((k) => overlaps(k, detection, length));
    if (rival < 0) {
      kept.push(detection);
      continue;
    }
    const other = kept[rival]!;
    const better =
      tellingRank(detection) - tellingRank(other) || detection.onsetIndex - other.onsetIndex || other.score - detection.score;
    if (better < 0) kept[rival] = detection;
  }
  return kept.sort((a, b) => a.onsetIndex - b.onsetIndex);
}
