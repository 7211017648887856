/**
 * The calm fleet: a day and a half of a healthy three-region estate in which nothing goes wrong,
 * for the scenario evaluation's false-alarm rate. Issue 3's target is at most one alarm per 1,000
 * calm series, so one run of the tool over its window must judge more than 1,000 series.
 *
 * The regions keep their own daily rhythm (Frankfurt UTC+1, Virginia UTC−5, Singapore UTC+8), so the
 * one 2 h window (12:00–14:00 UTC) is early afternoon in one, the morning ramp in another and the
 * evening peak in the third. Life goes on as in the outage scenarios: noise, occasional failed
 * scrapes (some inside the window: they happen on any healthy fleet), a routine deploy and a nightly
 * batch in the lookback, counter resets; but nothing deliberate inside the window.
 *
 * About 2,050 raw series (13.5 M samples, 1.5 GB of OpenMetrics) are written as six files (per region,
 * hosts apart from services), each under 350 MB, and backfilled one after another into one TSDB: the
 * blocks of the files overlap in time and Prometheus merges them.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addAlertHistory, highErrorRate, highRequestLatency, hostHighCpuLoad, postgresDown, postgresTooManyConnections, renderRulesFile } from '../../scenarios/_alerts.js';
import { GiB, LOAD_SHAPES, addHealthyPostgres, addHost, addUp, nightlyBatch, scrapeTarget, steadyStatement } from '../../scenarios/_estate.js';
import type { Estate } from '../../scenarios/_estate.js';
import { consumerTraffic, isoTime, unixTime } from '../../scenarios/_grid.js';
import { addHttpService } from '../../scenarios/_http.js';
import type { Latency, RouteSpec } from '../../scenarios/_http.js';
import { writeOpenMetrics } from '../../scenarios/_openmetrics.js';
import type { WriteStats } from '../../scenarios/_openmetrics.js';
import { SeriesStore } from '../../scenarios/_store.js';
import type { Family, ScrapeTarget } from '../../scenarios/_store.js';
import { STEP_SECONDS, gridAround } from '../../scenarios/_world.js';

export const CALM_FLEET_NAME = 'calm-fleet';
const SEED = `${CALM_FLEET_NAME}/v1`;
/** A Tuesday with nothing on it. */
const WINDOW_FROM = unixTime('2024-02-20T12:00:00Z');
const WINDOW_TO = unixTime('2024-02-20T14:00:00Z');

interface Region {
  readonly name: string;
  readonly utcOffsetSeconds: number;
}

const REGIONS: readonly Region[] = [
  { name: 'eu', utcOffsetSeconds: 3600 },
  { name: 'us', utcOffsetSeconds: -5 * 3600 },
  { name: 'ap', utcOffsetSeconds: 8 * 3600 },
];
/** Hosts per region by role, and their vCPUs: small workers, mid-size web and app servers, one database. */
const WEB_HOSTS = 4;
const APP_HOSTS = 6;
const WORKER_HOSTS = 8;

interface CalmRoute extends RouteSpec {
  readonly latency: Latency;
}

const STOREFRONT_ROUTES: readonly CalmRoute[] = [
  { method: 'GET', route: '/products/:slug', peakRate: 30, floorRate: 0.5, successCode: '200', otherCodes: { '404': 0.015 }, latency: { median: 0.03, sigma: 0.5 } },
  { method: 'GET', route: '/healthz', peakRate: 0, floorRate: 0.4, successCode: '200', otherCodes: {}, latency: { median: 0.002, sigma: 0.3 } },
];
const API_ROUTES: readonly CalmRoute[] = [
  { method: 'GET', route: '/api/cart', peakRate: 22, floorRate: 0.3, successCode: '200', otherCodes: { '401': 0.01 }, latency: { median: 0.025, sigma: 0.5 } },
  { method: 'POST', route: '/api/orders', peakRate: 3, floorRate: 0.03, successCode: '201', otherCodes: { '400': 0.02 }, latency: { median: 0.11, sigma: 0.5 } },
];
const FAST_ERROR_LATENCY: Latency = { median: 0.02, sigma: 1 };

/** What the evaluation needs to know about the fleet besides its files. */
export interface CalmFleetFacts {
  readonly name: string;
  readonly timezone: string;
  readonly stepSeconds: number;
  readonly dataFrom: string;
  readonly dataTo: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly description: string;
}

export const CALM_FLEET: CalmFleetFacts = {
  name: CALM_FLEET_NAME,
  timezone: 'UTC',
  stepSeconds: STEP_SECONDS,
  dataFrom: isoTime(gridAround(WINDOW_FROM, WINDOW_TO).from),
  dataTo: isoTime(gridAround(WINDOW_FROM, WINDOW_TO).to),
  window: { from: isoTime(WINDOW_FROM), to: isoTime(WINDOW_TO) },
  description: 'three healthy regions (afternoon, morning ramp, evening peak in the one window); nothing deliberate happens in the window',
};

export interface CalmFleetFiles {
  readonly rules: string;
  readonly stats: WriteStats;
}

/** The parts the fleet is written in: per region, its hosts apart from its services, each a few hundred MB. */
const PARTS: readonly { readonly region: string; readonly hosts: boolean }[] = REGIONS.flatMap((region) => [
  { region: region.name, hosts: true },
  { region: region.name, hosts: false },
]);

/**
 * Builds the fleet and writes it into `outDir` (which must exist) one OpenMetrics part at a time,
 * handing each to `consume` (backfill it, then delete it) before writing the next, so no more than one
 * part is on disk at once. Writes the rules file too.
 *
 * @example
 * await writeCalmFleet(dir, async (part) => { await backfillScenario(part, dataDir); await rm(part); });
 */
export async function writeCalmFleet(outDir: string, consume: (part: string) => Promise<void>): Promise<CalmFleetFiles> {
  const { store, rules } = buildCalmFleet();
  let series = 0;
  let samples = 0;
  let bytes = 0;
  for (const part of PARTS) {
    const path = join(outDir, `${CALM_FLEET_NAME}-${part.region}-${part.hosts ? 'hosts' : 'services'}.om`);
    const stats = await writeOpenMetrics(path, store.grid, familiesOf(store.allFamilies(), part.region, part.hosts));
    series += stats.series;
    samples += stats.samples;
    bytes += stats.bytes;
    await consume(path);
  }
  const rulesPath = join(outDir, `${CALM_FLEET_NAME}.rules.yml`);
  await writeFile(rulesPath, renderRulesFile(rules, STEP_SECONDS));
  return { rules: rulesPath, stats: { families: store.allFamilies().length, series, samples, bytes } };
}

/**
 * The families restricted to one part: a region's series (those whose instance or job names it), and
 * of those either its node_exporter hosts or everything else.
 */
function familiesOf(families: readonly Family[], region: string, hosts: boolean): Family[] {
  const inPart = (labels: Readonly<Record<string, string>>): boolean => {
    if ((labels['job'] === 'node') !== hosts) return false;
    const instance = labels['instance'];
    if (instance !== undefined) return instance.startsWith(`${region}-`);
    const job = labels['job'];
    if (job !== undefined) return job.endsWith(`-${region}`);
    return region === REGIONS[0]?.name && !hosts;
  };
  return families.map((family) => ({ ...family, series: family.series.filter((one) => inPart(one.labels)) })).filter((family) => family.series.length > 0);
}

function buildCalmFleet(): { store: SeriesStore; rules: ReturnType<typeof calmRules> } {
  const grid = gridAround(WINDOW_FROM, WINDOW_TO);
  const store = new SeriesStore(grid);
  const times = Float64Array.from({ length: grid.length }, (_, k) => grid.time(k));
  const targets: ScrapeTarget[] = [];
  for (const region of REGIONS) {
    const estate: Estate = {
      store,
      grid,
      seed: `${SEED}/${region.name}`,
      traffic: times.map((t) => consumerTraffic(t, region.utcOffsetSeconds)),
      // No scheduled instants: failed scrapes may fall anywhere, the window included.
      instants: [],
      outageSpan: [],
    };
    targets.push(...addRegion(estate, region));
  }
  addUp(store, targets);
  const rules = calmRules();
  addAlertHistory(store, rules);
  return { store, rules };
}

function calmRules() {
  return [highErrorRate(0.05, 1, 120), highRequestLatency('api-eu', 2, 120), hostHighCpuLoad(0.8, 600), postgresDown(60), postgresTooManyConnections(0.8, 300)];
}

/** One region's hosts, services and database; returns its scrape targets. */
function addRegion(estate: Estate, region: Region): ScrapeTarget[] {
  const host = (role: string, i: number): string => `${region.name}-${role}${i + 1}`;
  /** Nightly batch at 02:00 local on the second worker, the night before the window. */
  const batchFrom = unixTime('2024-02-20T02:00:00Z') - region.utcOffsetSeconds;
  const batchFromInData = batchFrom < estate.grid.from ? batchFrom + 86_400 : batchFrom;
  const batch = { from: batchFromInData, to: batchFromInData + 50 * 60 };
  const nodes = [
    ...Array.from({ length: WEB_HOSTS }, (_, i) => addHost(estate, { host: host('web', i), cpus: 2, memoryBytes: 8 * GiB, shape: LOAD_SHAPES.web, rootSizeBytes: 40 * GiB, rootUsedRatio: 0.4 + 0.02 * i })),
    ...Array.from({ length: APP_HOSTS }, (_, i) => addHost(estate, { host: host('app', i), cpus: 2, memoryBytes: 8 * GiB, shape: LOAD_SHAPES.app, rootSizeBytes: 40 * GiB, rootUsedRatio: 0.45 + 0.01 * i })),
    ...Array.from({ length: WORKER_HOSTS }, (_, i) =>
      addHost(estate, {
        host: host('worker', i), cpus: 1, memoryBytes: 4 * GiB, shape: LOAD_SHAPES.worker, rootSizeBytes: 30 * GiB, rootUsedRatio: 0.35 + 0.015 * i,
        ...(i === 1 && batch.to < WINDOW_FROM ? { perturb: (load) => nightlyBatch(estate, load, batch.from, batch.to) } : {}),
      }),
    ),
    addHost(estate, {
      host: host('db', 0), cpus: 4, memoryBytes: 32 * GiB, shape: LOAD_SHAPES.db, rootSizeBytes: 80 * GiB, rootUsedRatio: 0.3,
      extraFilesystems: [{ device: '/dev/nvme1n1', fstype: 'ext4', mountpoint: '/var/lib/postgresql', sizeBytes: 500 * GiB, usedRatio: 0.52, growthPerDay: 0.002 }],
    }),
  ];

  const storefront = Array.from({ length: 2 }, (_, i) => scrapeTarget(estate, `storefront-${region.name}`, `${host('web', i)}:3000`, unixTime('2024-02-13T10:14:05Z') + 60 * i));
  const api = Array.from({ length: 3 }, (_, i) => {
    const target = scrapeTarget(estate, `api-${region.name}`, `${host('app', i)}:8080`, unixTime('2024-02-12T16:40:51Z') + 45 * i);
    // A routine rolling deploy the afternoon before, in the first region only.
    if (region.name === 'eu') target.restart(unixTime('2024-02-19T15:20:00Z') + 45 * i);
    return target;
  });
  for (const [targets, routes, memory, job] of [
    [storefront, STOREFRONT_ROUTES, 200_000_000, `storefront-${region.name}`],
    [api, API_ROUTES, 170_000_000, `api-${region.name}`],
  ] as const) {
    addHttpService(
      estate.store,
      {
        job,
        targets,
        routes,
        errorCode: '500',
        traffic: estate.traffic,
        condition: (route) => ({
          rateFactor: 1,
          errorRatio: 0.0008,
          latency: (route as CalmRoute).latency,
          degradedShare: 0,
          degradedLatency: { median: 1, sigma: 1 },
          errorLatency: FAST_ERROR_LATENCY,
        }),
        baseMemoryBytes: memory,
      },
      estate.seed,
    );
  }

  const exporter = addHealthyPostgres(estate, {
    host: host('db', 0),
    maxConnections: 200,
    initialDeadlocks: { postgres: 0, shop: 3 },
    databases: [
      {
        datname: 'shop', poolSize: 44, activePerTraffic: 3,
        statements: [
          steadyStatement(estate, { user: 'shop', datname: 'shop', queryid: '5823340127409911234', query: 'SELECT … FROM products WHERE id = $1', perTraffic: 30, meanSeconds: 0.0009 }),
          steadyStatement(estate, { user: 'shop', datname: 'shop', queryid: '7345120982234411701', query: 'INSERT INTO orders (…) VALUES (…) RETURNING id', perTraffic: 3, meanSeconds: 0.0031 }),
        ],
      },
    ],
  });
  return [...nodes, ...storefront, ...api, exporter];
}
