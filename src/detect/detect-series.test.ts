import { describe, expect, it } from 'vitest';
import { gaussian, seededRandom, series, simulatedRate } from './_testkit.js';
import { createDetector, detectSeries, type DetectOptions } from './detect-series.js';

const { NaN } = Number;
/** 100 lookback samples, a 60-sample window, a 20-sample tail, 15 s step. */
const window: DetectOptions = { windowStart: 100, windowEnd: 160, badDirection: 'both', stepSeconds: 15 };
const length = 180;

describe('detectSeries', () => {
  it('detectSeries() cannot judge an empty series', () => {
    expect(detectSeries(new Float64Array(0), window)).toEqual({ detections: [], unjudged: 'no samples' });
  });

  it('detectSeries() cannot judge one point', () => {
    expect(detectSeries(Float64Array.of(1), { ...window, windowStart: 0, windowEnd: 1 }).unjudged).not.toBeNull();
  });

  it('detectSeries() cannot judge an all-NaN series', () => {
    expect(detectSeries(new Float64Array(length).fill(NaN), window)).toEqual({ detections: [], unjudged: 'no finite samples' });
  });

  it('detectSeries() finds nothing in a constant series', () => {
    expect(detectSeries(new Float64Array(length).fill(3), window)).toMatchObject({ detections: [], unjudged: null });
  });

  it('detectSeries() puts a step on a constant baseline at its exact onset', () => {
    const [d, ...rest] = detectSeries(series(length, (i) => (i < 120 ? 10 : 20)), window).detections;
    expect(rest).toHaveLength(0);
    expect(d).toMatchObject({ kind: 'level_shift', direction: 'up', onsetIndex: 120, endIndex: null, peakValue: 20 });
    // The 6-sample grace stretch before the window (where an onset may lie) is not part of the baseline.
    expect(d?.baseline).toMatchObject({ value: 10, method: 'lookback', samples: 94 });
  });

  it('detectSeries() places a level shift in noise within one step', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const noise = gaussian(seededRandom(seed));
      const detections = detectSeries(series(length, (i) => (i < 125 ? 50 : 58) + noise()), window).detections;
      expect(detections).toHaveLength(1);
      expect(Math.abs(detections[0]!.onsetIndex - 125)).toBeLessThanOrEqual(1);
    }
  });

  it('detectSeries() puts a step seen through rate(x[1m]) at the start of the ramp', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const noise = gaussian(seededRandom(seed));
      // Counter increments per 15 s scrape: ~150/scrape, then ~600/scrape from sample 130.
      const increments = series(length, (i) => Math.max(0, (i < 130 ? 150 : 600) + 12 * noise()));
      const rate = simulatedRate(increments, 4, 15); // ramp samples 130, 131, 132, full from 133
      const detections = detectSeries(rate, window).detections;
      expect(detections).toHaveLength(1);
      expect(Math.abs(detections[0]!.onsetIndex - 130)).toBeLessThanOrEqual(1);
    }
  });

  it('detectSeries() ends a recovery seen through rate(x[1m]) where the fall starts, not where the rate window empties', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const noise = gaussian(seededRandom(seed));
      // 5xx per scrape: ~1, then ~300 from sample 110 to 140 (errors stop at sample 140), then ~1.
      const increments = series(length, (i) => Math.max(0, (i >= 110 && i < 140 ? 300 : 1) + noise()));
      const rate = simulatedRate(increments, 4, 15); // falls over samples 140, 141, 142, calm from 143
      const [d] = detectSeries(rate, window).detections;
      expect(d?.onsetIndex).toBe(110);
      expect(Math.abs(d!.endIndex! - 140)).toBeLessThanOrEqual(1);
    }
  });

  it('detectSeries() ends an anomaly at its final return, not at a partial recovery before it', () => {
    // Errors halve at sample 125 (a restart), fade, and are gone at sample 145.
    const increments = series(length, (i) => (i >= 105 && i < 125 ? 300 : i >= 125 && i < 145 ? 150 - 2 * (i - 125) : 1));
    const [d] = detectSeries(simulatedRate(increments, 4, 15), window).detections;
    expect(Math.abs(d!.endIndex! - 145)).toBeLessThanOrEqual(1);
  });

  it('detectSeries() does not let a noise bump just before a big step claim the onset', () => {
    const onsets: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const noise = gaussian(seededRandom(seed));
      // A p99 from histogram buckets: 0.5 s, with bumps to about 0.75 s for a few samples now and then
      // (a handful of slow requests), one of them (samples 124–129) just before the step to 9 s at 130.
      const bump = (i: number) => i % 23 >= 18 || (i >= 124 && i < 130);
      const values = series(length, (i) => (i >= 130 ? 9 : bump(i) ? 0.75 : 0.5) * (1 + 0.02 * noise()));
      onsets.push(detectSeries(values, window).detections[0]?.onsetIndex ?? -1);
    }
    expect(onsets.every((onset) => Math.abs(onset - 130) <= 2)).toBe(true);
    expect(onsets.filter((onset) => onset === 130).length).toBeGreaterThanOrEqual(18);
  });

  it('detectSeries() calls a slow ramp a trend and finds where it started', () => {
    const noise = gaussian(seededRandom(11));
    const long: DetectOptions = { windowStart: 200, windowEnd: 400, badDirection: 'up', stepSeconds: 15 };
    const values = series(420, (i) => 5 + 0.2 * noise() + (i < 250 ? 0 : 0.05 * (i - 250)));
    const [d] = detectSeries(values, long).detections;
    expect(d?.kind).toBe('trend');
    expect(Math.abs(d!.onsetIndex - 250)).toBeLessThanOrEqual(3);
  });

  it('detectSeries() calls a short burst a spike and finds its end and peak', () => {
    const values = series(length, (i) => (i >= 120 && i < 126 ? (i === 122 ? 90 : 60) : 10));
    const [d] = detectSeries(values, window).detections;
    expect(d).toMatchObject({ kind: 'spike', onsetIndex: 120, endIndex: 126, peakValue: 60 });
  });

  it('detectSeries() calls a fall to zero a drop, even when the daily rhythm makes the spread wide', () => {
    const day = 96;
    const values = series(length, (i) => (i < 130 ? 550 + 450 * Math.sin((2 * Math.PI * i) / day) : 0));
    const [d, ...rest] = detectSeries(values, window).detections;
    expect(rest).toHaveLength(0);
    expect(d).toMatchObject({ kind: 'drop', direction: 'down', onsetIndex: 130 });
  });

  it('detectSeries() ignores a gap in the middle of the window', () => {
    const noise = gaussian(seededRandom(5));
    const values = series(length, (i) => (i >= 110 && i < 140 ? NaN : 20 + noise()));
    expect(detectSeries(values, window)).toMatchObject({ detections: [], unjudged: null });
  });

  it('detectSeries() bridges a single missing sample inside a departure', () => {
    const values = series(length, (i) => (i < 120 ? 10 : 20));
    values[121] = NaN;
    expect(detectSeries(values, window).detections[0]?.onsetIndex).toBe(120);
  });

  it('detectSeries() does not call a single counter-reset artefact an anomaly', () => {
    const noise = gaussian(seededRandom(9));
    const values = series(length, () => 100 + 5 * noise());
    values[120] = 1e9;
    values[140] = -5e8;
    values[50] = 1e9; // and one in the lookback
    expect(detectSeries(values, window).detections).toEqual([]);
  });

  it('detectSeries() treats ±Inf as missing', () => {
    const values = series(length, (i) => (i === 120 || i === 30 ? Number.POSITIVE_INFINITY : i === 130 ? Number.NEGATIVE_INFINITY : 7));
    expect(detectSeries(values, window)).toMatchObject({ detections: [], unjudged: null });
  });

  it('detectSeries() reports a series that appears in the window with a real signal', () => {
    const deadlocks = series(length, (i) => (i < 115 ? NaN : 0.05));
    const [d] = detectSeries(deadlocks, { ...window, badDirection: 'up' }).detections;
    expect(d).toMatchObject({ kind: 'appeared', direction: 'up', onsetIndex: 115 });
    expect(d?.baseline).toMatchObject({ value: 0, method: 'absent' });
  });

  it('detectSeries() does not report a series that appears at zero, or that appears when only falls are bad', () => {
    expect(detectSeries(series(length, (i) => (i < 115 ? NaN : 0)), window).detections).toEqual([]);
    expect(detectSeries(series(length, (i) => (i < 115 ? NaN : 3)), { ...window, badDirection: 'down' }).detections).toEqual([]);
  });

  it('detectSeries() reports a series that vanishes in the window', () => {
    const [d, ...rest] = detectSeries(series(length, (i) => (i < 130 ? 4 : NaN)), window).detections;
    expect(rest).toHaveLength(0);
    expect(d).toMatchObject({ kind: 'vanished', direction: 'down', onsetIndex: 130, endIndex: null, peakIndex: 129 });
  });

  it('detectSeries() says why when a series vanished before the window', () => {
    expect(detectSeries(series(length, (i) => (i < 50 ? 4 : NaN)), window)).toEqual({ detections: [], unjudged: 'no finite samples in the window' });
  });

  it('detectSeries() judges the window on its own with windowStart 0', () => {
    const own: DetectOptions = { windowStart: 0, windowEnd: 100, badDirection: 'up', stepSeconds: 15 };
    const noise = gaussian(seededRandom(4));
    const [d, ...rest] = detectSeries(series(110, (i) => (i < 40 ? 1 : 6) + 0.2 * noise()), own).detections;
    expect(rest).toHaveLength(0);
    expect(d).toMatchObject({ kind: 'level_shift', onsetIndex: 40 });
    expect(d?.baseline.method).toBe('window');
    expect(detectSeries(series(110, () => 1 + 0.2 * noise()), own)).toMatchObject({ detections: [], unjudged: null });
    expect(detectSeries(new Float64Array(110).fill(2), own)).toMatchObject({ detections: [], unjudged: null });
  });

  it('detectSeries() reports only the bad direction', () => {
    const up = series(length, (i) => (i < 120 ? 10 : 20));
    const down = series(length, (i) => (i < 120 ? 10 : 5));
    expect(detectSeries(up, { ...window, badDirection: 'down' }).detections).toEqual([]);
    expect(detectSeries(down, { ...window, badDirection: 'up' }).detections).toEqual([]);
    expect(detectSeries(down, { ...window, badDirection: 'down' }).detections[0]?.direction).toBe('down');
  });

  it('detectSeries() ignores an anomaly already running through the lookback', () => {
    expect(detectSeries(series(length, (i) => (i < 70 ? 10 : 20)), window).detections).toEqual([]);
  });

  it('detectSeries() accepts an onset a little before the window start', () => {
    expect(detectSeries(series(length, (i) => (i < 97 ? 10 : 20)), window).detections[0]?.onsetIndex).toBe(97);
  });

  it('detectSeries() finds the end when the series is back in baseline, and a later second anomaly', () => {
    // More than five minutes (20 samples) apart, so two episodes rather than one.
    const values = series(length, (i) => (i >= 105 && i < 126 ? 30 : i >= 150 ? 25 : 10));
    const detections = detectSeries(values, window).detections;
    expect(detections.map((d) => [d.kind, d.onsetIndex, d.endIndex])).toEqual([
      ['level_shift', 105, 126],
      ['level_shift', 150, null],
    ]);
  });

  it('detectSeries() scores departures from a constant zero high but finite, and ranks bigger ones higher', () => {
    const small = detectSeries(series(length, (i) => (i < 120 ? 0 : 0.05)), window).detections[0]!.score;
    const big = detectSeries(series(length, (i) => (i < 120 ? 0 : 5)), window).detections[0]!.score;
    expect(Number.isFinite(big)).toBe(true);
    expect(small).toBeGreaterThan(50);
    expect(big).toBeGreaterThan(small);
  });

  it('detectSeries() clamps windowEnd and rejects inconsistent options', () => {
    expect(detectSeries(new Float64Array(10).fill(1), { ...window, windowStart: 5, windowEnd: 50 }).unjudged).toBeNull();
    expect(() => detectSeries(new Float64Array(10), { ...window, windowStart: 5, windowEnd: 4 })).toThrow(RangeError);
    expect(() => detectSeries(new Float64Array(10), { ...window, stepSeconds: 0 })).toThrow(RangeError);
  });

  it('createDetector() gives the same answers while reusing its buffers', () => {
    const detector = createDetector();
    const a = series(length, (i) => (i < 120 ? 10 : 20));
    const b = series(2 * length, (i) => (i < 130 ? 1 : 0));
    const first = detector.detectSeries(a, window);
    detector.detectSeries(b, window);
    expect(detector.detectSeries(a, window)).toEqual(first);
  });
});
