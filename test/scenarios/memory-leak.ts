/**
 * Scenario `memory-leak` (issue 3's "memory leak with restarts"; no published postmortem behind it).
 *
 * A shop's recommendations service on Kubernetes, São Paulo, Tuesday 12 March 2024. At 09:07 BRT
 * (12:07 UTC) a partner's "similar items" widget goes live. Its requests carry a per-session key, and
 * the service caches every answer under it in an unbounded in-process map: each of the three pods'
 * resident memory grows steadily, about 250 MB an hour, towards its 1 GiB container limit. Some two
 * hours later each pod in turn spends a quarter of an hour thrashing in garbage collection (a core of
 * CPU, two-second pauses, a third of its requests time out with 503) and is then OOM-killed; the
 * kubelet restarts the container in place (same pod, same IP: `process_start_time_seconds` jumps,
 * counters reset, `kube_pod_container_status_restarts_total` goes up, the last termination reason is
 * OOMKilled), memory starts again from its normal level and the leak resumes. At 12:40 BRT the team
 * switches the partner path to a bounded cache with a feature flag: the leaked map is collected and
 * memory is back to normal within two minutes, without a restart.
 *
 * Culprit: process_memory of the recommendations pods. The misleading symptoms: the nodes' CPU during
 * the thrash, and errors that come and go with each restart.
 */
import { consumerTraffic, isoTime, smoothNoise, unixTime } from './_grid.js';
import { addHttpService, SLOW_THRESHOLD_SECONDS } from './_http.js';
import type { Latency, RouteCondition, RouteSpec } from './_http.js';
import { addAlertHistory, highErrorRate, highRequestLatency, hostHighCpuLoad, postgresDown, postgresTooManyConnections } from './_alerts.js';
import type { AlertCondition, AlertInstance, ScenarioRule } from './_alerts.js';
import {
  GiB, LOAD_SHAPES, addHealthyPostgres, addHost, addUp, countRequestsFromCounters, expectBetween, nightlyBatch, scrapeTarget, steadyStatement, truthAnomaly,
} from './_estate.js';
import type { Estate } from './_estate.js';
import { addKubeStateMetrics } from './_kube.js';
import { instantAt } from './_promql.js';
import { Random } from './_random.js';
import { SeriesStore } from './_store.js';
import type { BuiltScenario, ScenarioDefinition } from './_world.js';
import { STEP_SECONDS, alertPhases, alertsForTruth, gridAround, phasesToIso } from './_world.js';
import type { TruthAnomaly, TruthSeriesRef } from './truth.js';

const NAME = 'memory-leak';
const SEED = `${NAME}/v1`;
const TIMEZONE = 'America/Sao_Paulo';
/** Brasília time: UTC−3 all year (Brazil dropped daylight saving in 2019). */
const UTC_OFFSET_SECONDS = -3 * 3600;
const on12th = (time: string): number => unixTime(`2024-03-12T${time}Z`);

// The schedule, UTC. The operator's 09:00–13:00 BRT is 12:00–16:00 UTC.
const WINDOW_FROM = on12th('12:00:00');
const WINDOW_TO = on12th('16:00:00');
const JOB = 'recommendations';
const NAMESPACE = 'shop';
/** The partner widget goes live: trigger and onset (memory starts to grow with its first requests). */
const LEAK_START = on12th('12:07:30');
/** The feature flag that puts the partner path on a bounded cache: the leak stops, the map is collected. */
const FLAG_OFF = on12th('15:40:00');
/** V8 releases the collected map over a couple of major collections. */
const RELEASE_SECONDS = 120;
/** The first pod must be OOM-killed about two hours into the leak, all three within the window. */
const FIRST_OOM_EXPECTED: readonly [number, number] = [on12th('14:00:00'), on12th('14:40:00')];
const LAST_OOM_BY = on12th('15:15:00');

const MEMORY_LIMIT_BYTES = GiB;
/** Resident memory of a warmed-up pod without the leak (V8 heap, code, buffers). */
const BASE_RSS_BYTES = 330_000_000;
/** Each partner request leaves one cached answer behind (a recommendation list with product payloads). */
const LEAKED_BYTES_PER_REQUEST = 42_000;
/** Share of the limit beyond which V8 collects back to back: pauses of seconds, timeouts. */
const THRASH_FILL = 0.93;
/** CPU a thrashing Node.js process burns in garbage collection (cores). */
const THRASH_GC_CORES = 0.85;
const THRASH_ERROR_RATIO = 0.3;
const THRASH_DEGRADED_SHARE = 0.7;
const THRASH_LATENCY: Latency = { median: 1.2, sigma: 0.45 };
/** The request timeout middleware answers 503 after 2 s. */
const TIMEOUT_LATENCY: Latency = { median: 2.02, sigma: 0.01 };
const FAST_ERROR_LATENCY: Latency = { median: 0.02, sigma: 1 };
const NO_DEGRADATION: Latency = { median: 1, sigma: 1 };
const ANSWER_LATENCY: Latency = { median: 0.02, sigma: 0.5 };
/** The kernel kills the process between two scrapes; the kubelet starts it again about two seconds later. */
const KILL_BEFORE_SCRAPE_SECONDS = 6;
const RESTART_DELAY_SECONDS = 2;
/** V8's old-space sawtooth: collections free memory every twenty minutes or so, about 12 % of the heap. */
const GC_PERIOD_SECONDS = 1200;
/**
 * The leak (about 4 MB/min) only steepens the heap's regrowth between collections (about 2 MB/min):
 * a slope change inside a sawtooth, which the data dates to a couple of minutes, not to the scrape.
 */
/** The catalogue's rate() window at a 15 s scrape (four scrapes). */
const RATE_WINDOW_SECONDS = 60;
const LEAK_ONSET_TOLERANCE = {
  seconds: 120,
  reason: 'the leak steepens the heap regrowth between V8 collections from about 2 to 6 MB/min: a slope change in a sawtooth',
} as const;
const GC_SAWTOOTH = 0.12;
const WARM_UP_SECONDS = 1800;
/** Partner requests per second to the whole job at traffic 1, and at any hour. */
const PARTNER_PEAK_RATE = 11;
const PARTNER_FLOOR_RATE = 0.4;
/** Benign: a nightly feed import CronJob on k8s-node-4 (02:00–02:45 BRT); fires HostHighCpuLoad. */
const NIGHTLY_BATCH = { host: 'k8s-node-4', from: on12th('05:00:00'), to: on12th('05:45:00') };
/** Benign: a catalog-api container restarted by its liveness probe the afternoon before. */
const CATALOG_PROBE_RESTART = unixTime('2024-03-11T19:42:08Z');

interface Pod {
  readonly pod: string;
  readonly ip: string;
  readonly node: string;
  readonly uid: string;
  /** Share of the job's traffic the Service sends it, relative to an even split. */
  readonly share: number;
}

const PODS: readonly Pod[] = [
  { pod: 'recommendations-7d9c8b6f5-x2kqp', ip: '10.42.1.23', node: 'k8s-node-1', uid: '5b1e7c2a-93f0-4d61-a8e2-0c4f9d3b7e11', share: 1.07 },
  { pod: 'recommendations-7d9c8b6f5-m4v8n', ip: '10.42.2.17', node: 'k8s-node-2', uid: 'c04d2f8e-1a7b-4c35-9e60-7b2d5a1f8c43', share: 1.0 },
  { pod: 'recommendations-7d9c8b6f5-q7zt5', ip: '10.42.3.31', node: 'k8s-node-3', uid: '9e7a3b10-6c2d-4f84-b5a1-2d8e0f6c9a75', share: 0.93 },
];
const CATALOG_PODS = [
  { pod: 'catalog-api-5f6b9d4c8-h8w2r', ip: '10.42.1.40', node: 'k8s-node-1', uid: '2f8c6a41-0b3e-4d7a-9c15-8e4b7d2a6f30' },
  { pod: 'catalog-api-5f6b9d4c8-t3k9s', ip: '10.42.4.12', node: 'k8s-node-4', uid: '7a4d1e93-5c28-4b6f-8e07-3f9b2c1d5e84' },
] as const;
const NODES = ['k8s-node-1', 'k8s-node-2', 'k8s-node-3', 'k8s-node-4'] as const;

const ROUTES: readonly RouteSpec[] = [
  { method: 'GET', route: '/v1/recommendations/home', peakRate: 28, floorRate: 0.5, successCode: '200', otherCodes: {} },
  // The partner's widget calls this route too: its traffic is added through the condition's rate factor.
  { method: 'GET', route: '/v1/recommendations/similar', peakRate: 9, floorRate: 0.2, successCode: '200', otherCodes: { '404': 0.02 } },
];
const CATALOG_ROUTES: readonly RouteSpec[] = [
  { method: 'GET', route: '/api/products/:id', peakRate: 42, floorRate: 0.8, successCode: '200', otherCodes: { '404': 0.012 } },
  { method: 'GET', route: '/api/categories/:slug', peakRate: 14, floorRate: 0.2, successCode: '200', otherCodes: {} },
];

/** One pod's life through the data: resident memory, GC thrash, and when it was OOM-killed. */
interface PodHistory {
  readonly memory: Float64Array;
  /** 1 where the pod thrashes in GC (its smooth memory trend is above THRASH_FILL of the limit). */
  readonly thrashing: Uint8Array;
  /** New process start times after each OOM kill. */
  readonly restarts: readonly number[];
  /** First thrashing instant before each kill. */
  readonly thrashStarts: readonly number[];
  /** Bytes the leak holds (for the node's memory). */
  readonly leaked: Float64Array;
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
    instants: [WINDOW_FROM, WINDOW_TO, LEAK_START, FLAG_OFF, NIGHTLY_BATCH.from, NIGHTLY_BATCH.to, CATALOG_PROBE_RESTART],
    outageSpan: [[WINDOW_FROM - 1800, WINDOW_TO + 1800]],
  };
  /** Partner requests per second to the whole job. */
  const partnerRate = (k: number): number => ((times[k] ?? 0) >= LEAK_START ? PARTNER_PEAK_RATE * (traffic[k] ?? 0) + PARTNER_FLOOR_RATE : 0);
  const histories = PODS.map((pod, i) => podHistory(estate, pod, i, partnerRate));

  // ---- Kubernetes nodes and db1 -----------------------------------------------------------------
  const nodeTargets = NODES.map((host) => {
    const onNode = PODS.map((pod, i) => (pod.node === host ? i : -1)).filter((i) => i >= 0);
    return addHost(estate, {
      host, cpus: 4, memoryBytes: 16 * GiB, shape: LOAD_SHAPES.kube, rootSizeBytes: 100 * GiB, rootUsedRatio: 0.34, involved: onNode.length > 0,
      perturb: (load) => {
        if (host === NIGHTLY_BATCH.host) nightlyBatch(estate, load, NIGHTLY_BATCH.from, NIGHTLY_BATCH.to);
        for (const i of onNode) {
          const history = histories[i] as PodHistory;
          for (let k = 0; k < n; k++) {
            // The pod's cgroup memory is the node's too; its GC burns the node's CPU.
            load.memoryUsed[k] = (load.memoryUsed[k] ?? 0) + (history.leaked[k] ?? 0) / (16 * GiB);
            if (history.thrashing[k] === 1) load.busy[k] = (load.busy[k] ?? 0) + THRASH_GC_CORES / 4;
          }
        }
      },
    });
  });
  nodeTargets.push(
    addHost(estate, {
      host: 'db1', cpus: 4, memoryBytes: 32 * GiB, shape: LOAD_SHAPES.db, rootSizeBytes: 80 * GiB, rootUsedRatio: 0.28,
      extraFilesystems: [{ device: '/dev/nvme1n1', fstype: 'ext4', mountpoint: '/var/lib/postgresql', sizeBytes: 250 * GiB, usedRatio: 0.44, growthPerDay: 0.0015 }],
    }),
  );

  // ---- recommendations (prom-client in a pod), the leaking service --------------------------------
  const podTargets = PODS.map((pod, i) => {
    const target = scrapeTarget(estate, JOB, `${pod.ip}:8080`, unixTime('2024-03-07T16:21:09Z') + 40 * i, true);
    for (const restart of (histories[i] as PodHistory).restarts) target.restart(restart);
    return target;
  });
  const steady = (route: RouteSpec, k: number): RouteCondition => ({
    rateFactor: route.route === '/v1/recommendations/similar' ? 1 + partnerRate(k) / (route.peakRate * (traffic[k] ?? 0) + route.floorRate) : 1,
    errorRatio: 0.0006,
    // Both routes answer from the same model: the partner's extra traffic does not change the latency mix.
    latency: ANSWER_LATENCY,
    degradedShare: 0,
    degradedLatency: NO_DEGRADATION,
    errorLatency: FAST_ERROR_LATENCY,
  });
  addHttpService(
    store,
    {
      job: JOB,
      targets: podTargets,
      routes: ROUTES,
      errorCode: '503',
      traffic,
      condition: steady,
      instanceCondition: (route, k, i) =>
        histories[i]?.thrashing[k] === 1
          ? { ...steady(route, k), errorRatio: THRASH_ERROR_RATIO, degradedShare: THRASH_DEGRADED_SHARE, degradedLatency: THRASH_LATENCY, errorLatency: TIMEOUT_LATENCY }
          : null,
      baseMemoryBytes: BASE_RSS_BYTES,
      residentMemoryBytes: (i, k) => histories[i]?.memory[k] ?? Number.NaN,
      extraCpuCores: (i, k) => (histories[i]?.thrashing[k] === 1 ? THRASH_GC_CORES : 0),
    },
    SEED,
  );

  const catalogTargets = CATALOG_PODS.map((pod) => {
    const target = scrapeTarget(estate, 'catalog-api', `${pod.ip}:8080`, unixTime('2024-03-04T10:02:51Z'));
    if (pod.node === 'k8s-node-4') target.restart(CATALOG_PROBE_RESTART);
    return target;
  });
  addHttpService(
    store,
    {
      job: 'catalog-api',
      targets: catalogTargets,
      routes: CATALOG_ROUTES,
      errorCode: '500',
      traffic,
      condition: () => ({ rateFactor: 1, errorRatio: 0.0005, latency: { median: 0.021, sigma: 0.5 }, degradedShare: 0, degradedLatency: NO_DEGRADATION, errorLatency: FAST_ERROR_LATENCY }),
      baseMemoryBytes: 240_000_000,
    },
    SEED,
  );

  // ---- kube-state-metrics -------------------------------------------------------------------------
  const ksm = scrapeTarget(estate, 'kube-state-metrics', '10.42.0.9:8080', unixTime('2024-02-27T08:15:40Z'));
  addKubeStateMetrics(store, ksm, [
    ...PODS.map((pod, i) => ({
      namespace: NAMESPACE, pod: pod.pod, container: JOB, uid: pod.uid, node: pod.node, memoryLimitBytes: MEMORY_LIMIT_BYTES,
      initialRestarts: 0, restarts: (histories[i] as PodHistory).restarts, terminationReason: 'OOMKilled',
    })),
    ...CATALOG_PODS.map((pod) => ({
      namespace: NAMESPACE, pod: pod.pod, container: 'catalog-api', uid: pod.uid, node: pod.node, memoryLimitBytes: 768 * 1024 ** 2,
      initialRestarts: 0, restarts: pod.node === 'k8s-node-4' ? [CATALOG_PROBE_RESTART] : [], terminationReason: 'Error',
    })),
  ]);

  // ---- postgres_exporter on db1 -------------------------------------------------------------------
  const exporter = addHealthyPostgres(estate, {
    host: 'db1',
    maxConnections: 200,
    initialDeadlocks: { postgres: 0, catalog: 1 },
    databases: [
      {
        datname: 'catalog', poolSize: 40, activePerTraffic: 3,
        statements: [
          steadyStatement(estate, { user: 'catalog', datname: 'catalog', queryid: '5823340127409911234', query: 'SELECT … FROM products WHERE id = $1', perTraffic: 42, meanSeconds: 0.0009 }),
          steadyStatement(estate, { user: 'recommendations', datname: 'catalog', queryid: '-8123409981276354421', query: 'SELECT product_id, score FROM similar_products WHERE product_id = $1 ORDER BY score DESC LIMIT $2', perTraffic: 9, meanSeconds: 0.0021 }),
        ],
      },
    ],
  });

  // ---- up, alerts -------------------------------------------------------------------------------
  addUp(store, [...nodeTargets, ...podTargets, ...catalogTargets, ksm, exporter]);
  const rules = [
    highErrorRate(0.05, 1, 120),
    highRequestLatency(JOB, 2, 120),
    processMemoryNearLimit(JOB, 0.9 * MEMORY_LIMIT_BYTES, 300),
    hostHighCpuLoad(0.8, 600),
    postgresDown(60),
    postgresTooManyConnections(0.8, 300),
  ];
  const alerts = addAlertHistory(store, rules);
  const { detected, resolved } = alertPhases(alerts, WINDOW_FROM, WINDOW_TO);
  const ooms = histories.flatMap((history) => history.restarts.filter((t) => t < FLAG_OFF));
  expectBetween('first OOM kill', Math.min(...ooms), ...FIRST_OOM_EXPECTED);
  expectBetween('last OOM kill', Math.max(...ooms), FIRST_OOM_EXPECTED[0], LAST_OOM_BY);
  if (ooms.length !== PODS.length) throw new RangeError(`Expected one OOM kill per pod before the flag, the data gives ${ooms.length}`);
  expectBetween('the first related alert firing', detected, LEAK_START, Math.min(...ooms));
  return { store, rules, truth: truthOf(store, detected, resolved, alerts, histories) };
}

/**
 * One pod's resident memory: the steady model (warm-up after each start, the GC sawtooth, drift and
 * noise) plus the leak, which holds LEAKED_BYTES_PER_REQUEST per partner request served since the
 * process started. The kernel kills the process the moment it would pass the limit; the kubelet
 * starts it again, from the steady level.
 */
function podHistory(estate: Estate, pod: Pod, index: number, partnerRate: (k: number) => number): PodHistory {
  const { grid } = estate;
  const n = grid.length;
  const random = new Random(`${estate.seed}/pod-memory/${pod.pod}`);
  const drift = smoothNoise(random, n, 0.999, 0.025);
  const memory = new Float64Array(n);
  const thrashing = new Uint8Array(n);
  const leakedAt = new Float64Array(n);
  const restarts: number[] = [];
  const thrashStarts: number[] = [];
  let start = unixTime('2024-03-07T16:21:09Z') + 40 * index;
  let leaked = 0;
  let released = 0;
  let thrashStart: number | null = null;
  for (let k = 0; k < n; k++) {
    const t = grid.time(k);
    // Requests of the last interval each left an answer behind, until the flag bounded the cache.
    if (t < FLAG_OFF) leaked += LEAKED_BYTES_PER_REQUEST * ((partnerRate(k) * pod.share) / PODS.length) * grid.step;
    else released = Math.min(1, (t - FLAG_OFF) / RELEASE_SECONDS);
    const held = leaked * (1 - released);
    const sinceStart = t - start;
    const warm = Math.min(1, sinceStart / WARM_UP_SECONDS);
    const trend = BASE_RSS_BYTES * (0.78 + 0.22 * warm + GC_SAWTOOTH / 2) + held;
    const level = BASE_RSS_BYTES * (0.78 + 0.22 * warm + GC_SAWTOOTH * ((sinceStart % GC_PERIOD_SECONDS) / GC_PERIOD_SECONDS) + (drift[k] ?? 0) + 0.004 * random.normal()) + held;
    if (level >= MEMORY_LIMIT_BYTES) {
      // OOM-killed before this scrape: the scrape finds the new process starting (and fails).
      start = t - KILL_BEFORE_SCRAPE_SECONDS + RESTART_DELAY_SECONDS;
      restarts.push(start);
      thrashStarts.push(thrashStart ?? start);
      thrashStart = null;
      leaked = 0;
      memory[k] = BASE_RSS_BYTES * 0.78;
      leakedAt[k] = 0;
      continue;
    }
    memory[k] = Math.round(level / 4096) * 4096;
    leakedAt[k] = held;
    if (trend >= THRASH_FILL * MEMORY_LIMIT_BYTES) {
      thrashing[k] = 1;
      thrashStart ??= t;
    }
  }
  return { memory, thrashing, restarts, thrashStarts, leaked: leakedAt };
}

/** Resident memory of a job's processes above `bytes`: the memory alert teams keep on services without cAdvisor rules. */
function processMemoryNearLimit(job: string, bytes: number, forSeconds: number): ScenarioRule {
  return {
    group: 'process',
    alert: 'ProcessMemoryNearLimit',
    expr: `process_resident_memory_bytes{job="${job}"} > ${bytes}`,
    forSeconds,
    severity: 'warning',
    summary: '{{ $labels.instance }} of {{ $labels.job }} is close to its memory limit',
    description: `Resident memory of {{ $labels.instance }} is {{ $value | humanize1024 }}B, above ${Math.round(bytes / 1024 ** 2)} MiB.`,
    evaluate(store): AlertCondition[] {
      return store.select('process_resident_memory_bytes', { job }).map((series) => ({
        labels: { instance: series.labels['instance'] ?? '', job },
        holds: Uint8Array.from({ length: store.grid.length }, (_, k) => (instantAt(series, k) > bytes ? 1 : 0)),
      }));
    },
  };
}

/** Stretches where at least one pod thrashes, merged: the job's user-facing episodes. */
function thrashEpisodes(histories: readonly PodHistory[]): [number, number][] {
  const spans = histories
    .flatMap((history) => history.thrashStarts.map((from, i): [number, number] => [from, history.restarts[i] ?? from]))
    .filter(([from]) => from < FLAG_OFF)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span[0] <= last[1] + STEP_SECONDS) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

function truthOf(store: SeriesStore, detected: number, resolved: number, alerts: readonly AlertInstance[], histories: readonly PodHistory[]): BuiltScenario['truth'] {
  const { grid } = store;
  const job = { job: JOB };
  const requests = countRequestsFromCounters(store, JOB, WINDOW_FROM, WINDOW_TO, String(SLOW_THRESHOLD_SECONDS));
  const catalogRequests = countRequestsFromCounters(store, 'catalog-api', WINDOW_FROM, WINDOW_TO, String(SLOW_THRESHOLD_SECONDS));
  const episodes = thrashEpisodes(histories);
  const firstKill = Math.min(...histories.map((history) => history.restarts[0] ?? Infinity));
  const lastKill = Math.max(...histories.map((history) => history.restarts[0] ?? -Infinity));
  const podLabels = (i: number): Record<string, string> => ({ instance: `${PODS[i]?.ip}:8080`, job: JOB });
  const anomalous: TruthAnomaly[] = [
    ...histories.flatMap((history, i) => {
      const kill = history.restarts[0] as number;
      const node = { instance: `${PODS[i]?.node}:9100` };
      return [
        truthAnomaly('process_memory', podLabels(i), LEAK_START, kill, 'up', 'resident memory grows about 250 MB/h from 360 MB to the 1 GiB limit, then the OOM kill', {
          onsetTolerance: LEAK_ONSET_TOLERANCE,
        }),
        truthAnomaly('process_memory', podLabels(i), kill, FLAG_OFF + RELEASE_SECONDS, 'up', 'after the restart the leak resumes from the steady level until the flag: a slow ramp with no sharp onset', { weak: true }),
        truthAnomaly('process_cpu', podLabels(i), history.thrashStarts[0] as number, kill, 'up', 'garbage collection burns about 0.85 core in the last quarter hour before the kill'),
        truthAnomaly('cpu_utilization', node, history.thrashStarts[0] as number, kill, 'up', 'the node carries the thrashing pod\'s GC: about +21 % CPU', { weak: true }),
        truthAnomaly('cpu_mode', { ...node, mode: 'user' }, history.thrashStarts[0] as number, kill, 'up', 'GC runs in user mode', { weak: true }),
        truthAnomaly('cpu_mode', { ...node, mode: 'system' }, history.thrashStarts[0] as number, kill, 'up', 'and in the kernel (page faults, madvise)', { weak: true }),
        truthAnomaly('cpu_mode', { ...node, mode: 'softirq' }, history.thrashStarts[0] as number, kill, 'up', 'small modes grow in proportion', { weak: true }),
        truthAnomaly('cpu_mode', { ...node, mode: 'irq' }, history.thrashStarts[0] as number, kill, 'up', 'small modes grow in proportion', { weak: true }),
        truthAnomaly('load_per_cpu', node, history.thrashStarts[0] as number, kill, 'up', 'run queue of the GC threads', { weak: true }),
        truthAnomaly('memory_available_ratio', node, LEAK_START, kill, 'down', 'the leak is the node\'s memory too: about 4 % of 16 GiB', { weak: true }),
      ];
    }),
    ...episodes.flatMap(([from, to]) => [
      truthAnomaly('http_error_ratio', job, from, to, 'up', '503 timeouts: a third of the thrashing pod\'s requests, about 10 % of the job'),
      truthAnomaly('http_latency_p99', job, from, to, 'up', 'p99 about 0.1 s -> 2 s (GC pauses, 2 s timeouts)'),
      truthAnomaly('http_slow_ratio', job, from, to, 'up', 'requests slower than 1 s from none to about 15 %'),
      truthAnomaly('http_latency_p50', job, from, to, 'up', 'median barely moves: two pods of three are fine', { weak: true }),
    ]),
    truthAnomaly('http_request_rate', job, LEAK_START, null, 'up', 'the partner widget adds about a quarter to the job\'s requests (within the daily range)', { weak: true }),
  ];
  const normal: TruthSeriesRef[] = [
    { signal: 'cpu_utilization', labels: { instance: 'k8s-node-4:9100' } },
    { signal: 'memory_available_ratio', labels: { instance: 'k8s-node-4:9100' } },
    { signal: 'network_receive_bytes', labels: { instance: 'k8s-node-1:9100' } },
    { signal: 'network_transmit_bytes', labels: { instance: 'k8s-node-2:9100' } },
    { signal: 'http_error_ratio', labels: { job: 'catalog-api' } },
    { signal: 'http_latency_p99', labels: { job: 'catalog-api' } },
    { signal: 'process_memory', labels: { job: 'catalog-api' } },
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
      signals: ['process_memory'],
      labels: job,
      description: 'An unbounded in-process cache keyed by the partner widget\'s sessions: recommendations pods leak about 250 MB/h until they are OOM-killed.',
    },
    phases: phasesToIso({ trigger: LEAK_START, onset: LEAK_START, detected, mitigated: firstKill, recovered: lastKill, resolved }),
    // The onset is the leak's, dated as coarsely as the leak itself. Recovery is the last OOM kill, an
    // instant; but the p99 that shows it is computed over a 1-minute rate() window and stays high until
    // nearly every slow request has left that window: the telemetry shows it up to a minute later.
    phaseToleranceSeconds: { onset: LEAK_ONSET_TOLERANCE.seconds, recovered: RATE_WINDOW_SECONDS },
    anomalous,
    normal,
    impact: {
      requestsTotal: requests.total,
      requestsFailed: requests.failed,
      requestsSlow: requests.slow,
      slowThresholdSeconds: SLOW_THRESHOLD_SECONDS,
      jobs: [JOB],
      byJob: { [JOB]: requests, 'catalog-api': catalogRequests },
    },
    benign: [
      {
        description: 'nightly feed import CronJob on k8s-node-4 (CPU about 95 %, 28 MB/s in; fires HostHighCpuLoad)',
        from: isoTime(NIGHTLY_BATCH.from),
        to: isoTime(NIGHTLY_BATCH.to),
        series: [
          { signal: 'cpu_utilization', labels: { instance: 'k8s-node-4:9100' } },
          { signal: 'network_receive_bytes', labels: { instance: 'k8s-node-4:9100' } },
        ],
      },
      {
        description: 'a catalog-api container restarted by its liveness probe the evening before',
        from: isoTime(CATALOG_PROBE_RESTART),
        to: isoTime(CATALOG_PROBE_RESTART + 2 * STEP_SECONDS),
        series: [{ signal: 'target_up', labels: { job: 'catalog-api', instance: `${CATALOG_PODS[1].ip}:8080` } }],
      },
    ],
    alerts: alertsForTruth(alerts, WINDOW_FROM, WINDOW_TO),
    restarts: [
      { labels: { job: 'catalog-api', instance: `${CATALOG_PODS[1].ip}:8080` }, at: isoTime(CATALOG_PROBE_RESTART), description: 'liveness probe failed (benign)' },
      ...histories.flatMap((history, i) =>
        history.restarts.map((at) => ({ labels: podLabels(i), at: isoTime(at), description: `OOM-killed at the 1 GiB limit, restarted in place (pod ${PODS[i]?.pod})` })),
      ),
    ],
    changes: [
      { labels: job, at: isoTime(LEAK_START), description: 'partner "similar items" widget goes live (not in the metrics but as traffic)' },
      { labels: job, at: isoTime(FLAG_OFF), description: 'feature flag puts the partner path on a bounded cache (not in the metrics)' },
    ],
    seed: null,
  };
}

export const memoryLeak: ScenarioDefinition = { name: NAME, build };

/** For the scenario test: the pods' scrape instances and names. */
export const MEMORY_LEAK_PODS: readonly { readonly instance: string; readonly pod: string }[] = PODS.map((pod) => ({ instance: `${pod.ip}:8080`, pod: pod.pod }));
