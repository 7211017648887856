import type { SignalCategory, SignalUnit } from '../model/signal.js';
import { LOG_OFFSET_FRACTION, SATURATION_HEADROOM } from './thresholds.js';

/** What the detectors need to know about a series, from its signal (see `SignalQuery`). */
export interface SeriesTraits {
  readonly category?: SignalCategory;
  readonly unit?: SignalUnit;
  /** Known upper limit of the value (1 for a share of a capacity). */
  readonly limit?: number;
  readonly userFacing?: boolean;
}

/**
 * The scale a series is judged on:
 * - `linear`: the values as they are;
 * - `log`: durations (latency quantiles, statement times), whose noise is multiplicative and whose
 *   upper tail is heavy: a started logarithm `ln(x + c)` makes the noise additive and symmetric;
 * - `arcsine`: shares of events (errors / requests), binomial proportions: `asin(√p)` gives them a
 *   spread that no longer depends on the level (Anscombe, 1948, "The transformation of Poisson,
 *   binomial and negative-binomial data", Biometrika 35(3/4)).
 */
export type Scale = 'linear' | 'log' | 'arcsine';

export interface Reading {
  readonly scale: Scale;
  /** A rate, share, duration, size or count cannot be negative: a negative sample is an artefact and missing. */
  readonly nonNegative: boolean;
  /** A resource with a known limit: which way it runs out, and the value it runs out at. */
  readonly saturation: { readonly direction: 'up' | 'down'; readonly limit: number; readonly threshold: number } | null;
}

const NON_NEGATIVE_UNITS: readonly SignalUnit[] = ['per_second', 'ratio', 'seconds', 'bytes', 'count'];

/**
 * How to read a series with these traits: event shares (`errors`/`latency` signals in `ratio`) as
 * proportions, durations (`latency`/`database` signals in `seconds`) on a log scale, everything else
 * linearly; `saturation` signals with a limit also get the saturation test. Without traits: linear.
 *
 * @example readingOf({ category: 'errors', unit: 'ratio' }, 'up').scale // 'arcsine'
 */
export function readingOf(traits: SeriesTraits | undefined, badDirection: 'up' | 'down' | 'both'): Reading {
  const unit = traits?.unit;
  const category = traits?.category;
  const events = category === 'errors' || category === 'latency';
  const scale: Scale = unit === 'ratio' && events ? 'arcsine' : unit === 'seconds' && (category === 'latency' || category === 'database') ? 'log' : 'linear';
  const limit = traits?.limit;
  const saturable = category === 'saturation' && limit !== undefined && Number.isFinite(limit) && limit > 0;
  // A free share (filesystem, memory available) runs out towards 0; a used share towards its limit.
  const direction = badDirection === 'down' ? 'down' : 'up';
  return {
    scale,
    nonNegative: unit !== undefined && NON_NEGATIVE_UNITS.includes(unit),
    saturation: saturable
      ? { direction, limit, threshold: direction === 'up' ? (1 - SATURATION_HEADROOM) * limit : SATURATION_HEADROOM * limit }
      : null,
  };
}

/**
 * Writes the series as judged into `out`: NaN for missing samples (NaN, ±Inf, and negative samples of
 * a non-negative quantity), transformed to the reading's scale. Returns the offset `c` of a log scale
 * (LOG_OFFSET_FRACTION of the mean positive lookback value), 0 otherwise. `offset` reuses one already
 * chosen (for the seasonal references of the same series).
 */
export function applyReading(values: Float64Array, reading: Reading, lookbackEnd: number, out: Float64Array, offset?: number): number {
  const n = values.length;
  let c = 0;
  if (reading.scale === 'log') c = offset ?? logOffset(values, lookbackEnd > 0 ? lookbackEnd : n);
  // −∞ lets every finite sample through when negative samples are not artefacts.
  const least = reading.nonNegative ? 0 : Number.NEGATIVE_INFINITY;
  // One loop per scale: this runs over every sample of every series and reference.
  if (reading.scale === 'linear') {
    for (let i = 0; i < n; i++) {
      const x = values[i]!;
      out[i] = x - x === 0 && x >= least ? x : Number.NaN;
    }
  } else if (reading.scale === 'log') {
    for (let i = 0; i < n; i++) {
      const x = values[i]!;
      out[i] = x - x === 0 && x >= least ? Math.log(Math.max(0, x) + c) : Number.NaN;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const x = values[i]!;
      out[i] = x - x === 0 && x >= least ? Math.asin(Math.sqrt(Math.min(1, Math.max(0, x)))) : Number.NaN;
    }
  }
  return c;
}

function logOffset(values: Float64Array, to: number): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < to; i++) {
    const x = values[i]!;
    if (x > 0 && x - x === 0) {
      sum += x;
      count++;
    }
  }
  // Never 0: ln(0) is −∞, and a duration of exactly 0 (no transaction running) is a real value.
  return count === 0 ? 1e-9 : Math.max(1e-12, (LOG_OFFSET_FRACTION * sum) / count);
}

/** A value on the reading's scale back in the series' units. */
export function fromScale(y: number, reading: Reading, offset: number): number {
  if (reading.scale === 'log') return Math.exp(y) - offset;
  if (reading.scale === 'arcsine') return Math.sin(Math.min(Math.PI / 2, Math.max(0, y))) ** 2;
  return y;
}

/** A spread on the reading's scale around centre `y`, in the series' units: half the width of `y ± spread` mapped back. */
export function spreadFromScale(y: number, spread: number, reading: Reading, offset: number): number {
  if (reading.scale === 'linear') return spread;
  // Closed forms of (f(y + s) − f(y − s)) / 2, exact where the difference would cancel to 0.
  const mapped =
    reading.scale === 'log'
      ? Math.exp(y) * Math.sinh(spread)
      : y < spread
        ? fromScale(y + spread, reading, offset) / 2
        : Math.abs(Math.sin(2 * y) * Math.sin(2 * spread)) / 2;
  return Math.max(mapped, Number.MIN_VALUE);
}
