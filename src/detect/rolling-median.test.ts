import { describe, expect, it } from 'vitest';
import { rollingMedian } from './rolling-median.js';

describe('rollingMedian', () => {
  it('rollingMedian() removes a single artefact and keeps a step sharp', () => {
    const out = rollingMedian(Float64Array.of(1, 1, 90, 1, 1, 5, 5, 5), 3, new Float64Array(8));
    expect(Array.from(out)).toEqual([1, 1, 1, 1, 1, 5, 5, 5]);
  });

  it('rollingMedian() keeps gaps as gaps', () => {
    const out = rollingMedian(Float64Array.of(1, Number.NaN, 3), 3, new Float64Array(3));
    expect(out[1]).toBeNaN();
    expect(out[0]).toBe(1);
  });

  it('rollingMedian() rejects an even width', () => {
    expect(() => rollingMedian(new Float64Array(3), 4, new Float64Array(3))).toThrow(RangeError);
  });
});
