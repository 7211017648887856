import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvidenceBundle } from '../../collectors/bundle/read-bundle.js';
import type { Evidence } from '../../src/model/evidence.js';
import { CATALOGUE } from '../../src/signals/catalogue.js';
import { createBackfilledDataDir, startPrometheus, type MetricFamily, type OpenMetricsSample, type RunningPrometheus } from '../servers/index.js';
import { runCli } from './_run-cli.js';

// Every metric the built-in catalogue reads, with the names and label sets of the exporters that
// expose them (node_exporter, a prom-client app with an outgoing-call histogram and build info,
// postgres_exporter with stat_statements, mysqld_exporter, kube-state-metrics, redis_exporter's start
// time, Prometheus' own config reload), so each recipe's PromQL is run by a real Prometheus: a wrong
// matcher, escape or vector match would come back empty or as a data gap.
const STEP = 15;
const WINDOW_FROM = Date.UTC(2023, 9, 15, 10, 0) / 1000;
const WINDOW_TO = WINDOW_FROM + 3600;
const DATA_FROM = WINDOW_FROM - 2 * 3600;
const DATA_TO = WINDOW_TO + 1800;
/** The shop-worker restarts between two scrapes, 20 minutes into the window. */
const WORKER_RESTART = WINDOW_FROM + 1200 + 7;
const BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];

type Labels = Readonly<Record<string, string>>;

/** Samples of one series over the data, at the scrape interval. */
function samples(labels: Labels, valueAt: (elapsed: number) => number, suffix?: string): OpenMetricsSample[] {
  const out: OpenMetricsSample[] = [];
  for (let t = DATA_FROM; t <= DATA_TO; t += STEP) out.push({ labels, value: valueAt(t - DATA_FROM), timestamp: t, ...(suffix === undefined ? {} : { suffix }) });
  return out;
}

const gauge = (name: string, series: [Labels, number][]): MetricFamily => ({ name, type: 'gauge', samples: series.flatMap(([labels, value]) => samples(labels, () => value)) });
/** A counter growing at `perSecond`; `unknown` type for exporters' counters without `_total`. */
const counter = (name: string, series: [Labels, number][], withTotal = true): MetricFamily => ({
  name,
  type: withTotal ? 'counter' : 'unknown',
  samples: series.flatMap(([labels, perSecond]) => samples(labels, (elapsed) => Math.round(perSecond * elapsed * 1000) / 1000)),
});
/** A histogram of `perSecond` observations, all of them below 0.1 s. */
function histogram(name: string, labels: Labels, perSecond: number): MetricFamily {
  const series = BUCKETS.map((le) => samples({ ...labels, le }, (elapsed) => (Number(le) >= 0.1 || le === '+Inf' ? perSecond * elapsed : 0), '_bucket'));
  return {
    name,
    type: 'histogram',
    samples: [...series.flat(), ...samples(labels, (e) => perSecond * e, '_count'), ...samples(labels, (e) => 0.05 * perSecond * e, '_sum')],
  };
}

function exporterFamilies(): MetricFamily[] {
  const node = { instance: 'db1:9100', job: 'node' };
  const app = { instance: 'app1:3000', job: 'shop-api' };
  const pg = { instance: 'db1:9187', job: 'postgres' };
  const mysql = { instance: 'db2:9104', job: 'mysql' };
  const fs = { ...node, device: '/dev/nvme0n1p1', fstype: 'ext4', mountpoint: '/' };
  return [
    counter('node_cpu_seconds', ['idle', 'user', 'system', 'iowait'].flatMap((mode) => ['0', '1'].map((cpu): [Labels, number] => [{ ...node, cpu, mode }, mode === 'idle' ? 0.7 : 0.1]))),
    gauge('node_load1', [[node, 0.4]]),
    gauge('node_memory_MemAvailable_bytes', [[node, 6e9]]),
    gauge('node_memory_MemTotal_bytes', [[node, 8e9]]),
    gauge('node_filesystem_avail_bytes', [[fs, 2e10]]),
    gauge('node_filesystem_size_bytes', [[fs, 4e10]]),
    counter('node_disk_io_time_seconds', [[{ ...node, device: 'nvme0n1' }, 0.05]]),
    counter('node_network_receive_bytes', [[{ ...node, device: 'eth0' }, 2e5]]),
    counter('node_network_transmit_bytes', [[{ ...node, device: 'eth0' }, 5e5]]),
    counter('process_cpu_seconds', [[app, 0.2]]),
    gauge('process_resident_memory_bytes', [[app, 2e8]]),
    gauge('process_start_time_seconds', [[app, DATA_FROM - 86_400]]),
    gauge('up', [[node, 1], [app, 1], [pg, 1], [mysql, 1]]),
    counter('kube_pod_container_status_restarts', [[{ namespace: 'shop', pod: 'shop-api-7d9f', container: 'api', job: 'kube-state-metrics' }, 0]]),
    counter('http_requests', [[{ ...app, method: 'GET', route: '/api/products', code: '200' }, 40], [{ ...app, method: 'GET', route: '/api/products', code: '500' }, 0.04]]),
    histogram('http_request_duration_seconds', { ...app, method: 'GET', route: '/api/products' }, 40),
    histogram('http_client_request_duration_seconds', { ...app, method: 'POST', peer: 'payments' }, 2),
    gauge('pg_up', [[pg, 1]]),
    counter('pg_stat_database_deadlocks', [[{ ...pg, datname: 'shop' }, 0]], false),
    gauge('pg_locks_count', [[{ ...pg, datname: 'shop', mode: 'accesssharelock' }, 8]]),
    gauge('pg_stat_activity_count', [[{ ...pg, datname: 'shop', state: 'active' }, 3]]),
    gauge('pg_stat_activity_max_tx_duration', [[{ ...pg, datname: 'shop', state: 'active' }, 0.4]]),
    counter('pg_stat_statements_seconds', [[{ ...pg, user: 'shop', datname: 'shop', queryid: '5823340127409911234' }, 0.02]]),
    counter('pg_stat_statements_calls', [[{ ...pg, user: 'shop', datname: 'shop', queryid: '5823340127409911234' }, 20]]),
    gauge('pg_stat_database_numbackends', [[{ ...pg, datname: 'shop' }, 40]]),
    gauge('pg_settings_max_connections', [[pg, 200]]),
    gauge('pg_postmaster_start_time_seconds', [[pg, DATA_FROM - 86_400]]),
    gauge('mysql_up', [[mysql, 1]]),
    counter('mysql_global_status_slow_queries', [[mysql, 0.01]], false),
    gauge('mysql_global_status_threads_running', [[mysql, 4]]),
    gauge('mysql_global_status_threads_connected', [[mysql, 30]]),
    gauge('mysql_global_variables_max_connections', [[mysql, 151]]),
    counter('mysql_global_status_innodb_row_lock_waits', [[mysql, 0.05]], false),
    counter('mysql_info_schema_innodb_metrics_lock_lock_deadlocks', [[mysql, 0]]),
    // Changes: a build-info series (prom-client apps expose one), another exporter's start time
    // (redis_exporter), and Prometheus' own last config reload.
    gauge('shop_api_build_info', [[{ ...app, version: '3.8.1', revision: '5c1d2e7', nodejs_version: 'v20.11.1' }, 1]]),
    gauge('redis_start_time_seconds', [[{ instance: 'cache1:9121', job: 'redis' }, DATA_FROM - 3 * 86_400]]),
    gauge('prometheus_config_last_reload_success_timestamp_seconds', [[{ instance: 'localhost:9090', job: 'prometheus' }, DATA_FROM - 7200]]),
    // A worker without process metrics, restarted inside the window: only its request counter's
    // reset shows it (the restart is the first scrape after WORKER_RESTART, where the count falls).
    {
      name: 'http_requests',
      type: 'counter',
      samples: samples({ instance: 'worker1:3000', job: 'shop-worker', method: 'POST', route: '/jobs', code: '200' }, (elapsed) =>
        DATA_FROM + elapsed < WORKER_RESTART ? 5 * elapsed : 5 * (DATA_FROM + elapsed - WORKER_RESTART),
      ),
    },
  ];
}

describe('the signal catalogue on a real Prometheus', () => {
  let dir: string;
  let prometheus: RunningPrometheus;
  let evidence: Evidence;
  let stderr: string;
  let code: number | null;

  beforeAll(async () => {
    const backfilled = await createBackfilledDataDir(exporterFamilies());
    dir = backfilled.dir;
    prometheus = await startPrometheus({ dataDir: backfilled.dataDir });
    const bundle = join(dir, 'evidence.json.gz');
    const run = await runCli([
      'capture', '--prometheus', prometheus.url, '--from', String(WINDOW_FROM), '--to', String(WINDOW_TO),
      '--lookback', '2h', '--no-seasonal', '--quiet', '--out', bundle,
    ]);
    ({ stderr, code } = run);
    evidence = await readEvidenceBundle(bundle);
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs every query without a gap', () => {
    expect({ code, stderr, gaps: evidence.gaps }).toEqual({ code: 0, stderr: '', gaps: [] });
  });

  it('finds data for every recipe of the catalogue', () => {
    const inWindow = (values: Float64Array, timestamps: Float64Array) =>
      timestamps.some((t, i) => t >= WINDOW_FROM && t <= WINDOW_TO && Number.isFinite(values[i]));
    const withData = new Set(evidence.signals.filter((s) => s.series.some((x) => inWindow(x.values, x.timestamps))).map((s) => s.signal));
    const missing = [...new Set(CATALOGUE.map((recipe) => recipe.signal))].filter((signal) => !withData.has(signal)).sort();
    expect(missing).toEqual([]);
  });

  it('sees a restart from a counter reset when no start time shows it, once, within a step', async () => {
    const run = await runCli(['reconstruct', '--bundle', join(dir, 'evidence.json.gz'), '--format', 'json', '--quiet']);
    expect(run.code).toBe(0);
    const restarts = (JSON.parse(run.stdout) as { events: { time: string; kind: string; title: string }[] }).events.filter(
      (e) => e.kind === 'restart' && e.title.includes('worker1:3000'),
    );
    expect(restarts).toHaveLength(1);
    const at = Date.parse(restarts[0]!.time) / 1000;
    expect(at).toBeGreaterThanOrEqual(WORKER_RESTART);
    expect(at).toBeLessThanOrEqual(WORKER_RESTART + STEP);
  }, 60_000);

  it('keeps the labels that identify each series', () => {
    const labelsOf = (signal: string) => evidence.signals.find((s) => s.signal === signal)?.series[0]?.labels;
    expect(labelsOf('upstream_latency_p99')).toEqual({ job: 'shop-api', peer: 'payments' });
    expect(labelsOf('filesystem_free_ratio')).toMatchObject({ instance: 'db1:9100', mountpoint: '/' });
    expect(labelsOf('pg_statement_mean_seconds')).toMatchObject({ datname: 'shop', queryid: '5823340127409911234' });
    expect(labelsOf('http_error_ratio')).toEqual({ job: 'shop-api' });
  });
});
