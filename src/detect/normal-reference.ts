import type { BaselineStats } from './baseline.js';
import { fromScale, type Reading } from './reading.js';
import { ENTRY_Z, RANGE_MARGIN } from './thresholds.js';

/** Buffers of the masked references, grown as needed: one per reference a call may mask. */
const buffers: Float64Array[] = [new Float64Array(0), new Float64Array(0)];

/**
 * A seasonal reference (the same series one day or one week earlier, in its own units) with the
 * samples at which it was itself anomalous set missing: where the earlier value would have entered a
 * departure against the lookback's level (`level`, on the reading's scale) by the rule a window sample
 * enters one (beyond the normal range by RANGE_MARGIN of its width, or beyond the range and ENTRY_Z
 * spreads). Otherwise yesterday's spike at 9:15 becomes today's expected value at 9:15, and today's
 * ordinary 9:15 reads as a collapse: on NAB's ad-exchange data a day-old spike of 16× the level made
 * the next day's normal hour a "drop" with p = 3·10⁻⁶. Where the reference is missing the lookback's
 * level stands in (ReferenceSet.fallback), so today's repeat of yesterday's incident is judged against
 * the level, not excused by it. Returns `reference` itself when nothing is masked; otherwise a view of a
 * module buffer (`slot` 0 or 1, one per reference of a call), valid until the next call with that slot.
 *
 * @example maskAbnormal(Float64Array.of(1, 16, 1), level, reading, 0, 0) // [1, NaN, 1] for a level of 1 ± 0.1
 */
export function maskAbnormal(reference: Float64Array, level: BaselineStats, reading: Reading, offset: number, slot: 0 | 1): Float64Array {
  const range = level.high - level.low;
  const upper = range > 0 ? Math.min(level.high + RANGE_MARGIN * range, Math.max(level.high, level.median + ENTRY_Z * level.spread)) : level.median + ENTRY_Z * level.spread;
  const lower = range > 0 ? Math.max(level.low - RANGE_MARGIN * range, Math.min(level.low, level.median - ENTRY_Z * level.spread)) : level.median - ENTRY_Z * level.spread;
  // The readings are increasing (linear, log, arcsine of a root), so the bounds map back to the
  // series' units and the reference is compared as it is, without a transformed copy. A bound past the
  // end of the arcsine scale (a share beyond 0 or 1) masks nothing on that side.
  const high = reading.scale === 'arcsine' && upper >= Math.PI / 2 ? Number.POSITIVE_INFINITY : fromScale(upper, reading, offset);
  const low = reading.scale === 'arcsine' && lower <= 0 ? Number.NEGATIVE_INFINITY : fromScale(lower, reading, offset);
  const n = reference.length;
  // Most references hold nothing anomalous: find the first sample to mask before copying anything.
  let first = 0;
  while (first < n && !(reference[first]! > high || reference[first]! < low)) first++;
  if (first === n) return reference;
  if (buffers[slot]!.length < n) buffers[slot] = new Float64Array(Math.max(n, 2 * buffers[slot]!.length));
  const out = buffers[slot]!.subarray(0, n);
  out.set(reference);
  for (let i = first; i < n; i++) {
    const x = out[i]!;
    if (x > high || x < low) out[i] = Number.NaN;
  }
  return out;
}
