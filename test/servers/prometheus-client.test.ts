import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient, type PrometheusClient } from '../../collectors/prometheus/index.js';
import { COUNTER_RESET_AT, cpuSecondsAt, FIXTURE_END, FIXTURE_START, LATENCY_SPIKE, MEMORY_GAP, memoryAvailableAt } from './exporter-fixture.js';
import { expectedAt } from './expected-values.js';
import { startFixturePrometheus, type FixturePrometheus } from './fixture-prometheus.js';
import { findFreePort } from './free-port.js';

// The client against a real Prometheus 2.42 serving six backfilled hours (exporter-fixture.ts).

const RULES = `groups:
  - name: node
    rules:
      - alert: NodeHighCPU
        expr: sum by (instance) (rate(node_cpu_seconds_total{mode!="idle"}[5m])) > 0.9
        for: 5m
        labels:
          severity: page
        annotations:
          summary: "High CPU on {{ $labels.instance }}"
          runbook_url: https://runbooks.example.com/node-high-cpu
      - record: instance:node_cpu:rate5m
        expr: sum by (instance) (rate(node_cpu_seconds_total[5m]))
`;

const noWait = { sleep: async () => {} };
let fixture: FixturePrometheus;
let client: PrometheusClient;

beforeAll(async () => {
  fixture = await startFixturePrometheus({ rulesYaml: RULES });
  client = createPrometheusClient({ url: fixture.prometheus.url });
});
afterAll(() => fixture?.cleanup());

describe('queryRange() on real Prometheus', () => {
  it('queryRange() returns raw counters on the grid, with the counter reset, NaN outside the data', async () => {
    const range = { start: FIXTURE_START - 120, end: FIXTURE_END + 300, step: 15 };
    const answer = await client.queryRange('node_cpu_seconds_total{mode="user"}', range);
    if (!answer.ok) throw new Error(answer.error.message);
    const { series, gaps } = answer.value;
    expect(gaps).toEqual([]);
    expect(series.map((s) => `${s.labels['instance']}/${s.labels['cpu']}`)).toEqual(['node1:9100/0', 'node2:9100/0', 'node1:9100/1', 'node2:9100/1']);
    expect(series[0]?.labels).toEqual({ __name__: 'node_cpu_seconds_total', cpu: '0', instance: 'node1:9100', job: 'node', mode: 'user' });
    const timestamps = series[0]!.timestamps;
    expect(series.every((s) => s.timestamps === timestamps)).toBe(true);
    expect(timestamps.length).toBe((range.end - range.start) / 15 + 1);
    for (const s of series) {
      const instance = s.labels['instance']!;
      const cpu = Number(s.labels['cpu']);
      const expected = Float64Array.from(timestamps, (t) => expectedAt(t, (at) => cpuSecondsAt(instance, cpu, 'user', at), FIXTURE_START, FIXTURE_END));
      expect(s.values).toEqual(expected);
    }
    const node1 = series.find((s) => s.labels['instance'] === 'node1:9100')!.values;
    const reset = (COUNTER_RESET_AT - range.start) / 15;
    expect(node1[reset]).toBe(0);
    expect(node1[reset - 1]).toBeGreaterThan(2000);
    expect(Number.isNaN(node1[0]!) && Number.isNaN(node1.at(-1)!)).toBe(true);
  });

  it('queryRange() shows a scrape gap as NaN once the lookback delta has passed', async () => {
    const range = { start: MEMORY_GAP.from - 300, end: MEMORY_GAP.to + 300, step: 15 };
    const answer = await client.queryRange('node_memory_MemAvailable_bytes{instance="node1:9100"}', range);
    if (!answer.ok) throw new Error(answer.error.message);
    const [memory] = answer.value.series;
    const expected = Float64Array.from(memory!.timestamps, (t) => expectedAt(t, (at) => memoryAvailableAt('node1:9100', at), FIXTURE_START, FIXTURE_END));
    expect(memory!.values).toEqual(expected);
    const nanCount = memory!.values.filter(Number.isNaN).length;
    // Samples stop after `from` and resume at `to`; the one at `from` stays visible for 60 s inclusive.
    expect(nanCount).toBe((MEMORY_GAP.to - 15 - (MEMORY_GAP.from + 75)) / 15 + 1);
  });

  it('queryRange() evaluates rate() across the counter reset and histogram quantiles during the spike', async () => {
    const rate = await client.queryRange('rate(node_cpu_seconds_total{instance="node1:9100",cpu="0",mode="user"}[1m])', {
      start: COUNTER_RESET_AT - 600,
      end: COUNTER_RESET_AT + 600,
      step: 60,
    });
    if (!rate.ok) throw new Error(rate.error.message);
    const values = [...rate.value.series[0]!.values];
    expect(values.every((v) => v >= 0)).toBe(true);
    expect(values[0]).toBeCloseTo(0.2, 9);
    expect(values.at(-1)).toBeCloseTo(0.2, 9);

    const p90 = await client.queryRange('histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[1m])))', {
      start: LATENCY_SPIKE.from - 600,
      end: LATENCY_SPIKE.from + 600,
      step: 300,
    });
    if (!p90.ok) throw new Error(p90.error.message);
    const [before, , , after] = p90.value.series[0]!.values;
    expect(before).toBeCloseTo(0.25, 6); // 90% of requests under 0.25 s
    expect(after).toBeGreaterThan(0.5);
    expect(p90.value.series[0]!.labels).toEqual({});
  });

  it('queryRange() refuses bad PromQL with the server message and the query on one line', async () => {
    const answer = await client.queryRange('rate(node_cpu_seconds_total[1m]', { start: FIXTURE_START, end: FIXTURE_END, step: 60 });
    expect(answer).toEqual({
      ok: false,
      error: {
        kind: 'bad_query',
        status: 400,
        message: 'Cannot query Prometheus "rate(node_cpu_seconds_total[1m]": HTTP 400 bad_data: 1:32: parse error: unclosed left parenthesis',
      },
    });
  });
});

describe('other endpoints on real Prometheus', () => {
  it('instantQuery() reads vectors, matrices and scalars', async () => {
    const vector = await client.instantQuery('up', FIXTURE_START + 3600);
    expect(vector.ok && vector.value.kind === 'vector' && vector.value.samples.map((s) => [s.labels['instance'], s.value, s.time])).toEqual([
      ['api1:8080', 1, FIXTURE_START + 3600],
      ['node1:9100', 1, FIXTURE_START + 3600],
      ['node2:9100', 1, FIXTURE_START + 3600],
    ]);
    const matrix = await client.instantQuery('up{instance="node1:9100"}[1m]', FIXTURE_START + 3600);
    // Prometheus 2.42 range selectors include the left edge: five samples in [t - 1m, t].
    expect(matrix.ok && matrix.value.kind === 'matrix' && [...matrix.value.series[0]!.timestamps]).toEqual([0, 15, 30, 45, 60].map((d) => FIXTURE_START + 3600 - 60 + d));
    expect(await client.instantQuery('1 + 1', FIXTURE_START)).toEqual({ ok: true, value: { kind: 'scalar', time: FIXTURE_START, value: 2 } });
  });

  it('series(), labelNames() and labelValues() list what the data holds, sorted', async () => {
    const series = await client.series(['up'], FIXTURE_START, FIXTURE_END);
    expect(series).toEqual({
      ok: true,
      value: [
        { __name__: 'up', instance: 'api1:8080', job: 'api' },
        { __name__: 'up', instance: 'node1:9100', job: 'node' },
        { __name__: 'up', instance: 'node2:9100', job: 'node' },
      ],
    });
    expect(await client.labelNames(FIXTURE_START, FIXTURE_END, ['up'])).toEqual({ ok: true, value: ['__name__', 'instance', 'job'] });
    expect(await client.labelValues('instance', FIXTURE_START, FIXTURE_END)).toEqual({ ok: true, value: ['api1:8080', 'node1:9100', 'node2:9100'] });
    const names = await client.labelValues('__name__', FIXTURE_START, FIXTURE_END);
    expect(names.ok && names.value).toContain('http_request_duration_seconds_bucket');
    const le = await client.labelValues('le', FIXTURE_START, FIXTURE_END, ['http_request_duration_seconds_bucket']);
    expect(le).toEqual({ ok: true, value: ['+Inf', '0.1', '0.25', '0.5', '1'] });
  });

  it('metadata() is an empty map for backfilled data, not an error', async () => {
    const metadata = await client.metadata();
    expect(metadata.ok && metadata.value.size).toBe(0);
  });

  it('rules() returns the alerting rules with for, labels and annotations', async () => {
    expect(await client.rules()).toEqual({
      ok: true,
      value: [
        {
          name: 'NodeHighCPU',
          group: 'node',
          expr: 'sum by (instance) (rate(node_cpu_seconds_total{mode!="idle"}[5m])) > 0.9',
          forSeconds: 300,
          labels: { severity: 'page' },
          annotations: { runbook_url: 'https://runbooks.example.com/node-high-cpu', summary: 'High CPU on {{ $labels.instance }}' },
        },
      ],
    });
  });

  it('buildInfo() reports the version', async () => {
    const info = await client.buildInfo();
    expect(info.ok && info.value?.version).toMatch(/^2\.42\./);
  });

  it('scrapeInterval() finds 15 s in the data, and null where there is none', async () => {
    expect(await client.scrapeInterval(FIXTURE_START + 3 * 3600)).toEqual({ ok: true, value: 15 });
    expect(await client.scrapeInterval(FIXTURE_START - 3600)).toEqual({ ok: true, value: null });
  });
});

describe('failures against real servers', () => {
  it('a closed port is unreachable, with a one-line message naming the URL', async () => {
    const port = await findFreePort();
    const closed = createPrometheusClient({ url: `http://127.0.0.1:${port}`, maxAttempts: 2, retry: noWait });
    const expected = { kind: 'unreachable', status: null, message: `Cannot reach Prometheus at http://127.0.0.1:${port}/: connection refused` };
    expect(await closed.labelNames(FIXTURE_START, FIXTURE_END)).toEqual({ ok: false, error: expected });
    expect(await closed.queryRange('up', { start: FIXTURE_START, end: FIXTURE_END, step: 15 })).toEqual({ ok: false, error: expected });
  });

  it('a wrong path prefix is not_found with the server text', async () => {
    const wrong = createPrometheusClient({ url: `${fixture.prometheus.url}/prometheus` });
    expect(await wrong.labelNames(FIXTURE_START, FIXTURE_END)).toEqual({
      ok: false,
      error: { kind: 'not_found', status: 404, message: `Cannot read /api/v1/labels from Prometheus at ${fixture.prometheus.url}/prometheus: HTTP 404: 404 page not found` },
    });
    const range = await wrong.queryRange('up', { start: FIXTURE_START, end: FIXTURE_END, step: 15 });
    expect(!range.ok && range.error.kind).toBe('not_found');
    expect(await wrong.buildInfo()).toEqual({ ok: true, value: null });
  });

  it('a missing step is refused by Prometheus as bad_query (its own validation, for reference)', async () => {
    const answer = await client.queryRange('up', { start: FIXTURE_START, end: FIXTURE_START + 60, step: 0 });
    expect(!answer.ok && answer.error.kind).toBe('bad_query');
  });
});
