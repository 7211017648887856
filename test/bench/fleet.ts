/**
 * The benchmark's data: 120 hosts with node_exporter, six prom-client services on 24 of them, four
 * PostgreSQL clusters with postgres_exporter, and `up` for every target, built from the scenario
 * generator's exporter models (test/scenarios) so names, labels, counters and noise are realistic.
 * Deterministic: the same constants give the same samples.
 */
import { consumerTraffic, envelope, mix, smoothNoise, TimeGrid } from '../scenarios/_grid.js';
import { addHttpService, type Latency, type RouteCondition, type RouteSpec } from '../scenarios/_http.js';
import { addNodeExporter, standardFilesystems, steadyLoad, type HostLoad, type LoadShape } from '../scenarios/_node.js';
import { addPostgresExporter, type ActivityState, type LockMode, type SessionSeries, type StatementSpec } from '../scenarios/_postgres.js';
import { Random } from '../scenarios/_random.js';
import { accumulate, ScrapeTarget, SeriesStore } from '../scenarios/_store.js';
import { placeScrapeGaps } from '../scenarios/_world.js';
import { DATA_FROM, DATA_TO, DATABASE_HOSTS, INCIDENT, INSTANCES_PER_SERVICE, SERVICES, STEP_SECONDS, WINDOW_FROM, WINDOW_TO, WORKER_HOSTS } from './fleet-plan.js';

const SEED = 'bench-fleet/v1';
const DAY = 86_400;
const GiB = 1024 ** 3;
/** Where a process counts from: started long before the data, so counters are large. */
const UPTIME_BEFORE_DATA = 30 * DAY;

const LOAD_SHAPES = {
  web: { busyBase: 0.04, busyPerTraffic: 0.3, iowait: 0.004, memoryUsed: 0.4, memoryPerTraffic: 0.08, receiveBase: 30_000, receivePerTraffic: 250_000, transmitBase: 45_000, transmitPerTraffic: 1_800_000 },
  worker: { busyBase: 0.05, busyPerTraffic: 0.1, iowait: 0.006, memoryUsed: 0.33, memoryPerTraffic: 0.02, receiveBase: 15_000, receivePerTraffic: 60_000, transmitBase: 12_000, transmitPerTraffic: 40_000 },
  db: { busyBase: 0.07, busyPerTraffic: 0.22, iowait: 0.008, memoryUsed: 0.8, memoryPerTraffic: 0.01, receiveBase: 80_000, receivePerTraffic: 700_000, transmitBase: 120_000, transmitPerTraffic: 2_400_000 },
} satisfies Record<string, LoadShape>;

interface Route extends RouteSpec {
  readonly latency: Latency;
}

const ROUTES: readonly Route[] = [
  { method: 'GET', route: '/api/items', peakRate: 40, floorRate: 1, successCode: '200', otherCodes: { '404': 0.01 }, latency: { median: 0.03, sigma: 0.6 } },
  { method: 'POST', route: '/api/orders', peakRate: 6, floorRate: 0.1, successCode: '201', otherCodes: { '400': 0.02 }, latency: { median: 0.09, sigma: 0.5 } },
  { method: 'GET', route: '/healthz', peakRate: 0, floorRate: 0.4, successCode: '200', otherCodes: {}, latency: { median: 0.002, sigma: 0.3 } },
];
const BASE_ERROR_RATIO = 0.002;
const INCIDENT_ERROR_RATIO = 0.03;
/** Share of the incident service's requests stuck behind the saturated database at the worst. */
const INCIDENT_DEGRADED_SHARE = 0.6;
const DEGRADED_LATENCY: Latency = { median: 2.5, sigma: 0.5 };
const ERROR_LATENCY: Latency = { median: 0.05, sigma: 1 };

export interface FleetCounts {
  readonly hosts: number;
  readonly targets: number;
}

/** Builds every series of the fleet in memory (about 80 MB of Float64Arrays). */
export function buildFleet(): { store: SeriesStore; counts: FleetCounts } {
  const grid = new TimeGrid(DATA_FROM, DATA_TO, STEP_SECONDS);
  const store = new SeriesStore(grid);
  const n = grid.length;
  const times = Float64Array.from({ length: n }, (_, k) => grid.time(k));
  const traffic = times.map((t) => consumerTraffic(t, 0));
  const incident = times.map((t) => envelope(t, INCIDENT.envelope));
  const instants = [WINDOW_FROM, WINDOW_TO];
  const targets: ScrapeTarget[] = [];

  const newTarget = (job: string, instance: string): ScrapeTarget => {
    const target = new ScrapeTarget(grid, job, instance, grid.from - UPTIME_BEFORE_DATA);
    placeScrapeGaps(target, grid, SEED, instants);
    targets.push(target);
    return target;
  };

  const addHost = (host: string, cpus: number, memoryBytes: number, load: HostLoad, dataVolume: boolean): void => {
    const target = newTarget('node', `${host}:9100`);
    const filesystems = standardFilesystems(40 * GiB, 0.45);
    if (dataVolume) filesystems.push({ device: '/dev/nvme1n1', fstype: 'ext4', mountpoint: '/var/lib/postgresql', sizeBytes: 500 * GiB, usedRatio: 0.6, growthPerDay: 0.002 });
    addNodeExporter(store, target, { host, cpus, memoryBytes, filesystems, networkDevice: 'ens5', bootTime: target.initialStart - 37, load }, SEED);
    addDiskIo(store, target, load, `${SEED}/disk/${host}`);
  };

  const webHosts = SERVICES.flatMap((service) => Array.from({ length: INSTANCES_PER_SERVICE }, (_, i) => `${service}-${i + 1}`));
  for (const host of webHosts) addHost(host, 2, 8 * GiB, steadyLoad(traffic, LOAD_SHAPES.web, `${SEED}/${host}`), false);
  for (let i = 1; i <= WORKER_HOSTS; i++) {
    const host = `worker-${String(i).padStart(3, '0')}`;
    addHost(host, 2, 8 * GiB, steadyLoad(traffic, LOAD_SHAPES.worker, `${SEED}/${host}`), false);
  }
  for (const host of DATABASE_HOSTS) {
    const load = steadyLoad(traffic, LOAD_SHAPES.db, `${SEED}/${host}`);
    if (host === INCIDENT.database) saturate(load, incident, `${SEED}/${host}/saturation`);
    addHost(host, 8, 32 * GiB, load, true);
  }

  for (const service of SERVICES) {
    const serviceTargets = Array.from({ length: INSTANCES_PER_SERVICE }, (_, i) => newTarget(service, `${service}-${i + 1}:3000`));
    const affected = service === INCIDENT.service;
    const condition = (route: RouteSpec, k: number): RouteCondition => {
      const w = affected ? (incident[k] ?? 0) : 0;
      return {
        rateFactor: 1,
        errorRatio: mix(BASE_ERROR_RATIO, INCIDENT_ERROR_RATIO, w),
        latency: (route as Route).latency,
        degradedShare: INCIDENT_DEGRADED_SHARE * w,
        degradedLatency: DEGRADED_LATENCY,
        errorLatency: ERROR_LATENCY,
      };
    };
    addHttpService(store, { job: service, targets: serviceTargets, routes: ROUTES, errorCode: '500', traffic, condition, baseMemoryBytes: 160_000_000 }, SEED);
  }

  DATABASE_HOSTS.forEach((host, index) => {
    const exporter = newTarget('postgres', `${host}:9187`);
    const server = new ScrapeTarget(grid, 'postgresql', `${host}:5432`, grid.from - UPTIME_BEFORE_DATA + 41);
    const pressure = host === INCIDENT.database ? incident : new Float64Array(n);
    addPostgresExporter(store, databaseSpec(exporter, server, traffic, pressure, index), SEED);
  });

  // `up` last: one family, every target.
  for (const target of targets) store.add('up', target.labels, target.upValues(), { kind: 'gauge', decimals: 0 });
  return { store, counts: { hosts: webHosts.length + WORKER_HOSTS + DATABASE_HOSTS.length, targets: targets.length } };
}

/** The database host's CPU runs near its limit while the incident lasts. */
function saturate(load: HostLoad, weight: Float64Array, seed: string): void {
  const noise = smoothNoise(new Random(seed), weight.length, 0.9, 0.015);
  for (let k = 0; k < weight.length; k++) {
    const w = weight[k] ?? 0;
    load.busy[k] = mix(load.busy[k] ?? 0, 0.93 + (noise[k] ?? 0), w);
    load.iowait[k] = mix(load.iowait[k] ?? 0, 0.05, w);
  }
}

/** node_exporter's `node_disk_io_time_seconds_total` for the root disk: busy time follows CPU and iowait. */
function addDiskIo(store: SeriesStore, target: ScrapeTarget, load: HostLoad, seed: string): void {
  const random = new Random(seed);
  const step = store.grid.step;
  const increments = new Float64Array(store.grid.length);
  for (let k = 0; k < increments.length; k++) {
    const busy = 0.3 * (load.busy[k] ?? 0) + 4 * (load.iowait[k] ?? 0);
    increments[k] = step * Math.min(1, Math.max(0, busy * (1 + 0.2 * random.normal())));
  }
  const initial = (store.grid.from - target.initialStart) * 0.02;
  store.add('node_disk_io_time_seconds_total', { device: 'nvme0n1', ...target.labels }, accumulate(increments, initial), {
    kind: 'counter',
    decimals: 3,
    absent: [target.failed],
  });
}

const DATABASES = ['postgres', 'app'] as const;
const MAX_CONNECTIONS = 200;
/** Mean seconds per call of each cluster's busiest statements, and calls per second at peak traffic. */
const STATEMENTS = [
  { mean: 0.0009, perTraffic: 40 },
  { mean: 0.0042, perTraffic: 25 },
  { mean: 0.0011, perTraffic: 12 },
  { mean: 0.0031, perTraffic: 3 },
  { mean: 0.08, perTraffic: 0.2 },
] as const;

/** One PostgreSQL cluster: an `app` database under the day's traffic (and `pressure`), `postgres` nearly idle. */
function databaseSpec(exporter: ScrapeTarget, server: ScrapeTarget, traffic: Float64Array, pressure: Float64Array, index: number) {
  const n = traffic.length;
  const sessions = new Map<string, SessionSeries>();
  const sessionsOf = (datname: string, state: ActivityState): SessionSeries => {
    const key = `${datname}/${state}`;
    let found = sessions.get(key);
    if (found === undefined) {
      const random = new Random(`${SEED}/pg/${exporter.instance}/${key}`);
      const count = new Float64Array(n);
      const maxTxDuration = new Float64Array(n);
      const app = datname === 'app';
      for (let k = 0; k < n; k++) {
        const level = traffic[k] ?? 0;
        const w = pressure[k] ?? 0;
        const mean = !app ? (state === 'idle in transaction' ? 0 : 1) : state === 'active' ? 3 + 8 * level + 35 * w : state === 'idle' ? 30 + 10 * level : 0.5 + 2 * w;
        count[k] = random.poisson(mean);
        maxTxDuration[k] = count[k] === 0 ? 0 : (app ? 0.4 + 20 * w : 0.003) * (1 + 0.3 * random.next());
      }
      found = { count, maxTxDuration };
      sessions.set(key, found);
    }
    return found;
  };
  const locks = (datname: string, mode: LockMode): Float64Array => {
    const active = sessionsOf(datname, 'active').count;
    const perSession = mode === 'accesssharelock' ? 2 : mode === 'rowexclusivelock' ? 0.5 : 0;
    return active.map((a) => a * perSession);
  };
  const statements: StatementSpec[] = STATEMENTS.map((statement, i) => ({
    user: 'app',
    datname: 'app',
    queryid: String(410_288_712_345 * (index + 1) + 97_531 * (i + 1)),
    query: `statement ${i + 1}`,
    callsPerSecond: (k) => statement.perTraffic * (traffic[k] ?? 0) + 0.05,
    meanSeconds: (k) => statement.mean * (1 + 8 * (pressure[k] ?? 0)),
  }));
  return {
    exporter,
    server,
    down: new Uint8Array(n),
    maxConnections: MAX_CONNECTIONS,
    databases: DATABASES,
    sessions: sessionsOf,
    locks,
    deadlocksPerSecond: (datname: string) => new Float64Array(n).fill(datname === 'app' ? 0.0002 : 0),
    initialDeadlocks: { postgres: 0, app: 3 },
    statements,
  };
}
