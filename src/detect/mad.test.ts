import fc from 'fast-check';
import { medianAbsoluteDeviation as referenceMad } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { medianAbsoluteDeviation } from './mad.js';
import { robustSpread } from './robust-spread.js';
import { ABSOLUTE_SPREAD_FLOOR } from './thresholds.js';

describe('medianAbsoluteDeviation', () => {
  it('medianAbsoluteDeviation() ignores one huge outlier', () => {
    expect(medianAbsoluteDeviation(Float64Array.of(1, 2, 3, 4, 100))).toBe(1);
  });

  it('medianAbsoluteDeviation() skips NaN and is undefined without data', () => {
    expect(medianAbsoluteDeviation(Float64Array.of(Number.NaN, 1, 3))).toBe(1);
    expect(medianAbsoluteDeviation(Float64Array.of(Number.NaN))).toBeUndefined();
  });

  it('medianAbsoluteDeviation() measures from a given center', () => {
    expect(medianAbsoluteDeviation(Float64Array.of(1, 2, 3), { center: 0 })).toBe(2);
  });

  it('medianAbsoluteDeviation() matches simple-statistics on random data', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 200 }), (xs) => {
        expect(medianAbsoluteDeviation(Float64Array.from(xs))).toBeCloseTo(referenceMad(xs), 6);
      }),
    );
  });
});

describe('robustSpread', () => {
  it('robustSpread() scales the MAD to σ', () => {
    expect(robustSpread({ center: 5, mad: 2, meanAbsoluteDeviation: 3 })).toBeCloseTo(2.9652);
  });

  it('robustSpread() falls back to the mean absolute deviation when the MAD is 0', () => {
    expect(robustSpread({ center: 0, mad: 0, meanAbsoluteDeviation: 0.01 })).toBeCloseTo(0.012533);
  });

  it('robustSpread() of a constant baseline is 1 % of its level', () => {
    expect(robustSpread({ center: -200, mad: 0, meanAbsoluteDeviation: 0 })).toBe(2);
  });

  it('robustSpread() of an all-zero baseline is the absolute floor, never 0', () => {
    expect(robustSpread({ center: 0, mad: 0, meanAbsoluteDeviation: 0 })).toBe(ABSOLUTE_SPREAD_FLOOR);
  });

  it('robustSpread() is always positive and finite', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e12, max: 1e12 }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), (center, mad, meanAbsoluteDeviation) => {
        const spread = robustSpread({ center, mad, meanAbsoluteDeviation });
        expect(spread).toBeGreaterThan(0);
        expect(Number.isFinite(spread)).toBe(true);
      }),
    );
  });
});
