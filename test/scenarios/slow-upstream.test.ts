import { expect, it } from 'vitest';
import { ONSET_TOLERANCE_SECONDS, STEP, describeScenario, firstCrossing, medianBetween, ratioOf, unix } from './_checks.js';
import { stepIncreases } from './_readback.js';

const CLIENT = 'http_client_request_duration_seconds_bucket';

describeScenario(
  'slow-upstream',
  (name, labels) =>
    (name === CLIENT && (labels['le'] === '1' || labels['le'] === '5' || labels['le'] === '+Inf')) ||
    (name === 'node_cpu_seconds_total' && labels['mode'] === 'idle'),
  (current) => {
    const slowShare = (peer: string): Map<number, number> => {
      const fast = stepIncreases(current().series(CLIENT, { peer, le: '1' }), STEP);
      const all = stepIncreases(current().series(CLIENT, { peer, le: '+Inf' }), STEP);
      return new Map([...ratioOf(fast, all)].map(([time, share]) => [time, 1 - share]));
    };

    it('the culprit: calls to payments turn slow at the onset, a fifth of them cut off at the 5 s timeout; other peers stay fast', () => {
      const { truth } = current();
      const onset = unix(truth.phases.onset ?? '');
      const recovered = unix(truth.phases.recovered ?? '');
      const payments = slowShare('payments');
      expect(medianBetween(payments, onset - 3600, onset)).toBeLessThan(0.01);
      expect(Math.abs((firstCrossing(payments, onset - 1800, 0.5) ?? 0) - onset)).toBeLessThanOrEqual(ONSET_TOLERANCE_SECONDS);
      expect(medianBetween(payments, onset + 60, recovered)).toBeGreaterThan(0.9);
      expect(medianBetween(payments, recovered + 60, recovered + 1800)).toBeLessThan(0.01);
      const underTimeout = stepIncreases(current().series(CLIENT, { peer: 'payments', le: '5' }), STEP);
      const all = stepIncreases(current().series(CLIENT, { peer: 'payments', le: '+Inf' }), STEP);
      const cutOff = new Map([...ratioOf(underTimeout, all)].map(([time, share]) => [time, 1 - share]));
      const timedOut = medianBetween(cutOff, onset + 60, recovered);
      expect(timedOut).toBeGreaterThan(0.12);
      expect(timedOut).toBeLessThan(0.26);
      for (const peer of ['inventory', 'tax']) expect(medianBetween(slowShare(peer), onset, recovered), peer).toBeLessThan(0.01);
    });

    it('checkout-api answers payments cut off at the timeout with 502: about 1.5 % of its requests', () => {
      const { truth } = current();
      const onset = unix(truth.phases.onset ?? '');
      const requests = current().series('http_requests_total', { job: 'checkout-api' });
      const errorRatio = ratioOf(stepIncreases(requests.filter((one) => one.labels['code'] === '502'), STEP), stepIncreases(requests, STEP));
      expect(medianBetween(errorRatio, onset - 3600, onset)).toBeLessThan(0.003);
      const during = medianBetween(errorRatio, onset + 60, unix(truth.phases.recovered ?? ''));
      expect(during).toBeGreaterThan(0.008);
      expect(during).toBeLessThan(0.03);
    });

    it('CPU stays flat: the app hosts are as busy as at the same hours the day before', () => {
      const { truth } = current();
      const onset = unix(truth.phases.onset ?? '');
      const recovered = unix(truth.phases.recovered ?? '');
      for (const instance of ['app1:9100', 'app2:9100']) {
        const idle = current().series('node_cpu_seconds_total', { instance });
        const busy = new Map([...stepIncreases(idle, STEP)].map(([time, seconds]) => [time, 1 - seconds / (STEP * idle.length)]));
        const ratio = medianBetween(busy, onset, recovered) / medianBetween(busy, onset - 86_400, recovered - 86_400);
        expect(ratio, instance).toBeGreaterThan(0.85);
        expect(ratio, instance).toBeLessThan(1.15);
      }
    });
  },
);
