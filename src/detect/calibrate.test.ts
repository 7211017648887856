import { describe, expect, it } from 'vitest';
import type { Detection } from '../model/anomaly.js';
import { calibrate } from './calibrate.js';
import { firstEventProbability, type CalmSample } from './calm-sample.js';
import type { DetectResult } from './detect-series.js';
import { blockTailProbability, ladderPValue, pooledTailScale, topSpacings, windowPValue } from './tail-probability.js';
import { seededRandom } from './_testkit.js';

const baseline = { value: 1, spread: 0.1, method: 'lookback', samples: 5760 } as const;

function departure(statistic: number, extra: Partial<Detection> = {}): Detection {
  return { kind: 'level_shift', direction: 'up', onsetIndex: 100, endIndex: null, peakIndex: 101, peakValue: 2, baseline, score: statistic, detector: 'departure', statistic, statistics: [statistic, Number.NaN, Number.NaN, Number.NaN], pValue: 1e-6, ...extra };
}

function calm(up: readonly number[]): CalmSample {
  return { up: [Float64Array.from(up).sort(), null, null, null], down: [], variance: null, blockSamples: 480, varianceBlockSamples: 20, firstEvent: 0, firstEventSamples: 20 };
}

function result(detections: Detection[], draws: readonly number[]): DetectResult {
  return { detections, unjudged: null, calm: calm(draws), windowSamples: 480 };
}

describe('tail probabilities', () => {
  it('blockTailProbability() is the add-one share within the calm sample and an exponential tail beyond it', () => {
    const draws = Float64Array.of(0.5, 1, 1.2, 2);
    expect(blockTailProbability(1.1, draws, 1)).toBeCloseTo(3 / 5);
    expect(blockTailProbability(12, draws, 1)).toBeCloseTo(Math.exp(-10) / 5);
    expect(blockTailProbability(5, null, 1.5)).toBeCloseTo(0.02);
  });

  it('windowPValue() counts the window as several calm blocks (Šidák)', () => {
    const draws = Float64Array.of(0, 0, 0, 0);
    expect(windowPValue(6, draws, 1, 960, 480)).toBeCloseTo(1 - (1 - Math.exp(-6) / 5) ** 2);
  });

  it('pooledTailScale() is robust to one series with a burst, and mostly prior for a family of one', () => {
    expect(pooledTailScale([0.7, 0.7, 0.7, 28])).toBeCloseTo((4 * (0.7 / Math.LN2) + 2 * 1.5) / 6);
    expect(pooledTailScale([])).toBe(1.5);
  });

  it('topSpacings() reads the normalised gaps of the top quarter of the calm blocks, at most eight', () => {
    expect(topSpacings(Float64Array.of(1, 1.2, 1.5, 2, 2.4, 2.5, 3, 4))).toEqual([1, 1]);
    expect(topSpacings(Float64Array.of(0, 17))).toEqual([17]);
    expect(topSpacings(Float64Array.from({ length: 360 }, (_, i) => i))).toHaveLength(8);
    expect(topSpacings(Float64Array.of(3))).toEqual([]);
  });

  it('estimates a month of calm blocks\' tail scale centred on the truth, and tighter than the top gap alone', () => {
    // 360 two-hour blocks (a month), block maxima Gumbel with scale 2, over 200 lookbacks.
    const random = seededRandom(11);
    const fromSpacings: number[] = [];
    const fromTopGap: number[] = [];
    for (let run = 0; run < 200; run++) {
      const blocks = Float64Array.from({ length: 360 }, () => -2 * Math.log(-Math.log(random()))).sort();
      fromSpacings.push(pooledTailScale(topSpacings(blocks)));
      fromTopGap.push(pooledTailScale([blocks[359]! - blocks[358]!]));
    }
    const quantile = (v: number[], p: number) => [...v].sort((a, b) => a - b)[Math.floor(p * (v.length - 1))]!;
    const width = (v: number[]) => quantile(v, 0.9) - quantile(v, 0.1);
    expect(quantile(fromSpacings, 0.5)).toBeGreaterThan(1.85);
    expect(quantile(fromSpacings, 0.5)).toBeLessThan(2.15);
    // The top gap alone is mostly prior (1.5) and still wider.
    expect(quantile(fromTopGap, 0.5)).toBeLessThan(1.85);
    expect(width(fromSpacings)).toBeLessThan(width(fromTopGap));
  });

  it('ladderPValue() takes the rarest rung of the evidence ladder, times the rungs tested', () => {
    const draws = [Float64Array.of(9, 9, 9, 9), Float64Array.of(0, 0, 0, 0)];
    const p = ladderPValue([9, 8], (rung) => draws[rung] ?? null, () => 1, 480, 480);
    expect(p).toBeCloseTo(2 * (Math.exp(-8) / 5));
  });

  it('firstEventProbability() is the chance of a first event after a quiet lookback', () => {
    expect(firstEventProbability(1440, 480)).toBeCloseTo(1 - Math.sqrt(0.75));
  });
});

describe('calibrate', () => {
  it('calibrate() keeps a strong departure and drops one its calm sample shows as ordinary', () => {
    const strong = result([departure(30)], [0.5, 1, 1.5, 2, 1, 0.5, 0.8, 1.1, 0.3, 0.9, 1.4, 1.2]);
    const ordinary = result([departure(6)], [5, 6, 7, 6, 5, 8, 6, 7, 5, 6, 7, 6]);
    const quiet = Array.from({ length: 200 }, () => result([], [0.5, 1, 1.5, 1, 0.7, 0.9, 1.2, 0.4, 1.1, 0.6, 0.8, 1.3]));
    const [a, b] = calibrate([strong, ordinary, ...quiet].map((r) => ({ family: 'cpu', result: r })));
    expect(a?.detections).toHaveLength(1);
    expect(a!.detections[0]!.pValue).toBeLessThan(1e-6);
    expect(b).toMatchObject({ detections: [], dropped: 1 });
  });

  const zeros = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const quietFleet = (family: string) => Array.from({ length: 50 }, (_, i) => ({ family, source: `quiet${i}`, result: result([], zeros) }));

  it('calibrate() takes a blip three sources of the family showed in their lookback as common', () => {
    const blipsBefore = (source: string) => ({ family: 'target_up', source, result: result([], [...zeros.slice(1), 33]) });
    const now = { family: 'target_up', source: 'worker9', result: result([departure(33)], zeros) };
    const two = calibrate([now, blipsBefore('worker1'), blipsBefore('worker2'), ...quietFleet('target_up')]);
    expect(two[0]!.detections).toHaveLength(1);
    const three = calibrate([now, blipsBefore('worker1'), blipsBefore('worker2'), blipsBefore('worker3'), ...quietFleet('target_up')]);
    expect(three[0]!.detections).toHaveLength(0);
  });

  it('calibrate() counts the series of one source once towards a fleet pattern', () => {
    const mode = () => ({ family: 'cpu_mode', source: 'worker2', result: result([], [...zeros.slice(1), 25]) });
    const db = { family: 'cpu_mode', source: 'db1', result: result([departure(22)], [...zeros.slice(1), 1]) };
    expect(calibrate([db, mode(), mode(), mode(), mode(), ...quietFleet('cpu_mode')])[0]!.detections).toHaveLength(1);
  });

  it('calibrate() lets flatlines and presence changes keep their own p-values, and passes unjudged series through', () => {
    const { statistics: _, ...plain } = departure(5);
    const vanished: Detection = { ...plain, kind: 'vanished', detector: 'presence', pValue: 1e-9 };
    const unjudged: DetectResult = { detections: [], unjudged: 'no finite samples' };
    const [a, b] = calibrate([
      { family: 'up', result: { detections: [vanished], unjudged: null } },
      { family: 'up', result: unjudged },
    ]);
    expect(a!.detections[0]!.pValue).toBe(1e-9);
    expect(b).toEqual({ detections: [], dropped: 0 });
  });
});
