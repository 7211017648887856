import { expect, it } from 'vitest';
import { ONSET_TOLERANCE_SECONDS, STEP, describeScenario, firstCrossing, medianBetween, ratioOf, unix } from './_checks.js';
import { stepIncreases } from './_readback.js';

/** A baseline departure: several times the baseline value. */
const DEPARTURE_FACTOR = 3;

describeScenario(
  'db-slow-query',
  (name, labels) =>
    name === 'pg_stat_statements_seconds_total' ||
    name === 'pg_stat_statements_calls_total' ||
    (name === 'node_cpu_seconds_total' && labels['mode'] === 'idle'),
  (current) => {
    it('the culprit: the reports query mean time per call leaves its baseline at onset', () => {
      const { truth } = current();
      const queryid = truth.culprit.labels['queryid'] ?? '';
      const onset = unix(truth.phases.onset ?? '');
      const seconds = stepIncreases(current().series('pg_stat_statements_seconds_total', { queryid }), STEP);
      const calls = stepIncreases(current().series('pg_stat_statements_calls_total', { queryid }), STEP);
      const meanPerCall = ratioOf(seconds, calls);
      const baseline = medianBetween(meanPerCall, onset - 3600, onset - 120);
      const crossing = firstCrossing(meanPerCall, onset - 1800, DEPARTURE_FACTOR * baseline);
      expect(crossing).not.toBeNull();
      expect(Math.abs((crossing ?? 0) - onset)).toBeLessThanOrEqual(ONSET_TOLERANCE_SECONDS);
      // An order of magnitude, as the seed's "performance bottleneck" and the truth say.
      expect(medianBetween(meanPerCall, onset, onset + 3600) / baseline).toBeGreaterThan(8);
      // It crept up through the lookback as the data grew.
      const dataFrom = unix(truth.dataFrom);
      expect(medianBetween(meanPerCall, onset - 7200, onset)).toBeGreaterThan(1.5 * medianBetween(meanPerCall, dataFrom, dataFrom + 7200));
    });

    it('shop-api requests turn slow at their onset: about 90 % of the window', () => {
      const { truth } = current();
      const latency = truth.anomalous.find((one) => one.signal === 'http_latency_p99');
      const onset = unix(latency?.onset ?? '');
      const all = stepIncreases(current().series('http_request_duration_seconds_bucket', { job: 'shop-api', le: '+Inf' }), STEP);
      const fast = stepIncreases(current().series('http_request_duration_seconds_bucket', { job: 'shop-api', le: '1' }), STEP);
      const slowShare = new Map([...ratioOf(fast, all)].map(([time, share]) => [time, 1 - share]));
      const crossing = firstCrossing(slowShare, unix(truth.window.from) - 1800, 0.1);
      expect(Math.abs((crossing ?? 0) - onset)).toBeLessThanOrEqual(ONSET_TOLERANCE_SECONDS);
      const share = truth.impact.requestsSlow / truth.impact.requestsTotal;
      expect(share).toBeGreaterThan(0.8);
      expect(share).toBeLessThan(0.95);
      expect(truth.impact.requestsFailed).toBeGreaterThan(0);
    });

    it('db1 CPU saturates a little after onset while web hosts stay as busy as the day before', () => {
      const { truth } = current();
      const onset = unix(truth.phases.onset ?? '');
      const busy = (instance: string): Map<number, number> => {
        const idle = current().series('node_cpu_seconds_total', { instance });
        const perStep = stepIncreases(idle, STEP);
        return new Map([...perStep].map(([time, idleSeconds]) => [time, 1 - idleSeconds / (STEP * idle.length)]));
      };
      const db = busy('db1:9100');
      expect(medianBetween(db, onset + 600, onset + 3600)).toBeGreaterThan(0.9);
      expect(medianBetween(db, onset - 3600, onset)).toBeLessThan(0.4);
      // "A little later": the CPU leaves its baseline at its own onset, after the culprit's.
      const cpuOnset = unix(truth.anomalous.find((one) => one.signal === 'cpu_utilization' && one.labels['instance'] === 'db1:9100')?.onset ?? '');
      expect(cpuOnset).toBeGreaterThan(onset);
      const crossing = firstCrossing(db, onset - 1800, 0.5);
      expect(Math.abs((crossing ?? 0) - cpuOnset)).toBeLessThanOrEqual(ONSET_TOLERANCE_SECONDS);
      for (const instance of ['web1:9100', 'web2:9100']) {
        const web = busy(instance);
        const today = medianBetween(web, onset, unix(truth.window.to));
        const yesterday = medianBetween(web, onset - 86_400, unix(truth.window.to) - 86_400);
        expect(today / yesterday, instance).toBeGreaterThan(0.85);
        expect(today / yesterday, instance).toBeLessThan(1.15);
      }
    });
  },
);
