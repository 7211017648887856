import type { Discovery } from './discovery.js';
import { REQUEST_COUNTER } from './http-recipes.js';
import type { Recipe } from './recipe.js';

/** Info series: `*_info` and `*_build_info`, whose labels carry a version, revision or config hash. */
export const INFO_METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*_info$/;

/**
 * Info metrics not read for changes, because their label sets move for reasons other than a change
 * someone made:
 * - kube-state-metrics' object info (`kube_pod_info`, `kube_pod_container_info`, …) follows pod
 *   churn: every rollout, reschedule or autoscale makes new series, thousands on a big cluster. A
 *   Kubernetes rollout shows instead as restarts and as the pods' own build info.
 * - `node_network_info` follows virtual interfaces (veth, cali*) that come and go with containers,
 *   and link state flaps.
 */
const NOISY_INFO_METRICS: readonly RegExp[] = [/^kube_.*_info$/, /^node_network_info$/];

/** Start timestamps the process and database recipes already read, under their own names. */
const KNOWN_START_TIMES = new Set(['process_start_time_seconds', 'pg_postmaster_start_time_seconds']);

/** Any other process or server start timestamp (`redis_start_time_seconds`, …): a jump is a restart. */
export const START_TIME_METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*_start_time_seconds$/;

/**
 * The last successful config reload (`prometheus_…`, `alertmanager_…`, or an application's own):
 * a jump is a config change taking effect.
 */
export const CONFIG_RELOAD_METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*_config_last_reload_success_timestamp_seconds$/;

/**
 * Counters whose resets reveal a restart of the process that counts them: the CPU counter every
 * client library exports, and request counters (an app without process metrics still counts its
 * requests). Only names that discovery found, so the query stays small on a big server.
 */
function resetCounters(discovery: Discovery): string[] {
  return [...discovery.metricNames].filter((name) => name === 'process_cpu_seconds_total' || REQUEST_COUNTER.test(name)).sort();
}

/** Metric names of the discovery matching `pattern`, sorted so the queries come in a fixed order. */
function namesMatching(discovery: Discovery, pattern: RegExp, keep: (name: string) => boolean = () => true): string[] {
  return [...discovery.metricNames].filter((name) => pattern.test(name) && keep(name)).sort();
}

/** True for an info metric whose label changes are read (not in NOISY_INFO_METRICS). */
export function isReadInfoMetric(name: string): boolean {
  return INFO_METRIC.test(name) && !NOISY_INFO_METRICS.some((noisy) => noisy.test(name));
}

/**
 * Changes seen in metrics: label changes of info series, other start timestamps, config reloads.
 * Each metric is its own query so every timeline line cites the one series it came from. Their
 * `metrics` list is empty on purpose: the collector asks for label details of the metrics listed
 * there, and these recipes need none (they are found by name and read whole).
 */
export const CHANGE_RECIPES: readonly Recipe[] = [
  {
    signal: 'info_labels',
    title: 'Info labels',
    category: 'change',
    unit: 'other',
    badDirection: 'both',
    userFacing: false,
    role: 'info',
    metrics: [],
    queries: (discovery) => namesMatching(discovery, INFO_METRIC, isReadInfoMetric),
  },
  {
    signal: 'other_start_time',
    title: 'Start time',
    category: 'change',
    unit: 'unix_seconds',
    badDirection: 'both',
    userFacing: false,
    role: 'start_time',
    metrics: [],
    queries: (discovery) => namesMatching(discovery, START_TIME_METRIC, (name) => !KNOWN_START_TIMES.has(name)),
  },
  {
    signal: 'config_reload',
    title: 'Config reload',
    category: 'change',
    unit: 'unix_seconds',
    badDirection: 'both',
    userFacing: false,
    role: 'reload_time',
    metrics: [],
    queries: (discovery) => namesMatching(discovery, CONFIG_RELOAD_METRIC),
  },
  {
    signal: 'counter_resets',
    title: 'Counter resets',
    category: 'change',
    unit: 'count',
    badDirection: 'up',
    userFacing: false,
    role: 'reset_count',
    metrics: [],
    // `rate()` hides a reset; `resets()` counts them. Over the rate interval (≥ step + scrape), so a
    // reset between two steps' samples is never missed; the timeline reads a run of positive samples
    // as one reset. Metric names are plain identifiers, so joining them needs no regex escaping.
    queries: (discovery, { rateInterval }) => {
      const names = resetCounters(discovery);
      return names.length === 0 ? [] : [`max by (job, instance) (resets({__name__=~"${names.join('|')}"}[${rateInterval}]))`];
    },
  },
];
