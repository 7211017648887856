import { describe, expect, it } from 'vitest';
import type { AlertInterval } from '../model/alert.js';
import type { TimeWindow } from '../model/time.js';
import type { TimelineEvent } from '../model/timeline.js';
import { TRIGGER_LEAD_SECONDS, findPhases } from './phases.js';
import { rankAnomalies } from './rank.js';
import { testAnomaly } from './_testing.js';

const from = Date.UTC(2023, 4, 13, 16) / 1000;
const window: TimeWindow = { from, to: from + 7200, lookbackFrom: from - 86_400, stepSeconds: 15, timezone: 'Africa/Nairobi' };

function alert(name: string, pendingAt: number | null, firingAt: number | null, resolvedAt: number | null): AlertInterval {
  return { alertname: name, labels: { alertname: name }, pendingAt, firingAt, resolvedAt, rule: null };
}

const restart: TimelineEvent = { time: from + 6300, kind: 'restart', source: 'prometheus', title: 'Restart of db1:9187', labels: {}, evidence: {} };

describe('findPhases()', () => {
  const anomalies = rankAnomalies(
    [
      testAnomaly('pg_deadlocks', 'database', from, { end: from + 6330 }),
      testAnomaly('http_error_ratio', 'errors', from + 30, { end: from + 6600 }),
    ],
    window,
  );

  it('sets each phase from the event the architecture names, and says which', () => {
    const { phases, causes } = findPhases(
      anomalies,
      [alert('AuthErrorsHigh', from + 60, from + 300, from + 6700), alert('Unrelated', from - 50_000, from - 49_000, from - 48_000)],
      [restart],
      window,
    );
    expect(phases).toEqual({
      trigger: null,
      onset: from,
      detected: from + 300,
      mitigated: from + 6300,
      recovered: from + 6600,
      resolved: from + 6700,
    });
    expect(causes.detected).toBe('alert AuthErrorsHigh firing');
    expect(causes.recovered).toMatch(/^http_error_ratio back within baseline/);
  });

  it('leaves recovered and resolved open while a symptom or an alert is still active', () => {
    const ongoing = rankAnomalies([testAnomaly('http_error_ratio', 'errors', from + 30, { end: null })], window);
    const { phases } = findPhases(ongoing, [alert('AuthErrorsHigh', from + 60, from + 300, null)], [], window);
    expect(phases.recovered).toBeNull();
    expect(phases.resolved).toBeNull();
    expect(phases.mitigated).toBeNull();
  });

  it('resolves with recovery when no alert fired, and leaves detected open', () => {
    const { phases, causes } = findPhases(anomalies, [], [], window);
    expect(phases.detected).toBeNull();
    expect(phases.resolved).toBe(from + 6600);
    expect(causes.resolved).toMatch(/no related alert/);
  });

  // The auth-deadlock story: deadlocks on db1 and login errors on auth-service from 19:00 EAT.
  const incident = rankAnomalies(
    [
      testAnomaly('pg_deadlocks', 'database', from, { end: from + 6300, labels: { instance: 'db1:9187', job: 'postgres', datname: 'auth' } }),
      testAnomaly('http_error_ratio', 'errors', from + 15, { end: from + 6600, labels: { job: 'auth-service' } }),
    ],
    window,
  );
  const firing = [alert('HighErrorRate', from + 15, from + 300, from + 6700)];
  const event = (time: number, kind: TimelineEvent['kind'], source: TimelineEvent['source'], title: string, labels: Record<string, string>, evidence: TimelineEvent['evidence'] = {}): TimelineEvent => ({
    time, kind, source, title, labels, evidence,
  });
  const configChange = (time: number, instance: string) =>
    event(time, 'change', 'prometheus', `auth-service config_hash a41f → 7d03 on ${instance}`, { job: 'auth-service', instance, config_hash: '7d03' }, { changed: 'config_hash' });

  it('takes as trigger the first change of the related rollout before the onset, not unrelated or old ones', () => {
    const events = [
      event(from - 7200, 'change', 'changes', 'Deploy of auth-service: yesterday\'s release', { target: 'auth-service' }),
      configChange(from - 240, 'auth1:8080'),
      configChange(from - 225, 'auth2:8080'),
      event(from - 120, 'restart', 'prometheus', 'Restart of worker3:9100', { instance: 'worker3:9100', job: 'node' }),
      event(from - 60, 'change', 'prometheus', 'shop-api version 1.2 → 1.3 on web1:3000', { job: 'shop-api', instance: 'web1:3000' }, { changed: 'version' }),
    ];
    const { phases, causes, evidence } = findPhases(incident, firing, events, window);
    expect(phases.trigger).toBe(from - 240);
    expect(causes.trigger).toBe('auth-service config_hash a41f → 7d03 on auth1:8080');
    expect(evidence.trigger).toBe(events[1]);
  });

  it('prefers a change from --changes to the restart it caused, and matches its target to the incident\'s hosts', () => {
    const given = event(from - 300, 'change', 'changes', 'Config change on DB1: lock_timeout 0', { target: 'DB1' }, { file: 'changes.csv', line: 2, target: 'DB1' });
    const restart = event(from - 290, 'restart', 'prometheus', 'Restart of db1:9187', { instance: 'db1:9187', job: 'postgres' });
    expect(findPhases(incident, firing, [restart, given], window).evidence.trigger).toBe(given);
    expect(findPhases(incident, firing, [restart], window).evidence.trigger).toBe(restart);
    // Beyond the lead, nothing is blamed.
    expect(findPhases(incident, firing, [{ ...given, time: from - TRIGGER_LEAD_SECONDS - 60 }], window).phases.trigger).toBeNull();
  });

  it('takes as mitigation the first related change after detection, a rollback before the restart it came with', () => {
    const rollback = event(from + 6300, 'change', 'changes', 'Rollback of auth-service: config back to a41f', { target: 'auth-service' }, { file: 'changes.csv', line: 3 });
    const events = [
      event(from + 200, 'restart', 'prometheus', 'Restart of db1:9187 (before detection)', { instance: 'db1:9187', job: 'postgres' }),
      event(from + 1000, 'change', 'prometheus', 'search-api version 3 → 4 on web3:8080', { job: 'search-api', instance: 'web3:8080' }, { changed: 'version' }),
      configChange(from + 6300, 'auth1:8080'),
      rollback,
      event(from + 6363, 'restart', 'prometheus', 'Restart of db1:9187', { instance: 'db1:9187', job: 'postgres' }),
    ];
    const { phases, causes, evidence } = findPhases(incident, firing, events, window);
    expect(phases.mitigated).toBe(from + 6300);
    expect(causes.mitigated).toBe('Rollback of auth-service: config back to a41f');
    expect(evidence.mitigated).toBe(rollback);
  });

  it('falls back to a note saying what was done when no change was seen', () => {
    const note = event(from + 6300, 'note', 'notes', 'Config change rolled back and the database restarted', {}, { file: 'notes.txt', line: 9 });
    const { phases, evidence } = findPhases(incident, firing, [note], window);
    expect(phases.mitigated).toBe(from + 6300);
    expect(evidence.mitigated).toBe(note);
  });

  it('takes detection from a note reporting the incident before any alert fired, and from the alert otherwise', () => {
    const report = event(from + 60, 'note', 'notes', 'Support: users report login errors', {}, { file: 'notes.txt', line: 1 });
    const late = { ...report, time: from + 600 };
    const resolvedNote = event(from + 30, 'note', 'notes', 'Previous incident declared resolved', {});
    expect(findPhases(incident, firing, [report], window).phases.detected).toBe(from + 60);
    expect(findPhases(incident, firing, [report], window).causes.detected).toBe('Support: users report login errors');
    expect(findPhases(incident, firing, [late, resolvedNote], window).phases.detected).toBe(from + 300);
    expect(findPhases(incident, [], [late], window).phases.detected).toBe(from + 600);
  });

  it('cites the anomaly and alert events behind onset, detected, recovered and resolved', () => {
    const { evidence } = findPhases(incident, firing, [], window);
    expect(evidence.onset).toMatchObject({ time: from, kind: 'anomaly_start', evidence: { signal: 'pg_deadlocks' } });
    expect(evidence.detected).toMatchObject({ time: from + 300, kind: 'alert_firing', source: 'alerts' });
    expect(evidence.recovered).toMatchObject({ time: from + 6600, kind: 'anomaly_end', evidence: { signal: 'http_error_ratio' } });
    expect(evidence.resolved).toMatchObject({ time: from + 6700, kind: 'alert_resolved' });
  });

  it('gives all nulls for a calm window', () => {
    const { phases } = findPhases([], [], [], window);
    expect(Object.values(phases).every((p) => p === null)).toBe(true);
  });
});

