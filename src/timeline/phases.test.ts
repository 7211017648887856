import { describe, expect, it } from 'vitest';
import type { AlertInterval } from '../model/alert.js';
import type { TimeWindow } from '../model/time.js';
import type { TimelineEvent } from '../model/timeline.js';
import { findPhases } from './phases.js';
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

  it('gives all nulls for a calm window', () => {
    const { phases } = findPhases([], [], [], window);
    expect(Object.values(phases).every((p) => p === null)).toBe(true);
  });
});

