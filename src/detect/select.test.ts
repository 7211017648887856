import { describe, expect, it } from 'vitest';
import { floydRivestSelect } from './floyd-rivest.js';
import { medianInPlace, selectInPlace } from './_select.js';
import { seededRandom } from './_testkit.js';

/** Arrays shaped like the detectors' samples: noise, heavy ties, constants, sorted runs, signed zeros. */
function sample(random: () => number, kind: number, length: number): Float64Array {
  return Float64Array.from({ length }, (_, i) => {
    const u = random();
    switch (kind) {
      case 0:
        return random();
      case 1:
        return Math.floor(random() * 3);
      case 2:
        return 7;
      case 3:
        return i;
      case 4:
        return u < 0.4 ? 0 : u < 0.8 ? -0 : random() - 0.5;
      default:
        return Math.sin(i / 40) * 100 + random();
    }
  });
}

describe('selectInPlace', () => {
  it('selectInPlace() puts at k the same double as the Floyd–Rivest partition, and partitions around it', () => {
    // The same value bit for bit, the sign of a zero included (ranges holding −0 keep Floyd–Rivest).
    const random = seededRandom(17);
    for (let trial = 0; trial < 600; trial++) {
      const length = 1 + Math.floor(random() ** 2 * 1500);
      const values = sample(random, trial % 6, length);
      const k = Math.floor(random() * length);
      const a = Float64Array.from(values);
      const b = Float64Array.from(values);
      selectInPlace(a, k, 0, length - 1);
      floydRivestSelect(b, k, 0, length - 1);
      expect(Object.is(a[k], b[k]), `trial ${trial}`).toBe(true);
      let partitioned = true;
      for (let i = 0; i < length; i++) if (i < k ? a[i]! > a[k]! : a[i]! < a[k]!) partitioned = false;
      expect(partitioned, `trial ${trial}`).toBe(true);
      // The same values, −0 and +0 counted apart.
      const keys = (x: Float64Array): string[] => Array.from(x, (v) => (Object.is(v, -0) ? '-0' : String(v))).sort();
      expect(keys(a)).toEqual(keys(values));
    }
  });

  it('medianInPlace() averages the two middle values of an even count', () => {
    expect(medianInPlace(Float64Array.of(4, 1, 3, 2), 4)).toBe(2.5);
    expect(medianInPlace(Float64Array.of(5, 1, 3), 3)).toBe(3);
  });
});
