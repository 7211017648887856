/**
 * What the four outage kinds of issue 3 (bad deploy, memory leak, disk filling up, slow upstream)
 * share: a small company's estate of hosts with node_exporter, a healthy PostgreSQL with
 * postgres_exporter, prom-client services, a nightly batch job, `up` for every target, version
 * (`*_build_info`) series, and the truth's anomaly entries. Each scenario file keeps only its story.
 *
 * The seed scenarios predate this module and keep their own copies of the same ideas, so their bytes
 * do not change.
 */
import type { Labels } from '../../src/model/series.js';
import type { TimeGrid } from './_grid.js';
import { isoTime, smoothNoise } from './_grid.js';
import type { FilesystemSpec, HostLoad, LoadShape } from './_node.js';
import { addNodeExporter, standardFilesystems, steadyLoad } from './_node.js';
import { ACTIVITY_STATES, LOCK_MODES, addPostgresExporter } from './_postgres.js';
import type { ActivityState, LockMode, SessionSeries, StatementSpec } from './_postgres.js';
import { Random } from './_random.js';
import { formatValue } from './_openmetrics.js';
import { ScrapeTarget } from './_store.js';
import type { SeriesStore, StoredSeries } from './_store.js';
import { placeScrapeGaps } from './_world.js';
import type { TruthAnomaly, TruthRequests } from './truth.js';

export const DAY_SECONDS = 86_400;
export const GiB = 1024 ** 3;
/** node_exporter hosts were booted this long before the data: their counters are large, as on a real fleet. */
const HOST_UPTIME_DAYS = 31;
/** postgres_exporter's own pool: the exporter and a monitoring agent in database `postgres`. */
const MONITORING_SESSIONS = 1;

/** How a host's resources follow traffic, per role (shares of one cpu, bytes per second). */
export const LOAD_SHAPES = {
  app: {
    busyBase: 0.04, busyPerTraffic: 0.3, iowait: 0.004, memoryUsed: 0.41, memoryPerTraffic: 0.08,
    receiveBase: 30_000, receivePerTraffic: 250_000, transmitBase: 45_000, transmitPerTraffic: 1_800_000,
  },
  web: {
    busyBase: 0.03, busyPerTraffic: 0.24, iowait: 0.003, memoryUsed: 0.36, memoryPerTraffic: 0.06,
    receiveBase: 25_000, receivePerTraffic: 170_000, transmitBase: 60_000, transmitPerTraffic: 3_100_000,
  },
  worker: {
    busyBase: 0.05, busyPerTraffic: 0.07, iowait: 0.006, memoryUsed: 0.32, memoryPerTraffic: 0.02,
    receiveBase: 15_000, receivePerTraffic: 55_000, transmitBase: 12_000, transmitPerTraffic: 38_000,
  },
  db: {
    busyBase: 0.07, busyPerTraffic: 0.22, iowait: 0.008, memoryUsed: 0.79, memoryPerTraffic: 0.01,
    receiveBase: 80_000, receivePerTraffic: 750_000, transmitBase: 120_000, transmitPerTraffic: 2_300_000,
  },
  /** A Kubernetes node: many pods, so memory sits higher and follows traffic more. */
  kube: {
    busyBase: 0.08, busyPerTraffic: 0.28, iowait: 0.004, memoryUsed: 0.52, memoryPerTraffic: 0.07,
    receiveBase: 60_000, receivePerTraffic: 900_000, transmitBase: 80_000, transmitPerTraffic: 2_600_000,
  },
} as const satisfies Readonly<Record<string, LoadShape>>;

/** One scenario's time grid and the facts every builder below needs. */
export interface Estate {
  readonly store: SeriesStore;
  readonly grid: TimeGrid;
  readonly seed: string;
  /** Daily traffic level (1 = evening peak) at each grid index. */
  readonly traffic: Float64Array;
  /** Scheduled instants: scrape gaps stay well clear of them. */
  readonly instants: readonly number[];
  /** Where the outage's own targets keep every scrape. */
  readonly outageSpan: readonly (readonly [number, number])[];
}

/** A scrape target; `involved` targets (the outage's own) get no scrape gaps around the outage. */
export function scrapeTarget(estate: Estate, job: string, instance: string, started: number, involved = false): ScrapeTarget {
  const target = new ScrapeTarget(estate.grid, job, instance, started);
  placeScrapeGaps(target, estate.grid, estate.seed, estate.instants, involved ? estate.outageSpan : []);
  return target;
}

export interface HostPlan {
  readonly host: string;
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly shape: LoadShape;
  readonly rootSizeBytes: number;
  readonly rootUsedRatio: number;
  readonly extraFilesystems?: readonly FilesystemSpec[];
  /** Overrides for the root filesystem (a log that fills it). */
  readonly rootUsedBytes?: FilesystemSpec['usedBytes'];
  readonly involved?: boolean;
  /** Changes the host's steady load before its series are written (a batch job, the outage). */
  readonly perturb?: (load: HostLoad) => void;
}

/** node_exporter on one host; returns its scrape target. */
export function addHost(estate: Estate, plan: HostPlan): ScrapeTarget {
  const target = scrapeTarget(estate, 'node', `${plan.host}:9100`, estate.grid.from - HOST_UPTIME_DAYS * DAY_SECONDS, plan.involved === true);
  const load = steadyLoad(estate.traffic, plan.shape, `${estate.seed}/${plan.host}`);
  plan.perturb?.(load);
  const [root, ...others] = standardFilesystems(plan.rootSizeBytes, plan.rootUsedRatio);
  const filesystems: FilesystemSpec[] = [
    ...(root === undefined ? [] : [plan.rootUsedBytes === undefined ? root : { ...root, usedBytes: plan.rootUsedBytes }]),
    ...others,
    ...(plan.extraFilesystems ?? []),
  ];
  addNodeExporter(
    estate.store,
    target,
    { host: plan.host, cpus: plan.cpus, memoryBytes: plan.memoryBytes, filesystems, networkDevice: 'ens5', bootTime: target.initialStart - 38, load },
    estate.seed,
  );
  return target;
}

/**
 * A nightly batch job on a worker (a backup, a re-index): CPU about 95 %, downloads and iowait for
 * `[from, to)`. Harmless and outside the window; it fires HostHighCpuLoad, the unrelated alert every
 * scenario has (high enough that the per-cpu wobble rarely makes it flap).
 */
export function nightlyBatch(estate: Estate, load: HostLoad, from: number, to: number): void {
  const random = new Random(`${estate.seed}/nightly-batch`);
  for (let k = estate.grid.indexAtOrAfter(from); k < estate.grid.indexAtOrAfter(to); k++) {
    load.busy[k] = 0.95 + 0.02 * random.normal();
    load.iowait[k] = 0.04;
    load.memoryUsed[k] = (load.memoryUsed[k] ?? 0) + 0.25;
    load.receiveBytesPerSecond[k] = 28_000_000 * (1 + 0.08 * random.normal());
  }
}

/** `up` for every target, 0 at its failed scrapes. */
export function addUp(store: SeriesStore, targets: readonly ScrapeTarget[]): void {
  for (const target of targets) store.add('up', target.labels, target.upValues(), { kind: 'gauge', decimals: 0 });
}

/** A released version of a service. */
export interface Release {
  readonly version: string;
  readonly revision: string;
}

/**
 * `<metric>{version, revision, …} 1`, as services expose their build (`checkout_build_info`,
 * prometheus_build_info): one series per version a target ran, present while it ran it; the label
 * change is what a change detector would read. `releaseAt(target, time)` names the running release.
 */
export function addBuildInfo(store: SeriesStore, metric: string, targets: readonly ScrapeTarget[], releaseAt: (target: ScrapeTarget, time: number) => Release): void {
  const grid = store.grid;
  const bySeries = new Map<string, { labels: Labels; values: Float64Array; target: ScrapeTarget }>();
  for (const target of targets) {
    for (let k = 0; k < grid.length; k++) {
      const release = releaseAt(target, grid.time(k));
      const key = `${target.instance}\u0000${release.version}`;
      let series = bySeries.get(key);
      if (series === undefined) {
        series = { labels: { ...target.labels, revision: release.revision, version: release.version }, values: new Float64Array(grid.length).fill(Number.NaN), target };
        bySeries.set(key, series);
      }
      series.values[k] = 1;
    }
  }
  for (const { labels, values, target } of bySeries.values()) store.add(metric, labels, values, { kind: 'gauge', decimals: 0, absent: [target.failed] });
}

/** The busy/idle pattern of one application database. */
export interface DatabasePlan {
  readonly datname: string;
  /** Pool connections the applications keep open (idle most of the time). */
  readonly poolSize: number;
  /** Active sessions at traffic 1 (the evening peak), besides one at any hour. */
  readonly activePerTraffic: number;
  readonly statements: readonly StatementSpec[];
}

export interface PostgresPlan {
  readonly host: string;
  readonly databases: readonly DatabasePlan[];
  readonly maxConnections: number;
  readonly initialDeadlocks: Readonly<Record<string, number>>;
}

/**
 * postgres_exporter on a healthy database: sessions and locks follow traffic, statements keep their
 * times, no deadlocks, no restart. The exporter's own `postgres` database is added to the list.
 */
export function addHealthyPostgres(estate: Estate, plan: PostgresPlan): ScrapeTarget {
  const { grid } = estate;
  const n = grid.length;
  const exporter = scrapeTarget(estate, 'postgres', `${plan.host}:9187`, grid.from - HOST_UPTIME_DAYS * DAY_SECONDS + 94);
  const server = new ScrapeTarget(grid, 'postgresql', `${plan.host}:5432`, grid.from - HOST_UPTIME_DAYS * DAY_SECONDS + 51.318);
  const sessions = new Map<string, SessionSeries>();
  const locks = new Map<string, Float64Array>();
  for (const database of plan.databases) {
    const own = databaseSessions(estate, database);
    for (const state of ACTIVITY_STATES) sessions.set(`${database.datname}/${state}`, own.get(state) as SessionSeries);
    const held = databaseLocks(estate, database.datname, own.get('active')?.count ?? new Float64Array(n));
    for (const mode of LOCK_MODES) locks.set(`${database.datname}/${mode}`, held.get(mode) as Float64Array);
  }
  const monitoring = monitoringSessions(n, `${estate.seed}/pg/postgres`);
  addPostgresExporter(
    estate.store,
    {
      exporter,
      server,
      down: new Uint8Array(n),
      maxConnections: plan.maxConnections,
      databases: ['postgres', ...plan.databases.map((database) => database.datname)],
      sessions: (datname, state) =>
        (datname === 'postgres' ? monitoring.get(state) : sessions.get(`${datname}/${state}`)) ?? { count: new Float64Array(n), maxTxDuration: new Float64Array(n) },
      locks: (datname, mode) => locks.get(`${datname}/${mode}`) ?? monitoringLocks(n, mode, `${estate.seed}/pg/postgres-locks`),
      deadlocksPerSecond: () => new Float64Array(n),
      initialDeadlocks: plan.initialDeadlocks,
      statements: plan.databases.flatMap((database) => database.statements),
    },
    estate.seed,
  );
  return exporter;
}

/** Sessions of one application database, by state: a pool mostly idle, a few active at peak. */
function databaseSessions(estate: Estate, plan: DatabasePlan): Map<ActivityState, SessionSeries> {
  const n = estate.grid.length;
  const random = new Random(`${estate.seed}/pg/sessions/${plan.datname}`);
  const out = new Map<ActivityState, { count: Float64Array; maxTxDuration: Float64Array }>(
    ACTIVITY_STATES.map((state) => [state, { count: new Float64Array(n), maxTxDuration: new Float64Array(n) }]),
  );
  const get = (state: ActivityState): { count: Float64Array; maxTxDuration: Float64Array } => out.get(state) as { count: Float64Array; maxTxDuration: Float64Array };
  for (let k = 0; k < n; k++) {
    const level = estate.traffic[k] ?? 0;
    const active = Math.max(1, random.poisson(0.8 + plan.activePerTraffic * level));
    const idleInTransaction = random.poisson(0.2 + 0.9 * level);
    const total = plan.poolSize + Math.round(4 * level) + random.int(2);
    get('active').count[k] = active;
    get('active').maxTxDuration[k] = 0.004 + 0.03 * Math.abs(random.normal());
    get('idle in transaction').count[k] = idleInTransaction;
    get('idle in transaction').maxTxDuration[k] = idleInTransaction > 0 ? 0.02 + 0.12 * Math.abs(random.normal()) : 0;
    get('idle').count[k] = Math.max(0, total - active - idleInTransaction);
  }
  return out;
}

/** Locks tied to one database, following the sessions that hold them; autovacuum now and then. */
function databaseLocks(estate: Estate, datname: string, active: Float64Array): Map<LockMode, Float64Array> {
  const n = estate.grid.length;
  const random = new Random(`${estate.seed}/pg/locks/${datname}`);
  const locks = new Map<LockMode, Float64Array>(LOCK_MODES.map((mode) => [mode, new Float64Array(n)]));
  const set = (mode: LockMode, k: number, value: number): void => {
    (locks.get(mode) as Float64Array)[k] = value;
  };
  let autovacuumUntil = -1;
  for (let k = 0; k < n; k++) {
    const level = estate.traffic[k] ?? 0;
    const running = active[k] ?? 0;
    // A running query holds AccessShareLock on each table and index it reads (about three).
    set('accesssharelock', k, Math.round(3.2 * running + random.poisson(1)));
    set('rowexclusivelock', k, 3 * random.poisson(0.3 + 1.1 * level));
    set('rowsharelock', k, random.poisson(0.3 * level));
    set('exclusivelock', k, random.poisson(0.05));
    // Autovacuum runs a few minutes most hours and takes ShareUpdateExclusiveLock.
    if (k > autovacuumUntil && random.next() < 1 / 240) autovacuumUntil = k + 8 + random.int(20);
    set('shareupdateexclusivelock', k, k <= autovacuumUntil ? 1 : 0);
  }
  return locks;
}

/** The `postgres` database: the exporter's own connection and a monitoring agent's. */
function monitoringSessions(n: number, seed: string): Map<ActivityState, SessionSeries> {
  const random = new Random(seed);
  const active = { count: new Float64Array(n).fill(MONITORING_SESSIONS), maxTxDuration: new Float64Array(n) };
  for (let k = 0; k < n; k++) active.maxTxDuration[k] = 0.002 + 0.004 * random.next();
  return new Map<ActivityState, SessionSeries>([
    ['active', active],
    ['idle', { count: new Float64Array(n).fill(MONITORING_SESSIONS), maxTxDuration: new Float64Array(n) }],
    ['idle in transaction', { count: new Float64Array(n), maxTxDuration: new Float64Array(n) }],
  ]);
}

/** The exporter's queries on `postgres` hold a catalogue lock or two while it scrapes. */
function monitoringLocks(n: number, mode: LockMode, seed: string): Float64Array {
  const values = new Float64Array(n);
  if (mode !== 'accesssharelock') return values;
  const random = new Random(seed);
  for (let k = 0; k < n; k++) values[k] = 1 + random.int(2);
  return values;
}

/** A statement of a healthy application: calls follow traffic, time per call wanders a little. */
export function steadyStatement(
  estate: Estate,
  statement: { readonly user: string; readonly datname: string; readonly queryid: string; readonly query: string; readonly perTraffic: number; readonly meanSeconds: number },
): StatementSpec {
  return {
    user: statement.user,
    datname: statement.datname,
    queryid: statement.queryid,
    query: statement.query,
    callsPerSecond: (k) => statement.perTraffic * (estate.traffic[k] ?? 0) + 0.05,
    meanSeconds: () => statement.meanSeconds,
  };
}

/** Optional facts of a truth anomaly. */
export interface AnomalyOptions {
  readonly weak?: boolean;
  readonly metric?: string;
  /** See TruthAnomaly.onsetToleranceSeconds. */
  readonly onsetTolerance?: { readonly seconds: number; readonly reason: string };
}

/** One entry of the truth's `anomalous` list. */
export function truthAnomaly(
  signal: string,
  labels: Readonly<Record<string, string>>,
  onset: number,
  end: number | null,
  direction: 'up' | 'down',
  description: string,
  options: AnomalyOptions = {},
): TruthAnomaly {
  return {
    signal,
    labels,
    ...(options.metric === undefined ? {} : { metric: options.metric }),
    onset: isoTime(onset),
    end: end === null ? null : isoTime(end),
    direction,
    description,
    ...(options.weak === true ? { weak: true as const } : {}),
    ...(options.onsetTolerance === undefined
      ? {}
      : { onsetToleranceSeconds: options.onsetTolerance.seconds, onsetToleranceReason: options.onsetTolerance.reason }),
  };
}

/** Smooth relative wobble around 1, for rates that should not be perfectly flat (calls to a partner). */
export function wobble(estate: Estate, name: string, sigma: number): Float64Array {
  const noise = smoothNoise(new Random(`${estate.seed}/wobble/${name}`), estate.grid.length, 0.99, sigma);
  for (let k = 0; k < noise.length; k++) noise[k] = 1 + (noise[k] ?? 0);
  return noise;
}

/**
 * Checks that the generated data tells the intended story: an instant computed from the data (an
 * alert firing, the disk running full) must fall in `[from, to]`. Throws with all three times.
 */
export function expectBetween(what: string, actual: number, from: number, to: number): void {
  if (!(actual >= from && actual <= to)) {
    throw new RangeError(`${what}: the generated data gives ${isoTime(actual)}, the schedule expects ${isoTime(from)} to ${isoTime(to)}`);
  }
}

/**
 * Requests of one job in `[from, to]` as its counters show them: total, 5xx, and slower than the
 * slow bucket (`+Inf` minus `le`), each the reset-aware increase between consecutive written
 * samples. Not the requests generated: a restart in the window loses what the old process counted
 * after its last scrape, as it would on a real server, and the counters are what a tool can read.
 */
export function countRequestsFromCounters(store: SeriesStore, job: string, from: number, to: number, slowBucket: string): TruthRequests {
  const increase = (series: readonly StoredSeries[]): number => series.reduce((sum, one) => sum + writtenIncrease(store.grid, one, from, to), 0);
  const requests = store.select('http_requests_total', { job });
  const all = increase(store.select('http_request_duration_seconds_bucket', { job, le: '+Inf' }));
  const fast = increase(store.select('http_request_duration_seconds_bucket', { job, le: slowBucket }));
  return { total: increase(requests), failed: increase(requests.filter((one) => (one.labels['code'] ?? '').startsWith('5'))), slow: all - fast };
}

/** Increase of a counter between the samples written in `[from, to]`, as the file rounds them. */
function writtenIncrease(grid: TimeGrid, series: StoredSeries, from: number, to: number): number {
  let increase = 0;
  let previous: number | null = null;
  for (let k = grid.indexAtOrAfter(from); k < grid.length && grid.time(k) <= to; k++) {
    const raw = series.values[k] ?? Number.NaN;
    if (Number.isNaN(raw)) continue;
    const value = Number(formatValue(raw, series.decimals));
    if (previous !== null) increase += value < previous ? value : value - previous;
    previous = value;
  }
  return increase;
}
