import { describe, expect, it } from 'vitest';
import { CALM_LENGTH, CALM_WINDOW, DAY, calmSeries, type CalmFamily } from './_calm.js';
import { seededRandom } from './_testkit.js';
import { createDetector } from './detect-series.js';

/** The outage starts 30 min into the window. */
const ONSET = DAY + 120;

interface Outage {
  readonly name: string;
  readonly family: CalmFamily;
  readonly badDirection: 'up' | 'down' | 'both';
  readonly apply: (healthy: number, random: () => number) => number;
  readonly kind: string;
}

const outages: readonly Outage[] = [
  { name: '5xx ratio 0.05 % → 40 %', family: 'error-ratio', badDirection: 'up', apply: (x) => 0.4 + 2 * x, kind: 'level_shift' },
  { name: 'p99 0.3 s → 6 s', family: 'latency', badDirection: 'up', apply: (x) => 20 * x, kind: 'level_shift' },
  { name: 'query mean time × 10', family: 'latency', badDirection: 'up', apply: (x) => 10 * x, kind: 'level_shift' },
  { name: 'CPU with a daily rhythm → 95 %', family: 'cpu', badDirection: 'up', apply: (_, random) => 0.94 + 0.02 * random(), kind: 'level_shift' },
  { name: 'traffic falls to zero', family: 'traffic', badDirection: 'both', apply: () => 0, kind: 'drop' },
];

describe('outage signals', () => {
  for (const outage of outages) {
    it(`detectSeries() finds "${outage.name}" with its onset within 2 steps`, () => {
      const detector = createDetector();
      for (let seed = 1; seed <= 25; seed++) {
        const random = seededRandom(seed);
        const values = calmSeries(outage.family, 7000 + seed, CALM_LENGTH);
        for (let i = ONSET; i < values.length; i++) values[i] = outage.apply(values[i]!, random);
        const [first] = detector.detectSeries(values, { ...CALM_WINDOW, badDirection: outage.badDirection }).detections;
        expect(first?.kind).toBe(outage.kind);
        expect(Math.abs(first!.onsetIndex - ONSET)).toBeLessThanOrEqual(2);
      }
    });
  }

  it('detectSeries() finds deadlocks going from 0 to 0.05/s, also when yesterday had a few single ones', () => {
    const rate = new Float64Array(CALM_LENGTH);
    // Yesterday: a deadlock every ~2 h, each seen as 1/60 per second for 4 samples through rate()[1m].
    for (let start = 300; start < DAY; start += 480) rate.fill(1 / 60, start, start + 4);
    rate.fill(0.05, ONSET);
    const [first] = createDetector().detectSeries(rate, { ...CALM_WINDOW, badDirection: 'up' }).detections;
    expect(first).toMatchObject({ kind: 'level_shift', onsetIndex: ONSET });
    expect(first!.score).toBeGreaterThan(20);
  });
});
