import type { DataGap, Labels, Series } from '../../src/model/index.js';
import { createConcurrencyLimit } from './concurrency-limit.js';
import { quoteQuery } from './failure-message.js';
import { labelKey } from './label-key.js';
import { adaptChunkPoints, planQueryRange, splitChunk, withProbe } from './plan-query-range.js';
import type { PrometheusError } from './prometheus-error.js';
import { chunkPoints, chunkRange, gridTimestamps, type GridChunk, type QueryGrid, type TimeRange } from './query-grid.js';
import type { SampleColumns } from './response-schemas.js';
import type { Result } from './result.js';

/** One series of a range answer, as the response schema produces it. */
export interface ChunkSeries {
  readonly metric: Labels;
  readonly values?: SampleColumns | undefined;
}

/** Sends one range query (with retries) and returns its validated series. */
export type ChunkFetcher = (range: TimeRange) => Promise<Result<readonly ChunkSeries[]>>;

export interface QueryRangeResult {
  /** Sorted by label key; all share one `timestamps` array, the grid. */
  readonly series: Series[];
  /** One per time range that could not be fetched. */
  readonly gaps: DataGap[];
}

export interface ExecuteQueryRangeOptions {
  readonly maxPointsPerSeries: number;
  /** Chunks in flight at once; the client's own limit applies on top. */
  readonly concurrency: number;
}

/** Failures that say nothing about the time range: every chunk would fail the same way. */
const WHOLE_QUERY_FAILURES: ReadonlySet<PrometheusError['kind']> = new Set([
  'bad_query',
  'unauthorized',
  'forbidden',
  'not_found',
  'invalid_response',
]);

/** Failures a shorter range may avoid: sample and point limits, and the server's own query timeout. */
function isSplittable(error: PrometheusError): boolean {
  return (
    error.kind === 'too_many_samples' || error.kind === 'too_many_points' || (error.kind === 'timeout' && error.status !== null)
  );
}

function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** Per-run state shared by all chunks of one query. */
interface Run {
  maxPoints: number;
  fetched: number;
  /** Ends the whole query with an error (nothing else is worth asking). */
  fatal: PrometheusError | null;
  /** Stops asking; chunks not yet asked become gaps with this reason. */
  halt: PrometheusError | null;
  readonly failed: { chunk: GridChunk; error: PrometheusError }[];
  readonly merged: Map<string, { labels: Labels; values: Float64Array }>;
}

/** Writes a chunk's samples into the per-series grid arrays; samples off the grid are ignored. */
function mergeChunk(run: Run, grid: QueryGrid, chunk: GridChunk, series: readonly ChunkSeries[]): void {
  for (const { metric, values: columns } of series) {
    if (columns === undefined) continue;
    const key = labelKey(metric);
    let entry = run.merged.get(key);
    if (entry === undefined) {
      entry = { labels: metric, values: new Float64Array(grid.points).fill(Number.NaN) };
      run.merged.set(key, entry);
    }
    const { timestamps, values } = columns;
    for (let i = 0; i < timestamps.length; i += 1) {
      const ms = (timestamps[i] as number) * 1000;
      const k = Math.round((ms - grid.startMs) / grid.stepMs);
      // Half a millisecond absorbs the decimal round trip of the JSON timestamp; anything further off
      // is not a point of this grid and would be misplaced if snapped.
      if (k < chunk.first || k > chunk.last || Math.abs(ms - (grid.startMs + k * grid.stepMs)) > 0.5) continue;
      entry.values[k] = values[i] as number;
    }
  }
}

/** Merges consecutive failed chunks with the same reason into one gap each. */
function gapsOf(query: string, grid: QueryGrid, failed: Run['failed']): DataGap[] {
  const ordered = [...failed].sort((a, b) => a.chunk.first - b.chunk.first);
  const gaps: DataGap[] = [];
  let current: { first: number; last: number; reason: string } | null = null;
  const flush = (): void => {
    if (current === null) return;
    const { start, end } = chunkRange(grid, current);
    gaps.push({ source: 'prometheus', what: `${query} from ${isoSeconds(start)} to ${isoSeconds(end)}`, reason: current.reason });
  };
  for (const { chunk, error } of ordered) {
    if (current !== null && current.reason === error.message && current.last + 1 === chunk.first) current.last = chunk.last;
    else {
      flush();
      current = { first: chunk.first, last: chunk.last, reason: error.message };
    }
  }
  flush();
  return gaps;
}

/**
 * Runs a range query as several requests when it must, and returns every series on one shared grid.
 * Chunks respect `maxPointsPerSeries`; after the first answer shows how many series come back, later
 * chunks shrink to keep responses near TARGET_SAMPLES_PER_RESPONSE; a chunk refused for its size
 * (too many samples or points, or the server's query timeout) is halved and asked again, down to one
 * point, and the smaller size is kept for the chunks still waiting. Chunks that still fail become data
 * gaps. The result is an error only when the query itself is refused (bad PromQL, 401/403/404, a body
 * that is not the API's) or nothing at all could be fetched.
 *
 * @example
 * const answer = await executeQueryRange('rate(x[5m])', { start, end, step: 15 }, fetchChunk, { maxPointsPerSeries: 11_000, concurrency: 4 });
 */
export async function executeQueryRange(
  query: string,
  range: TimeRange,
  fetchChunk: ChunkFetcher,
  options: ExecuteQueryRangeOptions,
): Promise<Result<QueryRangeResult>> {
  const plan = planQueryRange(range, options.maxPointsPerSeries);
  if (!plan.ok) {
    const { kind, reason } = plan.error;
    return { ok: false, error: { kind, status: null, message: `Cannot query Prometheus ${quoteQuery(query)}: ${reason}` } };
  }
  const { grid, chunks } = plan.value;
  const run: Run = { maxPoints: options.maxPointsPerSeries, fetched: 0, fatal: null, halt: null, failed: [], merged: new Map() };
  const slot = createConcurrencyLimit(Math.max(1, options.concurrency));

  // The first answer tells how many series come back, or how small a chunk must be to be accepted;
  // the others wait for it so they are sent at the right size instead of failing the same way.
  const runFirstThenRest = async (pieces: readonly GridChunk[]): Promise<void> => {
    const [first, ...rest] = pieces;
    if (first !== undefined) await runChunk(first);
    await Promise.all(rest.map(runChunk));
  };

  const runChunk = async (chunk: GridChunk): Promise<void> => {
    // The size check happens once a slot is free, so chunks queued early still get the size learnt since.
    const step = await slot(async () => {
      if (run.fatal !== null || run.halt !== null) return { type: 'skipped' as const };
      if (chunkPoints(chunk) > run.maxPoints) return { type: 'resplit' as const, pieces: splitChunk(chunk, run.maxPoints) };
      return { type: 'fetched' as const, answer: await fetchChunk(chunkRange(grid, chunk)) };
    });
    if (step.type === 'skipped') {
      if (run.halt !== null) run.failed.push({ chunk, error: run.halt });
      return;
    }
    if (step.type === 'resplit') {
      await Promise.all(step.pieces.map(runChunk));
      return;
    }
    const { answer } = step;
    if (answer.ok) {
      mergeChunk(run, grid, chunk, answer.value);
      run.fetched += 1;
      run.maxPoints = adaptChunkPoints(run.maxPoints, answer.value.length);
      return;
    }
    const { error } = answer;
    if (isSplittable(error) && chunkPoints(chunk) > 1) {
      const half = Math.ceil(chunkPoints(chunk) / 2);
      run.maxPoints = Math.min(run.maxPoints, half);
      await runFirstThenRest(splitChunk(chunk, half));
      return;
    }
    if (WHOLE_QUERY_FAILURES.has(error.kind)) run.fatal ??= error;
    else if (error.kind === 'unreachable' && run.fetched === 0) run.fatal ??= error;
    else {
      run.failed.push({ chunk, error });
      // Retrying already failed for this chunk; if even one point is too much, or the server is gone,
      // the remaining chunks would only repeat the failure.
      if (error.kind === 'unreachable' || isSplittable(error)) run.halt ??= error;
    }
  };

  await runFirstThenRest(withProbe(chunks));

  if (run.fatal !== null) return { ok: false, error: run.fatal };
  const firstFailure = [...run.failed].sort((a, b) => a.chunk.first - b.chunk.first)[0];
  if (run.fetched === 0 && firstFailure !== undefined) return { ok: false, error: firstFailure.error };

  const timestamps = gridTimestamps(grid);
  const series = [...run.merged.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { labels, values }]) => ({ labels, timestamps, values }));
  return { ok: true, value: { series, gaps: gapsOf(query, grid, run.failed) } };
}
