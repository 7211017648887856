import type { Baseline, Detection } from '../model/anomaly.js';
import type { Scratch } from './_finite.js';
import { medianInPlace } from './_select.js';
import { SLOT_DEVIATION_OTHER, SLOT_FIT, SLOT_SEGMENT, SLOT_STEPS, SLOT_STEPS_SMOOTH } from './_slots.js';
import { fitOnset, fitScratchLength } from './onset-fit.js';
import { rollingMedian } from './rolling-median.js';
import { compressScore } from './score.js';
import { findSustainedRun } from './sustained-run.js';
import {
  BASELINE_MAX_SAMPLES,
  ENTRY_Z,
  FIT_CLIP_Z,
  MIN_RUN_SAMPLES,
  SEARCH_BACK_MAX_SAMPLES,
  SEARCH_PAD_SAMPLES,
  VARIANCE_BASE_STRIDE,
  VARIANCE_MIN_SECONDS,
  VARIANCE_RATIO,
  VARIANCE_WIDTH,
} from './thresholds.js';

export interface VarianceInputs {
  /** The series on its reading's scale. */
  readonly values: Float64Array;
  readonly raw: Float64Array;
  readonly lookbackEnd: number;
  readonly acceptFrom: number;
  readonly windowEnd: number;
  readonly stepSeconds: number;
  readonly baseline: Baseline;
}

/** Deviation of a typical step `step` from the lookback's typical step `base`: ×VARIANCE_RATIO reads as ENTRY_Z. */
function stepDeviation(step: number, base: number): number {
  return (ENTRY_Z * Math.log(step / base)) / Math.log(VARIANCE_RATIO);
}

/**
 * Finds the noise growing while the level holds (a flapping backend, a retry storm): the running
 * median ({@link VARIANCE_WIDTH}) of the absolute sample-to-sample change, against its median over the
 * lookback, must pass {@link VARIANCE_RATIO} times for {@link VARIANCE_MIN_SECONDS}; the onset is the
 * change point of that reading. Differences rather than deviations from the level, so a level shift
 * alone is not a variance change (Rice, 1984, Annals of Statistics 12(4); the MAD of differences as a
 * scale: Rousseeuw & Croux, 1993). Appends at most one detection and returns, with it, the calm
 * sample: the statistic over lookback blocks of {@link VARIANCE_MIN_SECONDS}, ascending (null without a
 * detection: a series that raised none needs none, and its family's scale comes from those that did).
 */
export function detectVarianceChange(inputs: VarianceInputs, scratch: Scratch, out: Detection[]): { calm: Float64Array | null; blockSamples: number } {
  const { values, lookbackEnd, acceptFrom, windowEnd } = inputs;
  const n = values.length;
  const blockSamples = Math.max(VARIANCE_WIDTH, Math.ceil(VARIANCE_MIN_SECONDS / inputs.stepSeconds));
  const none = { calm: null, blockSamples };
  const buffer = scratch.get(SLOT_SEGMENT, n);
  // The lookback's typical step, from every VARIANCE_BASE_STRIDE-th step, or sparser so that about
  // BASELINE_MAX_SAMPLES remain (the baselines' own cap): a median needs no more.
  const stride = Math.max(VARIANCE_BASE_STRIDE, Math.ceil(lookbackEnd / BASELINE_MAX_SAMPLES));
  let count = 0;
  for (let i = 1; i < lookbackEnd; i += stride) {
    const step = Math.abs(values[i]! - values[i - 1]!);
    if (step - step === 0) buffer[count++] = step;
  }
  if (count * stride < 2 * blockSamples) return none;
  const base = medianInPlace(buffer, count);
  // A series that mostly repeats its value has no typical step: the flatline and departure detectors judge it.
  if (!(base > 0)) return none;
  const from = Math.max(1, acceptFrom - SEARCH_BACK_MAX_SAMPLES);
  const steps = scratch.get(SLOT_STEPS, n);
  fillSteps(values, from, n, steps);
  if (!mayRise(steps, from, windowEnd + VARIANCE_WIDTH, base * VARIANCE_RATIO)) return none;

  const smooth = scratch.get(SLOT_STEPS_SMOOTH, n);
  rollingMedian(steps.subarray(from, n), VARIANCE_WIDTH, smooth.subarray(from, n));
  const deviations = scratch.get(SLOT_DEVIATION_OTHER, n);
  for (let i = 0; i < from; i++) deviations[i] = Number.NaN;
  for (let i = from; i < n; i++) deviations[i] = stepDeviation(smooth[i]!, base);
  const run = findSustainedRun(deviations, acceptFrom, windowEnd, n);
  if (run === undefined) return none;
  const end = run.end ?? n;
  if (end - run.entry < blockSamples) return none;
  const fitFrom = Math.max(from, run.entry - SEARCH_BACK_MAX_SAMPLES);
  const fitTo = Math.min(end, run.entry + SEARCH_PAD_SAMPLES + 1);
  const fit = fitOnset(deviations, fitFrom, run.entry, fitTo, scratch.get(SLOT_FIT, fitScratchLength(fitTo - fitFrom)), FIT_CLIP_Z);
  const onset = Math.max(from, fit?.onset ?? run.entry);
  if (onset < acceptFrom || onset >= windowEnd) return none;
  let peak = -1;
  for (let i = onset; i < end; i++) {
    if (Number.isFinite(inputs.raw[i]!) && Number.isFinite(deviations[i]!) && (peak < 0 || deviations[i]! > deviations[peak]!)) peak = i;
  }
  if (peak < 0) return none;

  let finite = 0;
  for (let i = onset; i < end; i++) if (Number.isFinite(steps[i]!)) buffer[finite++] = steps[i]!;
  const statistic = compressScore(Math.max(0, stepDeviation(medianInPlace(buffer, finite), base)));
  out.push({
    kind: 'level_shift',
    direction: 'up',
    onsetIndex: onset,
    endIndex: run.end,
    peakIndex: peak,
    peakValue: inputs.raw[peak]!,
    baseline: inputs.baseline,
    score: statistic,
    detector: 'variance_change',
    statistic,
    pValue: Number.NaN,
  });
  fillSteps(values, 1, lookbackEnd, steps);
  return { calm: calmSteps(steps, lookbackEnd, blockSamples, base, buffer), blockSamples };
}

/** `out[i] = |values[i] − values[i − 1]|` for i in `[from, to)` (from ≥ 1); NaN where either is missing. */
function fillSteps(values: Float64Array, from: number, to: number, out: Float64Array): void {
  for (let i = from; i < to; i++) out[i] = Math.abs(values[i]! - values[i - 1]!);
}

/**
 * Whether the running median of `steps` over `[from, to)` can pass `threshold` for MIN_RUN_SAMPLES
 * samples in a row: at least half of a VARIANCE_WIDTH window must (missing samples counted as not),
 * so a sliding count screens out almost every series before the running median is taken.
 */
function mayRise(steps: Float64Array, from: number, to: number, threshold: number): boolean {
  const end = Math.min(to, steps.length);
  const half = VARIANCE_WIDTH >> 1;
  let inWindow = 0;
  let held = 0;
  for (let i = from; i < end + half; i++) {
    if (i < end && steps[i]! > threshold) inWindow++;
    const leaving = i - VARIANCE_WIDTH;
    if (leaving >= from && steps[leaving]! > threshold) inWindow--;
    held = inWindow >= half ? held + 1 : 0;
    if (held >= MIN_RUN_SAMPLES) return true;
  }
  return false;
}

/** The variance statistic over the lookback's blocks of `blockSamples` steps, ascending; null with fewer than two. */
function calmSteps(steps: Float64Array, lookbackEnd: number, blockSamples: number, base: number, buffer: Float64Array): Float64Array | null {
  const calm = new Float64Array(Math.floor(lookbackEnd / blockSamples));
  let blocks = 0;
  for (let from = 1; from + blockSamples <= lookbackEnd; from += blockSamples) {
    let finite = 0;
    for (let i = from; i < from + blockSamples; i++) if (Number.isFinite(steps[i]!)) buffer[finite++] = steps[i]!;
    if (2 * finite >= blockSamples) calm[blocks++] = compressScore(Math.max(0, stepDeviation(medianInPlace(buffer, finite), base)));
  }
  return blocks < 2 ? null : calm.subarray(0, blocks).sort();
}
