import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDetector } from './detect-series.js';

const sample = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0) },
);

describe('detectSeries properties', () => {
  it('detectSeries() never throws on any values and keeps every index on the grid', () => {
    const detector = createDetector();
    fc.assert(
      fc.property(
        fc.array(sample, { maxLength: 300 }),
        fc.nat(300),
        fc.nat(300),
        fc.constantFrom('up' as const, 'down' as const, 'both' as const),
        (xs, a, b, badDirection) => {
          const values = Float64Array.from(xs);
          const windowStart = Math.min(a, b);
          const windowEnd = Math.max(a, b);
          const result = detector.detectSeries(values, { windowStart, windowEnd, badDirection, stepSeconds: 15 });
          expect(result.detections.length === 0 || result.unjudged === null).toBe(true);
          for (const d of result.detections) {
            expect(d.onsetIndex).toBeGreaterThanOrEqual(0);
            expect(d.onsetIndex).toBeLessThan(Math.min(windowEnd, values.length));
            expect(d.peakIndex).toBeGreaterThanOrEqual(0);
            expect(d.peakIndex).toBeLessThan(values.length);
            if (d.endIndex !== null) expect(d.endIndex).toBeGreaterThan(d.onsetIndex);
            if (d.endIndex !== null) expect(d.endIndex).toBeLessThan(values.length);
            expect(Number.isFinite(d.score)).toBe(true);
            expect(Number.isFinite(d.peakValue)).toBe(true);
            expect(d.baseline.spread).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('detectSeries() ignores where the level sits and how it is scaled', () => {
    const detector = createDetector();
    const base = Float64Array.from({ length: 200 }, (_, i) => (i < 150 ? 10 + (i % 3) : 40 + (i % 3)));
    const options = { windowStart: 120, windowEnd: 190, badDirection: 'up' as const, stepSeconds: 15 };
    const reference = detector.detectSeries(base, options).detections.map((d) => [d.kind, d.onsetIndex, d.endIndex]);
    fc.assert(
      fc.property(fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (shift, scale) => {
        const moved = base.map((x) => shift + scale * x);
        expect(detector.detectSeries(moved, options).detections.map((d) => [d.kind, d.onsetIndex, d.endIndex])).toEqual(reference);
      }),
    );
  });
});
