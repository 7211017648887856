import type { PrometheusClient } from '../prometheus/client.js';
import type { DataGap } from '../../src/model/gap.js';
import type { Series } from '../../src/model/series.js';

/**
 * An info metric with more series than this over the data is not read for changes: that many label
 * sets is churn (one per pod, per request id), not versions, and its raw samples over a day would
 * cost more than the rest of the run. Said as a data gap, never dropped silently.
 */
export const MAX_INFO_SERIES_PER_METRIC = 200;

/** The range the raw samples are read over: the run's data, lookback to tail. */
export interface RawRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Raw samples of one info metric over the range (`metric[range]` at the end), so each label set is
 * seen at the scrapes that exposed it, without `query_range`'s lookback smearing an old version into
 * the first minutes of the new one. First counts the series (`/api/v1/series`): more than
 * MAX_INFO_SERIES_PER_METRIC are not read, and a data gap says so.
 *
 * @example await rawInfoSeries(client, 'cart_api_build_info', { start, end }, gaps)
 */
export async function rawInfoSeries(client: PrometheusClient, metric: string, range: RawRange, gaps: DataGap[]): Promise<Series[]> {
  const listed = await client.series([metric], range.start, range.end);
  if (!listed.ok) {
    gaps.push({ source: 'prometheus', what: `series of ${metric} (label changes)`, reason: listed.error.message });
    return [];
  }
  if (listed.value.length > MAX_INFO_SERIES_PER_METRIC) {
    gaps.push({
      source: 'prometheus',
      what: `${metric} (label changes)`,
      reason: `${listed.value.length} series, more than ${MAX_INFO_SERIES_PER_METRIC}: too many label sets to read as versions; not read for changes`,
    });
    return [];
  }
  if (listed.value.length === 0) return [];
  const query = `${metric}[${Math.ceil(range.end - range.start)}s]`;
  const answer = await client.instantQuery(query, range.end);
  if (!answer.ok) {
    gaps.push({ source: 'prometheus', what: query, reason: answer.error.message });
    return [];
  }
  return answer.value.kind === 'matrix' ? answer.value.series : [];
}
