import { describe, expect, it } from 'vitest';
import { gaussian, seededRandom, series } from './_testkit.js';
import { calibrate } from './calibrate.js';
import { createDetector, type DetectOptions } from './detect-series.js';
import { holdLadder, holdScratchLength } from './hold-ladder.js';
import { findSustainedRun, runSamples } from './sustained-run.js';

// Detectors on data kept at a coarse step: 5-minute rates and counts (a recording rule, a long-range
// query, an exporter scraped every 5 min) and hourly ones. A sample there already averages minutes,
// so the thresholds that count samples at 15 s must read durations instead.
const FIVE_MINUTES = 300;
const DAY = 288;
const HOUR = 12;
/** Three days of history, a 4 h window ending at the newest sample (a live check). */
const LENGTH = 3 * DAY + 4 * HOUR;
const live: DetectOptions = { windowStart: 3 * DAY, windowEnd: LENGTH, badDirection: 'up', stepSeconds: FIVE_MINUTES };

/** Requests per 5 min of a small service with a daily rhythm: Poisson-like noise around 200–600. */
function requestsPerFiveMinutes(seed: number, length = LENGTH): Float64Array {
  const noise = gaussian(seededRandom(seed));
  return series(length, (i) => {
    const mean = 400 + 200 * Math.sin((2 * Math.PI * i) / DAY);
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * noise()));
  });
}

/** What a run of the command over this one series would keep at its false discovery rate. */
function kept(values: Float64Array, options: DetectOptions) {
  const result = createDetector().detectSeries(values, options);
  return calibrate([{ family: 'http_requests', result }])[0]!.detections;
}

describe('thresholds at a coarse step', () => {
  it('runSamples() asks a departure to hold a minute: four 15 s scrapes, two at 30 s, one 5-minute or hourly sample', () => {
    expect(runSamples(15)).toBe(4);
    expect(runSamples(30)).toBe(2);
    expect(runSamples(60)).toBe(1);
    expect(runSamples(300)).toBe(1);
    expect(runSamples(3600)).toBe(1);
  });

  it('findSustainedRun() with a run of one takes a single sample beyond the entry threshold', () => {
    expect(findSustainedRun(Float64Array.of(0, 9, 0, 0, 0, 0), 0, 6, 6)).toBeUndefined();
    expect(findSustainedRun(Float64Array.of(0, 9, 0, 0, 0, 0), 0, 6, 6, undefined, 1)).toEqual({ entry: 1, end: 2 });
  });

  it('holdLadder() reads the hold it is given: the peak itself with a hold of one', () => {
    const out = new Float64Array(2);
    holdLadder(Float64Array.of(0, 9, 1, 1, 1, 1), 0, 6, [3], new Float64Array(holdScratchLength(6)), out, 1);
    expect(out[0]).toBe(9);
    holdLadder(Float64Array.of(0, 9, 1, 1, 1, 1), 0, 6, [3], new Float64Array(holdScratchLength(6)), out, 4);
    expect(out[0]).toBe(1);
  });
});

describe('detectSeries() at a 5-minute step', () => {
  it('reports one 5-minute sample far beyond anything the lookback held, as soon as it arrives', () => {
    const values = requestsPerFiveMinutes(1);
    // A retry storm inside one 5-minute bucket: the newest sample is ×6.
    values[LENGTH - 1] = 6 * values[LENGTH - 1]!;
    const [d] = kept(values, live);
    expect(d).toMatchObject({ direction: 'up', onsetIndex: LENGTH - 1, endIndex: null });
    expect(d!.pValue).toBeLessThan(0.01);
  });

  it('keeps quiet about a burst of the size the lookback held every few hours', () => {
    const values = requestsPerFiveMinutes(2);
    // The series' habit: a batch job triples the requests for one sample every 10 h (too rare for the
    // lookback's 99th percentile), the last time in the window.
    for (let i = LENGTH - 10; i >= 0; i -= 10 * HOUR) values[i] = 3 * values[i]!;
    expect(kept(values, live)).toEqual([]);
  });

  it('leaves a whole 5-minute count at its value when comparing with the same time yesterday', () => {
    // A job that runs from 08:00 to 20:00 every day, counted every 5 min; the window ends just after
    // today's start. Yesterday's start, smoothed over a 45-min running median, would come 2 samples
    // late at the end of the data and today's punctual start would look like a departure.
    const start = 8 * HOUR;
    const busy = (i: number): boolean => i % DAY >= start && i % DAY < 20 * HOUR;
    const noise = gaussian(seededRandom(3));
    const length = 3 * DAY + start + 3;
    const values = series(length, (i) => (busy(i) ? 800 : 100) + 5 * noise());
    const dayBefore = Float64Array.from(values, (_, i) => (i >= DAY ? values[i - DAY]! : Number.NaN));
    const options: DetectOptions = { ...live, windowStart: length - 4 * HOUR, windowEnd: length, badDirection: 'both', dayBefore };
    expect(kept(values, options)).toEqual([]);
  });
});

describe('flatline at a 5-minute step', () => {
  it('does not call a quiet stretch of zeros a flatline in a count that often repeats its zero at night', () => {
    // A few to fifteen events per 5 min by day, about one at night: the series repeats a value on 14 %
    // of its samples, and its longest run of repeats is 5, but once at 0 it stays there 43 % of the time.
    const random = seededRandom(4);
    const length = 3 * DAY + 230; // the window ends at night
    const values = series(length, (i) => {
      const mean = 8 + 7.5 * Math.sin((2 * Math.PI * i) / DAY);
      let k = 0;
      for (let p = random(); p > Math.exp(-mean); p *= random()) k++;
      return k;
    });
    values.fill(0, length - 7);
    const options: DetectOptions = { ...live, windowStart: length - 4 * HOUR, windowEnd: length, badDirection: 'both' };
    expect(kept(values, options).filter((d) => d.detector === 'flatline')).toEqual([]);
  });

  it('still finds a moving gauge stuck on one value for longer than it ever repeated', () => {
    const noise = gaussian(seededRandom(5));
    const values = series(LENGTH, (i) => 40 + 10 * Math.sin((2 * Math.PI * i) / DAY) + 3 * noise());
    values.fill(values[LENGTH - 9]!, LENGTH - 8);
    const flat = kept(values, { ...live, badDirection: 'both' }).find((d) => d.detector === 'flatline');
    expect(flat).toMatchObject({ kind: 'flatline', onsetIndex: LENGTH - 8 });
  });
});
