import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient, type PrometheusClient, type RequestDoneInfo } from '../../collectors/prometheus/index.js';
import { createBackfilledDataDir } from './backfill.js';
import { cpuSecondsAt, exporterFamilies, FIXTURE_END, FIXTURE_START } from './exporter-fixture.js';
import { expectedAt } from './expected-values.js';
import { startFixturePrometheus, type FixturePrometheus } from './fixture-prometheus.js';
import { startPrometheus, type RunningPrometheus } from './prometheus-server.js';

// Splitting range queries against the limits of a real Prometheus: the 11,000 points per series it
// allows, and the samples a query may load (`--query.max-samples`, lowered on a second server).

const MAX_SAMPLES = 500;

let fixture: FixturePrometheus;
let constrained: RunningPrometheus;
let constrainedDir: string;

beforeAll(async () => {
  fixture = await startFixturePrometheus();
  const copy = await createBackfilledDataDir(exporterFamilies());
  constrainedDir = copy.dir;
  constrained = await startPrometheus({ dataDir: copy.dataDir, extraArgs: [`--query.max-samples=${MAX_SAMPLES}`] });
});
afterAll(async () => {
  await constrained?.stop();
  if (constrainedDir !== undefined) rmSync(constrainedDir, { recursive: true, force: true });
  await fixture?.cleanup();
});

function counted(url: string, options: { maxPointsPerSeries?: number } = {}): { client: PrometheusClient; done: RequestDoneInfo[] } {
  const done: RequestDoneInfo[] = [];
  return { client: createPrometheusClient({ url, ...options, onRequestDone: (info) => void done.push(info) }), done };
}

describe('the 11,000-point limit', () => {
  it('splits six hours at a 1 s step into two requests, with the values the data implies', async () => {
    const { client, done } = counted(fixture.prometheus.url);
    const query = 'node_cpu_seconds_total{mode="user"}';
    const answer = await client.queryRange(query, { start: FIXTURE_START, end: FIXTURE_END, step: 1 });
    if (!answer.ok) throw new Error(answer.error.message);
    // 21,601 points: a one-hour probe, then the rest of the first 11,000-point chunk, then the second.
    expect(done.map((d) => d.ok)).toEqual([true, true, true]);
    expect(answer.value.series).toHaveLength(4);
    for (const series of answer.value.series) {
      expect(series.timestamps.length).toBe(21_601);
      const instance = series.labels['instance']!;
      const cpu = Number(series.labels['cpu']);
      const expected = Float64Array.from(series.timestamps, (t) => expectedAt(t, (at) => cpuSecondsAt(instance, cpu, 'user', at), FIXTURE_START, FIXTURE_END));
      expect(series.values).toEqual(expected);
    }
  });

  it('gives the same answer in many chunks as in one request', async () => {
    const range = { start: FIXTURE_START + 600, end: FIXTURE_START + 600 + 10_999 * 2, step: 2 }; // exactly 11,000 points
    const single = counted(fixture.prometheus.url);
    const chunked = counted(fixture.prometheus.url, { maxPointsPerSeries: 700 });
    const query = 'rate(http_requests_total[1m])';
    const whole = await single.client.queryRange(query, range);
    const pieces = await chunked.client.queryRange(query, range);
    expect(single.done).toHaveLength(2); // a one-hour probe, then the rest
    expect(chunked.done).toHaveLength(17); // 16 chunks of at most 700 points, the first cut into probe and rest
    expect(whole.ok).toBe(true);
    expect(pieces).toEqual(whole);
  });

  it('is what Prometheus enforces: a server refusing too many points gets smaller chunks', async () => {
    // Configured above the server's limit, the client learns it from the refusal.
    const { client, done } = counted(fixture.prometheus.url, { maxPointsPerSeries: 20_000 });
    const answer = await client.queryRange('up', { start: FIXTURE_START, end: FIXTURE_START + 12_000, step: 1 });
    // The probe passes; the rest (11,761 points) is refused and asked again in halves.
    expect(done.map((d) => d.ok)).toEqual([true, false, true, true]);
    expect(answer.ok && answer.value.series[0]?.values.length).toBe(12_001);
  });
});

describe('--query.max-samples', () => {
  it('halves chunks until the server accepts them, and the result equals the unconstrained one', async () => {
    const range = { start: FIXTURE_START, end: FIXTURE_END, step: 15 };
    const query = 'node_cpu_seconds_total'; // 12 series × 1,441 points: far above 500 samples
    const free = counted(fixture.prometheus.url);
    const limited = counted(constrained.url);
    const expected = await free.client.queryRange(query, range);
    const answer = await limited.client.queryRange(query, range);
    expect(expected.ok && expected.value.series).toHaveLength(12);
    expect(answer).toEqual(expected);
    const refused = limited.done.filter((d) => !d.ok).length;
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(10); // one descent; later chunks are sent at the size that worked
    expect(limited.done.every((d) => d.attempts === 1)).toBe(true); // a sample limit is not retried
  });

  it('reports too_many_samples when even one point is too much, after a few requests', async () => {
    const { client, done } = counted(constrained.url);
    // In the last hour each point reads over 1,200 raw samples per series, above the 500 allowed.
    const query = 'count_over_time(node_cpu_seconds_total[6h])';
    const answer = await client.queryRange(query, { start: FIXTURE_END - 3600, end: FIXTURE_END, step: 15 });
    expect(answer).toEqual({
      ok: false,
      error: {
        kind: 'too_many_samples',
        status: 422,
        message: `Cannot query Prometheus "${query}": HTTP 422 execution: query processing would load too many samples into memory in query execution`,
      },
    });
    expect(done.length).toBeLessThanOrEqual(9); // 241 → 1 point by halving, then it stops asking
  });

  it('keeps the points the server could answer and lists the rest as gaps', async () => {
    const { client } = counted(constrained.url);
    const query = 'count_over_time(node_cpu_seconds_total{instance="node1:9100",cpu="0",mode="user"}[6h]) + count_over_time(node_cpu_seconds_total[6h])';
    const answer = await client.queryRange(query, { start: FIXTURE_START, end: FIXTURE_END, step: 15 });
    if (!answer.ok) throw new Error(answer.error.message);
    const { gaps, series } = answer.value;
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((gap) => gap.source === 'prometheus' && gap.what.startsWith(`${query} from 2023-10-15T`) && gap.reason.includes('too many samples'))).toBe(true);
    // Early points (little history in the 6 h window) were answered, with the right counts.
    const [only] = series;
    const answered = [...only!.values.keys()].filter((k) => !Number.isNaN(only!.values[k]!));
    expect(answered[0]).toBe(0);
    for (const k of answered) expect(only!.values[k]).toBe(2 * (k + 1));
  });
});
