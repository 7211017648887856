import { describe, expect, it } from 'vitest';
import { calmSeries, DAY } from './_calm.js';
import { gaussian, seededRandom, series } from './_testkit.js';
import { createDetector, detectSeries, type DetectOptions } from './detect-series.js';
import { saturationDeviation } from './hard-readings.js';
import { applyReading, readingOf } from './reading.js';

const HOUR = 240;
/** 24 h lookback, 2 h window, 10 min tail at 15 s. */
const day: DetectOptions = { windowStart: DAY, windowEnd: DAY + 2 * HOUR, badDirection: 'up', stepSeconds: 15 };
const LENGTH = DAY + 2 * HOUR + 40;
const ONSET = DAY + 120;

describe('readings', () => {
  it('readingOf() judges event shares as proportions, durations on a log scale, and limits for saturation', () => {
    expect(readingOf({ category: 'errors', unit: 'ratio' }, 'up').scale).toBe('arcsine');
    expect(readingOf({ category: 'latency', unit: 'seconds' }, 'up').scale).toBe('log');
    expect(readingOf({ category: 'saturation', unit: 'ratio', limit: 1 }, 'up')).toMatchObject({ scale: 'linear', saturation: { direction: 'up', threshold: 0.9 } });
    expect(readingOf({ category: 'saturation', unit: 'ratio', limit: 1 }, 'down').saturation).toMatchObject({ direction: 'down', threshold: 0.1 });
    expect(readingOf(undefined, 'both')).toEqual({ scale: 'linear', nonNegative: false, saturation: null });
  });

  it('applyReading() drops negative rates and non-finite samples as missing', () => {
    const out = new Float64Array(4);
    applyReading(Float64Array.of(1, -5, Number.POSITIVE_INFINITY, 2), readingOf({ unit: 'per_second' }, 'up'), 4, out);
    expect(Array.from(out)).toEqual([1, Number.NaN, Number.NaN, 2]);
  });

  it('saturationDeviation() reads losing half the usual headroom as the entry threshold', () => {
    const cpu = { direction: 'up', limit: 1, threshold: 0.9, baseHeadroom: 0.4 } as const;
    expect(saturationDeviation(0.8, cpu)).toBe(Number.NEGATIVE_INFINITY);
    expect(saturationDeviation(0.9, cpu)).toBeCloseTo(10);
    expect(saturationDeviation(1.2, cpu)).toBeGreaterThan(20);
  });
});

describe('detectors of the suite', () => {
  it('detectSeries() finds CPU going from a noisy 60 % to 97 % as saturation, a modest move for its noise', () => {
    const noise = gaussian(seededRandom(2));
    const values = series(LENGTH, (i) => (i < ONSET ? 0.6 + 0.08 * noise() : 0.97 + 0.01 * noise()));
    const traits = { category: 'saturation', unit: 'ratio', limit: 1 } as const;
    const [d] = detectSeries(values, { ...day, traits }).detections;
    expect(d).toMatchObject({ detector: 'saturation', direction: 'up' });
    expect(Math.abs(d!.onsetIndex - ONSET)).toBeLessThanOrEqual(1);
  });

  it('detectSeries() judges a mostly-zero error ratio as a proportion: stray errors stay quiet, a burst is found', () => {
    const random = seededRandom(4);
    // ~60 requests a minute; now and then one fails, seen for 4 samples through rate()[1m].
    const ratio = series(LENGTH, (i) => (Math.floor(i / 4) % 37 === 5 && random() < 0.5 ? 1 / 60 : 0));
    const traits = { category: 'errors', unit: 'ratio' } as const;
    const calm = createDetector().detectSeries(ratio, { ...day, traits });
    expect(calm.detections.every((d) => d.pValue > 1e-3)).toBe(true);
    const burst = Float64Array.from(ratio, (x, i) => (i >= ONSET ? 0.25 : x));
    const [d] = createDetector().detectSeries(burst, { ...day, traits }).detections;
    expect(d).toMatchObject({ onsetIndex: ONSET, direction: 'up' });
    expect(d!.pValue).toBeLessThan(1e-6);
  });

  it('detectSeries() judges latency on a log scale: a sustained × 4 is found, its heavy calm tail is not', () => {
    let found = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const values = calmSeries('latency', 300 + seed, LENGTH);
      const calm = detectSeries(values, { ...day, traits: { category: 'latency', unit: 'seconds' } });
      expect(calm.detections.filter((d) => d.pValue < 1e-4)).toEqual([]);
      for (let i = ONSET; i < LENGTH; i++) values[i] = 4 * values[i]!;
      const [d] = detectSeries(values, { ...day, traits: { category: 'latency', unit: 'seconds' } }).detections;
      if (d !== undefined && Math.abs(d.onsetIndex - ONSET) <= 2) found++;
    }
    // Per sample × 4 is only about 4 log-spreads: the 5-min mean carries it, most of the time.
    expect(found).toBeGreaterThanOrEqual(12);
  });

  it('detectSeries() finds noise that grows while the level holds as a variance change', () => {
    const noise = gaussian(seededRandom(6));
    // Six times the noise: the steps grow sixfold while the 5-min level stays put.
    const values = series(LENGTH, (i) => 50 + (i < ONSET ? 1 : 6) * noise());
    const found = createDetector().detectSeries(values, day).detections;
    const variance = found.find((d) => d.detector === 'variance_change');
    expect(variance).toBeDefined();
    expect(Math.abs(variance!.onsetIndex - ONSET)).toBeLessThanOrEqual(4);
  });

  it('detectSeries() finds a normally moving series that stopped moving, and not one that never moved', () => {
    const noise = gaussian(seededRandom(7));
    const stuck = series(LENGTH, (i) => (i < ONSET ? 20 + noise() : 0));
    for (let i = ONSET; i < LENGTH; i++) stuck[i] = stuck[ONSET - 1]!;
    const [d] = detectSeries(stuck, { ...day, badDirection: 'both' }).detections;
    expect(d).toMatchObject({ kind: 'flatline', detector: 'flatline', onsetIndex: ONSET });
    expect(detectSeries(new Float64Array(LENGTH).fill(4), day).detections).toEqual([]);
  });

  it('detectSeries() judges a slow burn against its trend: more of the same is not news, a faster climb is', () => {
    const noise = gaussian(seededRandom(9));
    // A query 0.3 s slower every day, for days.
    const creeping = series(LENGTH, (i) => 1 + (0.3 * i) / DAY + 0.01 * noise());
    expect(detectSeries(creeping, day).detections).toEqual([]);
    const faster = Float64Array.from(creeping, (x, i) => (i >= ONSET ? x + (0.6 * (i - ONSET)) / HOUR : x));
    const [d] = detectSeries(faster, day).detections;
    expect(d?.kind).toBe('trend');
    expect(Math.abs(d!.onsetIndex - ONSET)).toBeLessThanOrEqual(12);
  });

  it('detectSeries() compares a rhythmic series with the same time yesterday when its lookback is short', () => {
    // Traffic rising into the busy hours: 6 h of lookback see only the climb.
    const windowStart = 6 * HOUR;
    const n = windowStart + 2 * HOUR + 40;
    const phase = Math.PI / 3 - (2 * Math.PI * windowStart) / DAY;
    const long = calmSeries('traffic', 11, DAY + n, 0.1, phase);
    const values = long.slice(DAY);
    const dayBefore = long.slice(0, n).fill(Number.NaN, 0, windowStart - 2 * HOUR);
    const options: DetectOptions = { windowStart, windowEnd: windowStart + 2 * HOUR, badDirection: 'both', stepSeconds: 15, dayBefore, traits: { category: 'traffic', unit: 'per_second' } };
    expect(detectSeries(values, options).detections.filter((d) => d.pValue < 1e-3)).toEqual([]);
    // Traffic halves: within the range the lookback reached, far below yesterday.
    const halved = Float64Array.from(values, (x, i) => (i >= windowStart + 120 ? x / 2 : x));
    const [d] = detectSeries(halved, options).detections;
    expect(d).toMatchObject({ direction: 'down', onsetIndex: windowStart + 120 });
    expect(d?.baseline.method).toBe('day_before');
    // Without the reference the same fall stays within the lookback's range.
    const { dayBefore: _, ...withoutReference } = options;
    expect(detectSeries(halved, withoutReference).detections.some((x) => x.direction === 'down' && x.score >= 5)).toBe(false);
  });

  it('detectSeries() with the default day of lookback and only yesterday as reference: yesterday\'s busy hour does not make today\'s ordinary one a drop', () => {
    // Requests with a daily rhythm (250–750/s) and noise; yesterday the window's two hours ran 40 %
    // busier than usual (a promotion), still inside the day's normal range, so not masked as an incident.
    const noise = gaussian(seededRandom(21));
    const windowStart = DAY; // the command's default --lookback 24h
    const n = windowStart + 2 * HOUR + 40;
    const rhythm = (i: number): number => 500 * (1 + 0.5 * Math.sin((2 * Math.PI * i) / DAY)) * Math.exp(0.05 * noise());
    // long[i + DAY] is values[i]: yesterday's window is long[windowStart, windowStart + 2 h).
    const long = Float64Array.from({ length: DAY + n }, (_, i) => rhythm(i) * (i >= windowStart && i < windowStart + 2 * HOUR ? 1.4 : 1));
    const values = long.slice(DAY);
    const options: DetectOptions = { windowStart, windowEnd: windowStart + 2 * HOUR, badDirection: 'both', stepSeconds: 15, dayBefore: long.slice(0, n), traits: { category: 'traffic', unit: 'per_second' } };
    expect(detectSeries(values, options).detections.filter((d) => d.direction === 'down')).toEqual([]);
    // A real outage at the same hour, far below anything the day showed, is still found.
    const outage = Float64Array.from(values, (x, i) => (i >= windowStart + 120 ? x / 10 : x));
    expect(detectSeries(outage, options).detections.find((d) => d.direction === 'down')).toMatchObject({ onsetIndex: windowStart + 120 });
  });
});

describe('bad input', () => {
  it('detectSeries() drops negative counter rates as missing and raises nothing for them', () => {
    const noise = gaussian(seededRandom(12));
    const values = series(LENGTH, () => 10 + noise());
    values[ONSET] = -4e6;
    values[ONSET + 1] = -4e6;
    values[ONSET + 2] = -4e6;
    values[ONSET + 3] = -4e6;
    expect(detectSeries(values, { ...day, badDirection: 'both', traits: { unit: 'per_second' } }).detections).toEqual([]);
    expect(detectSeries(new Float64Array(LENGTH).fill(-1), { ...day, traits: { unit: 'per_second' } })).toMatchObject({ detections: [], unjudged: 'no valid samples (all negative)' });
  });

  it('detectSeries() reads index order as time: shuffled or repeated samples are judged as given, never a crash', () => {
    // A values-only API cannot see timestamps: the collector puts samples on one sorted grid (a
    // duplicated timestamp is one grid instant). Out-of-order values are a noisy series, nothing worse.
    const random = seededRandom(13);
    const noise = gaussian(random);
    const values = series(LENGTH, (i) => (i < ONSET ? 10 : 30) + noise());
    for (let i = LENGTH - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [values[i], values[j]] = [values[j]!, values[i]!];
    }
    const result = detectSeries(values, { ...day, badDirection: 'both' });
    for (const d of result.detections) {
      expect(d.onsetIndex).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(d.pValue)).toBe(true);
    }
    const repeated = series(LENGTH, (i) => Math.floor(i / 2) % 7);
    expect(() => detectSeries(repeated, day)).not.toThrow();
  });

  it('detectSeries() gives a reason for a single point and nothing for a constant series', () => {
    expect(detectSeries(Float64Array.of(3), { windowStart: 0, windowEnd: 1, badDirection: 'up', stepSeconds: 15 }).unjudged).not.toBeNull();
    expect(detectSeries(new Float64Array(LENGTH).fill(7), { ...day, badDirection: 'both', traits: { category: 'saturation', unit: 'ratio', limit: 1 } }).detections).toEqual([]);
  });
});
