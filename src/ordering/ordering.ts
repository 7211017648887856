import type { AlertInterval, Labels, TimelineEvent } from '../model/index.js';

/**
 * Orders text by UTF-16 code units, identically on every machine (`localeCompare` depends on the
 * locale and ICU version), for sorting label keys and anything else that must be deterministic.
 *
 * @example ['b', 'B', 'a'].sort(compareText) // ['B', 'a', 'b']
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders text the way people count: digit runs compare as numbers, so `web2` comes before `web10`.
 * Locale-free, like `compareText`, which breaks ties.
 *
 * @example ['web10', 'web2'].sort(compareNatural) // ['web2', 'web10']
 */
export function compareNatural(a: string, b: string): number {
  const left = a.match(/\d+|\D+/g) ?? [];
  const right = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const x = left[i] ?? '';
    const y = right[i] ?? '';
    if (x === y) continue;
    const bothDigits = /^\d/.test(x) && /^\d/.test(y);
    if (bothDigits) {
      // Compare by length first so digit runs longer than a double's precision still order correctly.
      const xDigits = x.replace(/^0+/, '');
      const yDigits = y.replace(/^0+/, '');
      const byValue = xDigits.length - yDigits.length || compareText(xDigits, yDigits);
      if (byValue !== 0) return byValue;
    }
    return compareText(x, y);
  }
  return left.length - right.length || compareText(a, b);
}

/**
 * A copy of a label set with its keys in code-unit order, so reports do not depend on the order the
 * server (or the pipeline) happened to produce. `Object.fromEntries` keeps a `__proto__` key as data.
 *
 * @example Object.keys(sortedLabels({ job: 'node', instance: 'a' })) // ['instance', 'job']
 */
export function sortedLabels(labels: Labels): Record<string, string> {
  return sortKeys(labels);
}

/**
 * A copy of any record with its keys in code-unit order (label sets, event evidence), for output
 * that must not depend on insertion order. Keys that look like array indices are still listed first
 * by JavaScript itself; that order is fixed too.
 *
 * @example Object.keys(sortKeys({ b: 1, a: 2 })) // ['a', 'b']
 */
export function sortKeys<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}

/**
 * A label set as one canonical string (`{instance="a",job="node"}`), for comparing and grouping
 * label sets regardless of key order.
 *
 * @example labelsKey({ job: 'node', instance: 'a' }) // '{instance="a",job="node"}'
 */
export function labelsKey(labels: Labels): string {
  const pairs = Object.entries(sortedLabels(labels)).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return `{${pairs.join(',')}}`;
}

/**
 * Where each event kind goes among events at the same instant: causes before effects (a change
 * before the anomaly it caused, an anomaly before the alert on it), endings last.
 */
const KIND_ORDER: Readonly<Record<TimelineEvent['kind'], number>> = {
  change: 0,
  restart: 1,
  anomaly_start: 2,
  alert_pending: 3,
  alert_firing: 4,
  log: 5,
  note: 6,
  silence: 6,
  anomaly_end: 7,
  alert_resolved: 8,
};

/**
 * Orders timeline events by time, then by kind (causes first), source, title and labels, so the
 * order is total and the same however the input was ordered. NaN times go last.
 *
 * @example [...events].sort(compareEvents)
 */
export function compareEvents(a: TimelineEvent, b: TimelineEvent): number {
  return (
    compareTimes(a.time, b.time) ||
    (KIND_ORDER[a.kind] ?? 99) - (KIND_ORDER[b.kind] ?? 99) ||
    compareText(a.source, b.source) ||
    compareText(a.title, b.title) ||
    compareText(labelsKey(a.labels), labelsKey(b.labels)) ||
    compareText(JSON.stringify(sortKeys(a.evidence)), JSON.stringify(sortKeys(b.evidence)))
  );
}

/**
 * Orders unix times ascending with non-finite times (unknown) after all known ones.
 *
 * @example [3, NaN, 1].sort(compareTimes) // [1, 3, NaN]
 */
export function compareTimes(a: number, b: number): number {
  const aKnown = Number.isFinite(a);
  const bKnown = Number.isFinite(b);
  if (aKnown && bKnown) return a - b;
  return aKnown === bKnown ? 0 : aKnown ? -1 : 1;
}


/**
 * Orders alert intervals by when they became active (pending, else firing; unknown last), then by
 * name and labels.
 *
 * @example [...alerts].sort(compareAlerts)
 */
export function compareAlerts(a: AlertInterval, b: AlertInterval): number {
  const start = (alert: AlertInterval): number => alert.pendingAt ?? alert.firingAt ?? Number.NaN;
  return compareTimes(start(a), start(b)) || compareText(a.alertname, b.alertname) || compareText(labelsKey(a.labels), labelsKey(b.labels));
}
