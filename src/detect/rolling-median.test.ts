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

  it('rollingMedian() agrees with sorting each window, with ties and gaps', () => {
    // A brute-force median of each centred window: the sliding window must give the same numbers.
    let seed = 7;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * 50);
      const values = Float64Array.from({ length: n }, () => (random() < 0.1 ? Number.NaN : random() < 0.3 ? Math.floor(random() * 3) : random()));
      for (const width of [1, 3, 5, 9]) {
        const half = (width - 1) / 2;
        const expected = Array.from(values, (x, i) => {
          if (!Number.isFinite(x)) return Number.NaN;
          const inside = Array.from(values.subarray(Math.max(0, i - half), i + half + 1)).filter(Number.isFinite).sort((a, b) => a - b);
          const mid = inside.length >> 1;
          return inside.length % 2 === 1 ? inside[mid]! : (inside[mid - 1]! + inside[mid]!) / 2;
        });
        expect(Array.from(rollingMedian(values, width, new Float64Array(n)))).toEqual(expected);
      }
    }
  });

  it('rollingMedian() rejects an even width', () => {
    expect(() => rollingMedian(new Float64Array(3), 4, new Float64Array(3))).toThrow(RangeError);
  });
});
