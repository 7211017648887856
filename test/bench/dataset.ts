/**
 * The backfilled TSDB the benchmark queries, cached in `.tmp/bench/` (gitignored). Building it takes
 * a minute or two (a ~1 GB OpenMetrics file through promtool), so it is kept and reused while its key
 * matches: DATASET_VERSION plus a hash of the generator's sources, so editing the generator or the
 * exporter models it uses rebuilds it rather than benchmarking stale data.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOpenMetrics } from '../scenarios/_openmetrics.js';
import { backfill, ensurePrometheusInstalled } from '../servers/index.js';
import { buildFleet } from './fleet.js';
import { DATASET_VERSION } from './fleet-plan.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CACHE_DIR = path.join(ROOT, '.tmp', 'bench');
const DATA_DIR = path.join(CACHE_DIR, 'data');
const MANIFEST = path.join(CACHE_DIR, 'manifest.json');
const OPENMETRICS_FILE = path.join(CACHE_DIR, 'fleet.om');

/** Sources whose change alters the data: this generator and the scenario exporter models it builds on. */
const GENERATOR_SOURCES = [
  'test/bench/fleet.ts',
  'test/bench/fleet-plan.ts',
  'test/scenarios/_grid.ts',
  'test/scenarios/_http.ts',
  'test/scenarios/_node.ts',
  'test/scenarios/_openmetrics.ts',
  'test/scenarios/_postgres.ts',
  'test/scenarios/_random.ts',
  'test/scenarios/_store.ts',
  'test/scenarios/_world.ts',
];

export interface Dataset {
  readonly dataDir: string;
  readonly key: string;
  readonly rawSeries: number;
  readonly rawSamples: number;
  readonly hosts: number;
  readonly targets: number;
  /** True when this run built it (first run, or the generator changed). */
  readonly built: boolean;
  readonly buildSeconds: number;
}

type Manifest = Omit<Dataset, 'dataDir' | 'built'>;

function datasetKey(): string {
  const hash = createHash('sha256').update(DATASET_VERSION);
  for (const file of GENERATOR_SOURCES) hash.update(`\0${file}\0`).update(readFileSync(path.join(ROOT, file)));
  return `${DATASET_VERSION}-${hash.digest('hex').slice(0, 16)}`;
}

function readManifest(): Manifest | null {
  try {
    return JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/**
 * The cached data set, built first when missing or out of date. The manifest is written last, so an
 * interrupted build is redone rather than half-used.
 */
export async function ensureDataset(log: (line: string) => void): Promise<Dataset> {
  ensurePrometheusInstalled();
  const key = datasetKey();
  const cached = readManifest();
  if (cached !== null && cached.key === key && existsSync(DATA_DIR)) return { ...cached, dataDir: DATA_DIR, built: false };

  log(`Building the data set in ${path.relative(ROOT, CACHE_DIR)} (key ${key}); later runs reuse it`);
  const started = performance.now();
  rmSync(MANIFEST, { force: true });
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(CACHE_DIR, { recursive: true });
  const { store, counts } = buildFleet();
  const stats = await writeOpenMetrics(OPENMETRICS_FILE, store.grid, store.allFamilies());
  log(`  ${stats.series} series, ${(stats.samples / 1e6).toFixed(1)} M samples, ${(statSync(OPENMETRICS_FILE).size / 1e9).toFixed(2)} GB of OpenMetrics; backfilling with promtool`);
  await backfill(OPENMETRICS_FILE, DATA_DIR);
  // The text is only promtool's input; the blocks are a few tens of MB.
  rmSync(OPENMETRICS_FILE, { force: true });
  const manifest: Manifest = {
    key,
    rawSeries: stats.series,
    rawSamples: stats.samples,
    hosts: counts.hosts,
    targets: counts.targets,
    buildSeconds: (performance.now() - started) / 1000,
  };
  writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
  return { ...manifest, dataDir: DATA_DIR, built: true };
}
