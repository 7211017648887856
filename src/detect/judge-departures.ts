import type { AnomalyKind, Baseline, Detection } from '../model/anomaly.js';
import { type Scratch } from './_finite.js';
import { findPeak, riseSamples } from './_peak.js';
import { SLOT_DEVIATION, SLOT_DEVIATION_OTHER, SLOT_FIT, SLOT_LADDER, SLOT_REVERSED, SLOT_SEGMENT, SLOT_SHIFT, SLOT_Z } from './_slots.js';
import { medianInPlace } from './_select.js';
import type { Direction } from './deviation.js';
import { applyHardReadings, hardDeviation, NO_HARD_READINGS, saturationDeviation, type HardReadings } from './hard-readings.js';
import { fitOnset, fitScratchLength } from './onset-fit.js';
import { bindingReference, fillEnvelope, type Reference, type ReferenceSet } from './references.js';
import { compressScore } from './score.js';
import { DEPARTURE_THRESHOLDS, findSustainedRun, runSamples, type SustainedRun } from './sustained-run.js';
import { fillShiftMeans } from './shift-mean.js';
import { holdLadder, holdScratchLength, holdWidths } from './hold-ladder.js';
import {
  DROP_FRACTION,
  END_SEARCH_BACK_SAMPLES,
  ENTRY_Z,
  EXIT_Z,
  FIT_CLIP_Z,
  ONSET_CLIP_SHARE,
  MAX_DETECTIONS,
  MAX_GAP_IN_RUN,
  MIN_RUN_SAMPLES,
  ONSET_Z,
  SEARCH_BACK_MAX_SAMPLES,
  SEARCH_PAD_SAMPLES,
  SHIFT_ENTRY_Z,
  SHIFT_EXIT_Z,
  SHIFT_MEAN_MIN_SAMPLES,
  SHIFT_MEAN_SECONDS,
  SPIKE_MAX_SECONDS,
  TREND_MIN_RISE_SECONDS,
} from './thresholds.js';

/** What judging one series against its baselines needs. */
export interface JudgeContext {
  /** The series on its reading's scale (log, arcsine, cleaned). */
  readonly values: Float64Array;
  /** The series as collected: peaks are reported in its units. */
  readonly raw: Float64Array;
  /** The baselines: a departure must be unexplained by every member. */
  readonly references: ReferenceSet;
  /** Readings against zero and a known limit, on top of the baselines. */
  readonly readings: HardReadings;
  /** The Baseline a detection cites when `reference` explains it best, read at sample `at`. */
  readonly describe: (reference: Reference, at: number) => Baseline;
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
  /** True when `values` are on a log scale (durations): the end is then placed in the series' own units. */
  readonly logScale: boolean;
  /** Where a series with no history first reported; its early departure is then `appeared`. */
  readonly appearedAt: number | null;
}

/**
 * Appends to `out` every sustained departure in `direction` whose onset is news: the deviation left
 * after the most lenient baseline (see {@link fillEnvelope}) raised by the hard readings, entry run found
 * by {@link findSustainedRun}, onset refined by {@link fitOnset}, a departure already under way before
 * the window dropped. When no sample run passes ENTRY_Z, a shift whose 5-min mean passes SHIFT_ENTRY_Z
 * (detector `sustained_shift`). At most {@link MAX_DETECTIONS} in all. `pValue` is left NaN for the
 * suite to fill.
 */
export function judgeDepartures(context: JudgeContext, direction: Direction, out: Detection[]): void {
  const { values, scratch } = context;
  const n = values.length;
  const floor = Math.max(0, context.scanFrom - 2 * SEARCH_BACK_MAX_SAMPLES);
  const deviations = scratch.get(SLOT_DEVIATION, n);
  fillEnvelope(context.references, floor, n, direction, deviations, scratch.get(SLOT_DEVIATION_OTHER, n));
  applyHardReadings(values, floor, n, direction, context.readings, deviations);
  const before = out.length;
  scan(context, direction, deviations, deviations, DEPARTURE_THRESHOLDS, floor, out);
  if (out.length > before) return;
  // Nothing sharp: look for a shift held for minutes at a level short of ENTRY_Z on most samples.
  const width = Math.max(SHIFT_MEAN_MIN_SAMPLES, Math.round(SHIFT_MEAN_SECONDS / context.stepSeconds)) | 1;
  const means = scratch.get(SLOT_SHIFT, n);
  fillShiftMeans(deviations, floor, n, width, means);
  scan(context, direction, deviations, means, SHIFT_THRESHOLDS, floor, out);
}

const SHIFT_THRESHOLDS = { entry: SHIFT_ENTRY_Z, exit: SHIFT_EXIT_Z } as const;

/** Appends the departures whose entry runs `reading` (the deviations, or their 5-min means) holds. */
function scan(
  context: JudgeContext,
  direction: Direction,
  deviations: Float64Array,
  reading: Float64Array,
  thresholds: { readonly entry: number; readonly exit: number },
  floor: number,
  out: Detection[],
): void {
  let from = context.scanFrom;
  let previousEnd = floor;
  while (out.length < MAX_DETECTIONS) {
    const run = findSustainedRun(reading, from, context.windowEnd, context.values.length, thresholds, runSamples(context.stepSeconds));
    if (run === undefined) return;
    const detection = describeDeparture(context, direction, deviations, run, previousEnd, reading === deviations ? null : reading);
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
  means: Float64Array | null,
): Detection | undefined {
  const { values, scratch } = context;
  const end = run.end ?? values.length;
  const walked = walkBack(deviations, run.entry, Math.max(floor, run.entry - SEARCH_BACK_MAX_SAMPLES));
  const pad = Math.max(SEARCH_PAD_SAMPLES, run.entry - walked);
  // Look back at least SEARCH_BACK_MAX_SAMPLES: in heavy noise the first sustained run can come
  // well after the change, and only the fit over a wide stretch finds where the level moved.
  const fitFrom = Math.max(floor, Math.min(walked - pad, run.entry - SEARCH_BACK_MAX_SAMPLES));
  const fitTo = Math.min(end, run.entry + pad + 1);
  // Against the baseline that explains the departure best; against the level when only a hard
  // reading (towards zero, a limit) made it one: a trend running off cannot place a drop's onset.
  const entryTo = Math.min(end, run.entry + runSamples(context.stepSeconds));
  const binding = hardOnly(context, direction, run.entry, entryTo)
    ? (context.references.fallback ?? context.references.members[0]!)
    : bindingReference(context.references, run.entry, entryTo, direction);
  // Fitted on the clipped robust z, not the raw values: the same change, but a big step's rate()
  // ramp and a plateau's multiplicative noise (latency) flatten out at the clip instead of dragging
  // the onset early with a fake ramp.
  const z = scratch.get(SLOT_Z, fitTo);
  const sign = direction === 'up' ? 1 : -1;
  const { median, spread } = binding.stats;
  for (let i = fitFrom; i < fitTo; i++) z[i] = (sign * (binding.residuals[i]! - median)) / spread;
  const fitScratch = scratch.get(SLOT_FIT, fitScratchLength(fitTo - fitFrom));
  const first = fitOnset(z, fitFrom, run.entry, fitTo, fitScratch, FIT_CLIP_Z);
  // A big departure (p99 0.5 s → 9 s) dwarfs a noise bump just before it (0.5 → 0.8 s), but at the
  // FIT_CLIP_Z clip both read as "far off" and the onset lands on the bump. Fitted again with the
  // clip at a share of the departure's own typical level, the bump is small next to the jump, while
  // plateau noise above that share is still cut.
  const typicalFirst = first === undefined ? Number.NaN : departedMedian(deviations, deviations, first.onset, end, scratch.get(SLOT_SEGMENT, end - first.onset));
  const onsetClip = ONSET_CLIP_SHARE * typicalFirst;
  const second = first !== undefined && onsetClip > FIT_CLIP_Z ? fitOnset(z, fitFrom, run.entry, fitTo, fitScratch, onsetClip) : undefined;
  // Only ever later: the second pass is there to keep a bump from claiming the onset. On a jump that
  // then ramps up, the wider clip shows the ramp and would extrapolate it back before the jump.
  const fit = second !== undefined && first !== undefined && second.onset > first.onset ? second : first;
  // The level just before the change point is itself far off: under way before, not news.
  if (fit !== undefined && medianBefore(deviations, fitFrom, fit.onset, scratch) > (means === null ? ENTRY_Z : SHIFT_ENTRY_Z)) return undefined;
  const onset = fit?.onset ?? walked;
  if (onset < context.acceptFrom || onset >= context.windowEnd) return undefined;

  const segment = scratch.get(SLOT_SEGMENT, end - onset);
  const typicalDeviation = departedMedian(deviations, deviations, onset, end, segment);
  const peak = findPeak(deviations, onset, end);
  const endIndex = run.end === null ? null : refineEnd(context, binding, direction, onset, run.end, typicalDeviation);
  const hard = context.readings;
  const saturates = hard.saturation !== null && hard.saturation.direction === direction;
  const typicalValue = saturates || (direction === 'down' && hard.dropLow > 0) ? departedMedian(values, deviations, onset, end, segment) : Number.NaN;
  const kind = classify(context, direction, onset, endIndex, typicalValue, riseSamples(deviations, onset, end, typicalDeviation));
  if (kind === 'trend' && !context.allowTrend) return undefined;
  const widths = holdWidths(context.stepSeconds);
  const ladder = new Float64Array(widths.length + 1);
  holdLadder(deviations, onset, end, widths, scratch.get(SLOT_LADDER, holdScratchLength(end - onset)), ladder, runSamples(context.stepSeconds));
  const statistics = Array.from(ladder, (held) => (Number.isNaN(held) ? held : compressScore(Math.max(0, held))));
  const saturated = saturates && saturationDeviation(typicalValue, hard.saturation!) >= ENTRY_Z;
  return {
    kind,
    direction,
    onsetIndex: onset,
    endIndex,
    peakIndex: peak,
    peakValue: context.raw[peak]!,
    baseline: context.describe(binding, peak),
    score: compressScore(Math.max(0, typicalDeviation)),
    detector: saturated ? 'saturation' : means === null ? 'departure' : 'sustained_shift',
    statistic: statistics[0]!,
    statistics,
    pValue: Number.NaN,
  };
}

/** True when the hard readings, not the baselines, carry the departure over `[from, to)`. */
function hardOnly(context: JudgeContext, direction: Direction, from: number, to: number): boolean {
  if (context.readings === NO_HARD_READINGS) return false;
  let hard = 0;
  let finite = 0;
  for (let i = from; i < to; i++) {
    const x = context.values[i]!;
    if (Number.isNaN(x)) continue;
    finite++;
    if (hardDeviation(x, direction, context.readings) > ENTRY_Z) hard++;
  }
  return finite > 0 && 2 * hard > finite;
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
  if (direction === 'down' && context.readings.dropLow > 0 && typical <= DROP_FRACTION * context.readings.dropLow) return 'drop';
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
function refineEnd(context: JudgeContext, binding: Reference, direction: Direction, onset: number, exit: number, typicalDeviation: number): number {
  const { values, scratch } = context;
  const { residuals, stats } = binding;
  const from = Math.max(onset + 1, exit - END_SEARCH_BACK_SAMPLES);
  const to = Math.min(values.length, exit + SEARCH_PAD_SAMPLES);
  const length = to - from;
  const reversed = scratch.get(SLOT_REVERSED, length);
  const sign = direction === 'up' ? 1 : -1;
  // On a log scale the return is fitted in the series' own units (relative to the baseline): a
  // latency quantile falls back through its buckets, and on the log scale the first, largest part of
  // that fall looks small, which would put the end late.
  const linear = context.logScale;
  const unit = linear ? Math.expm1(stats.spread) : 1;
  const z = (r: number): number => (linear ? Math.expm1(sign * (r - stats.median)) / unit : (sign * (r - stats.median)) / stats.spread);
  for (let j = 0; j < length; j++) reversed[j] = z(residuals[to - 1 - j]!);
  // In reversed time the calm samples after the exit come first and the departure "starts" at the
  // last departed sample, exit − 1.
  // Clipped at the anomaly's own typical level, not at FIT_CLIP_Z: a big departure's return through
  // rate() is a ramp of samples all far beyond FIT_CLIP_Z spreads, which that clip would flatten
  // into plateau. Noise above the typical level is still cut.
  const typical = linear ? Math.expm1(typicalDeviation * stats.spread) / unit : typicalDeviation;
  const clip = Math.max(FIT_CLIP_Z, typical);
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

/** Median deviation of the finite samples just before `onset` (at most {@link SEARCH_PAD_SAMPLES}, not before `from`); NaN when none. */
function medianBefore(deviations: Float64Array, from: number, onset: number, scratch: Scratch): number {
  const start = Math.max(from, onset - SEARCH_PAD_SAMPLES);
  const buffer = scratch.get(SLOT_SEGMENT, onset - start);
  let count = 0;
  for (let i = start; i < onset; i++) if (!Number.isNaN(deviations[i]!)) buffer[count++] = deviations[i]!;
  return count === 0 ? Number.NaN : medianInPlace(buffer, count);
}

/**
 * Median of `values` over the samples of `[from, to)` still departed beyond {@link EXIT_Z}: the typical
 * level of the anomaly, unmoved by its ramp-in and recovery (of the deviations themselves when
 * `values` is `deviations`).
 */
function departedMedian(values: Float64Array, deviations: Float64Array, from: number, to: number, scratch: Float64Array): number {
  let count = 0;
  for (let i = from; i < to; i++) if (deviations[i]! > EXIT_Z) scratch[count++] = values[i]!;
  return medianInPlace(scratch, count);
}
