import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compressScore } from './score.js';
import { SCORE_KNEE } from './thresholds.js';

describe('compressScore', () => {
  it('compressScore() is the z itself up to the knee', () => {
    expect(compressScore(7)).toBe(7);
  });

  it('compressScore() keeps a constant-baseline departure high but finite', () => {
    const score = compressScore(0.05 / 1e-9);
    expect(score).toBeGreaterThan(100);
    expect(score).toBeLessThan(250);
    expect(Number.isFinite(compressScore(Number.POSITIVE_INFINITY))).toBe(true);
  });

  it('compressScore() is monotone and finite', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e300, noNaN: true }), fc.double({ min: 0, max: 1e300, noNaN: true }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(compressScore(low)).toBeLessThanOrEqual(compressScore(high));
        expect(Number.isFinite(compressScore(high))).toBe(true);
      }),
    );
    expect(compressScore(SCORE_KNEE)).toBe(SCORE_KNEE);
  });
});
