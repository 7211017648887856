import { describe, expect, it } from 'vitest';
import type { TimeWindow } from '../model/time.js';
import { rankAnomalies } from './rank.js';
import { testAnomaly } from './_testing.js';

const from = Date.UTC(2023, 4, 13, 16) / 1000;
const window: TimeWindow = { from, to: from + 7200, lookbackFrom: from - 86_400, stepSeconds: 15, timezone: 'Africa/Nairobi' };

describe('rankAnomalies()', () => {
  it('puts a CPU-flat cause (deadlocks) before the errors and the CPU rise it caused', () => {
    const ranked = rankAnomalies(
      [
        testAnomaly('cpu_utilization', 'saturation', from + 120, { score: 40 }),
        testAnomaly('http_error_ratio', 'errors', from + 30, { score: 90 }),
        testAnomaly('pg_deadlocks', 'database', from, { score: 12 }),
      ],
      window,
    );
    expect(ranked.map((a) => [a.rank, a.signal])).toEqual([
      [1, 'pg_deadlocks'],
      [2, 'cpu_utilization'],
      [3, 'http_error_ratio'],
    ]);
    expect(ranked[0]?.rankReasons).toContain('earliest onset of the incident');
  });

  it('lets a symptom that clearly came first outrank a cause-type signal that followed it', () => {
    const ranked = rankAnomalies(
      [testAnomaly('http_request_rate', 'traffic', from), testAnomaly('cpu_utilization', 'saturation', from + 3600)],
      { ...window, to: from + 4 * 3600 },
    );
    // An hour later is 4 levels of 15 min in a 4 h window: CPU (3) − 4 < traffic (0.5).
    expect(ranked[0]?.signal).toBe('http_request_rate');
  });

  it('ranks anomalies far from the incident after it, in onset order', () => {
    const ranked = rankAnomalies(
      [
        testAnomaly('http_error_ratio', 'errors', from + 5400),
        testAnomaly('disk_io_utilization', 'saturation', from + 60, { labels: { instance: 'worker2:9100' }, end: from + 600 }),
        testAnomaly('pg_locks', 'database', from + 5300),
      ],
      window,
    );
    expect(ranked.map((a) => a.signal)).toEqual(['pg_locks', 'http_error_ratio', 'disk_io_utilization']);
    expect(ranked[2]?.rankReasons[0]).toMatch(/outside the incident/);
  });

  it('breaks ties deterministically, whatever the input order', () => {
    const a = testAnomaly('pg_locks', 'database', from, { labels: { mode: 'exclusivelock' } });
    const b = testAnomaly('pg_locks', 'database', from, { labels: { mode: 'rowexclusivelock' } });
    expect(rankAnomalies([a, b], window).map((x) => x.labels['mode'])).toEqual(rankAnomalies([b, a], window).map((x) => x.labels['mode']));
  });

  it('returns nothing for nothing', () => {
    expect(rankAnomalies([], window)).toEqual([]);
  });
});

describe('rankAnomalies() and weak evidence', () => {
  it('does not let a weak precursor of the culprit claim the earliest onset', () => {
    const ranked = rankAnomalies(
      [
        testAnomaly('pg_statement_mean_seconds', 'database', from - 1200, { score: 3.7 }),
        testAnomaly('pg_statement_mean_seconds', 'database', from - 15, { score: 39 }),
        testAnomaly('http_latency_p99', 'latency', from + 60, { score: 68 }),
      ],
      window,
    );
    expect(ranked.map((a) => [a.onset - from, a.score])).toEqual([
      [-15, 39],
      [60, 68],
      [-1200, 3.7],
    ]);
    expect(ranked[2]?.rankReasons[0]).toBe('weak evidence (score below 5)');
  });
});

describe('rankAnomalies() between cause-type signals of one category', () => {
  it('prefers the signal that names the slow statement over the pile-up it caused', () => {
    const ranked = rankAnomalies(
      [
        testAnomaly('pg_max_tx_duration', 'database', from, { score: 47 }),
        testAnomaly('pg_statement_mean_seconds', 'database', from, { score: 39, pinpoints: true }),
      ],
      window,
    );
    expect(ranked.map((a) => a.signal)).toEqual(['pg_statement_mean_seconds', 'pg_max_tx_duration']);
    expect(ranked[0]?.rankReasons).toContain('names the faulty statement or lock conflict itself');
  });
});

describe('rankAnomalies() and slow causes', () => {
  const long: TimeWindow = { ...window, to: from + 4 * 3600 };
  it('keeps a leak that began two hours before the first symptom, and was still growing then, as the culprit', () => {
    const ranked = rankAnomalies(
      [
        testAnomaly('http_error_ratio', 'errors', from + 7200, { score: 40 }),
        testAnomaly('process_memory', 'process', from + 450, { end: null, score: 30 }),
        testAnomaly('cpu_utilization', 'saturation', from + 7100, { score: 25 }),
      ],
      long,
    );
    expect(ranked[0]?.signal).toBe('process_memory');
    expect(ranked[0]?.rankReasons.join('; ')).toMatch(/before the first user-facing symptom and was still going when it began/);
  });

  it('leaves out a cause-type blip that was over before the first symptom began', () => {
    const ranked = rankAnomalies(
      [
        testAnomaly('http_error_ratio', 'errors', from + 7200, { score: 40 }),
        testAnomaly('disk_io_utilization', 'saturation', from + 450, { end: from + 900, score: 30 }),
      ],
      long,
    );
    expect(ranked.map((a) => a.signal)).toEqual(['http_error_ratio', 'disk_io_utilization']);
    expect(ranked[1]?.rankReasons[0]).toMatch(/outside the incident/);
  });
});
