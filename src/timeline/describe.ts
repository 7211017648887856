import type { Labels } from '../model/series.js';

/** Labels that tell a reader which thing a series is about, most telling first. */
const IDENTIFYING = ['instance', 'job', 'datname', 'queryid', 'mode', 'state', 'route', 'handler', 'mountpoint', 'device', 'namespace', 'pod', 'container'];

/**
 * A short "where" for a series, from its most telling labels: `db1:9187 (auth)`.
 * The instance (or job when there is none) leads; other identifying labels follow in parentheses.
 *
 * @example describeSeries({ instance: 'db1:9187', job: 'postgres', datname: 'auth' }) // 'db1:9187 (auth)'
 */
export function describeSeries(labels: Labels): string {
  const lead = labels['instance'] ?? labels['job'] ?? labels['__name__'] ?? '';
  const rest: string[] = [];
  for (const key of IDENTIFYING) {
    const value = labels[key];
    if (value === undefined || value === '' || value === lead) continue;
    if (key === 'job' && labels['instance'] !== undefined) continue;
    rest.push(key === 'queryid' ? `queryid ${value}` : value);
  }
  if (lead === '') return rest.join(', ') || 'all series';
  return rest.length > 0 ? `${lead} (${rest.join(', ')})` : lead;
}
