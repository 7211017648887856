import { describe, expect, it } from 'vitest';
import { computeBaseline } from './baseline.js';
import { downDeviation, fillDeviations, upDeviation } from './deviation.js';
import { ENTRY_Z } from './thresholds.js';
import { seededRandom } from './_testkit.js';

describe('computeBaseline', () => {
  it('computeBaseline() gives median, scaled MAD and range edges of the finite samples', () => {
    const values = Float64Array.from({ length: 101 }, (_, i) => i);
    values[5] = Number.NaN;
    const stats = computeBaseline(values, 0, 101);
    expect(stats?.median).toBe(50.5);
    expect(stats?.samples).toBe(100);
    expect(stats?.low).toBe(0);
    expect(stats?.high).toBe(100);
    expect(stats?.spread).toBeCloseTo(1.4826 * 25, 1);
  });

  it('computeBaseline() is undefined with fewer than minSamples finite values', () => {
    expect(computeBaseline(Float64Array.of(1, Number.NaN, 2), 0, 3, 3)).toBeUndefined();
  });

  it('computeBaseline() of a constant keeps a non-zero spread', () => {
    const stats = computeBaseline(new Float64Array(50).fill(0), 0, 50);
    expect(stats?.spread).toBeGreaterThan(0);
  });

  it('computeBaseline() of a mostly constant baseline keeps its spread to the last bit', () => {
    // MAD 0: the spread is the mean absolute deviation, a float sum whose order (that of the
    // Floyd–Rivest partition) must survive faster selections. Pinned from before they came.
    const random = seededRandom(21);
    const values = Float64Array.from({ length: 5760 }, () => (random() < 0.6 ? 0.1 : random() * 1000));
    expect(computeBaseline(values, 0, 5760)).toEqual({ median: 0.1, spread: 256.20288635614486, low: 0.1, high: 971.005410887301, samples: 5760 });
  });
});

describe('upDeviation', () => {
  const stats = { median: 10, spread: 1, low: 4, high: 14, samples: 100 };

  it('upDeviation() is the robust z beyond the high edge', () => {
    expect(upDeviation(20, stats)).toBe(10);
  });

  it('upDeviation() never passes the entry threshold inside the range the baseline reached', () => {
    expect(upDeviation(14, stats)).toBeLessThanOrEqual(ENTRY_Z);
  });
});

describe('downDeviation', () => {
  it('downDeviation() sees a fall to zero of a flowing series with a wide spread', () => {
    const stats = { median: 550, spread: 470, low: 100, high: 1000, samples: 5760 };
    expect(downDeviation(0, stats)).toBeGreaterThan(ENTRY_Z);
    expect(downDeviation(100, stats)).toBeLessThan(1);
  });
});

describe('fillDeviations', () => {
  it('fillDeviations() agrees with upDeviation() and downDeviation() and marks missing samples', () => {
    const stats = { median: 50, spread: 5, low: 20, high: 80, samples: 100 };
    const values = Float64Array.of(0, 10, 50, 79, 81, 120, Number.NaN, Number.POSITIVE_INFINITY);
    const up = new Float64Array(values.length);
    const down = new Float64Array(values.length);
    fillDeviations(values, 0, values.length, stats, 'up', up);
    fillDeviations(values, 0, values.length, stats, 'down', down);
    for (let i = 0; i < 6; i++) {
      expect(up[i]).toBeCloseTo(upDeviation(values[i]!, stats), 12);
      expect(down[i]).toBeCloseTo(downDeviation(values[i]!, stats), 12);
    }
    expect(up[6]).toBeNaN();
    expect(down[7]).toBeNaN();
  });
});
