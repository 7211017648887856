import { describe, expect, it } from 'vitest';
import { detectSeries } from './detect-series.js';
import { maskAbnormal } from './normal-reference.js';
import { gaussian, seededRandom, series } from './_testkit.js';

const level = { median: 1, spread: 0.1, low: 0.8, high: 1.2, samples: 100 };

describe('maskAbnormal()', () => {
  it('sets missing the samples the level would call a departure, and keeps the rest', () => {
    const read = Float64Array.of(1, 16, 1.1, NaN, 0.05, 1.25);
    maskAbnormal(read, 0, read.length, level);
    // 16 and 0.05 lie beyond the range by more than half its width; 1.25 lies just outside it.
    expect(Array.from(read)).toEqual([1, NaN, 1.1, NaN, NaN, 1.25]);
  });

  it('touches only the stretch asked for', () => {
    const read = Float64Array.of(16, 16, 16);
    maskAbnormal(read, 1, 2, level);
    expect(Array.from(read)).toEqual([16, NaN, 16]);
  });
});

describe('a day-old spike in the same-time-yesterday baseline', () => {
  // Three days of 5-minute samples with a daily rhythm (so yesterday predicts today better than the
  // level does), a 2-hour window on the third day, and yesterday's hour at the window's middle held a
  // spike of 12× the level.
  const DAY = 288;
  const noise = gaussian(seededRandom(7));
  const rhythm = (i: number) => 100 + 40 * Math.sin((2 * Math.PI * i) / DAY);
  const windowStart = 2 * DAY + 100;
  const windowEnd = windowStart + 24;
  const spikeAt = windowStart + 12 - DAY;
  const build = (todayToo: boolean) => {
    const values = series(windowEnd, (i) => rhythm(i) + 3 * noise());
    for (const at of todayToo ? [spikeAt, spikeAt + DAY] : [spikeAt]) values.fill(1200, at, at + 3);
    const dayBefore = series(windowEnd, (i) => (i >= DAY ? values[i - DAY]! : Number.NaN));
    return detectSeries(values, { windowStart, windowEnd, badDirection: 'both', stepSeconds: 300, dayBefore });
  };

  it('does not make today\'s ordinary hour read as a collapse', () => {
    expect(build(false).detections).toEqual([]);
  });

  it('does not excuse the same spike today either: it is judged against the level', () => {
    const found = build(true).detections;
    expect(found.map((d) => [d.direction, d.onsetIndex])).toEqual([['up', spikeAt + DAY]]);
  });
});
