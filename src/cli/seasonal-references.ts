import type { PrometheusClient } from '../../collectors/prometheus/client.js';
import type { DataGap } from '../model/gap.js';
import type { Series } from '../model/series.js';
import type { SeasonalReferences } from '../model/signal.js';
import type { TimeWindow } from '../model/time.js';

export const DAY_SECONDS = 86_400;
export const WEEK_SECONDS = 7 * DAY_SECONDS;
/**
 * References cover the window and this much before it (at least an hour, as long as the window),
 * so a seasonal baseline can first check that yesterday predicts the hours just before the window.
 */
const LEAD_MIN_SECONDS = 3600;

/** Grid index range the references are fetched for: from the lead before `--from` to the end of the data. */
export function referenceSpan(window: TimeWindow, grid: Float64Array): { first: number; last: number } {
  const lead = Math.max(LEAD_MIN_SECONDS, window.to - window.from);
  const from = Math.max(window.lookbackFrom, window.from - lead);
  let first = 0;
  while (first < grid.length && (grid[first] as number) < from) first++;
  return { first, last: grid.length - 1 };
}

/**
 * Puts series fetched over a range shifted back by `shift` seconds onto the run's grid: the value at
 * grid index i is the series' value at `grid[i] − shift`. Instants outside `[first, last]` are NaN.
 * Pure; the shifted range was asked on the same step, so sample k of the answer lands on index first + k.
 */
export function alignShifted(fetched: readonly Series[], grid: Float64Array, first: number, shift: number): Series[] {
  return fetched.map((series) => {
    const values = new Float64Array(grid.length).fill(Number.NaN);
    for (let k = 0; k < series.timestamps.length; k++) {
      const index = first + k;
      // Guard against a server that returned a differently aligned grid: only exact instants count.
      if (index < grid.length && Math.abs((series.timestamps[k] as number) + shift - (grid[index] as number)) < 1e-6) {
        values[index] = series.values[k] as number;
      }
    }
    return { labels: series.labels, timestamps: grid, values };
  });
}

/**
 * The same query one day and one week before the window (plus its lead), asked as plain range
 * queries over shifted times rather than by rewriting the PromQL with `offset` (which would have to
 * reach every selector of an arbitrary expression), then put back on the run's grid. A week-old range
 * past retention just comes back empty; a failing request is a data gap.
 */
export async function fetchSeasonalReferences(
  client: PrometheusClient,
  query: string,
  window: TimeWindow,
  grid: Float64Array,
  gaps: DataGap[],
): Promise<SeasonalReferences> {
  const { first, last } = referenceSpan(window, grid);
  const fetchShifted = async (shift: number, what: string): Promise<Series[]> => {
    if (first > last) return [];
    const answer = await client.queryRange(query, {
      start: (grid[first] as number) - shift,
      end: (grid[last] as number) - shift,
      step: window.stepSeconds,
    });
    if (!answer.ok) {
      gaps.push({ source: 'prometheus', what: `${query} (${what}, for the seasonal baseline)`, reason: answer.error.message });
      return [];
    }
    gaps.push(...answer.value.gaps);
    return alignShifted(answer.value.series, grid, first, shift);
  };
  const [dayBefore, weekBefore] = await Promise.all([fetchShifted(DAY_SECONDS, 'one day earlier'), fetchShifted(WEEK_SECONDS, 'one week earlier')]);
  return { dayBefore, weekBefore };
}
