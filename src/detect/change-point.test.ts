import { describe, expect, it } from 'vitest';
import { gaussian, seededRandom, series } from './_testkit.js';
import { bestSplit, changePoints, differenceNoise } from './change-point.js';

describe('bestSplit', () => {
  it('bestSplit() finds a step in mean', () => {
    expect(bestSplit(Float64Array.of(1, 1, 1, 1, 5, 5, 5, 5), 0, 8, 2)?.index).toBe(4);
  });

  it('bestSplit() skips NaN', () => {
    expect(bestSplit(Float64Array.of(1, 1, Number.NaN, 1, 5, Number.NaN, 5, 5), 0, 8, 2)?.index).toBe(4);
  });

  it('bestSplit() is undefined when too short', () => {
    expect(bestSplit(Float64Array.of(1, 2, 3), 0, 3, 2)).toBeUndefined();
  });
});

describe('changePoints', () => {
  it('changePoints() finds every change, in order', () => {
    const values = series(90, (i) => (i < 30 ? 0 : i < 60 ? 10 : 3));
    expect(changePoints(values, 0, 90, 8, 0.1)).toEqual([30, 60]);
  });

  it('changePoints() finds nothing in pure noise or a constant', () => {
    const noise = gaussian(seededRandom(7));
    const values = series(480, () => noise());
    expect(changePoints(values, 0, 480, 8, differenceNoise(values, 0, 480, new Float64Array(480)) ?? 0)).toEqual([]);
    expect(changePoints(new Float64Array(50).fill(4), 0, 50, 8, 0)).toEqual([]);
  });
});

describe('differenceNoise', () => {
  it('differenceNoise() estimates σ despite a level shift', () => {
    const noise = gaussian(seededRandom(3));
    const values = series(4000, (i) => (i < 2000 ? 0 : 50) + 2 * noise());
    expect(differenceNoise(values, 0, 4000, new Float64Array(4000))).toBeCloseTo(2, 0);
  });
});
