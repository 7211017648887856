import { describe, expect, it } from 'vitest';
import { extremeRanks } from './extreme-ranks.js';
import { seededRandom } from './_testkit.js';

describe('extremeRanks', () => {
  it('extremeRanks() agrees with sorting, on noise, ties, gaps and runs that rise or fall throughout', () => {
    const random = seededRandom(29);
    const buffers = [new Float64Array(8), new Float64Array(8)] as const;
    const out: [number, number] = [0, 0];
    for (let trial = 0; trial < 400; trial++) {
      const n = Math.floor(random() * 300);
      const kind = trial % 4;
      const values = Float64Array.from({ length: n }, (_, i) =>
        kind === 0 ? random() : kind === 1 ? (random() < 0.2 ? Number.NaN : Math.floor(random() * 3)) : kind === 2 ? i : n - i,
      );
      const kHigh = 1 + Math.floor(random() * 7);
      const kLow = 1 + Math.floor(random() * 7);
      const finite = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
      expect(extremeRanks(values, 0, n, kHigh, kLow, buffers, out)).toBe(finite.length);
      expect(out[0]).toBe(finite.length < kHigh ? Number.NaN : finite[finite.length - kHigh]);
      expect(out[1]).toBe(finite.length < kLow ? Number.NaN : finite[kLow - 1]);
    }
  });
});
