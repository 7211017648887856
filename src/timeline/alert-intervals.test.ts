import { describe, expect, it } from 'vitest';
import type { Series } from '../model/series.js';
import { alertIntervals } from './alert-intervals.js';

const T0 = Date.UTC(2023, 4, 13, 16, 0, 0) / 1000;
const EVAL = 15;

/** Raw ALERTS samples as Prometheus writes them: one per rule evaluation, with a little jitter. */
function samples(labels: Record<string, string>, from: number, to: number, jitter = 0.123): Series {
  const times: number[] = [];
  for (let t = from; t <= to; t += EVAL) times.push(t + jitter);
  return { labels: { __name__: 'ALERTS', ...labels }, timestamps: Float64Array.from(times), values: new Float64Array(times.length).fill(1) };
}

const identity = { alertname: 'AuthErrorsHigh', job: 'auth-service', severity: 'page' };

describe('alertIntervals()', () => {
  it('rebuilds pending, firing and resolved from raw samples and the activeAt of ALERTS_FOR_STATE', () => {
    const pending = samples({ ...identity, alertstate: 'pending' }, T0 + 60, T0 + 165);
    const firing = samples({ ...identity, alertstate: 'firing' }, T0 + 180, T0 + 6600);
    const forState: Series = {
      labels: { __name__: 'ALERTS_FOR_STATE', ...identity },
      timestamps: Float64Array.of(T0 + 60.123, T0 + 75.123),
      values: Float64Array.of(T0 + 60.123, T0 + 60.123),
    };
    const [interval, ...rest] = alertIntervals({ alerts: [firing, pending], forState: [forState], rules: [] }, T0 + 9000);
    expect(rest).toEqual([]);
    expect(interval).toMatchObject({
      alertname: 'AuthErrorsHigh',
      labels: identity,
      pendingAt: T0 + 60.123,
      firingAt: T0 + 180.123,
      resolvedAt: T0 + 6615.123,
    });
  });

  it('splits a flapping alert into episodes and leaves one still firing at the end unresolved', () => {
    const first = samples({ ...identity, alertstate: 'firing' }, T0, T0 + 300);
    const second = samples({ ...identity, alertstate: 'firing' }, T0 + 900, T0 + 1800);
    const merged: Series = {
      labels: first.labels,
      timestamps: Float64Array.from([...first.timestamps, ...second.timestamps]),
      values: new Float64Array(first.values.length + second.values.length).fill(1),
    };
    const intervals = alertIntervals({ alerts: [merged], forState: [], rules: [] }, T0 + 1800 + 10);
    expect(intervals.map((i) => [i.firingAt, i.resolvedAt])).toEqual([
      [T0 + 0.123, T0 + 315.123],
      [T0 + 900.123, null],
    ]);
    expect(intervals[0]?.pendingAt).toBeNull();
  });

  it('attaches the rule by alert name and keeps different instances apart', () => {
    const a = samples({ alertname: 'TargetDown', instance: 'web1:9100', alertstate: 'firing' }, T0, T0 + 60);
    const b = samples({ alertname: 'TargetDown', instance: 'web2:9100', alertstate: 'firing' }, T0 + 30, T0 + 90);
    const rule = { name: 'TargetDown', group: 'g', expr: 'up == 0', forSeconds: 0, labels: {}, annotations: { summary: 'down' } };
    const intervals = alertIntervals({ alerts: [b, a], forState: [], rules: [rule] }, T0 + 3600);
    expect(intervals.map((i) => i.labels['instance'])).toEqual(['web1:9100', 'web2:9100']);
    expect(intervals.every((i) => i.rule === rule)).toBe(true);
  });

  it('returns nothing for no history', () => {
    expect(alertIntervals({ alerts: [], forState: [], rules: [] }, T0)).toEqual([]);
  });
});
