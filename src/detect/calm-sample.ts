import type { Detection } from '../model/anomaly.js';
import type { Scratch } from './_finite.js';
import { SLOT_LADDER, SLOT_PAIRS, SLOT_SEGMENT, SLOT_SMALL_A, SLOT_SMALL_B } from './_slots.js';
import { holdWidths, widestMeans } from './hold-ladder.js';
import type { Direction } from './deviation.js';
import { extremeRanks } from './extreme-ranks.js';
import { saturationDeviation, type HardReadings } from './hard-readings.js';
import { runSamples } from './sustained-run.js';
import type { Reference } from './references.js';
import { compressScore } from './score.js';
import {
  BASELINE_HIGH_QUANTILE,
  BASELINE_LOW_QUANTILE,
  CALM_MAX_BLOCK_SECONDS,
  CALM_MIN_BLOCK_SAMPLES,
  CALM_MIN_BLOCKS,
  DROP_FRACTION,
  ENTRY_Z,
  FIT_CLIP_Z,
  MIN_BASELINE_SAMPLES,
  RANGE_MARGIN,
} from './thresholds.js';

/** What one series' own lookback says a calm window looks like, for the calibration. */
export interface CalmSample {
  /**
   * Per rung of the evidence ladder (see `holdLadder`: the 4-sample hold, then each mean of
   * EVIDENCE_HOLD_SECONDS), the statistics of calm blocks for rising departures, ascending; empty when
   * not tested, null where the lookback is too short.
   */
  readonly up: readonly (Float64Array | null)[];
  readonly down: readonly (Float64Array | null)[];
  /** The variance detector's statistic over calm blocks of its own length, ascending. */
  readonly variance: Float64Array | null;
  /** Samples per departure block: a window of W samples is W / blockSamples chances. */
  readonly blockSamples: number;
  readonly varianceBlockSamples: number;
  /**
   * For a lookback that never moved (its normal range is one value), the chance that the window holds
   * its first event anyway (see `firstEventProbability`): the least p-value of a spike; 0 otherwise.
   */
  readonly firstEvent: number;
  /** The longest departure (in samples) `firstEvent` bounds: a spike's length. */
  readonly firstEventSamples: number;
  /**
   * For a rate of counted events (`per_second`) whose lookback held none: the window's share of the
   * time judged, W / (L + W), the chance one event lands in the window rather than the lookback. Null
   * for other series.
   */
  readonly windowShare?: number | null;
}

/** True for the detections the departure ladder tests: departures, sustained shifts, saturation. */
export function onLadder(d: Detection): boolean {
  return d.detector === 'departure' || d.detector === 'sustained_shift' || d.detector === 'saturation';
}

/** A detection's evidence ladder (its `statistics`, or its one `statistic`). */
export function ladderOf(d: Detection): readonly number[] {
  return d.statistics ?? [d.statistic];
}

/** The least p-value a detection can have from its series' calm sample: `firstEvent` for a short departure out of a quiet lookback, else 0. */
export function firstEventFloor(d: Detection, calm: CalmSample | undefined): number {
  if (calm === undefined || d.endIndex === null || d.endIndex - d.onsetIndex > calm.firstEventSamples) return 0;
  // A burst of counted events (23 deadlocks in 20 s) after none is not "one event after hours of
  // none": with a constant rate, all N events land in the window rather than the lookback with
  // probability (W / (L + W))^N, the exact conditional test of the window's rate against the lookback's.
  const events = d.events ?? 0;
  if (calm.windowShare !== undefined && calm.windowShare !== null && events > 1) return Math.min(calm.firstEvent, calm.windowShare ** events);
  return calm.firstEvent;
}

/**
 * Events a departure of a counted-event rate holds: its rate times the step, summed. `rate()` over a
 * range R spreads each event over R / step samples at 1 / R each, so the sum counts each once.
 * Rounded, as counts are whole. `from` and `to` are widened to the zeros around the departure.
 *
 * @example burstEvents(Float64Array.of(0, 0.25, 0.5, 0.25, 0), 1, 4, 4) // 4
 */
export function burstEvents(raw: Float64Array, from: number, to: number, stepSeconds: number): number {
  // The departure's onset and end sit where the rate crossed its threshold; the events in its rising
  // and falling edges belong to it too: widen to the zeros around it.
  while (from > 0 && (raw[from - 1] as number) > 0) from--;
  while (to < raw.length && (raw[to] as number) > 0) to++;
  let sum = 0;
  for (let i = from; i < to; i++) {
    const v = raw[i] as number;
    if (Number.isFinite(v) && v > 0) sum += v * stepSeconds;
  }
  return Math.round(sum);
}

/** True when every finite value of `raw[0..end)` is 0 and there is at least one: a quiet event counter. */
export function allZero(raw: Float64Array, end: number): boolean {
  let seen = false;
  for (let i = 0; i < end; i++) {
    const v = raw[i] as number;
    if (Number.isNaN(v)) continue;
    if (v !== 0) return false;
    seen = true;
  }
  return seen;
}

/**
 * The chance that a process with no event in `lookbackSamples` has at least one in `windowSamples`:
 * 1 − √(L / (L + W)), the posterior predictive of a Poisson rate under Jeffreys' prior (Gamma(½, L)
 * after zero events). One slow request, one error, one failed scrape after hours of none is that:
 * likely enough that a spike of it is no evidence, while a sustained departure still is.
 *
 * @example firstEventProbability(1440, 480) // 0.134
 */
export function firstEventProbability(lookbackSamples: number, windowSamples: number): number {
  return lookbackSamples <= 0 ? 1 : 1 - Math.sqrt(lookbackSamples / (lookbackSamples + windowSamples));
}

export interface CalmInputs {
  /** The series on its reading's scale (for the hard readings). */
  readonly values: Float64Array;
  /** The baseline the window is mainly judged against (its residuals and statistics). */
  readonly reference: Reference;
  readonly readings: HardReadings;
  /** One past the last lookback sample. */
  readonly lookbackEnd: number;
  /** Length of the window being judged: blocks are no longer. */
  readonly windowSamples: number;
  readonly stepSeconds: number;
  readonly directions: readonly Direction[];
}

/**
 * The departure statistics (the evidence ladder, see `holdLadder`) over calm stretches of the series'
 * own lookback: the lookback is cut into
 * blocks (at least {@link CALM_MIN_BLOCKS}, each at most as long as the window and {@link CALM_MAX_BLOCK_SECONDS}) and each block is judged
 * as the window is, by the sustained maximum of its deviation, against the baseline's centre and spread
 * but the normal range of the *other* blocks (the highest 99th and lowest 1st percentile among them),
 * never wider than the lookback's own range, which is what the window is judged against.
 * Leaving the block out matters: a burst in the lookback, or the last hours of a morning ramp, then
 * show up as departures, as they would if they happened in the window. The cap matters at a coarse
 * step: a 2 h block of 5-minute samples has 24, its "99th percentile" is its largest, and the highest
 * among the others is the lookback's largest burst but one, far above the edge the window faces; calm
 * blocks judged so would look calmer than the window ever could, and every burst of a bursty series
 * (tweets, travel times) would pass for rare. An empirical null in the manner
 * of block resampling (Künsch, 1989, Annals of Statistics 17(3)); `null` draws when fewer than two
 * blocks fit. Allocates only the small result arrays.
 */
export interface BlockMaxima {
  readonly up: readonly (Float64Array | null)[];
  readonly down: readonly (Float64Array | null)[];
  readonly blockSamples: number;
}

export function calmBlockMaxima(inputs: CalmInputs, scratch: Scratch): BlockMaxima {
  const { reference, lookbackEnd } = inputs;
  const residuals = reference.residuals;
  let first = 0;
  while (first < lookbackEnd && !Number.isFinite(residuals[first]!)) first++;
  const span = lookbackEnd - first;
  const longest = Math.floor(CALM_MAX_BLOCK_SECONDS / inputs.stepSeconds);
  const blockSamples = Math.max(CALM_MIN_BLOCK_SAMPLES, Math.min(inputs.windowSamples, longest, Math.floor(span / CALM_MIN_BLOCKS)));
  const blocks = Math.floor(span / blockSamples);
  const widths = holdWidths(inputs.stepSeconds);
  // The window's departures hold for runSamples of the step: the calm blocks are judged the same way.
  const hold = runSamples(inputs.stepSeconds);
  const rungs = widths.length + 1;
  const none = { up: [], down: [], blockSamples };
  if (blocks < 2) return none;

  // Each block's own normal range.
  const lows = scratch.get(SLOT_SMALL_A, blocks);
  const highs = scratch.get(SLOT_SMALL_B, blocks);
  // The nearest ranks computeBaseline takes, as the k-th most extreme value from each end of a full
  // block (a few missing samples move them by a fraction of a rank).
  const kHigh = blockSamples - Math.ceil(BASELINE_HIGH_QUANTILE * (blockSamples - 1));
  const kLow = Math.floor(BASELINE_LOW_QUANTILE * (blockSamples - 1)) + 1;
  const rankBuffers = [scratch.get(SLOT_SEGMENT, kHigh), scratch.get(SLOT_PAIRS, kLow)] as const;
  const edges: [number, number] = [0, 0];
  for (let j = 0; j < blocks; j++) {
    const from = first + j * blockSamples;
    const count = extremeRanks(residuals, from, from + blockSamples, kHigh, kLow, rankBuffers, edges);
    const enough = count >= MIN_BASELINE_SAMPLES;
    highs[j] = enough ? edges[0] : Number.NaN;
    lows[j] = enough ? edges[1] : Number.NaN;
  }
  const [highest, secondHighest, highestAt] = extremes(highs, blocks, 1);
  const [lowest, secondLowest, lowestAt] = extremes(lows, blocks, -1);
  if (!Number.isFinite(secondHighest)) return none;

  const directions = inputs.directions;
  // draws[d][rung][block], views of one buffer: a typed array of its own per rung is a backing-store
  // allocation each, eight per series.
  const store = new Float64Array(directions.length * rungs * blocks);
  const draws = directions.map((_, d) => Array.from({ length: rungs }, (_, rung) => store.subarray((d * rungs + rung) * blocks, (d * rungs + rung + 1) * blocks)));
  const blockEdges = { median: reference.stats.median, spread: reference.stats.spread, low: 0, high: 0 };
  // Prefix sums of the clipped deviations, rising then falling, and counts (see widestMeans).
  const prefix = scratch.get(SLOT_LADDER, 3 * (blockSamples + 1));
  const ladders = [new Float64Array(rungs), new Float64Array(rungs)] as const;
  let kept = 0;
  for (let j = 0; j < blocks; j++) {
    const from = first + j * blockSamples;
    if (Number.isNaN(highs[j]!)) continue;
    blockEdges.low = Math.max(j === lowestAt ? secondLowest : lowest, reference.stats.low);
    blockEdges.high = Math.min(j === highestAt ? secondHighest : highest, reference.stats.high);
    blockLadders(residuals, inputs.values, from, from + blockSamples, blockEdges, inputs.readings, prefix, ladders, hold);
    const stride = blockSamples + 1;
    widestMeans(prefix, 0, 2 * stride, blockSamples, widths, ladders[0]);
    widestMeans(prefix, stride, 2 * stride, blockSamples, widths, ladders[1]);
    directions.forEach((direction, d) => {
      const ladder = ladders[direction === 'up' ? 0 : 1];
      for (let rung = 0; rung < rungs; rung++) draws[d]![rung]![kept] = ladder[rung]!;
    });
    kept++;
  }
  if (kept < 2) return none;
  const finish = (d: number): (Float64Array | null)[] =>
    d < 0
      ? []
      : draws[d]!.map((rung) => {
          const used = rung.subarray(0, kept);
          if (used.some(Number.isNaN)) return null;
          for (let i = 0; i < kept; i++) used[i] = compressScore(Math.max(0, used[i]!));
          return used.sort();
        });
  return { up: finish(directions.indexOf('up')), down: finish(directions.indexOf('down')), blockSamples };
}

/**
 * The first rung of both evidence ladders of one calm block (see `holdLadder`), rising and falling, into
 * `ladders[0][0]` and `ladders[1][0]`, and the prefix sums the other rungs come from into `prefix` (rising
 * sums, falling sums, counts, each `to − from + 1` long): the deviation of `residuals[from..to)` from
 * `edges` with the arithmetic of `fillDeviations` (without its towards-zero reading, which the hard
 * readings of `values` hold) and `applyHardReadings`, both directions in one pass that stores only sums.
 */
function blockLadders(
  residuals: Float64Array,
  values: Float64Array,
  from: number,
  to: number,
  edges: { readonly median: number; readonly spread: number; readonly low: number; readonly high: number },
  readings: HardReadings,
  prefix: Float64Array,
  ladders: readonly [Float64Array, Float64Array],
  hold: number,
): void {
  const { median, spread, low, high } = edges;
  const range = high - low;
  const hasRange = range > 0;
  const perRange = hasRange ? ENTRY_Z / (RANGE_MARGIN * range) : 0;
  const saturation = readings.saturation;
  const hardUp = saturation !== null && saturation.direction === 'up';
  const saturatesDown = saturation !== null && saturation.direction === 'down';
  // The towards-zero reading inline (see towardsZeroDeviation): it applies to every flowing series.
  const dropLow = readings.dropLow;
  const perDrop = dropLow > 0 ? ENTRY_Z / (dropLow * (1 - DROP_FRACTION)) : 0;
  const stride = to - from + 1;
  prefix[0] = prefix[stride] = prefix[2 * stride] = 0;
  let sumUp = 0;
  let sumDown = 0;
  let count = 0;
  // The last three finite deviations each way (see sustainedMaximum), of which the hold reads the
  // newest hold − 1, and the best held so far.
  const [useA, useB, useC] = [hold > 1, hold > 2, hold > 3];
  let u1 = Number.NaN;
  let u2 = Number.NaN;
  let u3 = Number.NaN;
  let d1 = Number.NaN;
  let d2 = Number.NaN;
  let d3 = Number.NaN;
  let heldUp = Number.NEGATIVE_INFINITY;
  let heldDown = Number.NEGATIVE_INFINITY;
  for (let i = from; i < to; i++) {
    const j = i - from + 1;
    const r = residuals[i]!;
    if (r - r === 0) {
      // Branch-free where the noise makes branches unpredictable (Math.min/max are instructions).
      let up = Math.min((r - median) / spread, ENTRY_Z + (r - high) / spread);
      let down = Math.min((median - r) / spread, ENTRY_Z + (low - r) / spread);
      if (hasRange) {
        up = Math.max(up, (r - high) * perRange);
        down = Math.max(down, (low - r) * perRange);
      }
      if (dropLow > 0) down = Math.max(down, (dropLow - values[i]!) * perDrop);
      if (hardUp) up = Math.max(up, saturationDeviation(values[i]!, saturation));
      else if (saturatesDown) down = Math.max(down, saturationDeviation(values[i]!, saturation));
      sumUp += Math.max(-FIT_CLIP_Z, Math.min(FIT_CLIP_Z, up));
      sumDown += Math.max(-FIT_CLIP_Z, Math.min(FIT_CLIP_Z, down));
      count++;
      // NaN until three finite deviations came before (Math.min propagates NaN; NaN > x is false).
      const leastUp = Math.min(Math.min(up, useA ? u1 : up), Math.min(useB ? u2 : up, useC ? u3 : up));
      if (leastUp > heldUp) heldUp = leastUp;
      const leastDown = Math.min(Math.min(down, useA ? d1 : down), Math.min(useB ? d2 : down, useC ? d3 : down));
      if (leastDown > heldDown) heldDown = leastDown;
      u3 = u2;
      u2 = u1;
      u1 = up;
      d3 = d2;
      d2 = d1;
      d1 = down;
    }
    prefix[j] = sumUp;
    prefix[stride + j] = sumDown;
    prefix[2 * stride + j] = count;
  }
  ladders[0][0] = heldUp;
  ladders[1][0] = heldDown;
}

/** The most extreme finite value (largest for sign 1, smallest for −1), the runner-up, and where the first is. */
function extremes(values: Float64Array, count: number, sign: 1 | -1): [number, number, number] {
  let best = Number.NaN;
  let second = Number.NaN;
  let at = -1;
  for (let j = 0; j < count; j++) {
    const v = values[j]!;
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(best) || sign * v > sign * best) {
      second = best;
      best = v;
      at = j;
    } else if (Number.isNaN(second) || sign * v > sign * second) {
      second = v;
    }
  }
  return [best, second, at];
}
