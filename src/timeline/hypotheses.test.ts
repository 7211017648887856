import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertInterval } from '../model/alert.js';
import type { Anomaly } from '../model/anomaly.js';
import type { SignalCategory } from '../model/signal.js';
import type { TimeWindow } from '../model/time.js';
import type { TimelineEvent } from '../model/timeline.js';
import { buildHypotheses } from './hypotheses.js';
import { rankAnomalies } from './rank.js';
import { testAnomaly } from './_testing.js';

// The auth-deadlock outage of seed 1: 19:00–21:00 EAT, 15 s step.
const from = Date.UTC(2023, 4, 13, 16) / 1000;
const window: TimeWindow = { from, to: from + 7200, lookbackFrom: from - 86_400, stepSeconds: 15, timezone: 'Africa/Nairobi' };
const DB = { instance: 'db1:9187', job: 'postgres', datname: 'auth' };
const DB_NODE = { instance: 'db1:9100', job: 'node' };
const AUTH = { job: 'auth-service' };

function change(time: number, title: string, labels: Record<string, string>): TimelineEvent {
  return { time, kind: 'change', source: 'changes', title, labels, evidence: {} };
}

function restart(time: number, instance: string, job: string): TimelineEvent {
  return { time, kind: 'restart', source: 'prometheus', title: `Restart of ${instance} (process start time changed)`, labels: { instance, job }, evidence: { query: 'process_start_time_seconds' } };
}

function alert(name: string, labels: Record<string, string>, firingAt: number): AlertInterval {
  return {
    alertname: name,
    labels: { alertname: name, ...labels },
    pendingAt: firingAt - 240,
    firingAt,
    resolvedAt: firingAt + 3600,
    rule: { name, group: 'auth', expr: `job:http_error_ratio:rate1m{job="auth-service"} > 0.05`, forSeconds: 240, labels: {}, annotations: {} },
  };
}

function authDeadlock(): Anomaly[] {
  return [
    testAnomaly('pg_deadlocks', 'database', from, { labels: DB, pinpoints: true, score: 40, query: 'rate(pg_stat_database_deadlocks{datname="auth"}[1m])', baseline: { value: 0, spread: 0.01, method: 'lookback', samples: 5760 }, peak: { time: from + 900, value: 3.9 } }),
    testAnomaly('pg_locks', 'database', from + 15, { labels: { ...DB, mode: 'exclusivelock' }, score: 30 }),
    testAnomaly('pg_active_sessions', 'database', from + 30, { labels: { ...DB, state: 'active' }, score: 25 }),
    testAnomaly('cpu_utilization', 'saturation', from + 45, { labels: DB_NODE, score: 35 }),
    testAnomaly('http_error_ratio', 'errors', from, { labels: AUTH, score: 60 }),
    testAnomaly('http_latency_p99', 'latency', from + 15, { labels: AUTH, score: 50 }),
    // Another service's blip, far from the incident: no part of any chain.
    testAnomaly('disk_io_utilization', 'saturation', from + 6000, { labels: { instance: 'worker2:9100', job: 'node' }, end: from + 6300 }),
  ];
}

describe('buildHypotheses()', () => {
  it('chains the config change, the deadlocks, the pile-up on db1, what users felt and the alert, with evidence on every link', () => {
    const anomalies = rankAnomalies(authDeadlock(), window);
    const events = [change(from - 240, 'Config change on db1:9187: deadlock_timeout 1s → 50ms', { instance: 'db1:9187' })];
    const [first] = buildHypotheses({ anomalies, events, alerts: [alert('AuthHighErrorRate', AUTH, from + 300)], window });
    expect(first?.chain.map((link) => [link.role, link.signal])).toEqual([
      ['trigger', 'change'],
      ['cause', 'pg_deadlocks'],
      ['effect', 'pg_locks'],
      ['effect', 'pg_active_sessions'],
      ['symptom', 'http_error_ratio'],
      ['symptom', 'http_latency_p99'],
      ['alert', 'AuthHighErrorRate'],
    ]);
    expect(first?.summary).toBe(
      'Config change on db1:9187: deadlock_timeout 1s → 50ms → pg_deadlocks on db1:9187 (auth) → pg_locks on db1:9187 (auth, exclusivelock) → ' +
        'pg_active_sessions on db1:9187 (auth, active) → http_error_ratio on auth-service → http_latency_p99 on auth-service → Alert AuthHighErrorRate firing on auth-service',
    );
    const cause = first?.chain[1];
    expect(cause).toMatchObject({ rank: 1, onset: from, query: 'rate(pg_stat_database_deadlocks{datname="auth"}[1m])', peak: { value: 3.9 }, baseline: { value: 0, spread: 0.01 } });
    expect(first?.chain[6]).toMatchObject({ onset: from + 300, query: 'job:http_error_ratio:rate1m{job="auth-service"} > 0.05' });
    expect(first?.reasons).toContain("a change 240 s before the cause's onset");
  });

  it('offers the CPU rise on the database host as a second, weaker lead, and says it came after', () => {
    const anomalies = rankAnomalies(authDeadlock(), window);
    const hypotheses = buildHypotheses({ anomalies, events: [], alerts: [], window });
    expect(hypotheses.map((h) => h.chain.find((link) => link.role === 'cause')?.signal)).toEqual(['pg_deadlocks', 'cpu_utilization']);
    expect(hypotheses[1]?.rank).toBe(2);
    expect(hypotheses[1]?.reasons).toContain('began 45 s after the rank-1 anomaly, which may have caused it');
    // The CPU chain does not claim the deadlocks as its effect: they outrank it.
    expect(hypotheses[1]?.chain.some((link) => link.signal === 'pg_deadlocks')).toBe(false);
  });

  it('ignores changes on other hosts and changes after the onset as triggers', () => {
    const anomalies = rankAnomalies(authDeadlock(), window);
    const events = [
      change(from - 600, 'Deploy of billing-api 4.2', { job: 'billing-api' }),
      change(from + 1200, 'Config rollback on db1:9187', { instance: 'db1:9187' }),
      restart(from - 7200, 'db1:9187', 'postgres'),
    ];
    const [first] = buildHypotheses({ anomalies, events, alerts: [], window });
    expect(first?.chain[0]?.role).toBe('cause');
  });

  it('starts the first chain at the trigger phase when one was found', () => {
    const anomalies = rankAnomalies(authDeadlock(), window);
    const events = [change(from - 900, 'Config change on db1:9187', { instance: 'db1:9187' }), change(from - 300, 'Deploy of auth-service 2.3', { job: 'auth-service' })];
    const [first] = buildHypotheses({ anomalies, events, alerts: [], window, trigger: from - 900 });
    expect(first?.chain[0]).toMatchObject({ role: 'trigger', title: 'Config change on db1:9187', onset: from - 900 });
  });

  it('starts the first chain with the very event the trigger phase cites, among several at that second', () => {
    const anomalies = rankAnomalies(authDeadlock(), window);
    const reload = change(from - 240, 'auth-service config reloaded on auth1:8080', { instance: 'auth1:8080', job: 'auth-service' });
    const hash = change(from - 240, 'auth-service config_hash a41f9c2e → 7d03b5e1 on auth1:8080', { instance: 'auth1:8080', job: 'auth-service' });
    // The config_hash line sorts first; the phase cites the reload.
    const [first] = buildHypotheses({ anomalies, events: [reload, hash], alerts: [], window, trigger: from - 240, triggerEvent: reload });
    expect(first?.chain[0]).toMatchObject({ role: 'trigger', title: reload.title });
  });

  it('blames a bad deploy seen only as user-facing errors: the restart of the rollout, then the other symptoms', () => {
    const cart = { job: 'cart-api' };
    const anomalies = rankAnomalies(
      [
        testAnomaly('http_error_ratio', 'errors', from + 255, { labels: cart, score: 80 }),
        testAnomaly('http_latency_p99', 'latency', from + 270, { labels: cart, score: 40 }),
        testAnomaly('http_latency_p50', 'latency', from + 285, { labels: cart, score: 30 }),
      ],
      window,
    );
    const events = [restart(from + 240, 'app2:8080', 'cart-api'), restart(from - 3000, 'web9:8080', 'search')];
    const [first, second] = buildHypotheses({ anomalies, events, alerts: [alert('HighErrorRate', cart, from + 435)], window });
    expect(first?.chain.map((link) => [link.role, link.signal])).toEqual([
      ['trigger', 'restart'],
      ['cause', 'http_error_ratio'],
      ['symptom', 'http_latency_p99'],
      ['alert', 'HighErrorRate'],
    ]);
    expect(first?.chain[0]?.query).toBe('process_start_time_seconds');
    // No cause-type signal moved: there is no other lead to offer.
    expect(second).toBeUndefined();
  });

  it('does not take an alert on another service that fired before the cause for this chain', () => {
    const anomalies = rankAnomalies(authDeadlock(), window);
    const alerts = [alert('BillingDown', { job: 'billing-api' }, from - 3600), alert('AuthHighErrorRate', AUTH, from + 300)];
    const [first] = buildHypotheses({ anomalies, events: [], alerts, window });
    expect(first?.chain.filter((link) => link.role === 'alert').map((link) => link.signal)).toEqual(['AuthHighErrorRate']);
  });

  it('gives nothing when nothing left its baseline', () => {
    expect(buildHypotheses({ anomalies: [], events: [], alerts: [], window })).toEqual([]);
  });

  it('always blames the rank-1 anomaly first, and ranks hypotheses 1, 2, … with distinct causes', () => {
    const categories: SignalCategory[] = ['change', 'database', 'dependency', 'saturation', 'process', 'network', 'availability', 'errors', 'latency', 'traffic'];
    const arbitrary = fc.array(
      fc.record({
        category: fc.constantFrom(...categories),
        onset: fc.integer({ min: 0, max: 7200 / 15 }),
        host: fc.constantFrom('db1:9187', 'db1:9100', 'web1:3000'),
        score: fc.double({ min: 1, max: 80, noNaN: true }),
      }),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(arbitrary, (specs) => {
        const anomalies = rankAnomalies(
          specs.map((spec, i) => testAnomaly(`signal_${i}`, spec.category, from + spec.onset * 15, { labels: { instance: spec.host }, score: spec.score })),
          window,
        );
        const hypotheses = buildHypotheses({ anomalies, events: [], alerts: [], window });
        const causes = hypotheses.map((h) => h.chain.find((link) => link.role === 'cause'));
        expect(causes[0]?.rank).toBe(1);
        expect(hypotheses.map((h) => h.rank)).toEqual(hypotheses.map((_, i) => i + 1));
        expect(new Set(causes.map((c) => c?.signal)).size).toBe(causes.length);
        expect(hypotheses.length).toBeLessThanOrEqual(3);
      }),
      { seed: 4, numRuns: 200 },
    );
  });
});
