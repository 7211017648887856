/** Times of a range query in unix seconds, as the API takes them. */
export interface TimeRange {
  readonly start: number;
  readonly end: number;
  /** Seconds between points. */
  readonly step: number;
}

/**
 * The points a range query answers on: `start + k * step` for k = 0 … points - 1, in whole milliseconds
 * because that is the resolution Prometheus computes in (so our grid matches its timestamps exactly).
 */
export interface QueryGrid {
  readonly startMs: number;
  readonly stepMs: number;
  readonly points: number;
}

/** A run of consecutive grid points, `first` to `last` inclusive: one request's worth. */
export interface GridChunk {
  readonly first: number;
  readonly last: number;
}

/** Number of grid points in a chunk. */
export function chunkPoints(chunk: GridChunk): number {
  return chunk.last - chunk.first + 1;
}

/**
 * The grid's timestamps in unix seconds, built once and shared by every series of a result (index i
 * is the same instant in all of them).
 *
 * @example
 * gridTimestamps({ startMs: 1_000, stepMs: 500, points: 3 }) // Float64Array [1, 1.5, 2]
 */
export function gridTimestamps(grid: QueryGrid): Float64Array {
  const timestamps = new Float64Array(grid.points);
  for (let k = 0; k < grid.points; k += 1) timestamps[k] = (grid.startMs + k * grid.stepMs) / 1000;
  return timestamps;
}

/**
 * The `start`, `end` and `step` parameters (unix seconds) that ask the server for exactly one chunk.
 *
 * @example
 * chunkRange({ startMs: 0, stepMs: 15_000, points: 100 }, { first: 4, last: 7 }) // { start: 60, end: 105, step: 15 }
 */
export function chunkRange(grid: QueryGrid, chunk: GridChunk): TimeRange {
  return {
    start: (grid.startMs + chunk.first * grid.stepMs) / 1000,
    end: (grid.startMs + chunk.last * grid.stepMs) / 1000,
    step: grid.stepMs / 1000,
  };
}
