import { describe, expect, it } from 'vitest';
import type { PrometheusError } from './prometheus-error.js';
import type { TimeRange } from './query-grid.js';
import { executeQueryRange, type ChunkSeries } from './query-range.js';
import type { Result } from './result.js';

// The executor against a fake server: a pure function of the requested range. Real-server behaviour
// is tested in test/servers; these pin the planning decisions that are awkward to provoke there.

const START = 1_697_328_000;

/** A fake series: value = time offset, for two label sets written in different key orders. */
function fakeAnswer(range: TimeRange, seriesCount = 2): ChunkSeries[] {
  const times: number[] = [];
  for (let t = range.start; t <= range.end + 1e-9; t += range.step) times.push(t);
  return Array.from({ length: seriesCount }, (_, s) => ({
    metric: { __name__: 'x', instance: `i${s}` },
    values: { timestamps: Float64Array.from(times), values: Float64Array.from(times, (t) => t - START + s) },
  }));
}

const tooManySamples: PrometheusError = { kind: 'too_many_samples', status: 422, message: 'Cannot query Prometheus "x": HTTP 422 execution: would load too many samples' };

function recordingFetcher(answer: (range: TimeRange) => Result<ChunkSeries[]>) {
  const requests: TimeRange[] = [];
  const fetch = async (range: TimeRange) => {
    requests.push(range);
    return answer(range);
  };
  return { fetch, requests };
}

describe('executeQueryRange()', () => {
  it('executeQueryRange() returns every series on one shared grid, sorted by labels', async () => {
    const { fetch, requests } = recordingFetcher((range) => ({ ok: true, value: fakeAnswer(range).reverse() }));
    const result = await executeQueryRange('x', { start: START, end: START + 60, step: 15 }, fetch, { maxPointsPerSeries: 11_000, concurrency: 4 });
    if (!result.ok) throw new Error(result.error.message);
    expect(requests).toHaveLength(1);
    const [a, b] = result.value.series;
    expect(a?.labels).toEqual({ __name__: 'x', instance: 'i0' });
    expect(a?.timestamps).toBe(b?.timestamps);
    expect([...(a?.timestamps ?? [])]).toEqual([0, 15, 30, 45, 60].map((d) => START + d));
    expect([...(b?.values ?? [])]).toEqual([1, 16, 31, 46, 61]);
    expect(result.value.gaps).toEqual([]);
  });

  it('executeQueryRange() gives the same series whether it asks once or in many chunks', async () => {
    const range = { start: START, end: START + 999, step: 1 };
    const once = recordingFetcher((r) => ({ ok: true, value: fakeAnswer(r) }));
    const chunked = recordingFetcher((r) => ({ ok: true, value: fakeAnswer(r) }));
    const whole = await executeQueryRange('x', range, once.fetch, { maxPointsPerSeries: 11_000, concurrency: 4 });
    const pieces = await executeQueryRange('x', range, chunked.fetch, { maxPointsPerSeries: 70, concurrency: 3 });
    // Asked "once": a one-hour probe, then the rest in one request.
    expect(once.requests.map((r) => r.end - r.start + 1)).toEqual([240, 760]);
    expect(chunked.requests).toHaveLength(15);
    expect(pieces).toEqual(whole);
  });

  it('executeQueryRange() fills NaN where a series is missing from a chunk', async () => {
    const { fetch } = recordingFetcher((range) => ({ ok: true, value: fakeAnswer(range, range.start === START ? 1 : 2) }));
    const result = await executeQueryRange('x', { start: START, end: START + 3, step: 1 }, fetch, { maxPointsPerSeries: 2, concurrency: 1 });
    if (!result.ok) throw new Error(result.error.message);
    expect([...(result.value.series[1]?.values ?? [])]).toEqual([Number.NaN, Number.NaN, 3, 4]);
  });

  it('executeQueryRange() halves chunks refused for too many samples, and keeps the smaller size', async () => {
    // The fake server holds at most 100 samples: 2 series × 50 points.
    const { fetch, requests } = recordingFetcher((range) => {
      const points = Math.round((range.end - range.start) / range.step) + 1;
      return points * 2 > 100 ? { ok: false, error: tooManySamples } : { ok: true, value: fakeAnswer(range) };
    });
    const range = { start: START, end: START + 399, step: 1 };
    const result = await executeQueryRange('x', range, fetch, { maxPointsPerSeries: 200, concurrency: 4 });
    const reference = await executeQueryRange('x', range, async (r) => ({ ok: true, value: fakeAnswer(r) }), { maxPointsPerSeries: 11_000, concurrency: 1 });
    expect(result).toEqual(reference);
    const refused = requests.filter((r) => (r.end - r.start + 1) * 2 > 100);
    // 200 → 100 → 50 for the first chunk; the rest is cut to 50 before it is ever sent.
    expect(refused).toHaveLength(2);
    expect(requests.length).toBe(2 + 400 / 50);
  });

  it('executeQueryRange() stops splitting at one point and reports the sample limit as the error', async () => {
    const { fetch, requests } = recordingFetcher(() => ({ ok: false, error: tooManySamples }));
    const result = await executeQueryRange('x', { start: START, end: START + 20_000, step: 1 }, fetch, { maxPointsPerSeries: 11_000, concurrency: 4 });
    expect(result).toEqual({ ok: false, error: tooManySamples });
    expect(requests.length).toBe(9); // one descent of the 240-point probe to 1 point, not thousands of requests
  });

  it('executeQueryRange() turns chunks that keep failing into data gaps and keeps the rest', async () => {
    const serverError: PrometheusError = { kind: 'server', status: 503, message: 'Cannot query Prometheus "x": HTTP 503' };
    const { fetch } = recordingFetcher((range) => (range.start >= START + 20 && range.start < START + 40 ? { ok: false, error: serverError } : { ok: true, value: fakeAnswer(range, 1) }));
    const result = await executeQueryRange('x', { start: START, end: START + 59, step: 1 }, fetch, { maxPointsPerSeries: 10, concurrency: 2 });
    if (!result.ok) throw new Error(result.error.message);
    const values = result.value.series[0]?.values ?? new Float64Array();
    expect(values[19]).toBe(19);
    expect(Number.isNaN(values[20] ?? 0) && Number.isNaN(values[39] ?? 0)).toBe(true);
    expect(values[40]).toBe(40);
    // Two adjacent failed chunks with one reason make one gap.
    expect(result.value.gaps).toEqual([
      { source: 'prometheus', what: 'x from 2023-10-15T00:00:20Z to 2023-10-15T00:00:39Z', reason: serverError.message },
    ]);
  });

  it('executeQueryRange() fails as a whole when the query is bad, and stops asking', async () => {
    const badQuery: PrometheusError = { kind: 'bad_query', status: 400, message: 'Cannot query Prometheus "x(": HTTP 400 bad_data: parse error' };
    const { fetch, requests } = recordingFetcher(() => ({ ok: false, error: badQuery }));
    const result = await executeQueryRange('x(', { start: START, end: START + 99, step: 1 }, fetch, { maxPointsPerSeries: 10, concurrency: 2 });
    expect(result).toEqual({ ok: false, error: badQuery });
    expect(requests).toHaveLength(1); // the first chunk goes alone
  });

  it('executeQueryRange() fails when nothing could be fetched from an unreachable server', async () => {
    const unreachable: PrometheusError = { kind: 'unreachable', status: null, message: 'Cannot reach Prometheus at http://127.0.0.1:9/: connection refused' };
    const { fetch, requests } = recordingFetcher(() => ({ ok: false, error: unreachable }));
    const result = await executeQueryRange('x', { start: START, end: START + 99, step: 1 }, fetch, { maxPointsPerSeries: 10, concurrency: 2 });
    expect(result).toEqual({ ok: false, error: unreachable });
    expect(requests).toHaveLength(1);
  });

  it('executeQueryRange() shrinks later chunks once it sees many series', async () => {
    // Only the number of series matters here; sample-less series keep the test fast.
    const empty = { timestamps: new Float64Array(0), values: new Float64Array(0) };
    const many = Array.from({ length: 1_000 }, (_, i) => ({ metric: { i: String(i) }, values: empty }));
    const { fetch, requests } = recordingFetcher(() => ({ ok: true, value: many }));
    await executeQueryRange('x', { start: START, end: START + 21_999, step: 1 }, fetch, { maxPointsPerSeries: 11_000, concurrency: 4 });
    // 1,000 series: the 240-point probe learns it, then no request passes 2,000 points (2 million samples),
    // and together they cover the range once.
    const sizes = requests.map((r) => r.end - r.start + 1);
    expect(sizes[0]).toBe(240);
    expect(Math.max(...sizes.slice(1))).toBeLessThanOrEqual(2_000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(22_000);
  });

  it('executeQueryRange() refuses a range that cannot be planned without asking', async () => {
    const { fetch, requests } = recordingFetcher((range) => ({ ok: true, value: fakeAnswer(range) }));
    const result = await executeQueryRange('x', { start: START, end: START - 1, step: 1 }, fetch, { maxPointsPerSeries: 11_000, concurrency: 1 });
    expect(result).toEqual({ ok: false, error: { kind: 'bad_query', status: null, message: 'Cannot query Prometheus "x": end is before start' } });
    expect(requests).toHaveLength(0);
  });

  it('executeQueryRange() ignores samples that are not on the grid', async () => {
    const { fetch } = recordingFetcher(() => ({
      ok: true,
      value: [{ metric: { __name__: 'x' }, values: { timestamps: Float64Array.of(START, START + 7, START + 15), values: Float64Array.of(1, 2, 3) } }],
    }));
    const result = await executeQueryRange('x', { start: START, end: START + 15, step: 15 }, fetch, { maxPointsPerSeries: 11_000, concurrency: 1 });
    expect(result.ok && [...(result.value.series[0]?.values ?? [])]).toEqual([1, 3]);
  });
});
