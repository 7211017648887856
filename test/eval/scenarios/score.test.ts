import { describe, expect, it } from 'vitest';
import type { ReportJson } from '../../../reports/json.js';
import type { ScenarioTruth, TruthAnomaly } from '../../scenarios/truth.js';
import { median, scoreCalm, scoreScenario } from './score.js';

const STEP = 15;
const FROM = '2024-01-01T12:00:00Z';
const at = (minutes: number, seconds = 0): string => new Date(Date.parse(FROM) + (60 * minutes + seconds) * 1000).toISOString().replace('.000Z', 'Z');

function truthAnomaly(signal: string, labels: Record<string, string>, onset: string, weak = false, metric?: string): TruthAnomaly {
  return { signal, labels, onset, end: at(60), direction: 'up', description: '', ...(weak ? { weak: true as const } : {}), ...(metric === undefined ? {} : { metric }) };
}

const truth = {
  name: 'tiny',
  stepSeconds: STEP,
  dataFrom: at(-60),
  dataTo: at(180),
  window: { from: FROM, to: at(120) },
  culprit: { signals: ['http_latency_p99'], labels: { job: 'shop' }, metric: 'http_client_request_duration_seconds_bucket', description: '' },
  phases: { trigger: null, onset: at(10), detected: at(12), mitigated: null, recovered: at(60), resolved: null },
  anomalous: [
    truthAnomaly('http_latency_p99', { job: 'shop' }, at(10), false, 'http_client_request_duration_seconds_bucket'),
    truthAnomaly('http_error_ratio', { job: 'shop' }, at(10)),
    truthAnomaly('cpu_mode', { instance: 'db:9100', mode: 'irq' }, at(11), true),
    truthAnomaly('pg_locks', { instance: 'db:9187' }, at(10)),
  ],
} as unknown as ScenarioTruth;

function anomaly(rank: number, signal: string, labels: Record<string, string>, onset: string, query = 'q'): ReportJson['anomalies'][number] {
  return { rank, signal, labels, onset, query, kind: 'level_shift' } as unknown as ReportJson['anomalies'][number];
}

describe('scoreScenario', () => {
  it('tells the client latency from the server latency by the metric the query reads, and scores what was found', () => {
    const report = {
      anomalies: [
        anomaly(1, 'http_latency_p99', { job: 'shop' }, at(10, 15), 'histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket[1m])))'),
        anomaly(2, 'http_latency_p99', { job: 'shop' }, at(10, 30), 'histogram_quantile(0.99, sum by (job, le) (rate(http_client_request_duration_seconds_bucket[1m])))'),
        anomaly(3, 'http_error_ratio', { job: 'shop' }, at(10)),
        anomaly(4, 'cpu_mode', { instance: 'db:9100', mode: 'irq' }, at(11, 45)),
        anomaly(5, 'target_up', { instance: 'web:9100' }, at(40)),
        // Far outside the window: neither a hit nor a false alarm of this window.
        anomaly(6, 'target_up', { instance: 'web:9100' }, at(-300)),
      ],
      phases: { trigger: null, onset: at(10, 15), detected: at(12), mitigated: null, recovered: at(70), resolved: null },
    } as unknown as ReportJson;
    const score = scoreScenario(truth, report);
    expect(score.culprit).toEqual({ first: false, rank: 2, firstRanked: 'http_latency_p99 {job="shop"}', onsetErrorSteps: 2 });
    // Found: the client p99 (2 steps off), the error ratio (0), the weak irq mode (3); pg_locks missed.
    expect(score.onsetErrorsSteps).toEqual([2, 0, 3]);
    expect(score.medianOnsetErrorSteps).toBe(2);
    expect([score.clearFound, score.clearTotal, score.weakFound, score.weakTotal]).toEqual([2, 3, 1, 1]);
    expect(score.recall).toBeCloseTo(2 / 3);
    // In the window: five; the server p99 and the scrape gap match nothing in the truth.
    expect([score.truePositives, score.inWindow]).toEqual([3, 5]);
    expect(score.falseAlarms).toEqual(['http_latency_p99 {job="shop"} level_shift at ' + at(10, 15), 'target_up {instance="web:9100"} level_shift at ' + at(40)]);
    expect(score.missed).toEqual([`pg_locks {instance="db:9187"} at ${at(10)}`]);
    expect(score.phaseErrorsSteps).toEqual({ onset: 1, detected: 0, recovered: 40, resolved: null });
  });
});

describe('scoreCalm', () => {
  it('counts every anomaly as an alarm over every series the report judged', () => {
    const report = {
      anomalies: [anomaly(1, 'target_up', { instance: 'a' }, at(5)), anomaly(2, 'target_up', { instance: 'a' }, at(50))],
      checkedNormal: Array.from({ length: 998 }, (_, i) => ({ signal: 'cpu_utilization', labels: { instance: String(i) } })),
      unjudged: [{ signal: 'pg_up', labels: {}, reason: 'too few samples' }],
    } as unknown as ReportJson;
    const score = scoreCalm('calm', report);
    expect([score.judgedSeries, score.alarms, score.alarmsPerThousandSeries]).toEqual([1000, 2, 2]);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones; null for none', () => {
    expect([median([3, 1, 2]), median([4, 1, 2, 3]), median([])]).toEqual([2, 2.5, null]);
  });
});
