/**
 * Scenario `bad-deploy` (issue 3's "bad deploy"; no published postmortem behind it).
 *
 * A web shop in Berlin, Tuesday 18 June 2024. At 14:04 CEST (12:04 UTC) version 2.15.0 of cart-api
 * rolls out over its three instances, 45 s apart. The new price-rules engine throws on carts with a
 * promotion and looks promotions up once per cart line: each instance on 2.15.0 answers about 12 %
 * of cart reads and 60 % of promo-code requests with 500, and its cart reads get six times slower.
 * The job's error ratio climbs in three steps as the rollout proceeds, HighErrorRate fires, and at
 * 15:06 CEST the on-call rolls back to 2.14.3, instance by instance; by 15:08 it is over.
 *
 * What a tool sees of the cause: `cart_api_build_info{version}` changes and each instance restarts
 * (`process_start_time_seconds` jumps, its counters start again from 0). Both are timeline events
 * that set the trigger (the rollout) and the mitigation (the rollback), not ranked anomalies, so the
 * culprit the truth accepts is the deployed job's own departure (its 5xx ratio or latency), which
 * starts with the first restart; the report is right when it puts cart-api first and the restarts beside it.
 *
 * The day before, 2.14.3 itself rolled out the same way and nothing happened (a benign deploy in the
 * lookback), and a nightly re-index ran on worker2.
 */
import { consumerTraffic, isoTime, unixTime } from './_grid.js';
import { addHttpService, SLOW_THRESHOLD_SECONDS } from './_http.js';
import type { Latency, RouteCondition, RouteSpec } from './_http.js';
import { addAlertHistory, highErrorRate, highRequestLatency, hostHighCpuLoad, postgresDown, postgresTooManyConnections } from './_alerts.js';
import type { AlertInstance } from './_alerts.js';
import {
  GiB, LOAD_SHAPES, addBuildInfo, addHealthyPostgres, addHost, addUp, countRequestsFromCounters, expectBetween, nightlyBatch, scrapeTarget, steadyStatement,
  truthAnomaly,
} from './_estate.js';
import type { Estate, Release } from './_estate.js';
import { SeriesStore } from './_store.js';
import type { ScrapeTarget } from './_store.js';
import type { BuiltScenario, ScenarioDefinition } from './_world.js';
import { STEP_SECONDS, alertPhases, alertsForTruth, gridAround, phasesToIso } from './_world.js';
import type { TruthSeriesRef } from './truth.js';

const NAME = 'bad-deploy';
const SEED = `${NAME}/v1`;
const TIMEZONE = 'Europe/Berlin';
/** Central European Summer Time: UTC+2 all through the data (no clock change near 18 June). */
const UTC_OFFSET_SECONDS = 2 * 3600;
const on18th = (time: string): number => unixTime(`2024-06-18T${time}Z`);
const on17th = (time: string): number => unixTime(`2024-06-17T${time}Z`);

// The schedule, UTC. The operator's 14:00–16:00 CEST is 12:00–14:00 UTC.
const WINDOW_FROM = on18th('12:00:00');
const WINDOW_TO = on18th('14:00:00');
const JOB = 'cart-api';
const APP_HOSTS = ['app1', 'app2', 'app3'] as const;
const PREVIOUS: Release = { version: '2.14.2', revision: '3b8e1f0' };
const GOOD: Release = { version: '2.14.3', revision: '9f1c2ab' };
const BAD: Release = { version: '2.15.0', revision: 'e47d0c9' };
/** Rolling updates restart one instance, wait for it to pass readiness, then the next: 45 s apart. */
const rollout = (first: number): readonly number[] => APP_HOSTS.map((_, i) => first + 45 * i);
/** Yesterday's routine release of 2.14.3: benign. */
const ROUTINE_DEPLOY = rollout(on17th('13:30:10'));
/** Today's release of 2.15.0: trigger and onset (the first instance serves 500s from its first request). */
const DEPLOY = rollout(on18th('12:04:15'));
/** The on-call's rollback to 2.14.3: mitigated at the first instance, recovered at the last. */
const ROLLBACK = rollout(on18th('13:06:30'));
const TRIGGER = DEPLOY[0] as number;
const ONSET = TRIGGER;
const MITIGATED = ROLLBACK[0] as number;
const RECOVERED = ROLLBACK[ROLLBACK.length - 1] as number;
/** HighErrorRate must fire once two instances run 2.15.0, within a few minutes of the rollout. */
const DETECTED_BY = ONSET + 600;
/** Benign: the nightly catalogue re-index on worker2 (01:30–02:20 CEST). */
const NIGHTLY_BATCH = { host: 'worker2', from: on17th('23:30:00'), to: on18th('00:20:00') };

/** How a route behaves on 2.15.0, beside its healthy behaviour on 2.14.x. */
interface RouteBehaviour {
  readonly latency: Latency;
  readonly baseErrorRatio: number;
  readonly badLatency: Latency;
  readonly badErrorRatio: number;
}

const CART_ROUTES: readonly (RouteSpec & RouteBehaviour)[] = [
  {
    method: 'GET', route: '/api/cart', peakRate: 38, floorRate: 0.4, successCode: '200', otherCodes: { '404': 0.01 },
    // One promotion lookup per cart line instead of one per cart: six times slower.
    latency: { median: 0.022, sigma: 0.5 }, baseErrorRatio: 0.0007, badLatency: { median: 0.14, sigma: 0.7 }, badErrorRatio: 0.12,
  },
  {
    method: 'POST', route: '/api/cart/items', peakRate: 11, floorRate: 0.1, successCode: '201', otherCodes: { '400': 0.02 },
    latency: { median: 0.035, sigma: 0.5 }, baseErrorRatio: 0.001, badLatency: { median: 0.16, sigma: 0.7 }, badErrorRatio: 0.06,
  },
  {
    method: 'POST', route: '/api/cart/promo', peakRate: 1.5, floorRate: 0.01, successCode: '200', otherCodes: { '422': 0.15 },
    latency: { median: 0.045, sigma: 0.5 }, baseErrorRatio: 0.002, badLatency: { median: 0.2, sigma: 0.7 }, badErrorRatio: 0.6,
  },
];
/** An exception in the price rules fails fast. */
const EXCEPTION_LATENCY: Latency = { median: 0.04, sigma: 0.6 };
const FAST_ERROR_LATENCY: Latency = { median: 0.02, sigma: 1 };
const NO_DEGRADATION: Latency = { median: 1, sigma: 1 };

const STOREFRONT_ROUTES: readonly RouteSpec[] = [
  { method: 'GET', route: '/products/:slug', peakRate: 35, floorRate: 0.6, successCode: '200', otherCodes: { '404': 0.015 } },
  { method: 'GET', route: '/search', peakRate: 12, floorRate: 0.2, successCode: '200', otherCodes: {} },
];

const PROMOTIONS_QUERYID = '-3391827465102938475';
/** Promotion lookups per second at traffic 1 on 2.14.x (one per cart), and the factor on 2.15.0 (one per line). */
const PROMOTION_LOOKUPS_PER_TRAFFIC = 38;
const PROMOTION_LOOKUP_FACTOR = 6;

/** The release an app instance runs at `time`. */
function releaseAt(target: ScrapeTarget, time: number): Release {
  const i = APP_HOSTS.findIndex((host) => target.instance === `${host}:8080`);
  if (time >= (ROLLBACK[i] ?? Infinity)) return GOOD;
  if (time >= (DEPLOY[i] ?? Infinity)) return BAD;
  if (time >= (ROUTINE_DEPLOY[i] ?? Infinity)) return GOOD;
  return PREVIOUS;
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
    instants: [WINDOW_FROM, WINDOW_TO, ...ROUTINE_DEPLOY, ...DEPLOY, ...ROLLBACK, NIGHTLY_BATCH.from, NIGHTLY_BATCH.to],
    outageSpan: [[WINDOW_FROM - 1800, WINDOW_TO + 1800]],
  };

  // ---- hosts ------------------------------------------------------------------------------------
  const nodeTargets = [
    ...['web1', 'web2'].map((host) => addHost(estate, { host, cpus: 2, memoryBytes: 8 * GiB, shape: LOAD_SHAPES.web, rootSizeBytes: 40 * GiB, rootUsedRatio: 0.41 })),
    ...APP_HOSTS.map((host) => addHost(estate, { host, cpus: 2, memoryBytes: 8 * GiB, shape: LOAD_SHAPES.app, rootSizeBytes: 40 * GiB, rootUsedRatio: 0.47, involved: true })),
    ...['worker1', 'worker2', 'worker3'].map((host) =>
      addHost(estate, {
        host, cpus: 2, memoryBytes: 8 * GiB, shape: LOAD_SHAPES.worker, rootSizeBytes: 40 * GiB, rootUsedRatio: 0.38,
        ...(host === NIGHTLY_BATCH.host ? { perturb: (load) => nightlyBatch(estate, load, NIGHTLY_BATCH.from, NIGHTLY_BATCH.to) } : {}),
      }),
    ),
    addHost(estate, {
      host: 'db1', cpus: 4, memoryBytes: 32 * GiB, shape: LOAD_SHAPES.db, rootSizeBytes: 80 * GiB, rootUsedRatio: 0.3,
      extraFilesystems: [{ device: '/dev/nvme1n1', fstype: 'ext4', mountpoint: '/var/lib/postgresql', sizeBytes: 500 * GiB, usedRatio: 0.58, growthPerDay: 0.002 }],
    }),
  ];

  // ---- cart-api (prom-client), the deployed job ---------------------------------------------------
  const cartTargets = APP_HOSTS.map((host, i) => {
    const target = scrapeTarget(estate, JOB, `${host}:8080`, unixTime('2024-06-11T08:52:31Z'), true);
    for (const at of [ROUTINE_DEPLOY[i], DEPLOY[i], ROLLBACK[i]]) if (at !== undefined) target.restart(at);
    return target;
  });
  const healthy = (route: RouteSpec): RouteCondition => {
    const behaviour = route as RouteSpec & RouteBehaviour;
    return {
      rateFactor: 1,
      errorRatio: behaviour.baseErrorRatio,
      latency: behaviour.latency,
      degradedShare: 0,
      degradedLatency: NO_DEGRADATION,
      errorLatency: FAST_ERROR_LATENCY,
    };
  };
  const onBadRelease = (i: number, k: number): boolean => releaseAt(cartTargets[i] as ScrapeTarget, times[k] ?? 0) === BAD;
  addHttpService(
    store,
    {
      job: JOB,
      targets: cartTargets,
      routes: CART_ROUTES,
      errorCode: '500',
      traffic,
      condition: healthy,
      instanceCondition: (route, k, i) => {
        if (!onBadRelease(i, k)) return null;
        const behaviour = route as RouteSpec & RouteBehaviour;
        return { ...healthy(route), errorRatio: behaviour.badErrorRatio, latency: behaviour.badLatency, errorLatency: EXCEPTION_LATENCY };
      },
      baseMemoryBytes: 165_000_000,
    },
    SEED,
  );
  addBuildInfo(store, 'cart_api_build_info', cartTargets, releaseAt);

  const storefrontTargets = ['web1', 'web2'].map((host) => scrapeTarget(estate, 'storefront', `${host}:3000`, unixTime('2024-06-05T15:20:12Z')));
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
        latency: route.route === '/search' ? { median: 0.06, sigma: 0.55 } : { median: 0.03, sigma: 0.5 },
        degradedShare: 0,
        degradedLatency: NO_DEGRADATION,
        errorLatency: FAST_ERROR_LATENCY,
      }),
      baseMemoryBytes: 210_000_000,
    },
    SEED,
  );

  // ---- postgres_exporter on db1 -------------------------------------------------------------------
  /** Share of cart reads served by 2.15.0 at each instant, for the promotion lookups it multiplies. */
  const badShare = (k: number): number => cartTargets.reduce((sum, _, i) => sum + (onBadRelease(i, k) ? 1 : 0), 0) / cartTargets.length;
  const promotions = steadyStatement(estate, {
    user: 'cart', datname: 'shop', queryid: PROMOTIONS_QUERYID, query: 'SELECT … FROM promotions WHERE code = $1 AND valid_until > now()',
    perTraffic: PROMOTION_LOOKUPS_PER_TRAFFIC, meanSeconds: 0.0006,
  });
  const exporter = addHealthyPostgres(estate, {
    host: 'db1',
    maxConnections: 200,
    initialDeadlocks: { postgres: 0, shop: 4 },
    databases: [
      {
        datname: 'shop', poolSize: 52, activePerTraffic: 3.5,
        statements: [
          // 2.15.0 looks promotions up per cart line: many more calls, each as fast as before.
          { ...promotions, callsPerSecond: (k) => promotions.callsPerSecond(k) * (1 + (PROMOTION_LOOKUP_FACTOR - 1) * badShare(k)) },
          steadyStatement(estate, { user: 'cart', datname: 'shop', queryid: '2219876540019283746', query: 'SELECT … FROM carts JOIN cart_items … WHERE carts.session_id = $1', perTraffic: 38, meanSeconds: 0.0011 }),
        ],
      },
    ],
  });

  // ---- up, alerts -------------------------------------------------------------------------------
  addUp(store, [...nodeTargets, ...cartTargets, ...storefrontTargets, exporter]);
  const rules = [highErrorRate(0.05, 1, 120), highRequestLatency(JOB, 2, 120), hostHighCpuLoad(0.8, 600), postgresDown(60), postgresTooManyConnections(0.8, 300)];
  const alerts = addAlertHistory(store, rules);
  const { detected, resolved } = alertPhases(alerts, WINDOW_FROM, WINDOW_TO);
  expectBetween('HighErrorRate on cart-api firing after the 2.15.0 rollout', detected, ONSET, DETECTED_BY);
  return { store, rules, truth: truthOf(store, detected, resolved, alerts) };
}

function truthOf(store: SeriesStore, detected: number, resolved: number, alerts: readonly AlertInstance[]): BuiltScenario['truth'] {
  const { grid } = store;
  const job = { job: JOB };
  const cartRequests = countRequestsFromCounters(store, JOB, WINDOW_FROM, WINDOW_TO, String(SLOW_THRESHOLD_SECONDS));
  const storefrontRequests = countRequestsFromCounters(store, 'storefront', WINDOW_FROM, WINDOW_TO, String(SLOW_THRESHOLD_SECONDS));
  const normal: TruthSeriesRef[] = [
    ...APP_HOSTS.flatMap((host) => [
      { signal: 'cpu_utilization', labels: { instance: `${host}:9100` } },
      { signal: 'network_receive_bytes', labels: { instance: `${host}:9100` } },
    ]),
    // Same work per request on both versions: the restarts must not read as a CPU change.
    { signal: 'process_cpu', labels: { instance: 'app2:8080', job: JOB } },
    { signal: 'http_request_rate', labels: job },
    { signal: 'http_error_ratio', labels: { job: 'storefront' } },
    { signal: 'http_latency_p99', labels: { job: 'storefront' } },
    { signal: 'pg_statement_mean_seconds', labels: { instance: 'db1:9187', queryid: PROMOTIONS_QUERYID } },
    { signal: 'cpu_utilization', labels: { instance: 'db1:9100' } },
    { signal: 'network_transmit_bytes', labels: { instance: 'worker2:9100' } },
    { signal: 'memory_available_ratio', labels: { instance: 'db1:9100' } },
  ];
  const deployChanges = (ats: readonly number[], from: Release, to: Release, why: string) =>
    ats.map((at, i) => ({ labels: { job: JOB, instance: `${APP_HOSTS[i]}:8080` }, at: isoTime(at), description: `${why}: cart_api_build_info version ${from.version} -> ${to.version}` }));
  const restartsOf = (ats: readonly number[], why: string) => ats.map((at, i) => ({ labels: { job: JOB, instance: `${APP_HOSTS[i]}:8080` }, at: isoTime(at), description: why }));
  return {
    name: NAME,
    timezone: TIMEZONE,
    stepSeconds: STEP_SECONDS,
    dataFrom: isoTime(grid.from),
    dataTo: isoTime(grid.to),
    window: { from: isoTime(WINDOW_FROM), to: isoTime(WINDOW_TO) },
    culprit: {
      signals: ['http_error_ratio', 'http_latency_p50', 'http_latency_p99', 'http_slow_ratio'],
      labels: job,
      description:
        'Release 2.15.0 of cart-api (a price-rules engine that throws on promotions and looks them up per cart line). The cause is the ' +
        'deploy itself, seen as cart_api_build_info{version} changing and each instance restarting; the catalogue does not rank changes ' +
        'yet, so the accepted culprit is the deployed job\'s own departure starting with the first restart: its 5xx ratio or latency.',
    },
    phases: phasesToIso({ trigger: TRIGGER, onset: ONSET, detected, mitigated: MITIGATED, recovered: RECOVERED, resolved }),
    anomalous: [
      truthAnomaly('http_error_ratio', job, ONSET, RECOVERED, 'up', '5xx 0.08 % -> about 3.5 % with one instance on 2.15.0, about 10 % with all three'),
      truthAnomaly('http_latency_p50', job, ONSET, RECOVERED, 'up', 'median about 0.025 s -> 0.12 s as cart reads look promotions up per line'),
      truthAnomaly('http_latency_p99', job, ONSET, RECOVERED, 'up', 'p99 about 0.12 s -> 0.7 s'),
      truthAnomaly('http_slow_ratio', job, ONSET, RECOVERED, 'up', 'requests slower than 1 s from none to about 0.5 % (slow cart reads on 2.15.0)'),
    ],
    normal,
    impact: {
      requestsTotal: cartRequests.total,
      requestsFailed: cartRequests.failed,
      requestsSlow: cartRequests.slow,
      slowThresholdSeconds: SLOW_THRESHOLD_SECONDS,
      jobs: [JOB],
      byJob: { [JOB]: cartRequests, storefront: storefrontRequests },
    },
    benign: [
      {
        description: 'routine rollout of cart-api 2.14.3 the day before: three restarts, counters reset, nothing else changes',
        from: isoTime(ROUTINE_DEPLOY[0] as number),
        to: isoTime((ROUTINE_DEPLOY[ROUTINE_DEPLOY.length - 1] as number) + 2 * STEP_SECONDS),
        series: APP_HOSTS.map((host) => ({ signal: 'target_up', labels: { job: JOB, instance: `${host}:8080` } })),
      },
      {
        description: 'nightly catalogue re-index on worker2 (CPU about 95 %, 28 MB/s in; fires HostHighCpuLoad)',
        from: isoTime(NIGHTLY_BATCH.from),
        to: isoTime(NIGHTLY_BATCH.to),
        series: [
          { signal: 'cpu_utilization', labels: { instance: 'worker2:9100' } },
          { signal: 'network_receive_bytes', labels: { instance: 'worker2:9100' } },
          { signal: 'memory_available_ratio', labels: { instance: 'worker2:9100' } },
        ],
      },
    ],
    alerts: alertsForTruth(alerts, WINDOW_FROM, WINDOW_TO),
    restarts: [
      ...restartsOf(ROUTINE_DEPLOY, 'routine rollout of 2.14.3'),
      ...restartsOf(DEPLOY, 'rollout of 2.15.0'),
      ...restartsOf(ROLLBACK, 'rollback to 2.14.3'),
    ],
    changes: [
      ...deployChanges(ROUTINE_DEPLOY, PREVIOUS, GOOD, 'routine release'),
      ...deployChanges(DEPLOY, GOOD, BAD, 'release'),
      ...deployChanges(ROLLBACK, BAD, GOOD, 'rollback'),
    ],
    seed: null,
  };
}

export const badDeploy: ScenarioDefinition = { name: NAME, build };
