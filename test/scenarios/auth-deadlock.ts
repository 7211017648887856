/**
 * Scenario `auth-deadlock` (seed: postmortem-auth-deadlock.txt, Kimby.com, 13 May 2023).
 *
 * Shortly before 19:00 EAT a configuration change reaches the auth service (its config hash label
 * changes, its reload timestamp jumps). The new config makes login and token refresh update the
 * `users` and `sessions` rows in opposite orders, and from 19:00 EAT (16:00 UTC), as the evening peak
 * builds, they deadlock: PostgreSQL's deadlock counter for `auth` climbs, row and tuple locks pile up,
 * about 65 % of logins fail with 500, the auth pool drains db1's connections and db1's CPU runs hot
 * (the symptom that misled the team). At 20:45 EAT the config is rolled back and the database
 * restarted (pg_up 0 for three scrapes, statistics counters reset); logins work again by 20:50.
 */
import { consumerTraffic, envelope, isoTime, mix, smoothNoise, unixTime } from './_grid.js';
import type { Envelope, TimeGrid } from './_grid.js';
import { Random } from './_random.js';
import { ScrapeTarget, SeriesStore, maskOf } from './_store.js';
import { addNodeExporter, standardFilesystems, steadyLoad } from './_node.js';
import type { HostLoad, LoadShape } from './_node.js';
import { addHttpService, SLOW_THRESHOLD_SECONDS } from './_http.js';
import type { Latency, RequestTally, RouteCondition, RouteSpec } from './_http.js';
import { ACTIVITY_STATES, LOCK_MODES, addPostgresExporter } from './_postgres.js';
import type { LockMode, SessionSeries, StatementSpec } from './_postgres.js';
import { addAlertHistory, highErrorRate, highRequestLatency, hostHighCpuLoad, postgresDown, postgresTooManyConnections } from './_alerts.js';
import type { BuiltScenario, ScenarioDefinition } from './_world.js';
import { STEP_SECONDS, alertPhases, alertsForTruth, countRequests, expectInstant, gridAround, phasesToIso, placeScrapeGaps } from './_world.js';
import type { TruthAnomaly, TruthSeriesRef } from './truth.js';

const NAME = 'auth-deadlock';
const SEED = `${NAME}/v1`;
const TIMEZONE = 'Africa/Nairobi';
/** East Africa Time: UTC+3 all year. */
const UTC_OFFSET_SECONDS = 3 * 3600;
const on13th = (time: string): number => unixTime(`2023-05-13T${time}Z`);
const DAY = 86_400;

// The schedule, UTC. The seed's 19:00–21:00 EAT is 16:00–18:00 UTC.
const WINDOW_FROM = on13th('16:00:00');
const WINDOW_TO = on13th('18:00:00');
/** The new auth config is loaded on auth1 (auth2 a scrape later): trigger. */
const TRIGGER = on13th('15:56:00');
const CONFIG_CHANGES = [
  { instance: 'auth1:8080', at: TRIGGER },
  { instance: 'auth2:8080', at: TRIGGER + 15 },
];
/** First deadlocks and failed logins: onset (19:00 EAT). */
const ONSET = on13th('16:00:00');
/** HighErrorRate on auth-service fires at 19:05 EAT, per the seed; the data must agree. */
const EXPECTED_DETECTED = on13th('16:05:00');
/** Config rolled back (auth2 a scrape later): mitigated (20:45 EAT). */
const ROLLBACKS = [
  { instance: 'auth1:8080', at: on13th('17:45:00') },
  { instance: 'auth2:8080', at: on13th('17:45:15') },
];
const MITIGATED = on13th('17:45:00');
/** `pg_ctl restart -m immediate`: sessions killed, statistics lost; refuses connections for 45 s. */
const DB_RESTART = on13th('17:45:30');
const DB_BACK = on13th('17:46:15');
/** When the new postmaster started (what pg_postmaster_start_time_seconds reports). */
const POSTMASTER_START = on13th('17:46:03') + 0.512;
/** Authentication restored: login errors back within baseline (20:50 EAT). */
const RECOVERED = on13th('17:50:00');
/** Sessions deadlocking: rises over three minutes as the evening peak builds, ends with the rollback. */
const LOCKING: Envelope = { start: ONSET, jump: 0.9, full: on13th('16:02:00'), decline: MITIGATED, end: DB_RESTART };
/** db1 CPU: deadlock detection and lock-manager contention, a little after the first deadlocks. */
const DB_CPU: Envelope = { start: on13th('16:01:00'), jump: 0.3, full: on13th('16:04:00'), decline: DB_RESTART, end: DB_BACK };
/** The auth pools grow to their maximum as requests wait on locks. */
const POOL_GROWTH: Envelope = { start: on13th('16:00:30'), jump: 0.2, full: on13th('16:06:00'), decline: DB_RESTART, end: DB_BACK };
/** Benign: the nightly database backup on worker2 (02:00–02:50 EAT): compression CPU, upload traffic. */
const NIGHTLY_BACKUP = { host: 'worker2', from: unixTime('2023-05-12T23:00:00Z'), to: unixTime('2023-05-12T23:50:00Z') };
/** Benign: auth2 restarted by a routine night deploy of the same version. */
const AUTH2_RESTART = unixTime('2023-05-13T03:10:20Z');

const OLD_CONFIG_HASH = 'a41f9c2e';
const NEW_CONFIG_HASH = '7d03b5e1';
const LAST_RELOAD_BEFORE_DATA = unixTime('2023-05-10T09:41:27Z');
const MAX_CONNECTIONS = 150;
/** db1's busy share while deadlock detection and lock-manager contention spin. */
const DB_HOT_CPU = 0.93;
const DB_CPUS = 4;
const GiB = 1024 ** 3;

const WEB_HOSTS = ['web1', 'web2', 'web3'];
const API_HOSTS = ['web1', 'web2'];
const AUTH_HOSTS = ['auth1', 'auth2'];
const WORKER_HOSTS = ['worker1', 'worker2', 'worker3'];

interface AuthRouteBehaviour {
  readonly latency: Latency;
  readonly baseErrorRatio: number;
  /** 5xx share while the sessions deadlock. */
  readonly deadlockErrorRatio: number;
  /** Share of successful requests that waited on a lock, and how long. */
  readonly waitingShare: number;
  readonly waitingLatency: Latency;
  /** Clients retry failures: extra requests at full deadlock. */
  readonly retryFactor: number;
}

const AUTH_ROUTES: readonly (RouteSpec & AuthRouteBehaviour)[] = [
  {
    method: 'POST', route: '/login', peakRate: 25, floorRate: 0.3, successCode: '200', otherCodes: { '401': 0.06 },
    latency: { median: 0.09, sigma: 0.45 }, baseErrorRatio: 0.001, deadlockErrorRatio: 0.65,
    waitingShare: 0.55, waitingLatency: { median: 0.5, sigma: 0.6 }, retryFactor: 1.5,
  },
  {
    method: 'POST', route: '/token/refresh', peakRate: 40, floorRate: 1, successCode: '200', otherCodes: { '401': 0.01 },
    latency: { median: 0.012, sigma: 0.5 }, baseErrorRatio: 0.0008, deadlockErrorRatio: 0.35,
    waitingShare: 0.4, waitingLatency: { median: 0.4, sigma: 0.6 }, retryFactor: 1.3,
  },
  {
    method: 'GET', route: '/userinfo', peakRate: 60, floorRate: 1.5, successCode: '200', otherCodes: { '401': 0.004 },
    latency: { median: 0.006, sigma: 0.5 }, baseErrorRatio: 0.0005, deadlockErrorRatio: 0.01,
    waitingShare: 0.05, waitingLatency: { median: 0.2, sigma: 0.6 }, retryFactor: 1,
  },
];
/** A deadlock victim fails after deadlock_timeout (1 s) plus the detector's run. */
const DEADLOCK_ERROR_LATENCY: Latency = { median: 1.05, sigma: 0.08 };
const FAST_ERROR_LATENCY: Latency = { median: 0.02, sigma: 1 };
/** While the database restarts every login fails at once (connection refused). */
const DB_DOWN_ERROR_RATIO = 0.98;
/**
 * Errors right after the restart, while the auth pools reconnect with backoff: they fade from the
 * first to the second ratio, then stop at RECOVERED, when the last pool is connected again.
 */
const RECONNECT_ERROR_RATIO = 0.3;
const LAST_RECONNECT_ERROR_RATIO = 0.12;

const SHOP_ROUTES: readonly RouteSpec[] = [
  { method: 'GET', route: '/api/products', peakRate: 30, floorRate: 0.6, successCode: '200', otherCodes: { '304': 0.08 } },
  { method: 'GET', route: '/api/products/:id', peakRate: 45, floorRate: 0.8, successCode: '200', otherCodes: { '404': 0.012 } },
  { method: 'POST', route: '/api/checkout', peakRate: 2.5, floorRate: 0.02, successCode: '201', otherCodes: { '400': 0.02 } },
];
/** New customers cannot log in, so fewer checkouts; browsing goes on. */
const CHECKOUT_LOSS = 0.55;

const LOAD_SHAPES: Readonly<Record<string, LoadShape>> = {
  api: {
    busyBase: 0.04, busyPerTraffic: 0.3, iowait: 0.004, memoryUsed: 0.42, memoryPerTraffic: 0.08,
    receiveBase: 30_000, receivePerTraffic: 240_000, transmitBase: 45_000, transmitPerTraffic: 1_700_000,
  },
  storefront: {
    busyBase: 0.03, busyPerTraffic: 0.25, iowait: 0.003, memoryUsed: 0.37, memoryPerTraffic: 0.06,
    receiveBase: 25_000, receivePerTraffic: 170_000, transmitBase: 60_000, transmitPerTraffic: 3_000_000,
  },
  auth: {
    // bcrypt makes logins CPU-heavy.
    busyBase: 0.05, busyPerTraffic: 0.38, iowait: 0.002, memoryUsed: 0.35, memoryPerTraffic: 0.05,
    receiveBase: 20_000, receivePerTraffic: 150_000, transmitBase: 25_000, transmitPerTraffic: 300_000,
  },
  worker: {
    busyBase: 0.05, busyPerTraffic: 0.07, iowait: 0.006, memoryUsed: 0.31, memoryPerTraffic: 0.02,
    receiveBase: 15_000, receivePerTraffic: 50_000, transmitBase: 12_000, transmitPerTraffic: 35_000,
  },
  db: {
    busyBase: 0.08, busyPerTraffic: 0.24, iowait: 0.008, memoryUsed: 0.79, memoryPerTraffic: 0.01,
    receiveBase: 80_000, receivePerTraffic: 800_000, transmitBase: 120_000, transmitPerTraffic: 2_200_000,
  },
};

function build(): BuiltScenario {
  const grid = gridAround(WINDOW_FROM, WINDOW_TO);
  const store = new SeriesStore(grid);
  const n = grid.length;
  const times = Float64Array.from({ length: n }, (_, k) => grid.time(k));
  const traffic = times.map((t) => consumerTraffic(t, UTC_OFFSET_SECONDS));
  const locking = times.map((t) => envelope(t, LOCKING));
  const dbCpu = times.map((t) => envelope(t, DB_CPU));
  const pool = times.map((t) => envelope(t, POOL_GROWTH));
  const instants = [
    WINDOW_FROM, WINDOW_TO, ONSET, EXPECTED_DETECTED, MITIGATED, DB_RESTART, DB_BACK, RECOVERED,
    NIGHTLY_BACKUP.from, NIGHTLY_BACKUP.to, AUTH2_RESTART,
    ...CONFIG_CHANGES.map((c) => c.at), ...ROLLBACKS.map((r) => r.at),
  ];
  /** The outage's own targets keep every scrape from half an hour before the trigger to half an hour after the window. */
  const outageSpan = [[TRIGGER - 1800, WINDOW_TO + 1800]] as const;

  // ---- node_exporter on every host --------------------------------------------------------------
  const nodeTargets: ScrapeTarget[] = [];
  const addHost = (host: string, cpus: number, memoryBytes: number, load: HostLoad, dataVolume = false): void => {
    const target = new ScrapeTarget(grid, 'node', `${host}:9100`, grid.from - 23 * DAY);
    placeScrapeGaps(target, grid, SEED, instants, host === 'db1' ? outageSpan : []);
    nodeTargets.push(target);
    const filesystems = standardFilesystems(host === 'db1' ? 80 * GiB : 40 * GiB, host === 'db1' ? 0.29 : 0.44);
    if (dataVolume) {
      filesystems.push({ device: '/dev/nvme1n1', fstype: 'ext4', mountpoint: '/var/lib/postgresql', sizeBytes: 500 * GiB, usedRatio: 0.547, growthPerDay: 0.0018 });
    }
    addNodeExporter(store, target, { host, cpus, memoryBytes, filesystems, networkDevice: 'ens5', bootTime: target.initialStart - 41, load }, SEED);
  };
  for (const host of WEB_HOSTS) {
    const shape = API_HOSTS.includes(host) ? LOAD_SHAPES['api'] : LOAD_SHAPES['storefront'];
    addHost(host, 2, 8 * GiB, steadyLoad(traffic, shape as LoadShape, `${SEED}/${host}`));
  }
  for (const host of AUTH_HOSTS) addHost(host, 2, 4 * GiB, steadyLoad(traffic, LOAD_SHAPES['auth'] as LoadShape, `${SEED}/${host}`));
  for (const host of WORKER_HOSTS) {
    const load = steadyLoad(traffic, LOAD_SHAPES['worker'] as LoadShape, `${SEED}/${host}`);
    if (host === NIGHTLY_BACKUP.host) {
      const random = new Random(`${SEED}/backup`);
      for (let k = grid.indexAtOrAfter(NIGHTLY_BACKUP.from); k < grid.indexAtOrAfter(NIGHTLY_BACKUP.to); k++) {
        load.busy[k] = 0.88 + 0.03 * random.normal();
        load.iowait[k] = 0.06;
        load.receiveBytesPerSecond[k] = 42_000_000 * (1 + 0.08 * random.normal());
        load.transmitBytesPerSecond[k] = 11_000_000 * (1 + 0.1 * random.normal());
      }
    }
    addHost(host, 2, 8 * GiB, load);
  }
  {
    const load = steadyLoad(traffic, LOAD_SHAPES['db'] as LoadShape, `${SEED}/db1`);
    const hot = smoothNoise(new Random(`${SEED}/db1/hot`), n, 0.9, 0.012);
    for (let k = 0; k < n; k++) load.busy[k] = mix(load.busy[k] ?? 0, DB_HOT_CPU + (hot[k] ?? 0), dbCpu[k] ?? 0);
    addHost('db1', DB_CPUS, 32 * GiB, load, true);
  }

  // ---- auth-service and shop-api (prom-client) --------------------------------------------------
  const authTargets = AUTH_HOSTS.map((host) => {
    const target = new ScrapeTarget(grid, 'auth-service', `${host}:8080`, unixTime('2023-05-10T09:41:25Z'));
    placeScrapeGaps(target, grid, SEED, instants, outageSpan);
    if (host === 'auth2') target.restart(AUTH2_RESTART);
    return target;
  });
  const authCondition = (route: RouteSpec, k: number): RouteCondition => {
    const behaviour = route as RouteSpec & AuthRouteBehaviour;
    const t = times[k] ?? 0;
    const w = locking[k] ?? 0;
    let errorRatio = mix(behaviour.baseErrorRatio, behaviour.deadlockErrorRatio, w);
    let errorLatency = w > 0 ? DEADLOCK_ERROR_LATENCY : FAST_ERROR_LATENCY;
    if (t >= MITIGATED && t < DB_BACK) {
      errorRatio = behaviour.deadlockErrorRatio > 0.1 ? DB_DOWN_ERROR_RATIO : behaviour.deadlockErrorRatio;
      errorLatency = FAST_ERROR_LATENCY;
    } else if (t >= DB_BACK && t < RECOVERED) {
      const fading = (t - DB_BACK) / (RECOVERED - DB_BACK);
      const reconnecting = mix(RECONNECT_ERROR_RATIO, LAST_RECONNECT_ERROR_RATIO, fading);
      errorRatio = Math.max(behaviour.baseErrorRatio, Math.min(reconnecting, behaviour.deadlockErrorRatio));
      errorLatency = FAST_ERROR_LATENCY;
    }
    const outage = t >= ONSET && t < RECOVERED ? 1 : 0;
    return {
      rateFactor: 1 + (behaviour.retryFactor - 1) * Math.max(w, outage),
      errorRatio,
      latency: behaviour.latency,
      degradedShare: behaviour.waitingShare * w,
      degradedLatency: behaviour.waitingLatency,
      errorLatency,
    };
  };
  const authTally = addHttpService(
    store,
    { job: 'auth-service', targets: authTargets, routes: AUTH_ROUTES, errorCode: '500', traffic, condition: authCondition, baseMemoryBytes: 140_000_000 },
    SEED,
  );
  addConfigMetrics(store, authTargets);

  const shopTargets = API_HOSTS.map((host) => {
    const target = new ScrapeTarget(grid, 'shop-api', `${host}:3000`, unixTime('2023-05-09T14:03:11Z'));
    placeScrapeGaps(target, grid, SEED, instants);
    return target;
  });
  const shopCondition = (route: RouteSpec, k: number): RouteCondition => ({
    rateFactor: route.route === '/api/checkout' ? 1 - CHECKOUT_LOSS * (locking[k] ?? 0) : 1,
    errorRatio: route.method === 'POST' ? 0.002 : 0.0007,
    latency: route.method === 'POST' ? { median: 0.12, sigma: 0.5 } : { median: 0.03, sigma: 0.55 },
    degradedShare: 0,
    degradedLatency: { median: 1, sigma: 1 },
    errorLatency: FAST_ERROR_LATENCY,
  });
  const shopTally = addHttpService(
    store,
    { job: 'shop-api', targets: shopTargets, routes: SHOP_ROUTES, errorCode: '500', traffic, condition: shopCondition, baseMemoryBytes: 180_000_000 },
    SEED,
  );

  // ---- postgres_exporter on db1 -----------------------------------------------------------------
  const exporter = new ScrapeTarget(grid, 'postgres', 'db1:9187', grid.from - 23 * DAY + 120);
  placeScrapeGaps(exporter, grid, SEED, instants, outageSpan);
  const server = new ScrapeTarget(grid, 'postgresql', 'db1:5432', grid.from - 23 * DAY + 63.204);
  server.restart(POSTMASTER_START);
  const down = maskOf(n, [[grid.indexAtOrAfter(DB_RESTART), grid.indexAtOrAfter(DB_BACK)]]);
  const sessions = databaseSessions(n, traffic, locking, pool, down, times);
  const locks = databaseLocks(n, traffic, locking, sessions);
  const statements = authStatements(traffic, locking);
  addPostgresExporter(
    store,
    {
      exporter,
      server,
      down,
      maxConnections: MAX_CONNECTIONS,
      databases: ['postgres', 'shop', 'auth'],
      sessions: (datname, state) => sessions.get(`${datname}/${state}`) as SessionSeries,
      locks: (datname, mode) => locks.get(`${datname}/${mode}`) as Float64Array,
      deadlocksPerSecond: (datname) => (datname === 'auth' ? locking.map((w, k) => w * (1.6 + 2.4 * (traffic[k] ?? 0))) : new Float64Array(n)),
      initialDeadlocks: { postgres: 0, shop: 2, auth: 3 },
      statements,
    },
    SEED,
  );

  // ---- up, alerts -------------------------------------------------------------------------------
  for (const target of [...nodeTargets, ...authTargets, ...shopTargets, exporter]) store.add('up', target.labels, target.upValues(), { kind: 'gauge', decimals: 0 });
  const rules = [
    highRequestLatency('shop-api', 2, 120),
    highErrorRate(0.05, 1, 300),
    hostHighCpuLoad(0.8, 600),
    postgresDown(60),
    postgresTooManyConnections(0.8, 300),
  ];
  const alerts = addAlertHistory(store, rules);
  const { detected, resolved } = alertPhases(alerts, WINDOW_FROM, WINDOW_TO);
  expectInstant('HighErrorRate on auth-service firing (19:05 EAT in the seed)', detected, EXPECTED_DETECTED);

  return { store, rules, truth: truthOf(grid.from, grid.to, detected, resolved, alertsForTruth(alerts, WINDOW_FROM, WINDOW_TO), authTally, shopTally, grid) };
}

function truthOf(
  dataFrom: number,
  dataTo: number,
  detected: number,
  resolved: number,
  alerts: ReturnType<typeof alertsForTruth>,
  authTally: RequestTally,
  shopTally: RequestTally,
  grid: TimeGrid,
): BuiltScenario['truth'] {
  const db = { instance: 'db1:9187' };
  const authDb = { ...db, datname: 'auth' };
  const anomaly = (signal: string, labels: Record<string, string>, onset: number, end: number | null, direction: 'up' | 'down', description: string, weak = false): TruthAnomaly => ({
    signal, labels, onset: isoTime(onset), end: end === null ? null : isoTime(end), direction, description, ...(weak ? { weak: true as const } : {}),
  });
  const auth = countRequests(authTally, grid, WINDOW_FROM, WINDOW_TO);
  const shop = countRequests(shopTally, grid, WINDOW_FROM, WINDOW_TO);
  const normal: TruthSeriesRef[] = [
    ...API_HOSTS.flatMap((host) => [
      { signal: 'network_receive_bytes', labels: { instance: `${host}:9100` } },
      { signal: 'cpu_utilization', labels: { instance: `${host}:9100` } },
    ]),
    { signal: 'http_error_ratio', labels: { job: 'shop-api' } },
    { signal: 'http_latency_p99', labels: { job: 'shop-api' } },
    { signal: 'memory_available_ratio', labels: { instance: 'db1:9100' } },
    { signal: 'filesystem_free_ratio', labels: { instance: 'db1:9100' } },
    { signal: 'network_transmit_bytes', labels: { instance: 'worker2:9100' } },
    { signal: 'cpu_utilization', labels: { instance: 'worker1:9100' } },
    { signal: 'pg_deadlocks', labels: { ...db, datname: 'shop' } },
    { signal: 'pg_statement_mean_seconds', labels: { ...db, queryid: SHOP_PRODUCT_QUERYID } },
  ];
  return {
    name: NAME,
    timezone: TIMEZONE,
    stepSeconds: STEP_SECONDS,
    dataFrom: isoTime(dataFrom),
    dataTo: isoTime(dataTo),
    window: { from: isoTime(WINDOW_FROM), to: isoTime(WINDOW_TO) },
    culprit: {
      signals: ['pg_deadlocks', 'pg_locks'],
      labels: authDb,
      description: 'A config change made the auth service lock users and sessions rows in opposite orders: deadlocks in the auth database.',
    },
    phases: phasesToIso({ trigger: TRIGGER, onset: ONSET, detected, mitigated: MITIGATED, recovered: RECOVERED, resolved }),
    anomalous: [
      anomaly('pg_deadlocks', authDb, ONSET, MITIGATED, 'up', 'deadlocks from 0 to about 2-4 per second'),
      anomaly('pg_locks', { ...authDb, mode: 'rowexclusivelock' }, ONSET, DB_RESTART, 'up', 'writers stuck holding RowExclusiveLock'),
      anomaly('pg_locks', { ...authDb, mode: 'exclusivelock' }, ONSET, DB_RESTART, 'up', 'tuple locks of sessions waiting for a row'),
      anomaly('pg_locks', { ...authDb, mode: 'rowsharelock' }, ONSET, DB_RESTART, 'up', 'SELECT … FOR UPDATE waiting'),
      anomaly('pg_locks', { ...authDb, mode: 'accesssharelock' }, ONSET, DB_RESTART, 'up', 'one per relation of every blocked query'),
      anomaly('pg_active_sessions', { ...authDb, state: 'active' }, ONSET, DB_RESTART, 'up', 'sessions waiting on locks: about 3 -> 50'),
      anomaly('pg_active_sessions', { ...authDb, state: 'idle in transaction' }, ONSET, DB_RESTART, 'up', 'app holds transactions open while retrying'),
      // The catalogue reads the longest transaction per database and connections per server.
      anomaly('pg_max_tx_duration', authDb, ONSET, DB_RESTART, 'up', 'oldest transaction from under 0.1 s to 30-120 s'),
      anomaly('pg_connections', db, POOL_GROWTH.start, DB_RESTART, 'up', 'auth pools grow the server from 75 to about 139 connections'),
      anomaly('pg_connection_saturation', db, POOL_GROWTH.start, DB_RESTART, 'up', 'backends / max_connections 0.5 -> 0.93'),
      anomaly('pg_statement_mean_seconds', { ...db, queryid: UPDATE_USERS_QUERYID }, ONSET, DB_RESTART, 'up', 'UPDATE users waits on row locks'),
      anomaly('pg_statement_mean_seconds', { ...db, queryid: UPSERT_SESSIONS_QUERYID }, ONSET, DB_RESTART, 'up', 'INSERT … ON CONFLICT sessions waits on row locks'),
      anomaly('pg_statement_mean_seconds', { ...db, queryid: REFRESH_QUERYID }, ONSET, DB_RESTART, 'up', 'UPDATE sessions (refresh) waits on row locks'),
      anomaly('cpu_utilization', { instance: 'db1:9100' }, DB_CPU.start, DB_BACK, 'up', 'db1 CPU about 30 % -> 93 % (the misleading symptom)'),
      anomaly('load_per_cpu', { instance: 'db1:9100' }, DB_CPU.start, DB_BACK, 'up', 'db1 run queue'),
      // The busy modes share db1's extra CPU in proportion (see _node.ts): real moves, listed so they are not counted as false alarms.
      ...(['user', 'system', 'softirq', 'irq'] as const).map((mode) =>
        anomaly('cpu_mode', { instance: 'db1:9100', mode }, DB_CPU.start, DB_BACK, 'up', `db1 ${mode} CPU grows with the rest`, true),
      ),
      anomaly('http_error_ratio', { job: 'auth-service' }, ONSET, RECOVERED, 'up', '5xx 0.1 % -> about 30 % of all auth requests (65 % of logins)'),
      anomaly('http_latency_p99', { job: 'auth-service' }, ONSET, MITIGATED, 'up', 'lock waits and 1 s deadlock detection: p99 about 0.24 s -> 2.4 s'),
      anomaly('http_slow_ratio', { job: 'auth-service' }, ONSET, MITIGATED, 'up', 'requests slower than 1 s from 0 to about 20 %'),
      anomaly('http_latency_p50', { job: 'auth-service' }, ONSET, MITIGATED, 'up', 'median about 0.01 s -> 0.03 s as a third of requests wait on locks', true),
      anomaly('http_request_rate', { job: 'auth-service' }, ONSET, RECOVERED, 'up', 'clients retry failed logins and refreshes (+20 %)', true),
      anomaly('process_cpu', { job: 'auth-service' }, ONSET, RECOVERED, 'up', 'more requests served (retries)', true),
      anomaly('http_request_rate', { job: 'shop-api' }, ONSET, MITIGATED, 'down', 'checkouts -55 % (new customers cannot log in); browsing unchanged', true),
      // 45 s down is shorter than the minute a sustained departure needs: the restart itself is on the timeline.
      anomaly('pg_up', db, DB_RESTART, DB_BACK, 'down', 'database restart: three scrapes with pg_up 0', true),
    ],
    normal,
    impact: {
      requestsTotal: auth.total,
      requestsFailed: auth.failed,
      requestsSlow: auth.slow,
      slowThresholdSeconds: SLOW_THRESHOLD_SECONDS,
      jobs: ['auth-service'],
      byJob: { 'auth-service': auth, 'shop-api': shop },
    },
    benign: [
      {
        description: 'nightly database backup on worker2 (CPU about 88 %, 42 MB/s in, 11 MB/s out; fires HostHighCpuLoad)',
        from: isoTime(NIGHTLY_BACKUP.from),
        to: isoTime(NIGHTLY_BACKUP.to),
        series: [
          { signal: 'cpu_utilization', labels: { instance: 'worker2:9100' } },
          { signal: 'network_receive_bytes', labels: { instance: 'worker2:9100' } },
          { signal: 'network_transmit_bytes', labels: { instance: 'worker2:9100' } },
          { signal: 'cpu_mode', labels: { instance: 'worker2:9100', mode: 'iowait' } },
        ],
      },
      {
        description: 'auth2 restarted by a routine night deploy (counters reset, one failed scrape)',
        from: isoTime(AUTH2_RESTART),
        to: isoTime(AUTH2_RESTART + 2 * STEP_SECONDS),
        series: [{ signal: 'target_up', labels: { job: 'auth-service', instance: 'auth2:8080' } }],
      },
    ],
    alerts,
    restarts: [
      { labels: { job: 'auth-service', instance: 'auth2:8080' }, at: isoTime(AUTH2_RESTART), description: 'routine deploy' },
      { labels: { job: 'postgres', instance: 'db1:9187' }, at: isoTime(POSTMASTER_START), description: 'PostgreSQL restarted (pg_postmaster_start_time_seconds; statistics counters reset)' },
    ],
    changes: [
      ...CONFIG_CHANGES.map((c) => ({ labels: { job: 'auth-service', instance: c.instance }, at: isoTime(c.at), description: `config reloaded: config_hash ${OLD_CONFIG_HASH} -> ${NEW_CONFIG_HASH}` })),
      ...ROLLBACKS.map((r) => ({ labels: { job: 'auth-service', instance: r.instance }, at: isoTime(r.at), description: `config rolled back: config_hash ${NEW_CONFIG_HASH} -> ${OLD_CONFIG_HASH}` })),
    ],
    seed: {
      file: '../shared/seeds/postmortem-auth-deadlock.txt',
      facts: [
        { quote: 'Between 7:00 PM to 9:00 PM EAT on May 13th, 2023', field: 'window.from', local: '2023-05-13T19:00' },
        { quote: 'Between 7:00 PM to 9:00 PM EAT on May 13th, 2023', field: 'window.to', local: '2023-05-13T21:00' },
        { quote: '7:00 PM EAT: The problem was detected', field: 'phases.onset', local: '2023-05-13T19:00' },
        { quote: '7:05 PM EAT: The engineering team and the database administrators were alerted', field: 'phases.detected', local: '2023-05-13T19:05' },
        { quote: '8:45 PM EAT: The configuration change was rolled back and the database was restarted', field: 'phases.mitigated', local: '2023-05-13T20:45' },
        { quote: '8:50 PM EAT: The authentication was restored', field: 'phases.recovered', local: '2023-05-13T20:50' },
      ],
    },
  };
}

/** `auth_service_config_info{config_hash}` and the last successful reload time, per instance. */
function addConfigMetrics(store: SeriesStore, targets: readonly ScrapeTarget[]): void {
  const grid = store.grid;
  const n = grid.length;
  const infoByHash = new Map<string, Map<ScrapeTarget, Float64Array>>();
  for (const target of targets) {
    const change = CONFIG_CHANGES.find((c) => c.instance === target.instance)?.at ?? Infinity;
    const rollback = ROLLBACKS.find((r) => r.instance === target.instance)?.at ?? Infinity;
    const oldInfo = new Float64Array(n).fill(Number.NaN);
    const newInfo = new Float64Array(n).fill(Number.NaN);
    const reload = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const t = grid.time(k);
      const onNew = t >= change && t < rollback;
      (onNew ? newInfo : oldInfo)[k] = 1;
      // A restarted process loads its config on start: that is a reload too.
      let last = LAST_RELOAD_BEFORE_DATA;
      for (const restart of target.restarts) if (restart <= t) last = restart + 1;
      if (t >= change) last = change;
      if (t >= rollback) last = rollback;
      reload[k] = last;
    }
    for (const [hash, values] of [
      [OLD_CONFIG_HASH, oldInfo],
      [NEW_CONFIG_HASH, newInfo],
    ] as const) {
      const byTarget = infoByHash.get(hash) ?? new Map<ScrapeTarget, Float64Array>();
      byTarget.set(target, values);
      infoByHash.set(hash, byTarget);
    }
    store.add('auth_service_config_last_reload_success_timestamp_seconds', target.labels, reload, { kind: 'gauge', decimals: 0, absent: [target.failed] });
  }
  for (const [hash, byTarget] of infoByHash) {
    for (const [target, values] of byTarget) {
      store.add('auth_service_config_info', { config_hash: hash, ...target.labels }, values, { kind: 'gauge', decimals: 0, absent: [target.failed] });
    }
  }
}

const SHOP_PRODUCT_QUERYID = '5823340127409911234';
const UPDATE_USERS_QUERYID = '-2870159372214805530';
const UPSERT_SESSIONS_QUERYID = '1093847561029384756';
const REFRESH_QUERYID = '-6012837465019283746';

/** The auth service's statements, plus two of the shop's. Lock waits slow the writers; failed calls are not counted. */
function authStatements(traffic: Float64Array, locking: Float64Array): StatementSpec[] {
  const level = (k: number): number => traffic[k] ?? 0;
  const w = (k: number): number => locking[k] ?? 0;
  return [
    { user: 'auth_service', datname: 'auth', queryid: '4410928374651029384', query: 'SELECT … FROM users WHERE lower(email) = lower($1)', callsPerSecond: (k) => 25 * level(k) * (1 + 0.5 * w(k)) + 0.3, meanSeconds: () => 0.0008 },
    { user: 'auth_service', datname: 'auth', queryid: UPDATE_USERS_QUERYID, query: 'UPDATE users SET last_login_at = now(), failed_attempts = 0 WHERE id = $1', callsPerSecond: (k) => (25 * level(k) + 0.3) * (1 - 0.6 * w(k)), meanSeconds: (k) => 0.0012 + 0.55 * w(k) },
    { user: 'auth_service', datname: 'auth', queryid: UPSERT_SESSIONS_QUERYID, query: 'INSERT INTO sessions (…) VALUES (…) ON CONFLICT (user_id, device_id) DO UPDATE …', callsPerSecond: (k) => (25 * level(k) + 0.3) * (1 - 0.6 * w(k)), meanSeconds: (k) => 0.0015 + 0.6 * w(k) },
    { user: 'auth_service', datname: 'auth', queryid: REFRESH_QUERYID, query: 'UPDATE sessions SET refresh_token_hash = $1, expires_at = $2 WHERE id = $3', callsPerSecond: (k) => (40 * level(k) + 1) * (1 - 0.3 * w(k)), meanSeconds: (k) => 0.0011 + 0.4 * w(k) },
    { user: 'auth_service', datname: 'auth', queryid: '8192837465564738291', query: 'SELECT … FROM sessions WHERE token_hash = $1', callsPerSecond: (k) => 60 * level(k) + 1.5, meanSeconds: () => 0.0006 },
    { user: 'shop', datname: 'shop', queryid: SHOP_PRODUCT_QUERYID, query: 'SELECT … FROM products WHERE id = $1', callsPerSecond: (k) => 46 * level(k) + 0.05, meanSeconds: () => 0.0009 },
    { user: 'shop', datname: 'shop', queryid: '7345120982234411701', query: 'INSERT INTO orders (…) VALUES (…) RETURNING id', callsPerSecond: (k) => 2.5 * level(k) * (1 - CHECKOUT_LOSS * w(k)) + 0.02, meanSeconds: () => 0.0031 },
  ];
}

/**
 * Sessions per database and state. The auth pools (2 x 12 at rest, up to 2 x 43) fill with sessions
 * waiting on locks; everything is gone for the restart and the pools reconnect after it.
 */
function databaseSessions(
  n: number,
  traffic: Float64Array,
  locking: Float64Array,
  pool: Float64Array,
  down: Uint8Array,
  times: Float64Array,
): Map<string, SessionSeries> {
  const random = new Random(`${SEED}/pg/sessions`);
  const out = new Map<string, { count: Float64Array; maxTxDuration: Float64Array }>();
  for (const datname of ['postgres', 'shop', 'auth']) {
    for (const state of ACTIVITY_STATES) out.set(`${datname}/${state}`, { count: new Float64Array(n), maxTxDuration: new Float64Array(n) });
  }
  const set = (key: string, k: number, count: number, maxTx: number): void => {
    const series = out.get(key) as { count: Float64Array; maxTxDuration: Float64Array };
    series.count[k] = count;
    series.maxTxDuration[k] = maxTx;
  };
  for (let k = 0; k < n; k++) {
    const level = traffic[k] ?? 0;
    const w = locking[k] ?? 0;
    const growth = pool[k] ?? 0;
    const afterRestart = (times[k] ?? 0) >= DB_BACK && (times[k] ?? 0) < DB_BACK + 600;
    // The exporter's own session, and a monitoring agent.
    set('postgres/active', k, 1, 0.002 + 0.004 * random.next());
    set('postgres/idle', k, 1, 0);
    set('postgres/idle in transaction', k, 0, 0);

    const shopActive = Math.max(1, random.poisson(1 + 3.5 * level));
    const shopIdleTx = random.poisson(0.3 + 1.2 * level);
    const shopTotal = (afterRestart ? 40 : 46) + Math.round(4 * level) + random.int(2);
    set('shop/active', k, shopActive, 0.004 + 0.03 * Math.abs(random.normal()));
    set('shop/idle', k, Math.max(0, shopTotal - shopActive - shopIdleTx), 0);
    set('shop/idle in transaction', k, shopIdleTx, shopIdleTx > 0 ? 0.02 + 0.15 * Math.abs(random.normal()) : 0);

    const authActive = Math.max(1, random.poisson(0.8 + 2.5 * level)) + Math.round(w * (46 + 3 * random.normal()));
    const authIdleTx = random.poisson(0.2 + 0.5 * level + 9 * w);
    const authTotal = Math.max(authActive + authIdleTx, 24 + Math.round(62 * growth) + random.int(2));
    const waitingAge = w > 0 ? 25 + 60 * w * Math.abs(random.normal()) + 20 * random.next() : 0;
    set('auth/active', k, authActive, Math.max(0.003 + 0.05 * Math.abs(random.normal()), waitingAge));
    set('auth/idle', k, Math.max(0, authTotal - authActive - authIdleTx), 0);
    set('auth/idle in transaction', k, authIdleTx, authIdleTx > 0 ? 0.01 + 0.05 * Math.abs(random.normal()) + 12 * w * random.next() : 0);
  }
  // Nobody is connected while the server is down; the exporter shows nothing then anyway.
  for (const series of out.values()) for (let k = 0; k < n; k++) if (down[k] === 1) series.count[k] = 0;
  return out;
}

/**
 * Locks per database and mode. postgres_exporter counts only locks tied to a database, so the
 * transaction-id ShareLocks that row waiters queue on are not seen; their tuple locks
 * (ExclusiveLock) and the writers' RowExclusiveLocks are.
 */
function databaseLocks(n: number, traffic: Float64Array, locking: Float64Array, sessions: Map<string, SessionSeries>): Map<string, Float64Array> {
  const random = new Random(`${SEED}/pg/locks`);
  const out = new Map<string, Float64Array>();
  for (const datname of ['postgres', 'shop', 'auth']) for (const mode of LOCK_MODES) out.set(`${datname}/${mode}`, new Float64Array(n));
  const set = (datname: string, mode: LockMode, k: number, value: number): void => {
    (out.get(`${datname}/${mode}`) as Float64Array)[k] = value;
  };
  const active = (datname: string, k: number): number => sessions.get(`${datname}/active`)?.count[k] ?? 0;
  let autovacuumUntil = -1;
  for (let k = 0; k < n; k++) {
    const level = traffic[k] ?? 0;
    const w = locking[k] ?? 0;
    set('postgres', 'accesssharelock', k, 1 + random.int(2));
    set('shop', 'accesssharelock', k, Math.round(3.2 * active('shop', k) + random.poisson(1)));
    set('shop', 'rowexclusivelock', k, 3 * random.poisson(0.3 + 1.1 * level));
    set('shop', 'rowsharelock', k, random.poisson(0.3 * level));
    if (k > autovacuumUntil && random.next() < 1 / 240) autovacuumUntil = k + 8 + random.int(20);
    set('shop', 'shareupdateexclusivelock', k, k <= autovacuumUntil ? 1 : 0);
    set('auth', 'accesssharelock', k, Math.round(2.8 * active('auth', k) + random.poisson(0.8)));
    set('auth', 'rowexclusivelock', k, 3 * random.poisson(0.2 + 0.8 * level + 30 * w));
    set('auth', 'rowsharelock', k, random.poisson(0.2 * level + 25 * w));
    set('auth', 'exclusivelock', k, random.poisson(0.02 + 30 * w));
  }
  return out;
}

export const authDeadlock: ScenarioDefinition = { name: NAME, build };
