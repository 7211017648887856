import { describe, expect, it } from 'vitest';
import { computeBaseline } from './baseline.js';
import { benjaminiHochberg } from './benjamini-hochberg.js';
import { extremeRank, extremeRanks } from './extreme-ranks.js';
import { holdLadder, holdScratchLength } from './hold-ladder.js';
import { upperNormalQuantile } from './normal-quantile.js';
import { fillShiftMeans } from './shift-mean.js';
import { sustainedMaximum } from './sustained-maximum.js';
import { seededRandom } from './_testkit.js';
import { selectInPlace } from './_select.js';
import { theilSen } from './theil-sen.js';

describe('numeric kernels', () => {
  it('theilSen() ignores a wild point and measures how consistently the points rise', () => {
    const line = theilSen(Float64Array.of(0, 1, 2, 3, 4), Float64Array.of(1, 3, 5, 7, 90), 5, new Float64Array(10));
    expect(line).toMatchObject({ slope: 2, intercept: 1, tau: 1 });
    expect(theilSen(Float64Array.of(0, 1), Float64Array.of(0, 1), 2, new Float64Array(1))).toBeUndefined();
  });

  it('benjaminiHochberg() rejects up to the largest p-value under its step-up line, counting tests that raised nothing', () => {
    expect(benjaminiHochberg([0.001, 0.2, 0.01], 0.05, 3)).toEqual([true, false, true]);
    // With 1,000 tests the same p-values are no longer discoveries.
    expect(benjaminiHochberg([0.001, 0.2, 0.01], 0.05, 1000)).toEqual([false, false, false]);
    expect(benjaminiHochberg([], 0.05, 10)).toEqual([]);
  });

  it('extremeRank() and extremeRanks() find the k-th largest and smallest finite values', () => {
    const values = Float64Array.of(5, 1, 9, 7, Number.NaN, 3);
    expect(extremeRank(values, 0, 6, 2, 1, new Float64Array(2))).toBe(7);
    expect(extremeRank(values, 0, 6, 2, -1, new Float64Array(2))).toBe(3);
    const out: [number, number] = [0, 0];
    expect(extremeRanks(values, 0, 6, 2, 2, [new Float64Array(2), new Float64Array(2)], out)).toBe(5);
    expect(out).toEqual([7, 3]);
    expect(extremeRank(values, 0, 2, 3, 1, new Float64Array(3))).toBeNaN();
  });

  it('selectInPlace() agrees with sorting, ties and long ranges included', () => {
    const random = seededRandom(3);
    for (const length of [1, 2, 7, 600, 2500]) {
      const values = Float64Array.from({ length }, () => Math.floor(random() * 20));
      const sorted = Float64Array.from(values).sort();
      for (const k of [0, length >> 1, length - 1]) {
        const a = Float64Array.from(values);
        selectInPlace(a, k, 0, length - 1);
        expect(a[k]).toBe(sorted[k]);
        for (let i = 0; i < k; i++) expect(a[i]).toBeLessThanOrEqual(a[k]!);
        for (let i = k + 1; i < length; i++) expect(a[i]).toBeGreaterThanOrEqual(a[k]!);
      }
    }
  });

  it('computeBaseline() on a thinned long lookback keeps the exact edges of counts', () => {
    // Locks held: 0 most of the time, 1 on 2 % of samples: the 99th percentile is 1, however thinned.
    const values = Float64Array.from({ length: 5760 }, (_, i) => (i % 50 === 7 ? 1 : 0));
    const stats = computeBaseline(values, 0, 5760)!;
    expect(stats).toMatchObject({ median: 0, low: 0, high: 1, samples: 5760 });
    const random = seededRandom(8);
    const noise = Float64Array.from({ length: 5760 }, () => random());
    const exact = Float64Array.from(noise).sort();
    const thinned = computeBaseline(noise, 0, 5760)!;
    expect(thinned.high).toBe(exact[Math.ceil(0.99 * 5759)]);
    expect(thinned.low).toBe(exact[Math.floor(0.01 * 5759)]);
    expect(thinned.median).toBeCloseTo(0.5, 1);
  });

  it('sustainedMaximum() is the largest level held for four finite samples', () => {
    expect(sustainedMaximum(Float64Array.of(1, 9, 8, 7, 6, 1), 0, 6)).toBe(6);
    expect(sustainedMaximum(Float64Array.of(1, 9, Number.NaN, 8, 7, 6, 1), 0, 7)).toBe(6);
    expect(sustainedMaximum(Float64Array.of(9, 9, 9), 0, 3)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('holdLadder() gives the sharp hold and the largest means over each width, NaN where too short', () => {
    const deviations = Float64Array.of(0, 6, 6, 6, 6, 6, 0, 0, 0);
    const out = new Float64Array(3);
    holdLadder(deviations, 0, 9, [3, 11], new Float64Array(holdScratchLength(9)), out);
    expect(out[0]).toBe(6);
    expect(out[1]).toBe(6);
    expect(out[2]).toBeNaN();
    // Clipped at ±10 before averaging: one artefact cannot carry a mean.
    holdLadder(Float64Array.of(0, 0, 1e9, 0, 0), 0, 5, [5], new Float64Array(holdScratchLength(5)), out);
    expect(out[1]).toBe(2);
  });

  it('fillShiftMeans() averages a centred window of clipped deviations and keeps gaps', () => {
    const out = new Float64Array(5);
    fillShiftMeans(Float64Array.of(0, 3, 3, 3, 0), 0, 5, 3, out);
    expect(Array.from(out)).toEqual([1.5, 2, 3, 2, 1.5]);
    fillShiftMeans(Float64Array.of(0, Number.NaN, 3), 0, 3, 3, out);
    expect(out[1]).toBeNaN();
  });

  it('upperNormalQuantile() inverts the normal tail to within 10⁻³', () => {
    expect(upperNormalQuantile(0.025)).toBeCloseTo(1.96, 2);
    expect(upperNormalQuantile(1e-9)).toBeCloseTo(5.998, 2);
    expect(upperNormalQuantile(0.7)).toBe(0);
    expect(Number.isFinite(upperNormalQuantile(0))).toBe(true);
  });
});
