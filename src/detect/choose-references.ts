import type { Scratch } from './_finite.js';
import { SLOT_RESIDUAL_DAY, SLOT_RESIDUAL_TREND, SLOT_RESIDUAL_WEEK } from './_slots.js';
import type { BaselineStats } from './baseline.js';
import type { Reading } from './reading.js';
import type { Reference, ReferenceSet } from './references.js';
import { seasonalReference } from './seasonal-reference.js';
import { FULL_DAY_SECONDS, SEASONAL_GAIN, SEASONAL_GAIN_SHORT_LOOKBACK } from './thresholds.js';
import { trendReference } from './trend-reference.js';

export interface ReferenceInputs {
  /** The series on its reading's scale. */
  readonly values: Float64Array;
  /** The lookback's level over `[0, lookbackEnd)`. */
  readonly level: BaselineStats;
  readonly lookbackEnd: number;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly stepSeconds: number;
  readonly reading: Reading;
  /** Offset of the reading's log scale. */
  readonly offset: number;
  readonly dayBefore?: Float64Array | undefined;
  readonly weekBefore?: Float64Array | undefined;
}

/**
 * The baselines one series is judged against. The same time one day and one week earlier replace the
 * lookback's level when they predict the hours before the window at least 1 / {@link SEASONAL_GAIN}
 * times more tightly (a daily rhythm), or, over a lookback shorter than a day, no worse: a departure must
 * then be unexplained by each that qualifies (so yesterday's own incident cannot make today's normal
 * look like one), and the level stands in where they are missing, and where a reference departs from
 * the level itself (see maskAbnormal: with one qualifying reference, yesterday's incident would
 * otherwise set today's expectation). When only one of them qualifies over a lookback of a day or
 * more, the level joins it as a member: one earlier day is one draw, and its own quiet or busy hours
 * (within the normal range, so not masked) would make today's ordinary hour read as a drop or a
 * surge; with both, each checks the other. A shorter lookback has not seen the whole rhythm, so its
 * level cannot vouch for today's hour: the reference stands alone. (On NAB, 52 of the 70 flags reported against a seasonal reference fell outside every
 * labelled window, against 43 of 111 for all others; with the level beside a lone reference, false
 * positives fell from 95 to 51, for one artificial window lost.) Otherwise the level, joined by the
 * lookback's trend when it has one (slow burn): a departure must be beyond both.
 */
export function chooseReferences(inputs: ReferenceInputs, scratch: Scratch): ReferenceSet {
  const { values, level } = inputs;
  const n = values.length;
  const flat: Reference = { method: 'lookback', residuals: values, stats: level };
  const seasonal: Reference[] = [];
  const short = inputs.lookbackEnd * inputs.stepSeconds < FULL_DAY_SECONDS;
  const gain = short ? SEASONAL_GAIN_SHORT_LOOKBACK : SEASONAL_GAIN;
  for (const [method, reference, slot] of [
    ['day_before', inputs.dayBefore, SLOT_RESIDUAL_DAY],
    ['week_before', inputs.weekBefore, SLOT_RESIDUAL_WEEK],
  ] as const) {
    if (reference === undefined) continue;
    const found = seasonalReference({ ...inputs, reference, method }, scratch.get(slot, n).subarray(0, n), scratch, gain * level.spread);
    if (found !== undefined) seasonal.push(found);
  }
  // The whole lookback, its grace stretch included, has seen the window's hours a day earlier: the
  // command's default 24 h qualifies.
  const wholeDay = inputs.windowStart * inputs.stepSeconds >= FULL_DAY_SECONDS;
  if (seasonal.length === 1 && wholeDay) return { members: [seasonal[0]!, flat], fallback: flat };
  if (seasonal.length > 0) return { members: seasonal, fallback: flat };
  const trend = trendReference(
    { values, lookbackEnd: inputs.lookbackEnd, stepSeconds: inputs.stepSeconds, level, floorAtZero: inputs.reading.nonNegative && inputs.reading.scale === 'linear' },
    scratch.get(SLOT_RESIDUAL_TREND, n).subarray(0, n),
    scratch,
  );
  return { members: trend === undefined ? [flat] : [flat, trend], fallback: null };
}
