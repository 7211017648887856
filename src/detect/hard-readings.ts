import type { Direction } from './deviation.js';
import { DROP_FRACTION, ENTRY_Z, SATURATION_MIN_HEADROOM, SATURATION_SHRINK } from './thresholds.js';

/** A resource with a known limit, and how much room the baseline normally leaves. */
export interface SaturationReading {
  /** Which way the resource runs out: `up` towards `limit` (CPU used), `down` towards 0 (space free). */
  readonly direction: Direction;
  readonly limit: number;
  /** Values beyond this are saturated. */
  readonly threshold: number;
  /** Headroom at the baseline's median: `limit − median` going up, `median` going down. */
  readonly baseHeadroom: number;
}

/**
 * Readings of a value against hard facts rather than the baseline's noise: how close a flowing series
 * fell to zero, and how close a resource came to its limit. Each passes {@link ENTRY_Z} on its own, so
 * a departure is found even when a wide daily rhythm or a noisy baseline hides it from robust z.
 */
export interface HardReadings {
  /** Low edge of a baseline that normally flows (towards-zero reading of falls); 0 or less: off. */
  readonly dropLow: number;
  readonly saturation: SaturationReading | null;
}

export const NO_HARD_READINGS: HardReadings = { dropLow: 0, saturation: null };

/**
 * How far a resource's headroom shrank below its baseline's, once within the saturation threshold:
 * `ENTRY_Z · ln(baseHeadroom / headroom) / ln(SATURATION_SHRINK)`, so losing half the usual headroom
 * reads as {@link ENTRY_Z} however quiet the baseline was. −∞ when not saturated. A known-limit test
 * in the spirit of the USE method (Gregg, 2013, "Thinking methodically about performance", CACM 56(2)).
 *
 * @example saturationDeviation(0.97, { direction: 'up', limit: 1, threshold: 0.9, baseHeadroom: 0.4 }) // 18.7…
 */
export function saturationDeviation(x: number, reading: SaturationReading): number {
  const up = reading.direction === 'up';
  if (up ? !(x >= reading.threshold) : !(x <= reading.threshold)) return Number.NEGATIVE_INFINITY;
  const headroom = Math.max(up ? reading.limit - x : x, SATURATION_MIN_HEADROOM * reading.limit);
  return (ENTRY_Z * Math.log(reading.baseHeadroom / headroom)) / Math.log(SATURATION_SHRINK);
}

/** How close `x` fell to zero from a baseline whose low edge is `low` (> 0): `DROP_FRACTION × low` reads as {@link ENTRY_Z}. */
export function towardsZeroDeviation(x: number, low: number): number {
  return (low - x) * (ENTRY_Z / (low * (1 - DROP_FRACTION)));
}

/** The largest hard reading of `x` in `direction`, −∞ when none applies. */
export function hardDeviation(x: number, direction: Direction, readings: HardReadings): number {
  let d = Number.NEGATIVE_INFINITY;
  if (direction === 'down' && readings.dropLow > 0) d = towardsZeroDeviation(x, readings.dropLow);
  const saturation = readings.saturation;
  if (saturation !== null && saturation.direction === direction) d = Math.max(d, saturationDeviation(x, saturation));
  return d;
}

/**
 * Raises each deviation of `out[from..to)` to the hard reading of the value when that is larger; missing
 * samples stay missing. One pass, skipped when no reading applies in `direction`.
 */
export function applyHardReadings(values: Float64Array, from: number, to: number, direction: Direction, readings: HardReadings, out: Float64Array): void {
  const drop = direction === 'down' && readings.dropLow > 0;
  const saturation = readings.saturation !== null && readings.saturation.direction === direction;
  if (!drop && !saturation) return;
  for (let i = from; i < to; i++) {
    const d = out[i]!;
    if (Number.isNaN(d)) continue;
    const hard = hardDeviation(values[i]!, direction, readings);
    if (hard > d) out[i] = hard;
  }
}
