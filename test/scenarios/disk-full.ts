/**
 * Scenario `disk-full` (issue 3's "disk filling up"; no published postmortem behind it).
 *
 * An analytics company's event ingestion in Bengaluru, Tuesday 3 September 2024. At 20:11 IST (14:41
 * UTC) a support engineer turns on debug logging on ingest1 through its admin endpoint, to chase one
 * customer's dropped events, and forgets it. Debug lines carry whole request bodies: about 2 MB/s of
 * log at the evening peak go to /var/log on ingest1's root volume, which was already 70 % used (spool,
 * old logs, container images). Its free space falls steadily, HostOutOfDiskSpace fires below 10 %,
 * and at about 21:30 IST the volume is full: `node_filesystem_avail_bytes` is 0, ingest-api cannot
 * spool incoming events and answers 97 % of ingest1's writes with 500. SDKs retry. At 21:54 IST the
 * on-call deletes the debug logs and turns debug off: space is back and writes succeed at once.
 *
 * Culprit: filesystem_free_ratio of ingest1, mountpoint `/`. The day before, the same mistake on
 * ingest2 was caught after twenty minutes (a benign dip in the lookback).
 */
import { consumerTraffic, isoTime, unixTime } from './_grid.js';
import { addHttpService, SLOW_THRESHOLD_SECONDS } from './_http.js';
import type { Latency, RouteCondition, RouteSpec } from './_http.js';
import { addAlertHistory, highErrorRate, highRequestLatency, hostHighCpuLoad, postgresDown, postgresTooManyConnections } from './_alerts.js';
import type { AlertCondition, AlertInstance, ScenarioRule } from './_alerts.js';
import {
  GiB, LOAD_SHAPES, addHealthyPostgres, addHost, addUp, countRequestsFromCounters, expectBetween, nightlyBatch, scrapeTarget, steadyStatement, truthAnomaly,
} from './_estate.js';
import type { Estate } from './_estate.js';
import { instantAt } from './_promql.js';
import { SeriesStore } from './_store.js';
import type { BuiltScenario, ScenarioDefinition } from './_world.js';
import { STEP_SECONDS, alertPhases, alertsForTruth, gridAround, phasesToIso } from './_world.js';
import type { TruthSeriesRef } from './truth.js';

const NAME = 'disk-full';
const SEED = `${NAME}/v1`;
const TIMEZONE = 'Asia/Kolkata';
/** India Standard Time: UTC+5:30 all year, a half-hour offset. */
const UTC_OFFSET_SECONDS = 5.5 * 3600;
const on3rd = (time: string): number => unixTime(`2024-09-03T${time}Z`);
const on2nd = (time: string): number => unixTime(`2024-09-02T${time}Z`);

// The schedule, UTC. The operator's 20:00–22:00 IST is 14:30–16:30 UTC.
const WINDOW_FROM = on3rd('14:30:00');
const WINDOW_TO = on3rd('16:30:00');
const JOB = 'ingest-api';
/** Debug logging switched on for ingest1 (no restart: a runtime log level): trigger and onset. */
const DEBUG_ON = on3rd('14:41:30');
/** Debug logs deleted and debug switched off: mitigated and recovered (writes succeed at once). */
const CLEANED = on3rd('16:24:00');
/** The volume must run full about an hour and a half after debug went on, inside the window. */
const FULL_EXPECTED: readonly [number, number] = [on3rd('15:45:00'), on3rd('16:10:00')];
/** Benign: the same mistake on ingest2 the day before, caught after twenty-five minutes (22:10–22:35 IST). */
const BENIGN_DEBUG = { host: 'ingest2', on: on2nd('16:40:00'), cleaned: on2nd('17:05:00') };
/** Benign: the nightly session roll-up on worker2 (02:00–02:50 IST). */
const NIGHTLY_BATCH = { host: 'worker2', from: on2nd('20:30:00'), to: on2nd('21:20:00') };

const ROOT_SIZE_BYTES = 32 * GiB;
const INGEST1_ROOT_USED = 0.7;
const INGEST2_ROOT_USED = 0.66;
/** Debug log written per request: headers and trace lines, plus the body (a batch carries hundreds of events). */
const DEBUG_BYTES_PER_REQUEST: Readonly<Record<string, number>> = {
  '/v1/events': 7_500,
  '/v1/batch': 175_000,
  '/v1/config': 1_200,
};
/** Serialising bodies for the log costs CPU: cores at traffic 1 on the instance logging. */
const DEBUG_CPU_CORES_AT_PEAK = 0.12;
/** A write that cannot spool fails at once with ENOSPC. */
const ENOSPC_ERROR_RATIO = 0.97;
const ENOSPC_LATENCY: Latency = { median: 0.004, sigma: 0.6 };
/** SDKs retry failed uploads with backoff: more requests while ingest1 fails. */
const RETRY_FACTOR = 1.3;
const FAST_ERROR_LATENCY: Latency = { median: 0.02, sigma: 1 };
const NO_DEGRADATION: Latency = { median: 1, sigma: 1 };

interface IngestRoute extends RouteSpec {
  readonly latency: Latency;
  /** Writes go through the local spool and fail when the disk is full. */
  readonly writes: boolean;
}

const INGEST_ROUTES: readonly IngestRoute[] = [
  { method: 'POST', route: '/v1/events', peakRate: 160, floorRate: 6, successCode: '202', otherCodes: { '400': 0.004, '413': 0.0005 }, latency: { median: 0.012, sigma: 0.5 }, writes: true },
  { method: 'POST', route: '/v1/batch', peakRate: 25, floorRate: 1, successCode: '202', otherCodes: { '400': 0.002 }, latency: { median: 0.045, sigma: 0.6 }, writes: true },
  { method: 'GET', route: '/v1/config', peakRate: 30, floorRate: 1.5, successCode: '200', otherCodes: { '304': 0.6 }, latency: { median: 0.003, sigma: 0.5 }, writes: false },
];
const DASHBOARD_ROUTES: readonly RouteSpec[] = [
  { method: 'GET', route: '/api/reports/:id', peakRate: 6, floorRate: 0.05, successCode: '200', otherCodes: { '404': 0.01 } },
  { method: 'GET', route: '/api/projects/:id/events', peakRate: 9, floorRate: 0.1, successCode: '200', otherCodes: {} },
];

/** One host's debug log: bytes written by each instant since debug went on, and whether it is on. */
interface DebugLog {
  readonly written: Float64Array;
  readonly on: Uint8Array;
}

function build(): BuiltScenario {
  const grid = gridAround(WINDOW_FROM, WINDOW_TO);
  const store = new SeriesStore(grid);
  const n = grid.length;
  const times = Float64Array.from({ length: n }, (_, k) => grid.time(k));
  const traffic = times.map((t) => consumerTraffic(t, UTC_OFFSET_SECONDS));
  const estate: Estate = {
    store,
    grid,
    seed: SEED,
    traffic,
    instants: [WINDOW_FROM, WINDOW_TO, DEBUG_ON, CLEANED, BENIGN_DEBUG.on, BENIGN_DEBUG.cleaned, NIGHTLY_BATCH.from, NIGHTLY_BATCH.to],
    outageSpan: [[WINDOW_FROM - 1800, WINDOW_TO + 1800]],
  };
  /** Expected requests per second one ingest instance serves on a route (half the job's). */
  const perInstance = (route: RouteSpec, k: number): number => (route.peakRate * (traffic[k] ?? 0) + route.floorRate) / 2;
  const debugLog = (on: number, off: number): DebugLog => {
    const written = new Float64Array(n);
    const active = new Uint8Array(n);
    let total = 0;
    for (let k = 0; k < n; k++) {
      const t = times[k] ?? 0;
      if (t > on && t <= off) {
        for (const route of INGEST_ROUTES) total += (DEBUG_BYTES_PER_REQUEST[route.route] ?? 0) * perInstance(route, k) * grid.step;
        active[k] = 1;
      }
      written[k] = t > on && t < off ? total : 0;
    }
    return { written, on: active };
  };
  const outage = debugLog(DEBUG_ON, CLEANED);
  const benign = debugLog(BENIGN_DEBUG.on, BENIGN_DEBUG.cleaned);
  /** What the steady model keeps in use on ingest1's root at an instant, without its jitter (see _node.ts). */
  const steadyUsed = (t: number): number => ROOT_SIZE_BYTES * (INGEST1_ROOT_USED + 0.004 * ((t % 86_400) / 86_400));
  const fullIndex = times.findIndex((t, k) => t >= DEBUG_ON && steadyUsed(t) + (outage.written[k] ?? 0) >= ROOT_SIZE_BYTES);
  const diskFull = times[fullIndex] ?? Infinity;
  expectBetween('ingest1 root volume full', diskFull, ...FULL_EXPECTED);
  const full = (t: number): boolean => t >= diskFull && t < CLEANED;

  // ---- hosts ------------------------------------------------------------------------------------
  const ingestHost = (host: string, used: number, log: DebugLog, fillsUp: boolean) =>
    addHost(estate, {
      host, cpus: 2, memoryBytes: 8 * GiB, shape: LOAD_SHAPES.app, rootSizeBytes: ROOT_SIZE_BYTES, rootUsedRatio: used, involved: true,
      rootUsedBytes: (t, steady) => {
        const k = grid.indexOf(t);
        // A full volume has nothing left for non-root writers: node_filesystem_avail_bytes is 0.
        if (fillsUp && full(t)) return ROOT_SIZE_BYTES;
        return Math.min(ROOT_SIZE_BYTES - 4096, steady + (log.written[k] ?? 0));
      },
      perturb: (load) => {
        for (let k = 0; k < n; k++) if (log.on[k] === 1) load.busy[k] = (load.busy[k] ?? 0) + (DEBUG_CPU_CORES_AT_PEAK * (traffic[k] ?? 0)) / 2;
      },
    });
  const nodeTargets = [
    ingestHost('ingest1', INGEST1_ROOT_USED, outage, true),
    ingestHost('ingest2', INGEST2_ROOT_USED, benign, false),
    ...['web1', 'web2'].map((host) => addHost(estate, { host, cpus: 2, memoryBytes: 8 * GiB, shape: LOAD_SHAPES.web, rootSizeBytes: 40 * GiB, rootUsedRatio: 0.42 })),
    ...['worker1', 'worker2', 'worker3'].map((host) =>
      addHost(estate, {
        host, cpus: 2, memoryBytes: 8 * GiB, shape: LOAD_SHAPES.worker, rootSizeBytes: 40 * GiB, rootUsedRatio: 0.37,
        ...(host === NIGHTLY_BATCH.host ? { perturb: (load) => nightlyBatch(estate, load, NIGHTLY_BATCH.from, NIGHTLY_BATCH.to) } : {}),
      }),
    ),
    addHost(estate, {
      host: 'db1', cpus: 4, memoryBytes: 32 * GiB, shape: LOAD_SHAPES.db, rootSizeBytes: 80 * GiB, rootUsedRatio: 0.29,
      extraFilesystems: [{ device: '/dev/nvme1n1', fstype: 'ext4', mountpoint: '/var/lib/postgresql', sizeBytes: 400 * GiB, usedRatio: 0.51, growthPerDay: 0.0019 }],
    }),
  ];

  // ---- ingest-api (prom-client) on ingest1 and ingest2 -------------------------------------------
  const ingestTargets = ['ingest1', 'ingest2'].map((host) => scrapeTarget(estate, JOB, `${host}:8080`, unixTime('2024-08-29T07:44:02Z'), true));
  const steady = (route: RouteSpec): RouteCondition => ({
    rateFactor: 1,
    errorRatio: 0.0004,
    latency: (route as IngestRoute).latency,
    degradedShare: 0,
    degradedLatency: NO_DEGRADATION,
    errorLatency: FAST_ERROR_LATENCY,
  });
  addHttpService(
    store,
    {
      job: JOB,
      targets: ingestTargets,
      routes: INGEST_ROUTES,
      errorCode: '500',
      traffic,
      // Retries reach both instances: the load balancer does not know ingest1 fails.
      condition: (route, k) => ({ ...steady(route), rateFactor: (route as IngestRoute).writes && full(times[k] ?? 0) ? RETRY_FACTOR : 1 }),
      instanceCondition: (route, k, i) =>
        i === 0 && (route as IngestRoute).writes && full(times[k] ?? 0)
          ? { ...steady(route), rateFactor: RETRY_FACTOR, errorRatio: ENOSPC_ERROR_RATIO, errorLatency: ENOSPC_LATENCY }
          : null,
      baseMemoryBytes: 260_000_000,
      extraCpuCores: (i, k) => ((i === 0 ? outage : benign).on[k] === 1 ? DEBUG_CPU_CORES_AT_PEAK * (traffic[k] ?? 0) : 0),
    },
    SEED,
  );

  const dashboardTargets = ['web1', 'web2'].map((host) => scrapeTarget(estate, 'dashboard-api', `${host}:3000`, unixTime('2024-08-20T12:10:37Z')));
  addHttpService(
    store,
    {
      job: 'dashboard-api',
      targets: dashboardTargets,
      routes: DASHBOARD_ROUTES,
      errorCode: '500',
      traffic,
      condition: (route) => ({
        rateFactor: 1,
        errorRatio: 0.0009,
        latency: route.route === '/api/reports/:id' ? { median: 0.16, sigma: 0.6 } : { median: 0.07, sigma: 0.5 },
        degradedShare: 0,
        degradedLatency: NO_DEGRADATION,
        errorLatency: FAST_ERROR_LATENCY,
      }),
      baseMemoryBytes: 190_000_000,
    },
    SEED,
  );

  // ---- postgres_exporter on db1 -------------------------------------------------------------------
  const exporter = addHealthyPostgres(estate, {
    host: 'db1',
    maxConnections: 150,
    initialDeadlocks: { postgres: 0, analytics: 0 },
    databases: [
      {
        datname: 'analytics', poolSize: 30, activePerTraffic: 2.5,
        statements: [
          steadyStatement(estate, { user: 'dashboard', datname: 'analytics', queryid: '3318801927364510293', query: 'SELECT … FROM saved_reports WHERE id = $1 AND project_id = $2', perTraffic: 6, meanSeconds: 0.0014 }),
          steadyStatement(estate, { user: 'ingest', datname: 'analytics', queryid: '-7402193846152039487', query: 'SELECT … FROM api_keys WHERE key_hash = $1', perTraffic: 4, meanSeconds: 0.0007 }),
        ],
      },
    ],
  });

  // ---- up, alerts -------------------------------------------------------------------------------
  addUp(store, [...nodeTargets, ...ingestTargets, ...dashboardTargets, exporter]);
  const rules = [
    hostOutOfDiskSpace(0.1, 120),
    highErrorRate(0.05, 1, 120),
    highRequestLatency(JOB, 2, 120),
    hostHighCpuLoad(0.8, 600),
    postgresDown(60),
    postgresTooManyConnections(0.8, 300),
  ];
  const alerts = addAlertHistory(store, rules);
  const { detected, resolved } = alertPhases(alerts, WINDOW_FROM, WINDOW_TO);
  expectBetween('HostOutOfDiskSpace firing before the volume is full', detected, DEBUG_ON, diskFull);
  return { store, rules, truth: truthOf(store, diskFull, detected, resolved, alerts) };
}

/** A filesystem with less than `ratio` of its space left, the classic node_exporter rule. */
function hostOutOfDiskSpace(ratio: number, forSeconds: number): ScenarioRule {
  return {
    group: 'node',
    alert: 'HostOutOfDiskSpace',
    expr: `node_filesystem_avail_bytes{fstype!~"tmpfs|vfat"} / node_filesystem_size_bytes{fstype!~"tmpfs|vfat"} < ${ratio}`,
    forSeconds,
    severity: 'warning',
    summary: 'Host {{ $labels.instance }} is running out of disk space on {{ $labels.mountpoint }}',
    description: `{{ $value | humanizePercentage }} of {{ $labels.mountpoint }} on {{ $labels.instance }} is free (threshold ${ratio * 100}%).`,
    evaluate(store): AlertCondition[] {
      return store
        .select('node_filesystem_avail_bytes')
        .filter((avail) => avail.labels['fstype'] !== 'vfat')
        .map((avail) => {
          const [size] = store.select('node_filesystem_size_bytes', avail.labels);
          return {
            labels: avail.labels,
            holds: Uint8Array.from({ length: store.grid.length }, (_, k) => {
              const total = size === undefined ? Number.NaN : instantAt(size, k);
              return instantAt(avail, k) / total < ratio ? 1 : 0;
            }),
          };
        });
    },
  };
}

function truthOf(store: SeriesStore, diskFull: number, detected: number, resolved: number, alerts: readonly AlertInstance[]): BuiltScenario['truth'] {
  const { grid } = store;
  const job = { job: JOB };
  const ingest1 = { instance: 'ingest1:9100' };
  const requests = countRequestsFromCounters(store, JOB, WINDOW_FROM, WINDOW_TO, String(SLOW_THRESHOLD_SECONDS));
  const dashboard = countRequestsFromCounters(store, 'dashboard-api', WINDOW_FROM, WINDOW_TO, String(SLOW_THRESHOLD_SECONDS));
  const normal: TruthSeriesRef[] = [
    { signal: 'filesystem_free_ratio', labels: { instance: 'ingest2:9100', mountpoint: '/' } },
    { signal: 'filesystem_free_ratio', labels: { instance: 'db1:9100', mountpoint: '/var/lib/postgresql' } },
    { signal: 'cpu_utilization', labels: { instance: 'ingest2:9100' } },
    { signal: 'memory_available_ratio', labels: ingest1 },
    { signal: 'network_transmit_bytes', labels: ingest1 },
    { signal: 'network_receive_bytes', labels: { instance: 'web1:9100' } },
    { signal: 'http_error_ratio', labels: { job: 'dashboard-api' } },
    { signal: 'http_latency_p99', labels: { job: 'dashboard-api' } },
    { signal: 'cpu_utilization', labels: { instance: 'db1:9100' } },
    { signal: 'pg_connections', labels: { instance: 'db1:9187' } },
  ];
  return {
    name: NAME,
    timezone: TIMEZONE,
    stepSeconds: STEP_SECONDS,
    dataFrom: isoTime(grid.from),
    dataTo: isoTime(grid.to),
    window: { from: isoTime(WINDOW_FROM), to: isoTime(WINDOW_TO) },
    culprit: {
      signals: ['filesystem_free_ratio'],
      labels: { ...ingest1, mountpoint: '/' },
      description: 'Debug logging left on for ingest1 filled its root volume with request bodies; with no space left ingest-api could not spool events.',
    },
    phases: phasesToIso({ trigger: DEBUG_ON, onset: DEBUG_ON, detected, mitigated: CLEANED, recovered: CLEANED, resolved }),
    anomalous: [
      truthAnomaly('filesystem_free_ratio', { ...ingest1, mountpoint: '/' }, DEBUG_ON, CLEANED, 'down', 'free space 30 % -> 0 over about 80 minutes of debug log, back to 30 % when the logs are deleted'),
      truthAnomaly('http_error_ratio', job, diskFull, CLEANED, 'up', '5xx 0.04 % -> about 45 % of the job (97 % of ingest1\'s writes fail with ENOSPC)'),
      truthAnomaly('http_request_rate', job, diskFull, CLEANED, 'up', 'SDK retries: about +25 % requests', { weak: true }),
      truthAnomaly('process_cpu', { instance: 'ingest1:8080', job: JOB }, DEBUG_ON, CLEANED, 'up', 'serialising request bodies for the debug log: about +0.1 core', { weak: true }),
      truthAnomaly('cpu_utilization', ingest1, DEBUG_ON, CLEANED, 'up', 'about +5 % CPU on ingest1', { weak: true }),
    ],
    normal,
    impact: {
      requestsTotal: requests.total,
      requestsFailed: requests.failed,
      requestsSlow: requests.slow,
      slowThresholdSeconds: SLOW_THRESHOLD_SECONDS,
      jobs: [JOB],
      byJob: { [JOB]: requests, 'dashboard-api': dashboard },
    },
    benign: [
      {
        description: 'the same debug logging on ingest2 the day before, switched off and cleaned after twenty-five minutes (about 2 GB of log)',
        from: isoTime(BENIGN_DEBUG.on),
        to: isoTime(BENIGN_DEBUG.cleaned),
        series: [
          { signal: 'filesystem_free_ratio', labels: { instance: 'ingest2:9100', mountpoint: '/' } },
          { signal: 'process_cpu', labels: { instance: 'ingest2:8080', job: JOB } },
        ],
      },
      {
        description: 'nightly session roll-up on worker2 (CPU about 95 %, 28 MB/s in; fires HostHighCpuLoad)',
        from: isoTime(NIGHTLY_BATCH.from),
        to: isoTime(NIGHTLY_BATCH.to),
        series: [
          { signal: 'cpu_utilization', labels: { instance: 'worker2:9100' } },
          { signal: 'network_receive_bytes', labels: { instance: 'worker2:9100' } },
        ],
      },
    ],
    alerts: alertsForTruth(alerts, WINDOW_FROM, WINDOW_TO),
    restarts: [],
    changes: [
      { labels: { instance: 'ingest1:8080', job: JOB }, at: isoTime(DEBUG_ON), description: 'log level set to debug at runtime (not in the metrics)' },
      { labels: { instance: 'ingest1:8080', job: JOB }, at: isoTime(CLEANED), description: 'debug logs deleted, log level back to info (not in the metrics)' },
    ],
    seed: null,
  };
}

export const diskFull: ScenarioDefinition = { name: NAME, build };
