import { describe, expect, it } from 'vitest';
import type { RankedAnomaly } from '../model/anomaly.js';
import type { Labels } from '../model/series.js';
import type { SignalData } from '../model/signal.js';
import type { TimeWindow } from '../model/time.js';
import { CHARTED_SYMPTOMS, MAX_CHART_POINTS, chartSeries } from './chart-series.js';

const STEP = 15;
// 2023-10-15 08:00 → 10:00 SAST, 6 h of lookback.
const WINDOW: TimeWindow = { from: 1697349600, to: 1697356800, lookbackFrom: 1697328000, stepSeconds: STEP, timezone: 'Africa/Johannesburg' };

function grid(from: number, to: number, step: number): Float64Array {
  return Float64Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
}

/** A level signal over the lookback and window: `value(t)` gives each sample (NaN for a scrape gap). */
function signal(name: string, labels: Labels, value: (t: number) => number, step = STEP): SignalData {
  const timestamps = grid(WINDOW.lookbackFrom, WINDOW.to, step);
  return {
    signal: name,
    title: name,
    query: name,
    category: 'latency',
    unit: 'seconds',
    badDirection: 'up',
    userFacing: name.startsWith('http_'),
    role: 'level',
    series: [{ labels, timestamps, values: timestamps.map(value) }],
  };
}

function ranked(rank: number, name: string, labels: Labels, userFacing: boolean): RankedAnomaly {
  return {
    rank,
    rankReasons: [],
    signal: name,
    title: name,
    query: name,
    labels,
    category: 'latency',
    unit: 'seconds',
    userFacing,
    pinpoints: false,
    kind: 'level_shift',
    direction: 'up',
    onset: WINDOW.from + 600,
    end: null,
    peak: { time: WINDOW.from + 900, value: 9.8 },
    baseline: { value: 0.42, spread: 0.05, method: 'lookback', samples: 1440 },
    score: 30 - rank,
  };
}

const SHOP = { datname: 'shop', instance: 'db1:9187', job: 'postgres', queryid: '-4321783046937463871' };
const API = { job: 'shop-api' };
const slowQuery = (t: number): number => (t >= WINDOW.from + 600 ? 9.5 : 0.42) + ((t / STEP) % 5) * 0.01;

describe('chartSeries()', () => {
  it('charts the culprit first, then user-facing symptoms before the other ranks, one chart per series', () => {
    const signals = [
      signal('pg_stat_statements_mean_seconds', SHOP, slowQuery),
      signal('pg_backend_wait_seconds', { instance: 'db1:9187' }, slowQuery),
      signal('http_latency_p99', API, slowQuery),
      signal('http_error_ratio', API, slowQuery),
      signal('node_load1', { instance: 'db1:9100' }, slowQuery),
    ];
    const anomalies = [
      ranked(1, 'pg_stat_statements_mean_seconds', SHOP, false),
      ranked(2, 'pg_backend_wait_seconds', { instance: 'db1:9187' }, false),
      ranked(3, 'http_latency_p99', API, true),
      // A second anomaly of the same series (a later spike) does not get a second chart.
      ranked(4, 'http_latency_p99', API, true),
      ranked(5, 'http_error_ratio', API, true),
      ranked(6, 'node_load1', { instance: 'db1:9100' }, false),
    ];
    const charts = chartSeries([...anomalies].reverse(), signals, WINDOW);
    expect(charts.map((c) => [c.rank, c.role])).toEqual([
      [1, 'culprit'],
      [3, 'symptom'],
      [5, 'symptom'],
      [2, 'symptom'],
    ]);
    expect(charts).toHaveLength(1 + CHARTED_SYMPTOMS);
  });

  it('covers the window and half its length before it, with scrape gaps as null', () => {
    const gapFrom = WINDOW.from + 1800;
    const withGap = (t: number): number => (t >= gapFrom && t < gapFrom + 120 ? Number.NaN : slowQuery(t));
    const [chart] = chartSeries([ranked(1, 'pg_stat_statements_mean_seconds', SHOP, false)], [signal('pg_stat_statements_mean_seconds', SHOP, withGap)], WINDOW);
    expect(chart?.timestamps[0]).toBe(WINDOW.from - 3600);
    expect(chart?.timestamps.at(-1)).toBe(WINDOW.to);
    expect(chart?.values.filter((v) => v === null)).toHaveLength(120 / STEP);
    expect(chart?.baseline).toEqual({ value: 0.42, spread: 0.05 });
  });

  it('thins a long series to the point limit and keeps a one-sample spike', () => {
    const spikeAt = WINDOW.from + 4001;
    const spiky = (t: number): number => (t === spikeAt ? 42 : 0.42 + (t % 3) * 0.01);
    const [chart] = chartSeries([ranked(1, 'http_latency_p99', API, true)], [signal('http_latency_p99', API, spiky, 1)], WINDOW);
    expect(chart?.timestamps.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
    expect(chart?.values).toContain(42);
    expect(chart?.timestamps).toContain(spikeAt);
  });

  it('charts nothing when there are no anomalies or their series are missing', () => {
    expect(chartSeries([], [], WINDOW)).toEqual([]);
    expect(chartSeries([ranked(1, 'http_latency_p99', API, true)], [], WINDOW)).toEqual([]);
  });
});
