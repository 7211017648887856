import type { Labels } from '../../src/model/index.js';

/**
 * A series' identity as one string: its labels sorted by name. Two label sets have the same key
 * exactly when they are equal, whatever order the server wrote them in (VictoriaMetrics does not sort).
 *
 * @example
 * labelKey({ job: 'node', __name__: 'up' }) === labelKey({ __name__: 'up', job: 'node' }) // true
 */
export function labelKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * A copy of `labels` whose keys are in sorted order, so output built from it (JSON, reports) is the
 * same whichever server answered.
 *
 * @example
 * Object.keys(sortedLabels({ job: 'node', __name__: 'up' })) // ['__name__', 'job']
 */
export function sortedLabels(labels: Readonly<Record<string, string>>): Labels {
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) sorted[name] = labels[name] as string;
  return sorted;
}
