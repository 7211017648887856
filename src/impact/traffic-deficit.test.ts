import { describe, expect, it } from 'vitest';
import type { SignalData } from '../model/signal.js';
import { trafficDeficit } from './traffic-deficit.js';

const grid = Float64Array.from({ length: 8 }, (_, i) => 1_684_000_800 + 60 * i);
const series = (job: string, values: number[]) => ({ labels: { job }, timestamps: grid, values: Float64Array.from(values) });

function rateSignal(main: number[], dayBefore?: number[], weekBefore?: number[]): SignalData {
  return {
    signal: 'http_request_rate', title: 'Request rate', query: 'sum by (job) (rate(http_requests_total[1m]))', category: 'traffic', unit: 'per_second', badDirection: 'down', userFacing: true, role: 'level',
    series: [series('shop-api', main), series('batch', main.map(() => 1))],
    ...(dayBefore === undefined ? {} : { seasonal: { dayBefore: [series('shop-api', dayBefore)], weekBefore: weekBefore === undefined ? [] : [series('shop-api', weekBefore)] } }),
  };
}
// Lookback: indices 0-3; window: 4-7.
const options = { lookbackStart: 0, windowStart: 4, windowEnd: 8, stepSeconds: 60, jobs: new Set(['shop-api']) };

describe('trafficDeficit()', () => {
  it('integrates the missing requests against the same hours a day earlier', () => {
    const deficit = trafficDeficit([rateSignal([10, 10, 10, 10, 5, 5, 10, 10], [9, 9, 9, 9, 10, 10, 10, 10])], options);
    expect(deficit).toMatchObject({ expected: 2400, seen: 1800, deficit: 600, percent: 25, reference: 'day_before' });
    expect(deficit?.method).toMatch(/job shop-api .* one day earlier/);
    // Before the window the day-earlier reference ran 10 % low (9 vs 10 req/s): its usual miss.
    expect(deficit?.usualPercent).toBeCloseTo(-11.11, 2);
  });

  it('reports more traffic than expected as a negative deficit (retries)', () => {
    expect(trafficDeficit([rateSignal([10, 10, 10, 10, 15, 15, 15, 15], [9, 9, 9, 9, 10, 10, 10, 10])], options)).toMatchObject({ deficit: -1200, percent: -50 });
  });

  it('falls back to a week earlier, then to the lookback median, when a reference misses the window', () => {
    const nan = Number.NaN;
    const week = trafficDeficit([rateSignal([10, 10, 10, 10, 5, 5, 5, 5], [9, 9, 9, 9, nan, nan, 10, 10], [8, 8, 8, 8, 8, 8, 8, 8])], options);
    expect(week).toMatchObject({ reference: 'week_before', expected: 1920 });
    const median = trafficDeficit([rateSignal([10, 12, 8, 10, 5, 5, 5, 5])], options);
    expect(median).toMatchObject({ reference: 'lookback_median', expected: 2400, seen: 1200 });
    expect(median?.method).toMatch(/daily rhythm is not accounted for/);
  });

  it('is null without request-rate metrics', () => {
    expect(trafficDeficit([], options)).toBeNull();
  });
});
