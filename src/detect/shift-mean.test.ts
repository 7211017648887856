import { describe, expect, it } from 'vitest';
import { fillShiftMeans } from './shift-mean.js';
import { FIT_CLIP_Z } from './thresholds.js';
import { seededRandom } from './_testkit.js';

/** The running mean as first written: skip missing samples on entry and exit, clip each twice. */
function twoBranchMeans(deviations: Float64Array, from: number, to: number, width: number, out: Float64Array): void {
  const half = width >> 1;
  const clipped = (d: number): number => Math.max(-FIT_CLIP_Z, Math.min(FIT_CLIP_Z, d));
  let sum = 0;
  let count = 0;
  for (let j = from; j < Math.min(to, from + half); j++) {
    if (Number.isNaN(deviations[j]!)) continue;
    sum += clipped(deviations[j]!);
    count++;
  }
  for (let i = from; i < to; i++) {
    const enter = i + half;
    if (enter < to && !Number.isNaN(deviations[enter]!)) {
      sum += clipped(deviations[enter]!);
      count++;
    }
    const leave = i - half - 1;
    if (leave >= from && !Number.isNaN(deviations[leave]!)) {
      sum -= clipped(deviations[leave]!);
      count--;
    }
    out[i] = Number.isNaN(deviations[i]!) || 2 * count <= width ? Number.NaN : sum / count;
  }
}

describe('fillShiftMeans', () => {
  it('fillShiftMeans() gives the two-branch running mean bit for bit, with gaps, clipping, ±∞ and signed zeros', () => {
    const random = seededRandom(23);
    for (let trial = 0; trial < 500; trial++) {
      const n = 1 + Math.floor(random() * 200);
      const deviations = Float64Array.from({ length: n }, () => {
        const u = random();
        if (u < 0.15) return Number.NaN;
        if (u < 0.2) return random() < 0.5 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
        if (u < 0.3) return random() < 0.5 ? 0 : -0;
        return (random() - 0.5) * 30;
      });
      const from = Math.floor(random() * n);
      const to = from + Math.floor(random() * (n - from + 1));
      const width = 1 + 2 * Math.floor(random() * 12);
      const expected = new Float64Array(n);
      const got = new Float64Array(n);
      twoBranchMeans(deviations, from, to, width, expected);
      fillShiftMeans(deviations, from, to, width, got);
      for (let i = 0; i < n; i++) expect(Object.is(got[i], expected[i]), `trial ${trial}, sample ${i}`).toBe(true);
    }
  });
});
