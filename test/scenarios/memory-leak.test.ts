import { expect, it } from 'vitest';
import { ONSET_TOLERANCE_SECONDS, STEP, describeScenario, firstCrossing, medianBetween, ratioOf, unix } from './_checks.js';
import { stepIncreases } from './_readback.js';
import { MEMORY_LEAK_PODS } from './memory-leak.js';

const GiB = 1024 ** 3;
const [FIRST_POD] = MEMORY_LEAK_PODS;

describeScenario(
  'memory-leak',
  (name) => name === 'process_resident_memory_bytes' || name === 'process_start_time_seconds' || name.startsWith('kube_pod_container_'),
  (current) => {
    it('the culprit: each pod\'s resident memory grows from the onset to the 1 GiB limit, never past it, and starts over after the kill', () => {
      const { truth } = current();
      const onset = unix(truth.phases.onset ?? '');
      for (const { instance } of MEMORY_LEAK_PODS) {
        const [memory] = current().series('process_resident_memory_bytes', { instance });
        if (memory === undefined) throw new Error(`no memory of ${instance}`);
        const kill = unix(truth.restarts.find((one) => one.labels['instance'] === instance)?.at ?? '');
        const values = new Map(memory.timestamps.map((time, i) => [time, memory.values[i] ?? Number.NaN]));
        const before = medianBetween(values, onset - 3600, onset);
        expect(before, instance).toBeLessThan(0.4 * GiB);
        expect(Math.max(...memory.values), instance).toBeLessThan(GiB);
        // Steady growth: each half hour of the leak holds more than the last.
        const halfHours = [0, 1, 2, 3].map((i) => medianBetween(values, onset + 1800 * i, onset + 1800 * (i + 1)));
        expect([...halfHours].sort((a, b) => a - b), instance).toEqual(halfHours);
        const lastBefore = memory.values[memory.timestamps.findLastIndex((time) => time < kill)] ?? 0;
        const firstAfter = memory.values[memory.timestamps.findIndex((time) => time > kill)] ?? Infinity;
        expect(lastBefore, instance).toBeGreaterThan(0.9 * GiB);
        expect(firstAfter, instance).toBeLessThan(0.35 * GiB);
      }
    });

    it('each OOM kill is a restart in place: process start time, restart counter and OOMKilled reason', () => {
      const { truth } = current();
      const pod = FIRST_POD;
      if (pod === undefined) throw new Error('no pods');
      const kill = unix(truth.restarts.find((one) => one.labels['instance'] === pod.instance)?.at ?? '');
      const [start] = current().series('process_start_time_seconds', { instance: pod.instance });
      expect(start?.values.at(-1)).toBe(Math.round(kill));
      const [restarts] = current().series('kube_pod_container_status_restarts_total', { pod: pod.pod });
      const firstCounted = restarts?.timestamps[restarts.values.findIndex((value) => value === 1)] ?? 0;
      expect(firstCounted - kill).toBeGreaterThan(0);
      expect(firstCounted - kill).toBeLessThanOrEqual(STEP);
      const [reason] = current().series('kube_pod_container_status_last_terminated_reason', { pod: pod.pod });
      expect(reason?.labels['reason']).toBe('OOMKilled');
      expect(reason?.timestamps[0]).toBe(firstCounted);
    });

    it('errors come with the GC thrash before each kill and stop after the last one', () => {
      const { truth } = current();
      const errors = truth.anomalous.filter((one) => one.signal === 'http_error_ratio');
      expect(errors.length).toBeGreaterThan(0);
      const requests = current().series('http_requests_total', { job: 'recommendations' });
      const failed = stepIncreases(requests.filter((one) => (one.labels['code'] ?? '').startsWith('5')), STEP);
      const errorRatio = ratioOf(failed, stepIncreases(requests, STEP));
      const onset = unix(truth.phases.onset ?? '');
      const episode = errors[0];
      if (episode === undefined) throw new Error('no error episode');
      expect(medianBetween(errorRatio, onset, unix(episode.onset) - 60)).toBeLessThan(0.005);
      const crossing = firstCrossing(errorRatio, onset, 0.03);
      expect(Math.abs((crossing ?? 0) - unix(episode.onset))).toBeLessThanOrEqual(ONSET_TOLERANCE_SECONDS);
      expect(medianBetween(errorRatio, unix(episode.onset) + 60, unix(episode.end ?? ''))).toBeGreaterThan(0.05);
      expect(medianBetween(errorRatio, unix(truth.phases.recovered ?? '') + 60, unix(truth.window.to))).toBeLessThan(0.005);
    });
  },
);
