import type { Detection } from '../model/anomaly.js';
import { benjaminiHochberg } from './benjamini-hochberg.js';
import { type CalmSample, firstEventFloor, ladderOf } from './calm-sample.js';
import type { DetectResult } from './detect-series.js';
import { blockTailProbability, pooledTailScale, topSpacings } from './tail-probability.js';
import { FALSE_DISCOVERY_RATE, FLEET_PATTERN_SERIES } from './thresholds.js';

/** One judged series of a run and the family it is calibrated with (its signal, e.g. `cpu_utilization`). */
export interface CalibrationInput {
  readonly family: string;
  /**
   * What the series measures (its `instance`, else its `job`): series of one source (a host's CPU
   * modes) count once towards a pattern of the fleet. @default the series itself
   */
  readonly source?: string;
  readonly result: DetectResult;
}

export interface CalibrationOptions {
  /** False discovery rate. @default FALSE_DISCOVERY_RATE */
  readonly q?: number;
}

/** The detections of one series that survive the run's false-discovery-rate control, with their pooled p-values. */
export interface Calibrated {
  readonly detections: readonly Detection[];
  /** Detections dropped as likely chance. */
  readonly dropped: number;
}

/** A family's calm sample for one test: a rung of the departure ladder in one direction, or variance. */
type Pool = string;

/** The calm draws of `calm` for `pool` (`up:0` … `down:3`, `variance`). */
function drawsOf(calm: CalmSample | undefined, pool: Pool): Float64Array | null {
  if (calm === undefined) return null;
  if (pool === 'variance') return calm.variance;
  const [direction, rung] = pool.split(':') as ['up' | 'down', string];
  return calm[direction][Number(rung)] ?? null;
}

/** Every pool `calm` has draws for. */
function poolsOf(calm: CalmSample): Pool[] {
  const pools: Pool[] = calm.variance === null ? [] : ['variance'];
  for (const direction of ['up', 'down'] as const) calm[direction].forEach((draws, rung) => draws !== null && pools.push(`${direction}:${rung}`));
  return pools;
}

/** What the series of one family (signal) showed in their own lookbacks, for one pool. */
interface FamilySample {
  /** Every calm block of every series, ascending. */
  readonly draws: Float64Array;
  /** Each source's largest calm block, ascending: how many sources reached a level. */
  readonly maxima: Float64Array;
  /** The tail scale beyond a series' own largest block (see pooledTailScale). */
  readonly scale: number;
}

function familySamples(inputs: readonly CalibrationInput[]): Map<string, FamilySample> {
  const gathered = new Map<string, { draws: Float64Array[]; spacings: number[]; maxima: Map<string, number> }>();
  for (const [index, { family, source, result }] of inputs.entries()) {
    if (result.calm === undefined) continue;
    for (const pool of poolsOf(result.calm)) {
      const draws = drawsOf(result.calm, pool);
      if (draws === null || draws.length === 0) continue;
      const key = `${family}\u0000${pool}`;
      const entry = gathered.get(key) ?? { draws: [], spacings: [], maxima: new Map<string, number>() };
      entry.draws.push(draws);
      entry.spacings.push(...topSpacings(draws));
      const from = source ?? `\u0000${index}`;
      entry.maxima.set(from, Math.max(entry.maxima.get(from) ?? Number.NEGATIVE_INFINITY, draws[draws.length - 1]!));
      gathered.set(key, entry);
    }
  }
  const samples = new Map<string, FamilySample>();
  for (const [key, { draws, spacings, maxima: bySource }] of gathered) {
    const merged = new Float64Array(draws.reduce((sum, d) => sum + d.length, 0));
    let at = 0;
    for (const d of draws) {
      merged.set(d, at);
      at += d.length;
    }
    samples.set(key, { draws: merged.sort(), maxima: Float64Array.from(bySource.values()).sort(), scale: pooledTailScale(spacings) });
  }
  return samples;
}

/** How many values of ascending `sorted` are ≥ t. */
function reaching(sorted: Float64Array, t: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < t) low = mid + 1;
    else high = mid;
  }
  return sorted.length - low;
}

/**
 * P(a calm block reaches `t`) for one pool: from the series' own blocks with the family's tail scale,
 * and from the family's blocks together once FLEET_PATTERN_SERIES sources reached `t`.
 */
function blockP(t: number, own: Float64Array | null, sample: FamilySample | undefined): number {
  const p = blockTailProbability(t, own, sample?.scale ?? pooledTailScale([]));
  if (sample === undefined || reaching(sample.maxima, t) < FLEET_PATTERN_SERIES) return p;
  return Math.max(p, (reaching(sample.draws, t) + 1) / (sample.draws.length + 1));
}

/** Šidák over the window's blocks (see windowPValue). */
function overWindow(p: number, windowSamples: number, blockSamples: number): number {
  const blocks = Math.max(1, windowSamples / Math.max(1, blockSamples));
  return p >= 1 ? 1 : -Math.expm1(blocks * Math.log1p(-p));
}

/** The p-value of one detection against its series' and family's calm samples. */
function familyPValue(d: Detection, family: string, result: DetectResult, samples: Map<string, FamilySample>): number {
  const calm = result.calm;
  const windowSamples = result.windowSamples ?? 1;
  if (d.detector === 'variance_change') {
    const p = blockP(d.statistic, drawsOf(calm, 'variance'), samples.get(`${family}\u0000variance`));
    return overWindow(p, windowSamples, calm?.varianceBlockSamples ?? windowSamples);
  }
  const blockSamples = calm?.blockSamples ?? windowSamples;
  let best = 1;
  let tested = 0;
  ladderOf(d).forEach((t, rung) => {
    const pool = `${d.direction}:${rung}`;
    const own = drawsOf(calm, pool);
    const sample = samples.get(`${family}\u0000${pool}`);
    if (Number.isNaN(t) || (rung > 0 && own === null && sample === undefined)) return;
    tested++;
    best = Math.min(best, overWindow(blockP(t, own, sample), windowSamples, blockSamples));
  });
  return Math.max(Math.min(1, best * Math.max(1, tested)), firstEventFloor(d, calm));
}

/**
 * Holds a whole run to a false discovery rate instead of a fixed threshold per series. Each departure,
 * saturation and variance change is first tested against calm blocks (see `calmBlockMaxima`): the
 * series' own, with the tail beyond the largest shrinking at its family's scale (the series of the same
 * signal and direction: a fleet says how fast the chance of a larger departure falls off better than
 * one lookback's dozen blocks); and, once at least FLEET_PATTERN_SERIES series of the family reached
 * the same level in their own lookbacks (counted by source: a host's CPU modes are one), the family's blocks together: a blip many targets show now and
 * then (a scrape failing for a minute) is then common even on a target whose own lookback lacked it,
 * while one worker's nightly backup says nothing about the database host. Flatlines and presence
 * changes keep their own p-values. A short departure out of a lookback that never moved is at best as
 * rare as a first event (see `firstEventProbability`). Then Benjamini–Hochberg at `q` across every test of the run: one per
 * judged series (a series that raised nothing counts as p = 1), plus each further detection of a
 * series. Pure and deterministic. Returns one entry per input, in order.
 *
 * @example calibrate(judged.map(({ signal, result }) => ({ family: signal, result })))
 */
export function calibrate(inputs: readonly CalibrationInput[], options: CalibrationOptions = {}): Calibrated[] {
  const samples = familySamples(inputs);
  const pValues: number[] = [];
  const pooled: Detection[][] = inputs.map(({ family, result }) =>
    result.detections.map((d) => {
      return d.detector === 'flatline' || d.detector === 'presence' ? d : { ...d, pValue: familyPValue(d, family, result, samples) };
    }),
  );
  let tests = 0;
  for (const [i, { result }] of inputs.entries()) {
    if (result.unjudged !== null) continue;
    const detections = pooled[i]!;
    tests += Math.max(1, detections.length);
    for (const d of detections) pValues.push(d.pValue);
  }
  const discovered = benjaminiHochberg(pValues, options.q ?? FALSE_DISCOVERY_RATE, tests);
  let next = 0;
  return pooled.map((detections, i) => {
    if (inputs[i]!.result.unjudged !== null) return { detections, dropped: 0 };
    const kept = detections.filter(() => discovered[next++] === true);
    return { detections: kept, dropped: detections.length - kept.length };
  });
}
