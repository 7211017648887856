import { describe, expect, it } from 'vitest';
import type { AlertRule } from '../model/alert.js';
import type { AlertmanagerEvidence, NotifiedAlert } from '../model/alertmanager.js';
import type { Series } from '../model/series.js';
import { alertIntervals } from '../timeline/alert-intervals.js';
import { externalAlertIntervals } from './external-intervals.js';
import { mergeAlertIntervals } from './merge-alert-intervals.js';

const T0 = Date.UTC(2023, 4, 13, 16, 0, 0) / 1000;
const labels = { alertname: 'AuthErrorsHigh', job: 'auth-service', severity: 'page' };
const rule: AlertRule = {
  name: 'AuthErrorsHigh',
  group: 'auth',
  expr: 'sum(rate(http_requests_total{job="auth-service",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="auth-service"}[5m])) > 0.05',
  forSeconds: 120,
  labels: { severity: 'page' },
  annotations: { summary: 'Auth service errors above 5%' },
};

function notified(line: number, status: 'firing' | 'resolved', startsAt: number, endsAt: number | null): NotifiedAlert {
  return { file: 'alerts.jsonl', line, receiver: 'oncall', status, fingerprint: 'c0ffee12', labels, annotations: { summary: 'Auth service errors above 5%' }, startsAt, endsAt, generatorURL: null };
}

describe('externalAlertIntervals() and mergeAlertIntervals()', () => {
  it('rebuilds a flapping alert from repeated webhook notifications: one interval per firing, episodes counted', () => {
    const log = [
      notified(1, 'firing', T0 + 180, null),
      notified(2, 'firing', T0 + 180, null), // repeat_interval resend of the same firing
      notified(3, 'resolved', T0 + 180, T0 + 900),
      notified(4, 'firing', T0 + 1500, null),
      notified(5, 'resolved', T0 + 1500, T0 + 1800),
      notified(6, 'firing', T0 + 2400, null),
    ];
    const merged = mergeAlertIntervals([], externalAlertIntervals(log, null, [rule]));
    expect(merged.map((a) => [a.firingAt, a.resolvedAt, a.episodes, a.sources])).toEqual([
      [T0 + 180, T0 + 900, 3, ['alert-log']],
      [T0 + 1500, T0 + 1800, 3, ['alert-log']],
      [T0 + 2400, null, 3, ['alert-log']],
    ]);
    expect(merged[0]?.rule?.expr).toBe(rule.expr);
  });

  it('merges one firing seen by ALERTS, Alertmanager (with an external label) and a webhook log into one interval', () => {
    const firing: Series = {
      labels: { __name__: 'ALERTS', ...labels, alertstate: 'firing' },
      timestamps: Float64Array.from({ length: 40 }, (_, i) => T0 + 195 + i * 15),
      values: new Float64Array(40).fill(1),
    };
    // Pending for the rule's 2 minutes, one sample per 15 s evaluation, then firing.
    const pending: Series = {
      labels: { __name__: 'ALERTS', ...labels, alertstate: 'pending' },
      timestamps: Float64Array.from({ length: 8 }, (_, i) => T0 + 75 + i * 15),
      values: new Float64Array(8).fill(1),
    };
    const prometheus = alertIntervals({ alerts: [firing, pending], forState: [], rules: [rule] }, T0 + 3600);
    const alertmanager: AlertmanagerEvidence = {
      url: 'http://alertmanager:9093/',
      fetchedAt: T0 + 3600,
      alerts: [
        {
          fingerprint: 'aa11',
          labels: { ...labels, cluster: 'eu-west-1' },
          annotations: { summary: 'Auth service errors above 5%', runbook_url: 'https://runbooks.example.com/auth-errors' },
          startsAt: T0 + 195,
          endsAt: T0 + 810,
          state: 'suppressed',
          silencedBy: ['7d1c3e2a-0f6b-4c57-9a3e-1d2b3c4d5e6f'],
          inhibitedBy: [],
          generatorURL: null,
        },
      ],
      silences: [],
    };
    const merged = mergeAlertIntervals(prometheus, externalAlertIntervals([notified(1, 'firing', T0 + 195, null)], alertmanager, [rule]));
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({
      pendingAt: T0 + 75,
      firingAt: T0 + 195,
      resolvedAt: T0 + 195 + 39 * 15 + 15,
      episodes: 1,
      sources: ['alert-log', 'alertmanager', 'prometheus'],
      alertmanager: { state: 'suppressed', silencedBy: ['7d1c3e2a-0f6b-4c57-9a3e-1d2b3c4d5e6f'], inhibitedBy: [] },
    });
    expect(merged[0]?.annotations?.['runbook_url']).toBe('https://runbooks.example.com/auth-errors');
  });

  it('counts the episodes of an alert that flapped in Prometheus\'s ALERTS history alone', () => {
    // Firing for 5 min, quiet 10 min, firing again: two episodes of one instance; another instance once.
    const evaluations = (from: number, to: number) => Float64Array.from({ length: (to - from) / 15 + 1 }, (_, i) => from + i * 15);
    const flapping = [evaluations(T0, T0 + 300), evaluations(T0 + 900, T0 + 1200)];
    const times = Float64Array.from([...flapping[0]!, ...flapping[1]!]);
    const alerts: Series[] = [
      { labels: { __name__: 'ALERTS', ...labels, alertstate: 'firing' }, timestamps: times, values: new Float64Array(times.length).fill(1) },
      { labels: { __name__: 'ALERTS', ...labels, job: 'billing', alertstate: 'firing' }, timestamps: flapping[1]!, values: new Float64Array(flapping[1]!.length).fill(1) },
    ];
    const merged = mergeAlertIntervals(alertIntervals({ alerts, forState: [], rules: [] }, T0 + 3600), []);
    expect(merged.map((a) => [a.labels['job'], a.firingAt, a.episodes])).toEqual([
      ['auth-service', T0, 2],
      ['auth-service', T0 + 900, 2],
      ['billing', T0 + 900, 1],
    ]);
  });

  it('keeps an Alertmanager firing apart from an ALERTS interval hours earlier, and another instance apart', () => {
    const firing: Series = { labels: { __name__: 'ALERTS', ...labels, alertstate: 'firing' }, timestamps: Float64Array.of(T0, T0 + 15, T0 + 30), values: Float64Array.of(1, 1, 1) };
    const prometheus = alertIntervals({ alerts: [firing], forState: [], rules: [] }, T0 + 20_000);
    const later = notified(1, 'firing', T0 + 4 * 3600, null);
    const otherJob = { ...notified(2, 'firing', T0, null), labels: { ...labels, job: 'auth-service-canary' }, fingerprint: 'beef' };
    const merged = mergeAlertIntervals(prometheus, externalAlertIntervals([later, otherJob], null, []));
    expect(merged.map((a) => [a.labels['job'], a.firingAt, a.episodes])).toEqual([
      ['auth-service', T0, 2],
      ['auth-service-canary', T0, 1],
      ['auth-service', T0 + 4 * 3600, 2],
    ]);
  });
});
