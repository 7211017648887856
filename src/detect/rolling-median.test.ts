import { describe, expect, it } from 'vitest';
import { rollingMedian } from './rolling-median.js';
import { seededRandom } from './_testkit.js';

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

  it('rollingMedian() in stretches gives the single pass\'s numbers bit for bit, signed zeros included', () => {
    // A stretch past 0 builds its window afresh; after a −0 the sign of a zero median depends on how
    // the window slid, so it slides from 0 instead. Either way the doubles must be the single pass's.
    const random = seededRandom(5);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(random() * 120);
      const values = Float64Array.from({ length: n }, () => {
        const u = random();
        if (trial % 3 === 0) return u < 0.4 ? 0 : u < 0.7 ? -0 : Math.floor(random() * 3) - 1;
        return u < 0.1 ? Number.NaN : u < 0.15 ? Number.POSITIVE_INFINITY : Math.floor(random() * 4) / 2;
      });
      const width = 1 + 2 * Math.floor(random() * 6);
      const whole = rollingMedian(values, width, new Float64Array(n));
      const cut = Math.floor(random() * (n + 1));
      const stretches = new Float64Array(n);
      rollingMedian(values, width, stretches, 0, cut);
      rollingMedian(values, width, stretches, cut, n);
      for (let i = 0; i < n; i++) expect(Object.is(stretches[i], whole[i]), `trial ${trial}, sample ${i}`).toBe(true);
    }
  });

  it('rollingMedian() rejects an even width', () => {
    expect(() => rollingMedian(new Float64Array(3), 4, new Float64Array(3))).toThrow(RangeError);
  });
});
