import type { Result } from './result.js';
import { chunkPoints, type GridChunk, type QueryGrid, type TimeRange } from './query-grid.js';

/** Prometheus refuses a range query with more points per series than this. */
export const DEFAULT_MAX_POINTS_PER_SERIES = 11_000;
/**
 * Aim for responses of about this many samples. Measured on Node 20: 2 million samples are ~52 MB of
 * JSON that take ~1.5 s and ~150 MB of transient heap to parse, and up to `concurrency` responses are
 * parsed at once; big enough to need few requests, small enough not to exhaust memory.
 */
export const TARGET_SAMPLES_PER_RESPONSE = 2_000_000;
/**
 * Points of the first request of a query, which learns how many series come back before the rest is
 * sized: one hour at 15 s. Without it the first answer is limited only by the 11,000-point cap, and
 * 2,000 series × 11,000 points is a gigabyte of JSON before the size rule has had a chance to apply.
 */
export const PROBE_POINTS = 240;
/** A first chunk up to this many probes long is asked whole: splitting it would save little and cost a request. */
const PROBE_WORTH_IT = 2;
/** A grid longer than this is a mistake in the step, not an outage to analyse. */
export const MAX_GRID_POINTS = 1_000_000;

/** Why a range cannot be asked: a malformed range, or one with far too many points. */
export interface PlanRefusal {
  readonly kind: 'bad_query' | 'too_many_points';
  readonly reason: string;
}

export interface QueryRangePlan {
  readonly grid: QueryGrid;
  /** Consecutive, non-overlapping, covering the grid, each at most the allowed points. */
  readonly chunks: readonly GridChunk[];
}

/**
 * Cuts a chunk into the fewest pieces of at most `maxPoints` points, of nearly equal size (so the last
 * request is not a sliver).
 *
 * @example
 * splitChunk({ first: 0, last: 9 }, 4) // [{0..3}, {4..6}, {7..9}]
 */
export function splitChunk(chunk: GridChunk, maxPoints: number): GridChunk[] {
  const total = chunkPoints(chunk);
  const count = Math.ceil(total / Math.max(1, maxPoints));
  const pieces: GridChunk[] = [];
  let first = chunk.first;
  for (let i = 0; i < count; i += 1) {
    // Spread the remainder over the first pieces: sizes differ by at most one point.
    const size = Math.floor(total / count) + (i < total % count ? 1 : 0);
    pieces.push({ first, last: first + size - 1 });
    first += size;
  }
  return pieces;
}

/**
 * The chunk size to use once a response has shown how many series the query returns: no more than
 * TARGET_SAMPLES_PER_RESPONSE samples per response, never more than `currentMaxPoints`, at least 1.
 *
 * @example
 * adaptChunkPoints(11_000, 5_000) // 400
 * adaptChunkPoints(11_000, 20)    // 11000
 */
export function adaptChunkPoints(currentMaxPoints: number, seriesCount: number): number {
  if (seriesCount <= 0) return currentMaxPoints;
  return Math.max(1, Math.min(currentMaxPoints, Math.floor(TARGET_SAMPLES_PER_RESPONSE / seriesCount)));
}

/**
 * The chunks with the first one cut to {@link PROBE_POINTS} points, when it is more than twice that
 * long: the probe's answer sizes the rest (see `adaptChunkPoints`).
 *
 * @example withProbe([{ first: 0, last: 1919 }]) // [{ first: 0, last: 239 }, { first: 240, last: 1919 }]
 */
export function withProbe(chunks: readonly GridChunk[]): GridChunk[] {
  const [head, ...tail] = chunks;
  if (head === undefined || chunkPoints(head) <= PROBE_WORTH_IT * PROBE_POINTS) return [...chunks];
  return [{ first: head.first, last: head.first + PROBE_POINTS - 1 }, { first: head.first + PROBE_POINTS, last: head.last }, ...tail];
}

/**
 * Turns a range query's times into its grid and the requests that cover it, none asking for more than
 * `maxPointsPerSeries` points per series. Pure. Times are rounded to whole milliseconds, the resolution
 * the server computes in. Fails with a one-line reason for a range that cannot be asked (step not
 * positive, end before start, a grid of more than MAX_GRID_POINTS).
 *
 * @example
 * planQueryRange({ start: 0, end: 30_000, step: 1 }, 11_000)
 * // ok: grid { startMs: 0, stepMs: 1000, points: 30001 }, chunks [0..10000], [10001..20000], [20001..30000]
 */
export function planQueryRange(range: TimeRange, maxPointsPerSeries: number): Result<QueryRangePlan, PlanRefusal> {
  const { start, end, step } = range;
  const refuse = (kind: PlanRefusal['kind'], reason: string): Result<QueryRangePlan, PlanRefusal> => ({ ok: false, error: { kind, reason } });
  if (![start, end, step].every(Number.isFinite)) return refuse('bad_query', 'start, end and step must be finite numbers');
  const stepMs = Math.round(step * 1000);
  if (stepMs < 1) return refuse('bad_query', `step must be at least 1 ms, got ${step} s`);
  const startMs = Math.round(start * 1000);
  const endMs = Math.round(end * 1000);
  if (endMs < startMs) return refuse('bad_query', 'end is before start');
  const points = Math.floor((endMs - startMs) / stepMs) + 1;
  if (points > MAX_GRID_POINTS) {
    return refuse('too_many_points', `${points} points per series is more than ${MAX_GRID_POINTS}; use a larger step`);
  }
  const chunks = splitChunk({ first: 0, last: points - 1 }, Math.max(1, Math.floor(maxPointsPerSeries)));
  return { ok: true, value: { grid: { startMs, stepMs, points }, chunks } };
}
