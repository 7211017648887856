import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient, type RequestDoneInfo } from '../../collectors/prometheus/index.js';
import { cpuSecondsAt, FIXTURE_END, FIXTURE_START } from './exporter-fixture.js';
import { expectedAt } from './expected-values.js';
import { failFirst, startFaultProxy, type FaultProxy, type FaultProxyOptions } from './fault-proxy.js';
import { startFixturePrometheus, type FixturePrometheus } from './fixture-prometheus.js';

// Retries, timeouts, bearer auth and partial failures, provoked by an in-process proxy in front of a
// real Prometheus: the answers that get through are the server's own.

const noWait = { sleep: async () => {} };
const QUERY = 'node_cpu_seconds_total{instance="node2:9100",cpu="1",mode="idle"}';
const RANGE = { start: FIXTURE_START, end: FIXTURE_START + 3600, step: 15 };

let fixture: FixturePrometheus;
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  fixture = await startFixturePrometheus();
});
afterAll(() => fixture?.cleanup());
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.stop()));
});

async function proxy(options: Omit<FaultProxyOptions, 'target'>): Promise<FaultProxy> {
  const started = await startFaultProxy({ target: fixture.prometheus.url, ...options });
  proxies.push(started);
  return started;
}

function progressLog() {
  const done: RequestDoneInfo[] = [];
  return { done, onRequestDone: (info: RequestDoneInfo) => void done.push(info) };
}

describe('retries through a faulty proxy', () => {
  it('retries 503 twice and succeeds on the third attempt', async () => {
    const faulty = await proxy({ fault: failFirst(2, { kind: 'respond', status: 503 }) });
    const { done, onRequestDone } = progressLog();
    const client = createPrometheusClient({ url: faulty.url, retry: noWait, onRequestDone });
    const answer = await client.queryRange(QUERY, RANGE);
    expect(answer.ok).toBe(true);
    expect(faulty.requests).toHaveLength(3);
    expect(done).toEqual([expect.objectContaining({ path: '/api/v1/query_range', ok: true, attempts: 3 })]);
  });

  it('honours 429 with Retry-After: 0 without its own backoff', async () => {
    const faulty = await proxy({ fault: failFirst(2, { kind: 'respond', status: 429, headers: { 'Retry-After': '0' } }) });
    const sleeps: number[] = [];
    const client = createPrometheusClient({ url: faulty.url, retry: { sleep: async (ms) => void sleeps.push(ms) } });
    expect((await client.labelNames(FIXTURE_START, FIXTURE_END)).ok).toBe(true);
    expect(sleeps).toEqual([0, 0]);
    expect(faulty.requests).toHaveLength(3);
  });

  it('retries a reset connection', async () => {
    const faulty = await proxy({ fault: failFirst(1, { kind: 'reset' }) });
    const client = createPrometheusClient({ url: faulty.url, retry: noWait });
    expect((await client.buildInfo()).ok).toBe(true);
    expect(faulty.requests).toHaveLength(2);
  });

  it('gives up after maxAttempts with the last server error', async () => {
    const faulty = await proxy({ fault: () => ({ kind: 'respond', status: 502, body: '<html>Bad Gateway</html>', headers: { 'Content-Type': 'text/html' } }) });
    const client = createPrometheusClient({ url: faulty.url, maxAttempts: 3, retry: noWait });
    expect(await client.rules()).toEqual({
      ok: false,
      error: { kind: 'server', status: 502, message: `Cannot read /api/v1/rules from Prometheus at ${faulty.url}/: HTTP 502` },
    });
    expect(faulty.requests).toHaveLength(3);
  });

  it('never retries a 4xx other than 429', async () => {
    const faulty = await proxy({ fault: () => ({ kind: 'respond', status: 403, body: 'forbidden by policy', headers: { 'Content-Type': 'text/plain' } }) });
    const client = createPrometheusClient({ url: faulty.url, retry: noWait });
    const answer = await client.instantQuery('up', FIXTURE_START);
    expect(answer).toEqual({ ok: false, error: { kind: 'forbidden', status: 403, message: 'Cannot query Prometheus "up": HTTP 403: forbidden by policy' } });
    expect(faulty.requests).toHaveLength(1);
  });

  it('names a server that does not answer in time a timeout', async () => {
    const faulty = await proxy({ fault: () => ({ kind: 'hang' }) });
    const client = createPrometheusClient({ url: faulty.url, timeoutMs: 300, maxAttempts: 1 });
    const started = performance.now();
    expect(await client.instantQuery('up', FIXTURE_START)).toEqual({
      ok: false,
      error: { kind: 'timeout', status: null, message: 'Cannot query Prometheus "up": no answer within 0.3 s' },
    });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('limits requests in flight to the client concurrency', async () => {
    const slow = await proxy({ fault: () => ({ kind: 'delay', ms: 30 }) });
    const client = createPrometheusClient({ url: slow.url, concurrency: 2 });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => client.instantQuery(`up + ${i}`, FIXTURE_START)));
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(slow.requests).toHaveLength(8);
    expect(slow.peakInFlight).toBe(2);
  });
});

describe('partial failures become data gaps', () => {
  it('returns what it got, NaN and one gap for the chunk that kept failing', async () => {
    const badStart = String(FIXTURE_START + 1800);
    const faulty = await proxy({ fault: (request) => (request.params.get('start') === badStart ? { kind: 'respond', status: 500 } : undefined) });
    const client = createPrometheusClient({ url: faulty.url, maxPointsPerSeries: 120, maxAttempts: 2, retry: noWait });
    // 240 points in two chunks of 120: the second starts at 00:30.
    const answer = await client.queryRange(QUERY, { start: FIXTURE_START, end: FIXTURE_START + 239 * 15, step: 15 });
    if (!answer.ok) throw new Error(answer.error.message);
    const values = answer.value.series[0]!.values;
    const timestamps = answer.value.series[0]!.timestamps;
    for (let k = 0; k < timestamps.length; k += 1) {
      const t = timestamps[k]!;
      const inFailedChunk = t >= FIXTURE_START + 1800 && t < FIXTURE_START + 3600;
      const expected = inFailedChunk ? Number.NaN : expectedAt(t, (at) => cpuSecondsAt('node2:9100', 1, 'idle', at), FIXTURE_START, FIXTURE_END);
      expect(values[k]).toBe(expected);
    }
    expect(answer.value.gaps).toEqual([
      {
        source: 'prometheus',
        what: `${QUERY} from 2023-10-15T00:30:00Z to 2023-10-15T00:59:45Z`,
        reason: `Cannot query Prometheus "${QUERY}": HTTP 500 unavailable: injected HTTP 500`,
      },
    ]);
  });
});

describe('transport', () => {
  it('sends a long query as a form POST', async () => {
    const faulty = await proxy({});
    const client = createPrometheusClient({ url: faulty.url });
    const query = Array.from({ length: 300 }, (_, i) => `up{job="node",instance="node${i}:9100"}`).join(' or ');
    const answer = await client.queryRange(query, RANGE);
    expect(answer.ok).toBe(true);
    expect(faulty.requests.map((r) => r.method)).toEqual(['POST']);
    expect(faulty.requests[0]?.params.get('query')).toBe(query);
  });

  it('sends a short query as a GET', async () => {
    const faulty = await proxy({});
    await createPrometheusClient({ url: faulty.url }).queryRange('up', RANGE);
    expect(faulty.requests.map((r) => r.method)).toEqual(['GET']);
  });
});

describe('bearer token (checked by the proxy: Prometheus itself has no bearer auth)', () => {
  const TOKEN = 'tok-3f9a1c-very-secret';

  it('sends the token and succeeds', async () => {
    const guarded = await proxy({ bearerToken: TOKEN });
    const client = createPrometheusClient({ url: guarded.url, auth: { kind: 'bearer', token: TOKEN } });
    expect((await client.labelValues('job', FIXTURE_START, FIXTURE_END)).ok).toBe(true);
    expect(guarded.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('is unauthorized without the right token, and never shows it', async () => {
    const guarded = await proxy({ bearerToken: TOKEN });
    const none = await createPrometheusClient({ url: guarded.url }).labelNames(FIXTURE_START, FIXTURE_END);
    expect(none).toEqual({
      ok: false,
      error: { kind: 'unauthorized', status: 401, message: `Cannot read /api/v1/labels from Prometheus at ${guarded.url}/: HTTP 401: Unauthorized` },
    });
    const wrong = await createPrometheusClient({ url: guarded.url, auth: { kind: 'bearer', token: `${TOKEN}-old` } }).queryRange('up', RANGE);
    expect(!wrong.ok && wrong.error.kind).toBe('unauthorized');
    expect(JSON.stringify(wrong)).not.toContain(TOKEN);
    expect(guarded.requests).toHaveLength(2); // a 401 is not retried
  });
});

describe('compression', () => {
  it('asks for plain answers by default and gzip with compress, with the same values either way', async () => {
    const recording = await proxy({});
    const plain = await createPrometheusClient({ url: recording.url }).queryRange(QUERY, RANGE);
    const gzipped = await createPrometheusClient({ url: recording.url, compress: true }).queryRange(QUERY, RANGE);
    expect(recording.requests.map((r) => r.headers['accept-encoding'])).toEqual(['identity', 'gzip']);
    expect(gzipped).toEqual(plain);
    expect(plain.ok && plain.value.series[0]?.values.length).toBe(241);
  });
});
