import type { AlertInterval } from '../model/alert.js';
import type { RankedAnomaly } from '../model/anomaly.js';
import type { ChainLink, ChainRole } from '../model/hypothesis.js';
import type { Labels } from '../model/series.js';
import type { TimelineEvent } from '../model/timeline.js';
import { seriesHeadline } from '../labels/series-identity.js';

/**
 * Labels that name where a series or an event lives. Two things sharing one of these values (after
 * dropping an `instance` port, so db1:9100 and db1:9187 are the same host) are on the same host or
 * service, which is what "this followed from that" needs at the least.
 */
const PLACE_LABELS = ['instance', 'host', 'hostname', 'node', 'pod', 'service', 'job', 'deployment', 'app', 'container', 'target'] as const;

/**
 * The places a label set names: each value of a place label, and an instance's host without its port.
 *
 * @example placesOf({ instance: 'db1:9187', job: 'postgres' }) // Set { 'db1:9187', 'db1', 'postgres' }
 */
export function placesOf(labels: Labels): Set<string> {
  const places = new Set<string>();
  for (const key of PLACE_LABELS) {
    const value = labels[key];
    if (value === undefined || value === '') continue;
    places.add(value);
    if (key === 'instance') places.add(hostOf(value));
  }
  return places;
}

/** `db1:9187` → `db1`; `[::1]:9090` → `[::1]`; a value without a port is its own host. */
function hostOf(instance: string): string {
  const colon = instance.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(instance.slice(colon + 1)) ? instance.slice(0, colon) : instance;
}

/**
 * True when the two label sets name a common host or service.
 *
 * @example samePlace({ instance: 'db1:9187' }, { instance: 'db1:9100' }) // true: both on db1
 */
export function samePlace(a: Labels, b: Labels): boolean {
  const places = placesOf(a);
  for (const place of placesOf(b)) if (places.has(place)) return true;
  return false;
}

/**
 * True when a timeline event (a change, a restart) concerns the anomaly's host or service: by a
 * shared place label, or by naming the host or service in its title as a whole word (a deploy from
 * `--changes` names its target in words, not always in labels).
 *
 * @example eventConcerns({ title: 'Deploy of auth-service 2.3', labels: {}, … }, deadlocksOnAuth) // false unless a label or word names its host or job
 */
export function eventConcerns(event: TimelineEvent, anomaly: RankedAnomaly): boolean {
  if (samePlace(event.labels, anomaly.labels)) return true;
  const words = new Set(event.title.split(/[^A-Za-z0-9_.:-]+/).filter((word) => word !== ''));
  for (const place of placesOf(anomaly.labels)) if (words.has(place)) return true;
  return false;
}

/**
 * A chain link for a ranked anomaly, carrying its evidence (query, onset, peak, baseline).
 *
 * @example anomalyLink('cause', deadlocks).title // 'PostgreSQL deadlocks on db1:9187 (auth)'
 */
export function anomalyLink(role: ChainRole, anomaly: RankedAnomaly): ChainLink {
  return {
    role,
    source: 'anomaly',
    signal: anomaly.signal,
    title: seriesHeadline(anomaly.title, anomaly.labels),
    labels: anomaly.labels,
    query: anomaly.query,
    onset: anomaly.onset,
    rank: anomaly.rank,
    category: anomaly.category,
    unit: anomaly.unit,
    kind: anomaly.kind,
    direction: anomaly.direction,
    peak: anomaly.peak,
    baseline: anomaly.baseline,
    score: anomaly.score,
  };
}

/**
 * A chain link for a change or restart event; its query is the one the event came from, when it says.
 *
 * @example eventLink('trigger', restart).query // 'process_start_time_seconds'
 */
export function eventLink(role: ChainRole, event: TimelineEvent): ChainLink {
  const query = event.evidence['query'];
  return {
    role,
    source: 'event',
    signal: event.kind,
    title: event.title,
    labels: event.labels,
    query: typeof query === 'string' && query !== '' ? query : null,
    onset: event.time,
    rank: null,
    category: 'change',
    unit: null,
    kind: null,
    direction: null,
    peak: null,
    baseline: null,
    score: null,
  };
}

/**
 * A chain link for the alert that fired: its expression is the query to look at.
 *
 * @example alertLink(highErrorRate).title // 'Alert HighErrorRate firing on auth-service'
 */
export function alertLink(alert: AlertInterval): ChainLink {
  const where = Object.fromEntries(Object.entries(alert.labels).filter(([key]) => key !== 'alertname' && key !== 'severity'));
  return {
    role: 'alert',
    source: 'alert',
    signal: alert.alertname,
    title: seriesHeadline(`Alert ${alert.alertname} firing`, where),
    labels: alert.labels,
    query: alert.rule?.expr ?? null,
    onset: alert.firingAt ?? alert.pendingAt ?? Number.NaN,
    rank: null,
    category: null,
    unit: null,
    kind: null,
    direction: null,
    peak: null,
    baseline: null,
    score: null,
  };
}
