import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient, type PrometheusClient } from '../../collectors/prometheus/index.js';
import { cpuSecondsAt, exporterFamilies, FIXTURE_END, FIXTURE_START } from './exporter-fixture.js';
import { startVictoriaMetrics, type RunningVictoriaMetrics } from './victoria-metrics-server.js';

// The same client against a real VictoriaMetrics 1.79, whose API differs in the details the notes
// list: 422 for syntax errors, unsorted labels, an empty build info, 400 for unknown paths.

let vm: RunningVictoriaMetrics;
let client: PrometheusClient;

beforeAll(async () => {
  vm = await startVictoriaMetrics();
  await vm.importFamilies(exporterFamilies());
  client = createPrometheusClient({ url: vm.url });
});
afterAll(() => vm?.stop());

describe('the client on real VictoriaMetrics', () => {
  it('queryRange() returns the imported samples on the grid, labels sorted', async () => {
    const answer = await client.queryRange('node_cpu_seconds_total{instance="node2:9100",mode="user"}', { start: FIXTURE_START, end: FIXTURE_END, step: 15 });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value.series.map((s) => Object.keys(s.labels))).toEqual([
      ['__name__', 'cpu', 'instance', 'job', 'mode'],
      ['__name__', 'cpu', 'instance', 'job', 'mode'],
    ]);
    for (const series of answer.value.series) {
      const cpu = Number(series.labels['cpu']);
      expect(series.values).toEqual(Float64Array.from(series.timestamps, (t) => cpuSecondsAt('node2:9100', cpu, 'user', t)));
    }
  });

  it('queryRange() names a VictoriaMetrics syntax error (HTTP 422) bad_query', async () => {
    const answer = await client.queryRange('rate(node_cpu_seconds_total[1m]', { start: FIXTURE_START, end: FIXTURE_END, step: 60 });
    expect(!answer.ok && answer.error).toMatchObject({ kind: 'bad_query', status: 422 });
    expect(!answer.ok && answer.error.message).toMatch(/^Cannot query Prometheus "rate\(node_cpu_seconds_total\[1m\]": HTTP 422: /);
  });

  it('buildInfo() is null, metadata() and rules() are empty', async () => {
    expect(await client.buildInfo()).toEqual({ ok: true, value: null });
    const metadata = await client.metadata();
    expect(metadata.ok && metadata.value.size).toBe(0);
    expect(await client.rules()).toEqual({ ok: true, value: [] });
  });

  it('series(), labelValues() and scrapeInterval() work as on Prometheus', async () => {
    const series = await client.series(['up'], FIXTURE_START, FIXTURE_END);
    expect(series.ok && series.value.map((labels) => labels['instance'])).toEqual(['api1:8080', 'node1:9100', 'node2:9100']);
    expect(await client.labelValues('job', FIXTURE_START, FIXTURE_END)).toEqual({ ok: true, value: ['api', 'node'] });
    expect(await client.scrapeInterval(FIXTURE_START + 3 * 3600)).toEqual({ ok: true, value: 15 });
  });

  it('an unknown path (VictoriaMetrics answers 400) is not_found', async () => {
    const wrong = createPrometheusClient({ url: `${vm.url}/select/0/prometheus` });
    const answer = await wrong.labelNames(FIXTURE_START, FIXTURE_END);
    expect(!answer.ok && answer.error.kind).toBe('not_found');
  });
});
