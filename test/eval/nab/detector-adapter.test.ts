import { describe, expect, it } from 'vitest';
import { gaussian, seededRandom } from '../../../src/detect/_testkit.js';
import { DEFAULT_SETTINGS, detectNab, levelAt, MAX_LEVEL_FACTOR, seasonalRows, type AdapterSettings } from './detector-adapter.js';

describe('levelAt: the false discovery rate of the call on the n-th row', () => {
  it('is the command rate at every call without spending', () => {
    for (const rows of [1, 750, 5000, 16_000]) expect(levelAt(rows, 0.01, undefined)).toBe(0.01);
  });

  it('is q at spendingRows, halves when the history doubles, and never exceeds MAX_LEVEL_FACTOR·q', () => {
    expect(levelAt(5000, 0.01, 5000)).toBeCloseTo(0.01, 15);
    expect(levelAt(10_000, 0.01, 5000)).toBeCloseTo(0.005, 15);
    expect(levelAt(15_900, 0.01, 5000) / levelAt(7950, 0.01, 5000)).toBeCloseTo(0.5, 12);
    expect(levelAt(100, 0.01, 5000)).toBeCloseTo(MAX_LEVEL_FACTOR * 0.01, 15);
    expect(levelAt(0, 0.01, 5000)).toBeCloseTo(MAX_LEVEL_FACTOR * 0.01, 15);
  });
});

describe('detectNab spends its level over the rows watched', () => {
  // 30 days of 5-minute request counts around 200 with Gaussian noise (σ 10), and two bursts of 2 h:
  // a modest one (+2.8 σ) on day 25, just strong enough for the command's rate, and a large one
  // (+8 σ) on day 28.
  const step = 300;
  const rows = 30 * 288;
  const noise = gaussian(seededRandom(7));
  const values = Float64Array.from({ length: rows }, () => Math.round(200 + 10 * noise()));
  const small = 25 * 288;
  const large = 28 * 288;
  for (let i = 0; i < 24; i++) {
    values[small + i]! += 28;
    values[large + i]! += 80;
  }
  const settings = { ...DEFAULT_SETTINGS, strideRows: 12 };
  const near = (flags: readonly number[], row: number) => flags.some((f) => f >= row && f < row + 48);

  const { spendingRows: _, ...unspent } = settings;
  const flags = (s: AdapterSettings) => detectNab(values, step, s).map((d) => d.alarmRow);

  it('a modest burst the command rate raises is dropped once the level is spent thin; a large one stays', () => {
    const everyCall = flags(unspent);
    // spendingRows 100: at day 25 (7,200 rows) the level is 0.01 · 100 / 7,200 ≈ 1.4·10⁻⁴.
    const strict = flags({ ...unspent, spendingRows: 100 });
    expect(near(everyCall, small)).toBe(true);
    expect(near(strict, small)).toBe(false);
    expect(near(everyCall, large)).toBe(true);
    expect(near(strict, large)).toBe(true);
  });

  it('the default spends from 5,000 rows: on day 25 it is still near the command rate and raises the modest burst', () => {
    expect(levelAt(small, 0.01, DEFAULT_SETTINGS.spendingRows)).toBeGreaterThan(0.005);
    expect(near(flags({ ...unspent, spendingRows: DEFAULT_SETTINGS.spendingRows! }), small)).toBe(true);
  });
});

describe('seasonalRows: the row one day and one week earlier, by timestamp', () => {
  const minute = 60_000;
  const day = 1440 * minute;

  it('on a regular 5-minute grid is 288 (2,016) rows back, and −1 before the file reaches back so far', () => {
    const times = Float64Array.from({ length: 3000 }, (_, i) => Date.UTC(2015, 8, 1) + i * 5 * minute);
    const { day: d, week: w } = seasonalRows(times, 300)!;
    expect(d[287]).toBe(-1);
    expect(d[288]).toBe(0);
    expect(d[2999]).toBe(2711);
    expect(w[2015]).toBe(-1);
    expect(w[2016]).toBe(0);
  });

  it('on irregular rows (a traffic sensor) takes the latest row at or before the same instant, less than a step older, else none', () => {
    // Rows at 09:01, 09:06, 09:16 one day and at 09:01, 09:06, 09:11, 09:19 the next (row counts differ).
    const t0 = Date.UTC(2015, 8, 8, 9, 1);
    const times = Float64Array.of(t0, t0 + 5 * minute, t0 + 15 * minute, t0 + day, t0 + day + 5 * minute, t0 + day + 10 * minute, t0 + day + 18 * minute);
    const { day: d } = seasonalRows(times, 300)!;
    // 09:01 → 09:01, 09:06 → 09:06, 09:11 → nothing (09:06 is a whole step older), 09:19 → 09:16.
    expect(Array.from(d.subarray(3))).toEqual([0, 1, -1, 2]);
    // By row count (3 rows back) 09:19 would have read 09:06.
  });

  it('gives nothing for a step that does not divide the day, as the command reads no seasonal reference then', () => {
    expect(seasonalRows(Float64Array.of(0, 7000, 14_000), 7000)).toBeNull();
  });
});
