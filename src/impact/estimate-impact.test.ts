import { describe, expect, it } from 'vitest';
import type { AccessLogEvidence } from '../model/access-log.js';
import type { Evidence } from '../model/evidence.js';
import type { SignalData } from '../model/signal.js';
import { estimateImpact } from './estimate-impact.js';

// 8 steps of 60 s: lookback 0-3, window 4-7.
const grid = Float64Array.from({ length: 8 }, (_, i) => 1_684_000_560 + 60 * i);
const series = (values: number[]) => [{ labels: { job: 'auth-service' }, timestamps: grid, values: Float64Array.from(values) }];
const signal = (name: string, values: number[], extra: Partial<SignalData> = {}): SignalData => ({
  signal: name, title: name, query: name, category: 'traffic', unit: 'per_second', badDirection: 'up', userFacing: true, role: 'level', series: series(values), ...extra,
});

const accessLogs: AccessLogEvidence = {
  settings: { userField: null, failedStatus: '5xx', slowThresholdSeconds: 1, sampleRate: 1, segments: [] },
  files: [{ path: 'access.log', format: 'json', lines: 300, inWindow: 240, withoutUser: 0, unreadable: 0, firstUnreadable: null, error: null, earliest: 0, latest: 1 }],
  userSource: 'user_id',
  latencySource: 'request_time (s)',
  requests: { total: 240, failed: 60, slow: 30, bad: 70 },
  users: { active: 40, affected: 13, withFailed: 10, withSlow: 5 },
  segments: [],
};

function evidence(overrides: Partial<Evidence> = {}): Evidence {
  return {
    window: { from: grid[4]!, to: grid[7]!, lookbackFrom: grid[0]!, stepSeconds: 60, timezone: 'UTC' },
    source: { kind: 'prometheus', url: 'http://prometheus:9090', version: null },
    toolVersion: '0.1.0',
    signals: [
      signal('http_request_rate', [10, 10, 10, 10, 10, 10, 10, 10], { seasonal: { dayBefore: series([10, 10, 10, 10, 12, 12, 12, 12]), weekBefore: [] } }),
      signal('http_error_ratio', [0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5]),
    ],
    alerts: { alerts: [], forState: [], rules: [] },
    gaps: [],
    ...overrides,
  };
}
const grid3 = { lookbackStart: 0, windowStart: 4, windowEnd: 8 };

describe('estimateImpact()', () => {
  it('gives both methods when metrics and logs exist, each named, with the SLO budget from the metrics', () => {
    const impact = estimateImpact(evidence({ accessLogs, slowThresholdSeconds: 0.5 }), { grid: grid3, jobs: new Set(), slo: { objectivePercent: 99, periodSeconds: 86_400 } });
    expect(impact.requests).toMatchObject({ total: 2400, failed: 1200, badRatio: 0.5, slowThresholdSeconds: 0.5 });
    expect(impact.requests?.method).toMatch(/^metrics:/);
    expect(impact.requestsFromLogs).toMatchObject({ total: 240, failed: 60, slow: 30 });
    expect(impact.affectedUsers).toMatchObject({ percent: 32.5, basis: 'users' });
    // 10 req/s over a day is 864,000 requests, of which 1 % may fail: 8,640; 1,200 did.
    expect(impact.slo).toMatchObject({ periodRequests: 864_000, budgetRequests: 8_640, badRequests: 1_200 });
    expect(impact.traffic).toMatchObject({ expected: 2880, seen: 2400, deficit: 480, reference: 'day_before' });
    expect(impact.accessLogs).toEqual(accessLogs.files);
  });

  it('uses the logs for requests and the SLO when there are no request metrics', () => {
    const impact = estimateImpact(evidence({ signals: [], accessLogs }), { grid: null, jobs: new Set(), slo: { objectivePercent: 99.9, periodSeconds: 86_400 } });
    expect(impact.requests?.method).toMatch(/^access logs:/);
    expect(impact.traffic).toBeNull();
    expect(impact.slo?.method).toMatch(/the window's request rate in the access logs/);
  });

  it('measures no users without logs, and no SLO without --slo', () => {
    const impact = estimateImpact(evidence(), { grid: grid3, jobs: new Set(), slo: null });
    expect(impact.affectedUsers).toBeNull();
    expect(impact.requestsFromLogs).toBeNull();
    expect(impact.slo).toBeNull();
    expect(impact.requests?.slowThresholdSeconds).toBe(1);
  });
});
