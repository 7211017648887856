import fc from 'fast-check';
import { median as referenceMedian } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { median } from './median.js';

describe('median', () => {
  it('median() of an odd count is the middle value', () => {
    expect(median(Float64Array.of(3, 1, 2))).toBe(2);
  });

  it('median() of an even count averages the two middle values', () => {
    expect(median(Float64Array.of(4, 1, 3, 2))).toBe(2.5);
  });

  it('median() ignores NaN and ±Inf', () => {
    expect(median(Float64Array.of(Number.NaN, 5, Number.POSITIVE_INFINITY, 1, Number.NEGATIVE_INFINITY, 3))).toBe(3);
  });

  it('median() is undefined without finite values', () => {
    expect(median(new Float64Array(0))).toBeUndefined();
    expect(median(Float64Array.of(Number.NaN, Number.NaN))).toBeUndefined();
  });

  it('median() honours from/to and leaves the input untouched', () => {
    const values = Float64Array.of(100, 3, 1, 2, -100);
    expect(median(values, { from: 1, to: 4 })).toBe(2);
    expect(Array.from(values)).toEqual([100, 3, 1, 2, -100]);
  });

  it('median() handles a constant run (Hoare partitioning stays linear)', () => {
    expect(median(new Float64Array(100_000).fill(7))).toBe(7);
  });

  it('median() matches simple-statistics on random data', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 200 }), (xs) => {
        expect(median(Float64Array.from(xs))).toBeCloseTo(referenceMedian(xs), 6);
      }),
    );
  });
});
