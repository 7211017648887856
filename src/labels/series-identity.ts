import type { Labels } from '../model/index.js';
import { compareText } from '../ordering/ordering.js';

/**
 * Labels that say where a series lives, most telling first. Only the first one present is shown:
 * `instance` makes `job` redundant, and so on down the list.
 */
const LOCATION_LABELS = ['instance', 'pod', 'host', 'hostname', 'node', 'service', 'job'] as const;

/** Labels that say which part of that place the series measures, in the order they are shown. */
const QUALIFIER_LABELS = [
  'datname',
  'database',
  'db',
  'queryid',
  'route',
  'handler',
  'path',
  'endpoint',
  'method',
  'code',
  'status',
  'mode',
  'state',
  'device',
  'mountpoint',
  'container',
  'namespace',
] as const;

const MAX_QUALIFIERS = 3;

/** Shown when a series has no telling labels, so it is at least identified by something. */
const MAX_FALLBACK_LABELS = 2;

/** How a report names one series, as plain text (callers escape it for their format). */
export interface SeriesIdentity {
  /** Where it lives, e.g. `db1:9187`; null when no location label is present. */
  readonly location: string | null;
  /** Which part of it, as label name and value, e.g. `[['datname', 'auth']]`. */
  readonly qualifiers: readonly (readonly [string, string])[];
}

/**
 * Picks the labels that identify a series to a reader: one location (instance, pod, host, …) and
 * up to three qualifiers (datname, queryid, route, mode, …), instead of the full label dump. A series
 * with none of them falls back to its first two labels other than `__name__`, in key order.
 *
 * @example seriesIdentity({ instance: 'db1:9187', job: 'postgres', datname: 'auth' })
 * // { location: 'db1:9187', qualifiers: [['datname', 'auth']] }
 */
export function seriesIdentity(labels: Labels): SeriesIdentity {
  const locationKey = LOCATION_LABELS.find((key) => nonEmpty(labels[key]));
  const location = locationKey === undefined ? null : (labels[locationKey] ?? null);
  let qualifiers: (readonly [string, string])[] = QUALIFIER_LABELS.filter((key) => nonEmpty(labels[key]))
    .slice(0, MAX_QUALIFIERS)
    .map((key) => [key, labels[key] ?? ''] as const);
  if (location === null && qualifiers.length === 0) {
    qualifiers = Object.keys(labels)
      .filter((key) => key !== '__name__' && nonEmpty(labels[key]))
      .sort(compareText)
      .slice(0, MAX_FALLBACK_LABELS)
      .map((key) => [key, labels[key] ?? ''] as const);
  }
  return { location, qualifiers };
}

/**
 * A series' identity as one short phrase for tables and lists: `db1:9187 (datname=auth)`, or
 * `datname=auth` without a location, or `all series` for a series without labels.
 *
 * @example describeSeries({ instance: 'web1:9100', mode: 'idle' }) // 'web1:9100 (mode=idle)'
 */
export function describeSeries(labels: Labels): string {
  const { location, qualifiers } = seriesIdentity(labels);
  const pairs = qualifiers.map(([key, value]) => `${key}=${value}`).join(', ');
  if (location === null) return pairs === '' ? 'all series' : pairs;
  return pairs === '' ? location : `${location} (${pairs})`;
}

/**
 * A signal on a series, the way a postmortem title names it: `Deadlocks on db1:9187 (auth)`, with the
 * qualifier values only, since the signal title already says what they are.
 *
 * @example seriesHeadline('Deadlocks', { instance: 'db1:9187', datname: 'auth' }) // 'Deadlocks on db1:9187 (auth)'
 */
export function seriesHeadline(title: string, labels: Labels): string {
  const { location, qualifiers } = seriesIdentity(labels);
  const values = qualifiers.map(([, value]) => value).join(', ');
  const where = location ?? values;
  if (where === '') return title;
  return location !== null && values !== '' ? `${title} on ${where} (${values})` : `${title} on ${where}`;
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}
