import { expect, it } from 'vitest';
import { ONSET_TOLERANCE_SECONDS, STEP, describeScenario, firstCrossing, medianBetween, ratioOf, unix } from './_checks.js';
import { stepIncreases } from './_readback.js';

describeScenario(
  'auth-deadlock',
  (name) =>
    name === 'pg_stat_database_deadlocks' ||
    name === 'pg_up' ||
    name === 'pg_postmaster_start_time_seconds' ||
    name.startsWith('auth_service_config_'),
  (current) => {
    it('the culprit: deadlocks in the auth database start at onset and the counter resets with the restart', () => {
      const { truth, readBack } = current();
      const onset = unix(truth.phases.onset ?? '');
      const [deadlocks] = current().series('pg_stat_database_deadlocks', { datname: truth.culprit.labels['datname'] ?? '' });
      if (deadlocks === undefined) throw new Error('no deadlock counter for the culprit database');
      const perStep = stepIncreases([deadlocks], STEP);
      const crossing = firstCrossing(perStep, onset - 3600, 0);
      expect(Math.abs((crossing ?? 0) - onset)).toBeLessThanOrEqual(ONSET_TOLERANCE_SECONDS);
      // Steady, not a blip: deadlocks in most scrapes of the first hour.
      const busySteps = [...perStep].filter(([time, count]) => time >= onset && time < onset + 3600 && count > 0).length;
      expect(busySteps).toBeGreaterThan(0.9 * (3600 / STEP));
      const restart = truth.restarts.find((one) => one.labels['job'] === 'postgres');
      expect(restart).toBeDefined();
      const fall = readBack.counterDecreases.find((one) => one.series.startsWith('pg_stat_database_deadlocks{') && one.labels['datname'] === 'auth');
      expect(fall?.time).toBeGreaterThan(unix(restart?.at ?? ''));
      const [start] = current().series('pg_postmaster_start_time_seconds');
      expect(new Set(start?.values)).toEqual(new Set([start?.values[0], unix(restart?.at ?? '')]));
    });

    it('the database restart shows as pg_up 0 for a few scrapes after the rollback', () => {
      const { truth } = current();
      const [up] = current().series('pg_up');
      const downAt = (up?.timestamps ?? []).filter((_, i) => up?.values[i] === 0);
      expect(downAt.length).toBeGreaterThanOrEqual(2);
      expect(downAt.length).toBeLessThanOrEqual(4);
      for (const time of downAt) {
        expect(time).toBeGreaterThan(unix(truth.phases.mitigated ?? ''));
        expect(time).toBeLessThan(unix(truth.phases.recovered ?? ''));
      }
    });

    it('auth-service logins fail from onset: error ratio above 5 % within two steps, ~65 % of logins', () => {
      const { truth } = current();
      const onset = unix(truth.phases.onset ?? '');
      const requests = current().series('http_requests_total', { job: 'auth-service' });
      const failedOf = (series: typeof requests): Map<number, number> =>
        stepIncreases(series.filter((one) => (one.labels['code'] ?? '').startsWith('5')), STEP);
      const errorRatio = ratioOf(failedOf(requests), stepIncreases(requests, STEP));
      expect(medianBetween(errorRatio, onset - 3600, onset)).toBeLessThan(0.01);
      const crossing = firstCrossing(errorRatio, onset - 1800, 0.05);
      expect(Math.abs((crossing ?? 0) - onset)).toBeLessThanOrEqual(ONSET_TOLERANCE_SECONDS);
      const logins = requests.filter((one) => one.labels['route'] === '/login');
      const loginFailures = ratioOf(failedOf(logins), stepIncreases(logins, STEP));
      const during = medianBetween(loginFailures, onset + 300, unix(truth.phases.mitigated ?? ''));
      expect(during).toBeGreaterThan(0.6);
      expect(during).toBeLessThan(0.7);
      expect(medianBetween(errorRatio, unix(truth.phases.recovered ?? ''), unix(truth.dataTo))).toBeLessThan(0.01);
    });

    it('the trigger: the config hash label changes and the reload timestamp jumps, then both roll back', () => {
      const { truth } = current();
      const trigger = unix(truth.phases.trigger ?? '');
      const mitigated = unix(truth.phases.mitigated ?? '');
      const info = current().series('auth_service_config_info', { instance: 'auth1:8080' });
      expect(info.length).toBe(2);
      const newHash = info.find((one) => (one.timestamps[0] ?? 0) > unix(truth.dataFrom));
      expect(newHash?.timestamps[0]).toBe(trigger);
      expect(newHash?.timestamps.at(-1)).toBe(mitigated - STEP);
      const [reload] = current().series('auth_service_config_last_reload_success_timestamp_seconds', { instance: 'auth1:8080' });
      const valueAt = (time: number): number | undefined => reload?.values[reload.timestamps.indexOf(time)];
      expect(valueAt(trigger - STEP)).toBeLessThan(trigger - 86_400);
      expect(valueAt(trigger)).toBe(trigger);
      expect(valueAt(mitigated)).toBe(mitigated);
    });
  },
);
