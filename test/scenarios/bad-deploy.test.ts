import { expect, it } from 'vitest';
import { ONSET_TOLERANCE_SECONDS, STEP, describeScenario, firstCrossing, medianBetween, ratioOf, unix } from './_checks.js';
import { stepIncreases } from './_readback.js';

const APP1 = 'app1:8080';

describeScenario(
  'bad-deploy',
  (name, labels) =>
    name === 'cart_api_build_info' ||
    name === 'process_start_time_seconds' ||
    (name === 'http_request_duration_seconds_bucket' && labels['route'] === '/api/cart' && (labels['le'] === '0.05' || labels['le'] === '+Inf')),
  (current) => {
    it('the change: cart_api_build_info moves to 2.15.0 with each restart of the rollout and back with the rollback', () => {
      const { truth } = current();
      const changes = truth.changes.filter((change) => change.labels['instance'] === APP1).map((change) => unix(change.at));
      expect(changes.length).toBe(3);
      const versions = current().series('cart_api_build_info', { instance: APP1 });
      const bad = versions.find((one) => one.labels['version'] === '2.15.0');
      if (bad === undefined) throw new Error('no 2.15.0 build info on app1');
      // The scrape that finds the process starting fails: the new version shows from the next one.
      const [routine, deploy, rollback] = changes as [number, number, number];
      expect((bad.timestamps[0] ?? 0) - deploy).toBeGreaterThan(0);
      expect((bad.timestamps[0] ?? 0) - deploy).toBeLessThanOrEqual(2 * STEP);
      expect(bad.timestamps.at(-1)).toBeLessThan(rollback);
      expect(versions.map((one) => one.labels['version']).sort()).toEqual(['2.14.2', '2.14.3', '2.15.0']);
      const [start] = current().series('process_start_time_seconds', { instance: APP1 });
      expect([...new Set(start?.values)].slice(1)).toEqual([routine, deploy, rollback]);
    });

    it('the symptom: the 5xx ratio of cart-api steps up with each instance on 2.15.0 and falls back with the rollback', () => {
      const { truth } = current();
      const onset = unix(truth.phases.onset ?? '');
      const requests = current().series('http_requests_total', { job: 'cart-api' });
      const failed = stepIncreases(requests.filter((one) => (one.labels['code'] ?? '').startsWith('5')), STEP);
      const errorRatio = ratioOf(failed, stepIncreases(requests, STEP));
      expect(medianBetween(errorRatio, onset - 3600, onset)).toBeLessThan(0.005);
      const crossing = firstCrossing(errorRatio, onset - 1800, 0.02);
      expect(Math.abs((crossing ?? 0) - onset)).toBeLessThanOrEqual(ONSET_TOLERANCE_SECONDS);
      // All three instances on 2.15.0: about a tenth of all requests fail.
      const allBad = medianBetween(errorRatio, onset + 300, unix(truth.phases.mitigated ?? ''));
      expect(allBad).toBeGreaterThan(0.07);
      expect(allBad).toBeLessThan(0.14);
      expect(medianBetween(errorRatio, unix(truth.phases.recovered ?? '') + 60, unix(truth.dataTo))).toBeLessThan(0.005);
    });

    it('cart reads get slower on 2.15.0: most took under 50 ms before, few do after', () => {
      const { truth } = current();
      const onset = unix(truth.phases.onset ?? '');
      const fast = stepIncreases(current().series('http_request_duration_seconds_bucket', { route: '/api/cart', le: '0.05' }), STEP);
      const all = stepIncreases(current().series('http_request_duration_seconds_bucket', { route: '/api/cart', le: '+Inf' }), STEP);
      const fastShare = ratioOf(fast, all);
      expect(medianBetween(fastShare, onset - 3600, onset)).toBeGreaterThan(0.8);
      expect(medianBetween(fastShare, onset + 300, unix(truth.phases.mitigated ?? ''))).toBeLessThan(0.35);
    });
  },
);
