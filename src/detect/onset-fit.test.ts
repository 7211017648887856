import { describe, expect, it } from 'vitest';
import { gaussian, seededRandom, series } from './_testkit.js';
import { fitOnset, fitScratchLength } from './onset-fit.js';

const scratch = new Float64Array(fitScratchLength(200));

describe('fitOnset', () => {
  it('fitOnset() places a clean step exactly', () => {
    const fit = fitOnset(series(40, (i) => (i < 20 ? 3 : 8)), 0, 22, 40, scratch);
    expect(fit).toMatchObject({ onset: 20, rampLength: 0 });
    expect(fit?.levelBefore).toBeCloseTo(3);
    expect(fit?.levelAfter).toBeCloseTo(8);
  });

  it('fitOnset() puts a rate-smeared step at the start of its ramp, not its middle', () => {
    // 0 → 4 seen through a 4-sample moving window: 1, 2, 3, then 4 from sample 23.
    const fit = fitOnset(series(40, (i) => Math.min(4, Math.max(0, i - 19))), 0, 22, 40, scratch);
    expect(fit).toMatchObject({ onset: 20, rampLength: 3 });
  });

  it('fitOnset() finds the knot of a ramp that has not levelled off', () => {
    const fit = fitOnset(series(60, (i) => (i < 25 ? 1 : 1 + 0.3 * (i - 25))), 0, 45, 60, scratch);
    expect(fit?.onset).toBe(26);
  });

  it('fitOnset() skips missing samples', () => {
    const values = series(40, (i) => (i < 20 ? 3 : 8));
    values[19] = Number.NaN;
    values[25] = Number.NaN;
    expect(fitOnset(values, 0, 22, 40, scratch)?.onset).toBeGreaterThanOrEqual(19);
    expect(fitOnset(values, 0, 22, 40, scratch)?.onset).toBeLessThanOrEqual(20);
  });

  it('fitOnset() is undefined without samples before the candidate onsets', () => {
    expect(fitOnset(Float64Array.of(Number.NaN, Number.NaN, 5, 5, 5), 0, 2, 5, scratch)).toBeUndefined();
  });

  it('fitOnset() gives the same doubles as before its loop invariants were hoisted', () => {
    // A noisy ramp step: every candidate's arithmetic is exercised; pinned from the original loop.
    const noise = gaussian(seededRandom(4));
    const values = series(120, (i) => (i < 60 ? 0 : i < 64 ? (i - 59) * 2 : 10) + noise());
    expect(fitOnset(values, 0, 70, 120, scratch, 10)).toEqual({ onset: 60, rampLength: 4, levelBefore: -0.06827198831019188, levelAfter: 9.655225874633121 });
  });
});
