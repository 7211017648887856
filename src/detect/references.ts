import type { BaselineMethod } from '../model/anomaly.js';
import type { BaselineStats } from './baseline.js';
import { deviation, fillDeviations, type Direction } from './deviation.js';

/**
 * One baseline a series is judged against, as residuals: `values − expected` on the reading's scale
 * (the values themselves for the lookback's flat level), with their statistics over the lookback.
 */
export interface Reference {
  readonly method: BaselineMethod;
  readonly residuals: Float64Array;
  readonly stats: BaselineStats;
}

/**
 * The baselines of one series. A departure is news only when no member explains it: its deviation is
 * the smallest over the members (the lookback's level and its trend; or yesterday and last week).
 * `fallback` stands in at samples where every member is missing (a seasonal reference with holes).
 */
export interface ReferenceSet {
  readonly members: readonly Reference[];
  readonly fallback: Reference | null;
}

/**
 * Writes into `out[from..to)` the deviation in `direction` left after the most lenient member of `set`
 * (NaN where all are missing), using `temp` for the other members. The towards-zero reading is left
 * to the hard readings (it is about the level, not a residual).
 */
export function fillEnvelope(set: ReferenceSet, from: number, to: number, direction: Direction, out: Float64Array, temp: Float64Array): void {
  const first = set.members[0];
  if (first === undefined) throw new RangeError('Cannot judge a series against no baseline');
  fillDeviations(first.residuals, from, to, first.stats, direction, out, false);
  for (let m = 1; m < set.members.length; m++) {
    const member = set.members[m]!;
    fillDeviations(member.residuals, from, to, member.stats, direction, temp, false);
    for (let i = from; i < to; i++) {
      const a = out[i]!;
      const b = temp[i]!;
      if (Number.isNaN(a) || b < a) out[i] = b;
    }
  }
  const fallback = set.fallback;
  if (fallback === null) return;
  // The fallback only stands in where every member is missing (a seasonal reference's holes): its
  // deviation is taken at those samples alone, with the same arithmetic, not over the whole range.
  for (let i = from; i < to; i++) {
    if (!Number.isNaN(out[i]!)) continue;
    fillDeviations(fallback.residuals, i, i + 1, fallback.stats, direction, temp, false);
    out[i] = temp[i]!;
  }
}

/**
 * The member that explains the departure over `[from, to)` best (smallest mean deviation over its
 * finite samples): the baseline the departure is reported against. The fallback when no member has a
 * sample there.
 */
export function bindingReference(set: ReferenceSet, from: number, to: number, direction: Direction): Reference {
  let best: Reference | undefined;
  let bestMean = Number.POSITIVE_INFINITY;
  for (const member of set.members) {
    let sum = 0;
    let count = 0;
    for (let i = from; i < to; i++) {
      const r = member.residuals[i]!;
      if (!Number.isFinite(r)) continue;
      sum += deviation(r, member.stats, direction, false);
      count++;
    }
    if (count > 0 && sum / count < bestMean) {
      bestMean = sum / count;
      best = member;
    }
  }
  return best ?? set.fallback ?? set.members[0]!;
}

/** The baseline's expected value at sample `i` on the reading's scale, or NaN where the reference is missing. */
export function expectedAt(reference: Reference, values: Float64Array, i: number): number {
  if (reference.method === 'lookback' || reference.method === 'window' || reference.method === 'absent') return reference.stats.median;
  return values[i]! - reference.residuals[i]! + reference.stats.median;
}
