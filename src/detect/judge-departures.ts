import type { AnomalyKind, Baseline, Detection } from '../model/anomaly.js';
import { copyFinite, type Scratch } from './_finite.js';
import { findPeak, riseSamples } from './_peak.js';
import { SLOT_DEVIATION, SLOT_FIT, SLOT_REVERSED, SLOT_SEGMENT, SLOT_Z } from './_slots.js';
import { medianInPlace } from './_select.js';
import type { BaselineStats } from './baseline.js';
import { deviation, fillDeviations, type Direction } from './deviation.js';
import { fitOnset, fitScratchLength } from './onset-fit.js';
import { compressScore } from './score.js';
import { findSustainedRun, type SustainedRun } from './sustained-run.js';
import {
  DROP_FRACTION,
  END_SEARCH_BACK_SAMPLES,
  ENTRY_Z,
  EXIT_Z,
  FIT_CLIP_Z,
  MAX_DETECTIONS,
  MAX_GAP_IN_RUN,
  MIN_RUN_SAMPLES,
  ONSET_Z,
  SEARCH_BACK_MAX_SAMPLES,
  SEARCH_PAD_SAMPLES,
  SPIKE_MAX_SECONDS,
  TREND_MIN_RISE_SECONDS,
} from './thresholds.js';

/** What judging one series against one baseline needs. */
export interface JudgeContext {
  readonly values: Float64Array;
  readonly stats: BaselineStats;
  /** The baseline as reported with each detection. */
  readonly baseline: Baseline;
  /** First sample where a departure's entry run may start. */
  readonly scanFrom: number;
  /** Earliest onset that is news (the window start less the grace). */
  readonly acceptFrom: number;
  /** One past the last window sample: entry runs and onsets must lie before it. */
  readonly windowEnd: number;
  readonly stepSeconds: number;
  readonly scratch: Scratch;
  /** False when judging a window on its own: a slow ramp there may just be the daily rhythm. */
  readonly allowTrend: boolean;
  /** Where a series with no history first reported; its early departure is then `appeared`. */
  readonly appearedAt: number | null;
}

/**
 * Appends to `out` every sustained departure in `direction` whose onset is news: entry run found by
 * {@link findSustainedRun}, onset refined by {@link fitOnset}, a departure already under way before
 * the window dropped. At most {@link MAX_DETECTIONS} in all.
 */
export function judgeDepartures(context: JudgeContext, direction: Direction, out: Detection[]): void {
  const { values, scratch } = context;
  const n = values.length;
  const floor = Math.max(0, context.scanFrom - 2 * SEARCH_BACK_MAX_SAMPLES);
  const deviations = scratch.get(SLOT_DEVIATION, n);
  fillDeviations(values, floor, n, context.stats, direction, deviations);
  let from = context.scanFrom;
  let previousEnd = floor;
  while (out.length < MAX_DETECTIONS) {
    const run = findSustainedRun(deviations, from, context.windowEnd, n);
    if (run === undefined) return;
    const detection = describeDeparture(context, direction, deviations, run, previousEnd);
    if (detection !== undefined) out.push(detection);
    if (run.end === null) return;
    previousEnd = from = run.end;
  }
}

function describeDeparture(
  context: JudgeContext,
  direction: Direction,
  deviations: Float64Array,
  run: SustainedRun,
  floor: number,
): Detection | undefined {
  const { values, stats, scratch } = context;
  const end = run.end ?? values.length;
  const walked = walkBack(deviations, run.entry, Math.max(floor, run.entry - SEARCH_BACK_MAX_SAMPLES));
  const pad = Math.max(SEARCH_PAD_SAMPLES, run.entry - walked);
  // Look back at least SEARCH_BACK_MAX_SAMPLES: in heavy noise the first sustained run can come
  // well after the change, and only the fit over a wide stretch finds where the level moved.
  const fitFrom = Math.max(floor, Math.min(walked - pad, run.entry - SEARCH_BACK_MAX_SAMPLES));
  const fitTo = Math.min(end, run.entry + pad + 1);
  // Fitted on the clipped robust z, not the raw values: the same change, but a big step's rate()
  // ramp and a plateau's multiplicative noise (latency) flatten out at the clip instead of dragging
  // the onset early with a fake ramp.
  const z = scratch.get(SLOT_Z, fitTo);
  const sign = direction === 'up' ? 1 : -1;
  for (let i = fitFrom; i < fitTo; i++) z[i] = (sign * (values[i]! - stats.median)) / stats.spread;
  const fit = fitOnset(z, fitFrom, run.entry, fitTo, scratch.get(SLOT_FIT, fitScratchLength(fitTo - fitFrom)), FIT_CLIP_Z);
  // The level just before the change point is itself far off: under way before, not news.
  if (fit !== undefined && deviation(levelBefore(values, fitFrom, fit.onset, scratch), stats, direction) > ENTRY_Z) return undefined;
  const onset = fit?.onset ?? walked;
  if (onset < context.acceptFrom || onset >= context.windowEnd) return undefined;

  const typical = departedMedian(values, deviations, onset, end, scratch.get(SLOT_SEGMENT, end - onset));
  const typicalDeviation = deviation(typical, stats, direction);
  const peak = findPeak(deviations, onset, end);
  const endIndex = run.end === null ? null : refineEnd(context, direction, onset, run.end, typicalDeviation);
  const kind = classify(context, direction, onset, endIndex, typical, riseSamples(deviations, onset, end, typicalDeviation));
  if (kind === 'trend' && !context.allowTrend) return undefined;
  return {
    kind,
    direction,
    onsetIndex: onset,
    endIndex,
    peakIndex: peak,
    peakValue: values[peak]!,
    baseline: context.baseline,
    score: compressScore(Math.max(0, typicalDeviation)),
  };
}

function classify(
  context: JudgeContext,
  direction: Direction,
  onset: number,
  end: number | null,
  typical: number,
  rise: number,
): AnomalyKind {
  if (context.appearedAt !== null && onset - context.appearedAt <= MIN_RUN_SAMPLES) return 'appeared';
  if (direction === 'down' && context.stats.low > 0 && typical <= DROP_FRACTION * context.stats.low) return 'drop';
  if (end !== null && (end - onset) * context.stepSeconds <= SPIKE_MAX_SECONDS) return 'spike';
  if (rise * context.stepSeconds >= TREND_MIN_RISE_SECONDS) return 'trend';
  return 'level_shift';
}

/**
 * Places the end at the change point of the return, as the onset is placed at the change point of
 * the departure: the exit threshold is crossed late on a gradual return, and a `rate(x[1m])` spreads
 * a clean recovery over four samples, so the first calm run starts up to a minute after the service
 * recovered. The stretch around the exit is fitted backwards in time with {@link fitOnset}; the end
 * is the first sample that left the anomaly's level (for a clean step, the first sample back in
 * baseline). Never later than the exit threshold's answer, never at or before the onset.
 */
function refineEnd(context: JudgeContext, direction: Direction, onset: number, exit: number, typicalDeviation: number): number {
  const { values, stats, scratch } = context;
  const from = Math.max(onset + 1, exit - END_SEARCH_BACK_SAMPLES);
  const to = Math.min(values.length, exit + SEARCH_PAD_SAMPLES);
  const length = to - from;
  const reversed = scratch.get(SLOT_REVERSED, length);
  const sign = direction === 'up' ? 1 : -1;
  for (let j = 0; j < length; j++) reversed[j] = (sign * (values[to - 1 - j]! - stats.median)) / stats.spread;
  // In reversed time the calm samples after the exit come first and the departure "starts" at the
  // last departed sample, exit − 1.
  // Clipped at the anomaly's own typical level, not at FIT_CLIP_Z: a big departure's return through
  // rate() is a ramp of samples all far beyond FIT_CLIP_Z spreads, which that clip would flatten
  // into plateau. Noise above the typical level is still cut.
  const clip = Math.max(FIT_CLIP_Z, typicalDeviation);
  const fit = fitOnset(reversed, 0, to - exit, length, scratch.get(SLOT_FIT, fitScratchLength(length)), clip);
  if (fit === undefined) return exit;
  const end = to - fit.onset - fit.rampLength;
  return Math.min(exit, Math.max(onset + 1, end));
}

/**
 * Walks back from the first entry crossing over samples still departed beyond {@link ONSET_Z}
 * (tolerating single gaps): where the departure visibly began, and how wide the change-point
 * search must be.
 */
function walkBack(deviations: Float64Array, entry: number, floor: number): number {
  let onset = entry;
  let gap = 0;
  for (let i = entry - 1; i >= floor; i--) {
    const d = deviations[i]!;
    if (Number.isNaN(d)) {
      if (++gap > MAX_GAP_IN_RUN) break;
      continue;
    }
    if (!(d > ONSET_Z)) break;
    onset = i;
    gap = 0;
  }
  return onset;
}

/** Median of the finite samples just before `onset` (at most {@link SEARCH_PAD_SAMPLES}, not before `from`). */
function levelBefore(values: Float64Array, from: number, onset: number, scratch: Scratch): number {
  const start = Math.max(from, onset - SEARCH_PAD_SAMPLES);
  const buffer = scratch.get(SLOT_SEGMENT, onset - start);
  const count = copyFinite(values, start, onset, buffer);
  return count === 0 ? Number.NaN : medianInPlace(buffer, count);
}

/**
 * Median of the samples of `[from, to)` still departed beyond {@link EXIT_Z}: the typical level of
 * the anomaly, unmoved by its ramp-in and recovery.
 */
function departedMedian(values: Float64Array, deviations: Float64Array, from: number, to: number, scratch: Float64Array): number {
  let count = 0;
  for (let i = from; i < to; i++) if (deviations[i]! > EXIT_Z) scratch[count++] = values[i]!;
  return medianInPlace(scratch, count);
}
