import { describe, expect, it } from 'vitest';
import type { SignalData } from '../model/signal.js';
import { restartEvents } from './restarts.js';

const T0 = Date.UTC(2023, 4, 13, 17, 40) / 1000;
const grid = Float64Array.from({ length: 8 }, (_, i) => T0 + 60 * i);

function signal(role: SignalData['role'], values: number[], name = 'pg_start_time'): SignalData {
  return {
    signal: name, title: 'PostgreSQL server start time', query: 'pg_postmaster_start_time_seconds', category: 'change',
    unit: 'unix_seconds', badDirection: 'both', userFacing: false, role,
    series: [{ labels: { instance: 'db1:9187', job: 'postgres' }, timestamps: grid, values: Float64Array.from(values) }],
  };
}

describe('restartEvents()', () => {
  it('dates a start-time jump at the new start time, across a scrape gap', () => {
    const old = 1_683_900_000.52;
    const restart = T0 + 4 * 60 + 12.4; // during the scrape gap, reported by the next scrape
    const events = restartEvents([signal('start_time', [old, old + 0.3, old, NaN, NaN, restart, restart, restart])], T0 - 3600);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ time: restart, kind: 'restart', labels: { instance: 'db1:9187', job: 'postgres' } });
    expect(events[0]?.title).toBe('Restart of db1:9187 (postgresql server start time changed)');
  });

  it('counts increases of a restart counter and ignores its resets', () => {
    const events = restartEvents([signal('restart_counter', [3, 3, 4, 4, 0, 0, 1, 1], 'kube_container_restarts')], T0 - 3600);
    expect(events.map((e) => e.time)).toEqual([grid[2], grid[6]]);
  });

  it('skips level signals and restarts before `since`', () => {
    expect(restartEvents([signal('level', [1, 2, 3, 4, 5, 6, 7, 8])], 0)).toEqual([]);
    expect(restartEvents([signal('start_time', [100, 100, T0 + 61, T0 + 61, T0 + 61, T0 + 61, T0 + 61, T0 + 61])], T0 + 3600)).toEqual([]);
  });
  it('reads counter resets as one restart per run, unless a start time of the same target explains it', () => {
    const query = 'max by (job, instance) (resets({__name__=~"http_requests_total|process_cpu_seconds_total"}[2m]))';
    const resets = (instance: string, values: number[]): SignalData => ({
      signal: 'counter_resets', title: 'Counter resets', query, category: 'change', unit: 'count', badDirection: 'up',
      userFacing: false, role: 'reset_count',
      series: [{ labels: { instance, job: 'shop-api' }, timestamps: grid, values: Float64Array.from(values) }],
    });
    const start = (instance: string, at: number): SignalData => ({
      ...signal('start_time', [100, 100, 100, at, at, at, at, at], 'process_start_time'),
      series: [{ labels: { instance, job: 'shop-api' }, timestamps: grid, values: Float64Array.from([100, 100, 100, at, at, at, at, at]) }],
    });
    // app1 has no start time metric: its reset run (two positive samples, one reset) is one restart.
    // app2's reset is the restart its start time already shows, 20 s before the first positive sample.
    const events = restartEvents([resets('app1:8080', [0, 0, 1, 1, 0, NaN, 0, 0]), resets('app2:8080', [0, 0, 0, 1, 1, 0, 0, 0]), start('app2:8080', grid[3]! - 20)], T0 - 3600);
    expect(events.map((e) => [e.labels['instance'], e.time, e.title])).toEqual([
      ['app2:8080', grid[3]! - 20, 'Restart of app2:8080 (postgresql server start time changed)'],
      ['app1:8080', grid[2], 'Restart of app1:8080 (its counters reset)'],
    ]);
    // A second reset after a quiet sample is a new restart.
    expect(restartEvents([resets('app1:8080', [0, 1, 0, 0, 2, 0, 0, 0])], T0 - 3600).map((e) => e.time)).toEqual([grid[1], grid[4]]);
  });
});
