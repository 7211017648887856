import type { Baseline, Detection } from '../model/anomaly.js';
import type { Scratch } from './_finite.js';
import { SLOT_DEVIATIONS_OF_SORT, SLOT_SORT } from './_slots.js';
import { type BaselineStats, computeBaseline } from './baseline.js';
import { allZero, burstEvents, type CalmSample, calmBlockMaxima, firstEventFloor, firstEventProbability, ladderOf } from './calm-sample.js';
import { chooseBaseline } from './choose-baseline.js';
import { chooseReferences } from './choose-references.js';
import { dedupeEpisodes } from './dedupe-episodes.js';
import type { DetectOptions, DetectResult } from './detect-series.js';
import type { Direction } from './deviation.js';
import { detectFlatline } from './flatline.js';
import { NO_HARD_READINGS, type HardReadings } from './hard-readings.js';
import { judgeDepartures } from './judge-departures.js';
import { mergeEpisodes } from './merge-episodes.js';
import { findVanishing, vanishedDetection } from './presence.js';
import { fromScale, spreadFromScale, type Reading } from './reading.js';
import { expectedAt, type Reference, type ReferenceSet } from './references.js';
import { winsorizedRms } from './robust-spread.js';
import { ladderPValue, pooledTailScale, topSpacings, windowPValue } from './tail-probability.js';
import { MAX_DETECTIONS, PRESENCE_P_VALUE, SPIKE_MAX_SECONDS } from './thresholds.js';
import { detectVarianceChange } from './variance-change.js';

/** One series made ready for judging by `detectSeries`. */
export interface SeriesInputs {
  readonly raw: Float64Array;
  /** `raw` on its reading's scale, missing samples NaN. */
  readonly values: Float64Array;
  readonly reading: Reading;
  readonly offset: number;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly acceptFrom: number;
  readonly options: DetectOptions;
}

/**
 * The suite over one series: picks its baselines, runs each detector, gives each detection the p-value
 * of the series' own calm sample, and keeps one detection per episode.
 */
export function judgeSeries(inputs: SeriesInputs, scratch: Scratch): DetectResult {
  const { raw, values, reading, offset, windowStart, windowEnd, acceptFrom, options } = inputs;
  const n = values.length;
  const choice = chooseBaseline(values, { windowStart, windowEnd, acceptFrom }, scratch);
  const detections: Detection[] = [];
  let level: Reference | undefined;
  let calm: CalmSample | undefined;
  if (choice.method !== 'none') {
    const lookback = choice.method === 'lookback';
    const stats = lookback && reading.scale === 'arcsine' ? withProportionSpread(values, choice.lookbackEnd, choice.stats) : choice.stats;
    level = { method: choice.method, residuals: values, stats };
    const references: ReferenceSet = lookback
      ? chooseReferences({ values, level: stats, lookbackEnd: choice.lookbackEnd, windowStart, windowEnd, stepSeconds: options.stepSeconds, reading, offset, dayBefore: options.dayBefore, weekBefore: options.weekBefore }, scratch)
      : { members: [level], fallback: null };
    const readings = hardReadings(stats, reading, choice.method !== 'absent');
    const describe = (reference: Reference, at: number): Baseline => describeReference(reference, values, at, stats, reading, offset);
    const absent = choice.method === 'absent';
    const directions: Direction[] = [];
    // Appearing from nothing is a rise: news for 'up' and 'both' signals only.
    if (options.badDirection !== 'down') directions.push('up');
    if (options.badDirection !== 'up' && !absent) directions.push('down');
    const context = {
      values,
      raw,
      references,
      readings,
      describe,
      scanFrom: absent ? choice.appearedAt : choice.method === 'window' ? 0 : acceptFrom,
      acceptFrom,
      windowEnd,
      stepSeconds: options.stepSeconds,
      scratch,
      // Without history a slow ramp may just be the daily rhythm.
      allowTrend: choice.method !== 'window',
      logScale: reading.scale === 'log',
      appearedAt: absent ? choice.appearedAt : null,
    };
    for (const direction of directions) judgeDepartures(context, direction, detections);
    if (lookback) {
      const lookbackEnd = choice.lookbackEnd;
      const baseline = describe(level, acceptFrom);
      const common = { raw, lookbackEnd, acceptFrom, windowEnd, stepSeconds: options.stepSeconds, baseline };
      // A departure holding most of the window already tells it (a variance change beside it would be
      // deduplicated away): skip the search.
      const held = detections.some((d) => (d.endIndex ?? n) - d.onsetIndex >= (windowEnd - acceptFrom) / 2);
      const variance = held ? { calm: null, blockSamples: 0 } : detectVarianceChange({ ...common, values }, scratch, detections);
      detectFlatline(common, detections);
      const primary = references.members[0]!;
      const windowSamples = windowEnd - acceptFrom;
      const blocks = calmBlockMaxima({ values, reference: primary, readings, lookbackEnd, windowSamples, stepSeconds: options.stepSeconds, directions }, scratch);
      const firstEvent = stats.low === stats.high ? firstEventProbability(stats.samples, windowSamples) : 0;
      // Counted events (deadlocks, OOM kills, restarts per second) with none in the lookback: a burst
      // is judged by how many it held, not as one first event (see firstEventFloor).
      const counted = firstEvent > 0 && options.traits?.unit === 'per_second' && allZero(raw, lookbackEnd);
      calm = {
        up: blocks.up,
        down: blocks.down,
        variance: variance.calm,
        blockSamples: blocks.blockSamples,
        varianceBlockSamples: variance.blockSamples,
        firstEvent,
        firstEventSamples: Math.floor(SPIKE_MAX_SECONDS / options.stepSeconds),
        windowShare: counted ? windowSamples / (stats.samples + windowSamples) : null,
      };
    }
  }

  const vanishing = findVanishing(values, { acceptFrom, windowEnd, stepSeconds: options.stepSeconds });
  if (vanishing !== undefined) {
    const buffers = [scratch.get(SLOT_SORT, n), scratch.get(SLOT_DEVIATIONS_OF_SORT, n)] as const;
    const own = level ?? { method: 'window', residuals: values, stats: computeBaseline(values, 0, vanishing.goneAt, 1, buffers)! };
    detections.push(vanishedDetection(raw, vanishing, describeReference(own, values, vanishing.lastSeen, own.stats, reading, offset)));
  }
  const windowSamples = windowEnd - acceptFrom;
  const counted = calm?.windowShare !== undefined && calm.windowShare !== null;
  const withP = detections.map((d) => {
    const events = counted && d.endIndex !== null ? burstEvents(raw, d.onsetIndex, d.endIndex, options.stepSeconds) : undefined;
    const withEvents = events === undefined ? d : { ...d, events };
    return { ...withEvents, pValue: pValueOf(withEvents, calm, windowSamples) };
  });
  withP.sort(byOnset);
  const episodes = dedupeEpisodes(mergeEpisodes(withP, options.stepSeconds), n).slice(0, MAX_DETECTIONS);
  const unjudged = choice.method === 'none' && episodes.length === 0 ? choice.reason : null;
  return calm === undefined ? { detections: episodes, unjudged, windowSamples } : { detections: episodes, unjudged, calm, windowSamples };
}

/** The p-value of a detection from the series' own calm sample (the default tail without one). */
function pValueOf(d: Detection, calm: CalmSample | undefined, windowSamples: number): number {
  if (d.detector === 'presence') return PRESENCE_P_VALUE;
  if (d.detector === 'flatline') return d.pValue;
  if (d.detector === 'variance_change') {
    const draws = calm?.variance ?? null;
    return windowPValue(d.statistic, draws, ownScale(draws), windowSamples, calm?.varianceBlockSamples ?? windowSamples);
  }
  const drawsOf = (rung: number) => calm?.[d.direction][rung] ?? null;
  const p = ladderPValue(ladderOf(d), drawsOf, (rung) => ownScale(drawsOf(rung)), windowSamples, calm?.blockSamples ?? windowSamples);
  return Math.max(p, firstEventFloor(d, calm));
}

/** The tail scale from one series' own calm sample, shrunk towards the default (see pooledTailScale). */
function ownScale(draws: Float64Array | null): number {
  return pooledTailScale(topSpacings(draws));
}

/**
 * The spread of a proportion is at least its binomial noise, which its MAD misses when it is mostly 0:
 * the winsorised RMS of the lookback, and half the smallest share it ever took above 0. That share is
 * one event among the most requests a sample saw (1/N), and on the arcsine scale the binomial standard
 * deviation is 1/(2√N) ≈ asin(√(1/N)) / 2 (Anscombe, 1948). So a few stray slow requests are noise,
 * and a proportion that was never above 0 still departs with its first errors.
 */
function withProportionSpread(values: Float64Array, lookbackEnd: number, stats: BaselineStats): BaselineStats {
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < lookbackEnd; i++) {
    const y = values[i]!;
    if (y > 0 && y < smallest) smallest = y;
  }
  const binomial = Number.isFinite(smallest) ? smallest / 2 : 0;
  const spread = Math.max(stats.spread, binomial, winsorizedRms(values, 0, lookbackEnd, stats.median, stats.low, stats.high));
  return spread > stats.spread ? { ...stats, spread } : stats;
}

/** Readings against zero (a flowing series, not on a log scale) and against a limit the baseline stays clear of. */
function hardReadings(stats: BaselineStats, reading: Reading, saturable: boolean): HardReadings {
  const dropLow = reading.scale !== 'log' && stats.low > 0 ? stats.low : 0;
  const limit = reading.saturation;
  if (limit === null || !saturable) return dropLow > 0 ? { dropLow, saturation: null } : NO_HARD_READINGS;
  const up = limit.direction === 'up';
  const clear = up ? stats.high < limit.threshold : stats.low > limit.threshold;
  const baseHeadroom = up ? limit.limit - stats.median : stats.median;
  return { dropLow, saturation: clear && baseHeadroom > 0 ? { ...limit, baseHeadroom } : null };
}

/** The Baseline a detection cites: the reference's expected value at `at` and its spread, in the series' units. */
function describeReference(reference: Reference, values: Float64Array, at: number, level: BaselineStats, reading: Reading, offset: number): Baseline {
  const expected = expectedAt(reference, values, at);
  const centre = Number.isFinite(expected) ? expected : level.median;
  return {
    value: fromScale(centre, reading, offset),
    spread: spreadFromScale(centre, reference.stats.spread, reading, offset),
    method: reference.method,
    samples: reference.stats.samples,
  };
}

/** Onset order; at one onset rises before falls, then by kind, so output is deterministic. */
function byOnset(a: Detection, b: Detection): number {
  if (a.onsetIndex !== b.onsetIndex) return a.onsetIndex - b.onsetIndex;
  if (a.direction !== b.direction) return a.direction === 'up' ? -1 : 1;
  return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.detector < b.detector ? -1 : a.detector > b.detector ? 1 : 0;
}
