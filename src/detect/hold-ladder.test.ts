import { describe, expect, it } from 'vitest';
import { holdWidths } from './hold-ladder.js';

describe('holdWidths()', () => {
  it('gives the 5-min, 20-min and hour means at a scrape step', () => {
    expect(holdWidths(15)).toEqual([21, 81, 241]);
  });

  it('tests a width once when the sample floor makes two rungs the same (5-minute data)', () => {
    // 5 and 20 min are both floored to 8 samples (9, odd) at 5 minutes: one rung, not two.
    expect(holdWidths(300)).toEqual([9, 13]);
    expect(holdWidths(3600)).toEqual([9]);
  });
});
