/**
 * Reconstructions for the renderer tests, built inline so each test reads its own input: the
 * auth-deadlock outage of seed 1 (a config reload, deadlocks on db1, 5xx on auth-service, an alert
 * pending then firing, a restart, recovery) and an empty one where nothing was found.
 */
import { groupEpisodes } from '../src/timeline/episodes.js';
import { buildHypotheses } from '../src/timeline/hypotheses.js';
import type {
  AlertInterval,
  Labels,
  RankedAnomaly,
  Reconstruction,
  TimelineEvent,
  TimeWindow,
} from '../src/model/index.js';

/**
 * Unix seconds of an ISO-8601 time, so fixtures read as times rather than numbers.
 *
 * @example utc('2023-05-13T16:05:00Z') // 1683993900
 */
export function utc(iso: string): number {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) throw new RangeError(`Cannot read fixture time "${iso}"`);
  return millis / 1000;
}

/**
 * A ranked anomaly with plausible defaults (a database level shift on db1), overridden field by field.
 *
 * @example anomaly({ rank: 2, signal: 'http_error_ratio' })
 */
export function anomaly(overrides: Partial<RankedAnomaly> = {}): RankedAnomaly {
  return {
    rank: 1,
    rankReasons: [],
    signal: 'pg_deadlocks',
    title: 'Deadlocks',
    query: 'sum by (instance, job, datname) (rate(pg_stat_database_deadlocks{datname="auth"}[1m]))',
    labels: { job: 'postgres', instance: 'db1:9187', datname: 'auth' },
    category: 'database',
    unit: 'per_second',
    userFacing: false,
    pinpoints: true,
    kind: 'level_shift',
    direction: 'up',
    onset: utc('2023-05-13T15:55:30Z'),
    end: utc('2023-05-13T17:50:00Z'),
    peak: { time: utc('2023-05-13T16:12:00Z'), value: 2.4 },
    baseline: { value: 0, spread: 0.01, method: 'lookback', samples: 480 },
    score: 41.2,
    ...overrides,
  };
}

/**
 * A timeline event, overridden field by field.
 *
 * @example event({ kind: 'note', title: 'Users report failed logins' })
 */
export function event(overrides: Partial<TimelineEvent> = {}): TimelineEvent {
  return {
    time: utc('2023-05-13T16:00:00Z'),
    kind: 'note',
    source: 'notes',
    title: 'Note',
    labels: {},
    evidence: {},
    ...overrides,
  };
}

/** The outage window of the auth-deadlock fixture: 19:00–21:00 EAT, two hours of lookback, 15 s step. */
export const AUTH_WINDOW: TimeWindow = {
  from: utc('2023-05-13T16:00:00Z'),
  to: utc('2023-05-13T18:00:00Z'),
  lookbackFrom: utc('2023-05-13T14:00:00Z'),
  stepSeconds: 15,
  timezone: 'Africa/Nairobi',
};

const DEADLOCKS_LABELS: Labels = { job: 'postgres', instance: 'db1:9187', datname: 'auth' };
const AUTH_5XX_LABELS: Labels = { job: 'auth-service' };
const ALERT_LABELS: Labels = { alertname: 'AuthHighErrorRate', job: 'auth-service', severity: 'page' };
const CONFIG_RELOAD = 'Config reload on db1:9187: deadlock_timeout 1s → 50ms';
const RESTART = 'postgres restarted on db1:9187';

/**
 * The auth-deadlock outage of seed 1 as the pipeline would reconstruct it, with realistic ranks,
 * phases, impact, checked-normal series, unjudged series and one data gap.
 *
 * @example renderMarkdown(authDeadlock())
 */
export function authDeadlock(overrides: Partial<Reconstruction> = {}): Reconstruction {
  const anomalies: RankedAnomaly[] = [
    anomaly({ rankReasons: ['earliest onset in the incident cluster', 'cause-type signal (database)'] }),
    anomaly({
      rank: 2,
      rankReasons: ['user-facing signal (errors)'],
      signal: 'http_error_ratio',
      title: '5xx ratio',
      query: 'sum by (job) (rate(http_requests_total{code=~"5.."}[1m])) / sum by (job) (rate(http_requests_total[1m]))',
      labels: AUTH_5XX_LABELS,
      category: 'errors',
      unit: 'ratio',
      userFacing: true,
      onset: utc('2023-05-13T16:00:15Z'),
      end: utc('2023-05-13T17:50:00Z'),
      peak: { time: utc('2023-05-13T16:30:00Z'), value: 0.648 },
      baseline: { value: 0.004, spread: 0.002, method: 'lookback', samples: 480 },
      score: 35.7,
    }),
    anomaly({
      rank: 3,
      signal: 'pg_locks_waiting',
      title: 'Lock waits',
      query: 'sum by (instance, job, datname) (pg_locks_count{mode="ExclusiveLock"})',
      unit: 'count',
      kind: 'spike',
      onset: utc('2023-05-13T15:56:00Z'),
      end: utc('2023-05-13T17:46:00Z'),
      peak: { time: utc('2023-05-13T16:10:00Z'), value: 41 },
      baseline: { value: 1, spread: 1, method: 'lookback', samples: 480 },
      score: 20.1,
    }),
    anomaly({
      rank: 4,
      signal: 'cpu_utilization',
      title: 'CPU busy',
      query: '1 - avg by (instance, job) (rate(node_cpu_seconds_total{mode="idle"}[1m]))',
      labels: { instance: 'db1:9100', job: 'node' },
      category: 'saturation',
      unit: 'ratio',
      kind: 'trend',
      onset: utc('2023-05-13T16:20:00Z'),
      end: null,
      peak: { time: utc('2023-05-13T17:30:00Z'), value: 0.973 },
      baseline: { value: 0.21, spread: 0.04, method: 'lookback', samples: 480 },
      score: 12.3,
    }),
    anomaly({
      rank: 5,
      signal: 'http_latency_p99',
      title: 'p99 latency',
      query: 'histogram_quantile(0.99, sum by (job, route, le) (rate(http_request_duration_seconds_bucket[1m])))',
      labels: { job: 'auth-service', route: '/login' },
      category: 'latency',
      unit: 'seconds',
      userFacing: true,
      onset: utc('2023-05-13T16:00:30Z'),
      end: utc('2023-05-13T17:50:00Z'),
      peak: { time: utc('2023-05-13T16:31:00Z'), value: 2.35 },
      baseline: { value: 0.12, spread: 0.03, method: 'lookback', samples: 480 },
      score: 10.4,
    }),
  ];
  const events: TimelineEvent[] = [
    event({ time: utc('2023-05-13T15:40:00Z'), kind: 'change', source: 'changes', title: CONFIG_RELOAD, labels: { instance: 'db1:9187', job: 'postgres' } }),
    event({ time: utc('2023-05-13T15:55:30Z'), kind: 'anomaly_start', source: 'prometheus', title: 'Deadlocks on db1:9187 (auth) rose above baseline', labels: DEADLOCKS_LABELS, evidence: { signal: 'pg_deadlocks', score: 41.2 } }),
    event({ time: utc('2023-05-13T15:56:00Z'), kind: 'anomaly_start', source: 'prometheus', title: 'Lock waits on db1:9187 (auth) spiked', labels: DEADLOCKS_LABELS, evidence: { signal: 'pg_locks_waiting' } }),
    event({ time: utc('2023-05-13T16:00:15Z'), kind: 'anomaly_start', source: 'prometheus', title: '5xx ratio on auth-service rose above baseline', labels: AUTH_5XX_LABELS, evidence: { signal: 'http_error_ratio' } }),
    event({ time: utc('2023-05-13T16:01:00Z'), kind: 'alert_pending', source: 'alerts', title: 'AuthHighErrorRate pending', labels: ALERT_LABELS }),
    event({ time: utc('2023-05-13T16:05:00Z'), kind: 'alert_firing', source: 'alerts', title: 'AuthHighErrorRate firing', labels: ALERT_LABELS }),
    event({ time: utc('2023-05-13T16:20:00Z'), kind: 'anomaly_start', source: 'prometheus', title: 'CPU busy on db1:9100 rising', labels: { instance: 'db1:9100', job: 'node' }, evidence: { signal: 'cpu_utilization' } }),
    event({ time: utc('2023-05-13T17:45:00Z'), kind: 'restart', source: 'prometheus', title: RESTART, labels: { instance: 'db1:9187', job: 'postgres' }, evidence: { previousStart: utc('2023-05-01T08:00:00Z') } }),
    event({ time: utc('2023-05-13T17:50:00Z'), kind: 'anomaly_end', source: 'prometheus', title: '5xx ratio on auth-service back to baseline', labels: AUTH_5XX_LABELS, evidence: { signal: 'http_error_ratio' } }),
    event({ time: utc('2023-05-13T17:50:00Z'), kind: 'anomaly_end', source: 'prometheus', title: 'Deadlocks on db1:9187 (auth) back to baseline', labels: DEADLOCKS_LABELS, evidence: { signal: 'pg_deadlocks' } }),
    event({ time: utc('2023-05-13T17:55:00Z'), kind: 'alert_resolved', source: 'alerts', title: 'AuthHighErrorRate resolved', labels: ALERT_LABELS }),
  ];
  const web = Array.from({ length: 12 }, (_, i) => `web${i + 1}:9100`);
  const alerts: AlertInterval[] = [
    {
      alertname: 'AuthHighErrorRate',
      labels: { job: 'auth-service', severity: 'page' },
      pendingAt: utc('2023-05-13T16:01:00Z'),
      firingAt: utc('2023-05-13T16:05:00Z'),
      resolvedAt: utc('2023-05-13T17:55:00Z'),
      rule: {
        name: 'AuthHighErrorRate',
        group: 'auth',
        expr: 'job:http_error_ratio:rate1m{job="auth-service"} > 0.05',
        forSeconds: 240,
        labels: { severity: 'page' },
        annotations: { summary: 'More than 5 % of logins fail' },
      },
    },
  ];
  const trigger = utc('2023-05-13T15:40:00Z');
  return {
    window: AUTH_WINDOW,
    source: { kind: 'prometheus', url: 'http://prometheus.internal:9090', version: '2.45.0' },
    toolVersion: '0.1.0',
    anomalies,
    alerts,
    events,
    // As the pipeline builds them (src/reconstruct.ts), so the renderers read realistic chains.
    hypotheses: buildHypotheses({ anomalies, events, alerts, window: AUTH_WINDOW, trigger }),
    episodes: groupEpisodes(anomalies, AUTH_WINDOW),
    phases: {
      trigger,
      onset: utc('2023-05-13T15:55:30Z'),
      detected: utc('2023-05-13T16:05:00Z'),
      mitigated: utc('2023-05-13T17:45:00Z'),
      recovered: utc('2023-05-13T17:50:00Z'),
      resolved: utc('2023-05-13T17:55:00Z'),
    },
    phaseCauses: {
      trigger: CONFIG_RELOAD,
      onset: 'Deadlocks on db1:9187 (auth) rose above baseline',
      detected: 'AuthHighErrorRate firing',
      mitigated: RESTART,
      recovered: '5xx ratio on auth-service back to baseline',
      resolved: 'AuthHighErrorRate resolved',
    },
    impact: {
      affectedUsers: { percent: 64.8, low: 62.1, high: 67.4, method: 'access log: users with a failed login, Wilson 95 % interval' },
      requests: {
        total: 120345,
        failed: 40211,
        slow: 3020,
        slowThresholdSeconds: 1,
        method: 'http_requests_total and http_request_duration_seconds_bucket of auth-service',
      },
      segments: [
        { segment: 'customer_type=new', affectedUsers: { percent: 65.2, low: 61.9, high: 68.4, method: 'access log' } },
      ],
    },
    checkedNormal: [
      ...web.map((instance) => ({ signal: 'network_receive_bytes', title: 'Network receive', category: 'network' as const, labels: { instance, job: 'node', device: 'eth0' } })),
      ...web.slice(0, 3).map((instance) => ({ signal: 'load1', title: 'Load average', category: 'saturation' as const, labels: { job: 'node', instance } })),
    ],
    unjudged: [
      { signal: 'pg_stat_statements_mean_seconds', labels: { instance: 'db1:9187', queryid: '8412' }, reason: 'fewer than 10 finite samples' },
      { signal: 'pg_stat_statements_mean_seconds', labels: { instance: 'db1:9187', queryid: '8413' }, reason: 'fewer than 10 finite samples' },
    ],
    dataGaps: [{ source: 'rules', what: '/api/v1/rules', reason: 'HTTP 403 Forbidden' }],
    ...overrides,
  };
}

/**
 * A run that found nothing: no anomalies, no alerts, no events, no phases, no impact.
 *
 * @example renderMarkdown(emptyReconstruction())
 */
export function emptyReconstruction(overrides: Partial<Reconstruction> = {}): Reconstruction {
  return {
    window: AUTH_WINDOW,
    source: { kind: 'prometheus', url: 'http://prometheus.internal:9090', version: null },
    toolVersion: '0.1.0',
    anomalies: [],
    alerts: [],
    events: [],
    phases: { trigger: null, onset: null, detected: null, mitigated: null, recovered: null, resolved: null },
    phaseCauses: { trigger: null, onset: null, detected: null, mitigated: null, recovered: null, resolved: null },
    impact: { affectedUsers: null, requests: null, segments: [] },
    checkedNormal: [],
    unjudged: [],
    dataGaps: [],
    ...overrides,
  };
}

/**
 * The same label set with its keys in reverse order, to show that output does not follow key order.
 *
 * @example Object.keys(reverseKeys({ a: '1', b: '2' })) // ['b', 'a']
 */
export function reverseKeys(labels: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).reverse());
}
