/**
 * Scenario `slow-upstream` (issue 3's "slow upstream dependency"; no published postmortem behind it).
 *
 * A shop in Singapore, Tuesday 12 November 2024. At 20:18 SGT (12:18 UTC), in the evening peak, the
 * external payment provider degrades: its answers take about 3 s instead of 0.2 s. checkout-api's
 * client histogram of outgoing calls, `http_client_request_duration_seconds{peer="payments"}`, shows
 * it first and most clearly; a fifth of the calls run into the 5 s client timeout, and checkout-api
 * answers those payments with 502. Its own p99 jumps (payments are a small share of its requests, so
 * its median does not move), HighRequestLatency and UpstreamLatencyHigh fire. Nothing of ours
 * changes: CPU, memory and request rate stay flat while requests wait on the network. At 21:26 SGT
 * the provider recovers and so does checkout; nobody on our side did anything.
 *
 * Culprit: the upstream latency signal, i.e. the catalogue's latency of checkout-api read from the
 * client histogram. The catalogue groups every latency histogram by job and drops `peer`, so that
 * series carries the same labels as checkout-api's own latency: the truth names the metric the query
 * must read (`metric`), and only the query in the report tells the two apart.
 */
import { consumerTraffic, isoTime, unixTime } from './_grid.js';
import { addHttpService, SLOW_THRESHOLD_SECONDS } from './_http.js';
import type { Latency, RouteCondition, RouteSpec } from './_http.js';
import { CLIENT_HISTOGRAM, addHttpClientHistogram, timeoutShare } from './_http-client.js';
import type { PeerSpec } from './_http-client.js';
import { addAlertHistory, highErrorRate, highRequestLatency, hostHighCpuLoad, postgresDown, postgresTooManyConnections } from './_alerts.js';
import type { AlertCondition, AlertInstance, ScenarioRule } from './_alerts.js';
import {
  GiB, LOAD_SHAPES, addHealthyPostgres, addHost, addUp, countRequestsFromCounters, expectBetween, nightlyBatch, scrapeTarget, steadyStatement, truthAnomaly,
} from './_estate.js';
import type { Estate } from './_estate.js';
import type { Bucket } from './_promql.js';
import { histogramQuantile, sumOfRates } from './_promql.js';
import { SeriesStore } from './_store.js';
import type { BuiltScenario, ScenarioDefinition } from './_world.js';
import { STEP_SECONDS, alertPhases, alertsForTruth, gridAround, phasesToIso } from './_world.js';
import type { TruthSeriesRef } from './truth.js';

const NAME = 'slow-upstream';
const SEED = `${NAME}/v1`;
const TIMEZONE = 'Asia/Singapore';
/** Singapore time: UTC+8 all year. */
const UTC_OFFSET_SECONDS = 8 * 3600;
const on12th = (time: string): number => unixTime(`2024-11-12T${time}Z`);
const on11th = (time: string): number => unixTime(`2024-11-11T${time}Z`);

// The schedule, UTC. The operator's 20:00–22:00 SGT is 12:00–14:00 UTC.
const WINDOW_FROM = on12th('12:00:00');
const WINDOW_TO = on12th('14:00:00');
const JOB = 'checkout-api';
const SERVER_HISTOGRAM = 'http_request_duration_seconds';
/** The payment provider degrades: onset. Nothing on our side set it off, so there is no trigger. */
const PROVIDER_SLOW = on12th('12:18:45');
/** The provider recovers: so does checkout-api (recovered); no mitigation of ours. */
const PROVIDER_BACK = on12th('13:26:30');
/** HighRequestLatency or UpstreamLatencyHigh must fire within a few minutes. */
const DETECTED_BY = PROVIDER_SLOW + 600;
/** Benign: a six-minute slowdown of the provider the night before (03:10 SGT, their maintenance). */
const PROVIDER_BLIP = { from: on11th('19:10:00'), to: on11th('19:16:00') };
/** Benign: the nightly order export on worker2 (02:00–02:50 SGT). */
const NIGHTLY_BATCH = { host: 'worker2', from: on11th('18:00:00'), to: on11th('18:50:00') };

const PAYMENTS_TIMEOUT_SECONDS = 5;
const PAYMENTS_HEALTHY: Latency = { median: 0.21, sigma: 0.35 };
const PAYMENTS_SLOW: Latency = { median: 3.2, sigma: 0.5 };
const PAYMENTS_BLIP: Latency = { median: 1.4, sigma: 0.5 };
const APP_HOSTS = ['app1', 'app2'] as const;

interface CheckoutRoute extends RouteSpec {
  readonly latency: Latency;
  /** The route calls the payment provider and waits for it. */
  readonly pays: boolean;
}

const ROUTES: readonly CheckoutRoute[] = [
  { method: 'GET', route: '/api/checkout/session', peakRate: 14, floorRate: 0.2, successCode: '200', otherCodes: { '401': 0.01 }, latency: { median: 0.03, sigma: 0.5 }, pays: false },
  { method: 'POST', route: '/api/checkout/quote', peakRate: 9, floorRate: 0.1, successCode: '200', otherCodes: { '422': 0.02 }, latency: { median: 0.09, sigma: 0.45 }, pays: false },
  { method: 'POST', route: '/api/checkout/pay', peakRate: 2.6, floorRate: 0.03, successCode: '201', otherCodes: { '402': 0.04 }, latency: { median: 0.32, sigma: 0.35 }, pays: true },
  { method: 'GET', route: '/api/orders/:id', peakRate: 6, floorRate: 0.1, successCode: '200', otherCodes: { '404': 0.01 }, latency: { median: 0.025, sigma: 0.5 }, pays: false },
];
/** Own work around the payment call (order rows, fraud rules), added to the provider's time. */
const PAY_OWN_SECONDS = 0.1;
/** A payment call cut off at the timeout answers 502 a moment later. */
const PAY_TIMEOUT_LATENCY: Latency = { median: PAYMENTS_TIMEOUT_SECONDS * 1.012, sigma: 0.004 };
const FAST_ERROR_LATENCY: Latency = { median: 0.02, sigma: 1 };
const BASE_ERROR_RATIO = 0.0005;

const STOREFRONT_ROUTES: readonly RouteSpec[] = [
  { method: 'GET', route: '/products/:slug', peakRate: 38, floorRate: 0.6, successCode: '200', otherCodes: { '404': 0.015 } },
  { method: 'GET', route: '/search', peakRate: 13, floorRate: 0.2, successCode: '200', otherCodes: {} },
];

/** The payment provider's answer times at an instant. */
function paymentsLatency(t: number): Latency {
  if (t >= PROVIDER_SLOW && t < PROVIDER_BACK) return PAYMENTS_SLOW;
  if (t >= PROVIDER_BLIP.from && t < PROVIDER_BLIP.to) return PAYMENTS_BLIP;
  return PAYMENTS_HEALTHY;
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
    instants: [WINDOW_FROM, WINDOW_TO, PROVIDER_SLOW, PROVIDER_BACK, PROVIDER_BLIP.from, PROVIDER_BLIP.to, NIGHTLY_BATCH.from, NIGHTLY_BATCH.to],
    outageSpan: [[WINDOW_FROM - 1800, WINDOW_TO + 1800]],
  };

  // ---- hosts ------------------------------------------------------------------------------------
  const nodeTargets = [
    ...['web1', 'web2'].map((host) => addHost(estate, { host, cpus: 2, memoryBytes: 8 * GiB, shape: LOAD_SHAPES.web, rootSizeBytes: 40 * GiB, rootUsedRatio: 0.43 })),
    ...APP_HOSTS.map((host) => addHost(estate, { host, cpus: 2, memoryBytes: 8 * GiB, shape: LOAD_SHAPES.app, rootSizeBytes: 40 * GiB, rootUsedRatio: 0.45, involved: true })),
    ...['worker1', 'worker2'].map((host) =>
      addHost(estate, {
        host, cpus: 2, memoryBytes: 8 * GiB, shape: LOAD_SHAPES.worker, rootSizeBytes: 40 * GiB, rootUsedRatio: 0.36,
        ...(host === NIGHTLY_BATCH.host ? { perturb: (load) => nightlyBatch(estate, load, NIGHTLY_BATCH.from, NIGHTLY_BATCH.to) } : {}),
      }),
    ),
    addHost(estate, {
      host: 'db1', cpus: 4, memoryBytes: 32 * GiB, shape: LOAD_SHAPES.db, rootSizeBytes: 80 * GiB, rootUsedRatio: 0.31,
      extraFilesystems: [{ device: '/dev/nvme1n1', fstype: 'ext4', mountpoint: '/var/lib/postgresql', sizeBytes: 500 * GiB, usedRatio: 0.49, growthPerDay: 0.002 }],
    }),
  ];

  // ---- checkout-api (prom-client): its own requests and its calls to three dependencies -----------
  const checkoutTargets = APP_HOSTS.map((host, i) => scrapeTarget(estate, JOB, `${host}:8080`, unixTime('2024-11-06T03:27:44Z') + 51 * i, true));
  const condition = (route: RouteSpec, k: number): RouteCondition => {
    const behaviour = route as CheckoutRoute;
    const healthy: RouteCondition = {
      rateFactor: 1, errorRatio: BASE_ERROR_RATIO, latency: behaviour.latency, degradedShare: 0, degradedLatency: behaviour.latency, errorLatency: FAST_ERROR_LATENCY,
    };
    if (!behaviour.pays) return healthy;
    const payments = paymentsLatency(times[k] ?? 0);
    if (payments === PAYMENTS_HEALTHY) return healthy;
    // Every payment waits on the provider: its time plus ours; those past the timeout fail with 502.
    return {
      ...healthy,
      errorRatio: BASE_ERROR_RATIO + timeoutShare(payments, PAYMENTS_TIMEOUT_SECONDS),
      degradedShare: 1,
      degradedLatency: { median: payments.median + PAY_OWN_SECONDS, sigma: payments.sigma * 0.8 },
      errorLatency: PAY_TIMEOUT_LATENCY,
    };
  };
  addHttpService(store, { job: JOB, targets: checkoutTargets, routes: ROUTES, errorCode: '502', traffic, condition, baseMemoryBytes: 190_000_000 }, SEED);
  const peers: readonly PeerSpec[] = [
    { peer: 'inventory', method: 'GET', peakRate: 23, floorRate: 0.3, timeoutSeconds: 2, latency: () => ({ median: 0.011, sigma: 0.45 }) },
    { peer: 'tax', method: 'POST', peakRate: 9, floorRate: 0.1, timeoutSeconds: 3, latency: () => ({ median: 0.045, sigma: 0.4 }) },
    { peer: 'payments', method: 'POST', peakRate: 2.6, floorRate: 0.03, timeoutSeconds: PAYMENTS_TIMEOUT_SECONDS, latency: (k) => paymentsLatency(times[k] ?? 0) },
  ];
  addHttpClientHistogram(store, { job: JOB, targets: checkoutTargets, peers, traffic }, SEED);

  const storefrontTargets = ['web1', 'web2'].map((host) => scrapeTarget(estate, 'storefront', `${host}:3000`, unixTime('2024-11-04T09:45:18Z')));
  addHttpService(
    store,
    {
      job: 'storefront',
      targets: storefrontTargets,
      routes: STOREFRONT_ROUTES,
      errorCode: '500',
      traffic,
      condition: (route) => ({
        rateFactor: 1,
        errorRatio: 0.0006,
        latency: route.route === '/search' ? { median: 0.07, sigma: 0.55 } : { median: 0.03, sigma: 0.5 },
        degradedShare: 0,
        degradedLatency: { median: 1, sigma: 1 },
        errorLatency: FAST_ERROR_LATENCY,
      }),
      baseMemoryBytes: 205_000_000,
    },
    SEED,
  );

  // ---- postgres_exporter on db1 -------------------------------------------------------------------
  const exporter = addHealthyPostgres(estate, {
    host: 'db1',
    maxConnections: 200,
    initialDeadlocks: { postgres: 0, shop: 2 },
    databases: [
      {
        datname: 'shop', poolSize: 48, activePerTraffic: 3,
        statements: [
          steadyStatement(estate, { user: 'checkout', datname: 'shop', queryid: '7345120982234411701', query: 'INSERT INTO orders (…) VALUES (…) RETURNING id', perTraffic: 2.6, meanSeconds: 0.0031 }),
          steadyStatement(estate, { user: 'storefront', datname: 'shop', queryid: '5823340127409911234', query: 'SELECT … FROM products WHERE id = $1', perTraffic: 38, meanSeconds: 0.0009 }),
        ],
      },
    ],
  });

  // ---- up, alerts -------------------------------------------------------------------------------
  addUp(store, [...nodeTargets, ...checkoutTargets, ...storefrontTargets, exporter]);
  const rules = [
    highRequestLatency(JOB, 2, 120),
    upstreamLatencyHigh(JOB, 2, 120),
    highErrorRate(0.05, 1, 120),
    hostHighCpuLoad(0.8, 600),
    postgresDown(60),
    postgresTooManyConnections(0.8, 300),
  ];
  const alerts = addAlertHistory(store, rules);
  const { detected, resolved } = alertPhases(alerts, WINDOW_FROM, WINDOW_TO);
  expectBetween('a latency alert on checkout-api firing after the provider slowed', detected, PROVIDER_SLOW, DETECTED_BY);
  return { store, rules, truth: truthOf(store, detected, resolved, alerts) };
}

/** p99 of a job's outgoing calls per peer above `thresholdSeconds`, from the client histogram. */
function upstreamLatencyHigh(job: string, thresholdSeconds: number, forSeconds: number): ScenarioRule {
  const rangeSeconds = 60;
  return {
    group: 'upstream',
    alert: 'UpstreamLatencyHigh',
    expr: `histogram_quantile(0.99, sum by (job, peer, le) (rate(${CLIENT_HISTOGRAM}_bucket{job="${job}"}[1m]))) > ${thresholdSeconds}`,
    forSeconds,
    severity: 'warning',
    summary: 'Calls from {{ $labels.job }} to {{ $labels.peer }} are slow',
    description: `99th percentile of calls from {{ $labels.job }} to {{ $labels.peer }} is {{ $value | humanizeDuration }}, above ${thresholdSeconds}s.`,
    evaluate(store): AlertCondition[] {
      const buckets = store.select(`${CLIENT_HISTOGRAM}_bucket`, { job });
      const peers = [...new Set(buckets.map((one) => one.labels['peer'] ?? ''))].sort();
      return peers.map((peer) => {
        const byLe = new Map<string, typeof buckets>();
        for (const one of buckets.filter((series) => series.labels['peer'] === peer)) {
          const le = one.labels['le'] ?? '';
          byLe.set(le, [...(byLe.get(le) ?? []), one]);
        }
        const holds = Uint8Array.from({ length: store.grid.length }, (_, k) => {
          const points: Bucket[] = [];
          for (const [le, series] of byLe) {
            const rate = sumOfRates(series, store.grid, k, rangeSeconds);
            if (!Number.isNaN(rate)) points.push({ upperBound: le === '+Inf' ? Infinity : Number(le), count: rate });
          }
          return histogramQuantile(0.99, points) > thresholdSeconds ? 1 : 0;
        });
        return { labels: { job, peer }, holds };
      });
    },
  };
}

function truthOf(store: SeriesStore, detected: number, resolved: number, alerts: readonly AlertInstance[]): BuiltScenario['truth'] {
  const { grid } = store;
  const job = { job: JOB };
  // The catalogue reads outgoing calls as upstream signals, per caller job and called peer.
  const payments = { job: JOB, peer: 'payments' };
  const server = { metric: `${SERVER_HISTOGRAM}_bucket` };
  const requests = countRequestsFromCounters(store, JOB, WINDOW_FROM, WINDOW_TO, String(SLOW_THRESHOLD_SECONDS));
  const storefront = countRequestsFromCounters(store, 'storefront', WINDOW_FROM, WINDOW_TO, String(SLOW_THRESHOLD_SECONDS));
  const normal: TruthSeriesRef[] = [
    // Waiting on the network costs no CPU: the checks an on-call makes first stay flat.
    ...APP_HOSTS.flatMap((host) => [
      { signal: 'cpu_utilization', labels: { instance: `${host}:9100` } },
      { signal: 'load_per_cpu', labels: { instance: `${host}:9100` } },
      { signal: 'network_transmit_bytes', labels: { instance: `${host}:9100` } },
      { signal: 'process_cpu', labels: { instance: `${host}:8080`, job: JOB } },
    ]),
    { signal: 'http_request_rate', labels: job },
    // Payments are a few per cent of requests and of calls: neither median moves.
    { signal: 'http_latency_p50', labels: job },
    { signal: 'http_error_ratio', labels: { job: 'storefront' } },
    { signal: 'http_latency_p99', labels: { job: 'storefront' } },
    // The other providers checkout-api calls stay as fast as ever.
    { signal: 'upstream_latency_p99', labels: { job: JOB, peer: 'inventory' } },
    { signal: 'upstream_latency_p99', labels: { job: JOB, peer: 'tax' } },
    { signal: 'cpu_utilization', labels: { instance: 'db1:9100' } },
    { signal: 'pg_statement_mean_seconds', labels: { instance: 'db1:9187', queryid: '7345120982234411701' } },
  ];
  return {
    name: NAME,
    timezone: TIMEZONE,
    stepSeconds: STEP_SECONDS,
    dataFrom: isoTime(grid.from),
    dataTo: isoTime(grid.to),
    window: { from: isoTime(WINDOW_FROM), to: isoTime(WINDOW_TO) },
    culprit: {
      signals: ['upstream_latency_p99', 'upstream_slow_ratio'],
      labels: payments,
      description:
        'The external payment provider slowed from about 0.2 s to 3 s per call, as checkout-api\'s client histogram of calls to ' +
        'peer="payments" shows (http_client_request_duration_seconds): the upstream latency or slow-call ratio of that peer.',
    },
    phases: phasesToIso({ trigger: null, onset: PROVIDER_SLOW, detected, mitigated: null, recovered: PROVIDER_BACK, resolved }),
    anomalous: [
      truthAnomaly('upstream_latency_p99', payments, PROVIDER_SLOW, PROVIDER_BACK, 'up', 'payments calls p99 about 0.4 s -> 5 s (at the 5 s timeout)'),
      truthAnomaly('upstream_slow_ratio', payments, PROVIDER_SLOW, PROVIDER_BACK, 'up', 'payments calls slower than 1 s from none to most of them'),
      truthAnomaly('http_latency_p99', job, PROVIDER_SLOW, PROVIDER_BACK, 'up', 'checkout-api p99 about 0.5 s -> 5 s (payments wait on the provider)', server),
      truthAnomaly('http_slow_ratio', job, PROVIDER_SLOW, PROVIDER_BACK, 'up', 'checkout-api requests slower than 1 s from none to about 8 %', server),
      truthAnomaly('http_error_ratio', job, PROVIDER_SLOW, PROVIDER_BACK, 'up', '502 on payments cut off at the timeout: about 1.5 % of all requests (19 % of payments)'),
    ],
    normal,
    impact: {
      requestsTotal: requests.total,
      requestsFailed: requests.failed,
      requestsSlow: requests.slow,
      slowThresholdSeconds: SLOW_THRESHOLD_SECONDS,
      jobs: [JOB],
      byJob: { [JOB]: requests, storefront },
    },
    benign: [
      {
        description: 'a six-minute slowdown of the payment provider at night (their maintenance): few payments, a few timeouts; both latency alerts fire and resolve',
        from: isoTime(PROVIDER_BLIP.from),
        to: isoTime(PROVIDER_BLIP.to),
        series: [
          { signal: 'upstream_latency_p99', labels: payments },
          { signal: 'http_latency_p99', labels: job, metric: `${SERVER_HISTOGRAM}_bucket` },
        ],
      },
      {
        description: 'nightly order export on worker2 (CPU about 95 %, 28 MB/s in; fires HostHighCpuLoad)',
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
    changes: [],
    seed: null,
  };
}

export const slowUpstream: ScenarioDefinition = { name: NAME, build };
