import { describe, expect, it } from 'vitest';
import type { SignalData } from '../model/signal.js';
import { requestImpactFromMetrics } from './requests-from-metrics.js';

const grid = Float64Array.from({ length: 6 }, (_, i) => 1_684_000_800 + 15 * i);

function signal(name: string, byJob: Record<string, number[]>): SignalData {
  return {
    signal: name, title: name, query: `${name}_query`, category: 'traffic', unit: 'ratio', badDirection: 'up', userFacing: true, role: 'level',
    series: Object.entries(byJob).map(([job, values]) => ({ labels: { job }, timestamps: grid, values: Float64Array.from(values) })),
  };
}

const signals = [
  signal('http_request_rate', { 'auth-service': [100, 100, 200, 200, NaN, 100], 'shop-api': [50, 50, 50, 50, 50, 50] }),
  signal('http_error_ratio', { 'auth-service': [0, 0, 0.5, 0.5, 0.5, NaN], 'shop-api': [0, 0, 0, 0, 0, 0] }),
  signal('http_slow_ratio', { 'auth-service': [0.1, 0.1, 0.25, 0.25, 0.25, 0.1] }),
];
const options = { windowStart: 1, windowEnd: 6, stepSeconds: 15, slowThresholdSeconds: 1 };

describe('requestImpactFromMetrics()', () => {
  it('integrates rate × step over the window and splits off failed and slow requests, per affected job', () => {
    // Window samples 1..5 of auth-service: rates 100, 200, 200, (gap), 100 → 600 × 15 s.
    const impact = requestImpactFromMetrics(signals, { ...options, jobs: new Set(['auth-service']) });
    expect(impact).toMatchObject({ total: 9000, failed: 3000, slow: 150 + 750 + 750 + 150, slowThresholdSeconds: 1 });
    expect(impact?.method).toMatch(/job auth-service\)$/);
  });

  it('counts every job when none is singled out', () => {
    const impact = requestImpactFromMetrics(signals, { ...options, jobs: new Set() });
    expect(impact?.total).toBe(9000 + 5 * 50 * 15);
    expect(impact?.method).toMatch(/jobs auth-service, shop-api\)$/);
  });

  it('is null without request metrics', () => {
    expect(requestImpactFromMetrics([], { ...options, jobs: new Set() })).toBeNull();
  });
});
