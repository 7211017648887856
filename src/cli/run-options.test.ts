import { describe, expect, it } from 'vitest';
import { chooseStep, finalWindow, readWindow } from './run-options.js';

const now = Date.UTC(2026, 10, 21, 12) / 1000;
const flags = { from: '2023-05-13 19:00', to: '2023-05-13 21:00', tz: 'Africa/Nairobi', lookback: undefined, step: undefined };

describe('readWindow()', () => {
  it('reads the window in the zone with a default lookback of one day', () => {
    const w = readWindow(flags, now);
    expect(w.from).toBe(Date.UTC(2023, 4, 13, 16) / 1000);
    expect(w.to).toBe(Date.UTC(2023, 4, 13, 18) / 1000);
    expect(w.from - w.lookbackFrom).toBe(86_400);
    expect(w.step).toBeNull();
  });
  it('accepts --lookback 0 to judge the window on its own', () => {
    const w = readWindow({ ...flags, lookback: '0' }, now);
    expect(w.lookbackFrom).toBe(w.from);
  });
  it('names the flag and the expectation for each mistake', () => {
    expect(() => readWindow({ ...flags, from: '2023-05-13 22:00' }, now)).toThrow('--from (2023-05-13 22:00) must be before --to (2023-05-13 21:00)');
    expect(() => readWindow({ ...flags, tz: 'Africa/Nairobbi' }, now)).toThrow(/--tz "Africa\/Nairobbi" is not a time zone/);
    expect(() => readWindow({ ...flags, from: '2027-01-01 00:00', to: '2027-01-02 00:00' }, now)).toThrow(/is in the future/);
    expect(() => readWindow({ ...flags, from: 'half past seven' }, now)).toThrow(/^--from: "half past seven" is not a time/);
    expect(() => readWindow({ ...flags, from: undefined }, now)).toThrow(/--from is required/);
    expect(() => readWindow({ ...flags, lookback: '1 day' }, now)).toThrow(/^--lookback: "1 day" is not a duration/);
    expect(() => readWindow({ ...flags, step: '0' }, now)).toThrow(/--step "0" must be longer than 0/);
  });
  it('reads an ongoing incident whose end is still ahead as ending now', () => {
    const w = readWindow({ ...flags, from: 'now-1h', to: 'now+1h' }, now);
    expect(w.to).toBe(now);
  });
});

describe('chooseStep()', () => {
  const requested = readWindow(flags, now);
  it('uses the scrape interval when the range fits', () => {
    expect(chooseStep(requested, 15)).toBe(15);
    expect(chooseStep(requested, 30)).toBe(30);
  });
  it('honours --step', () => {
    expect(chooseStep({ ...requested, step: 60 }, 15)).toBe(60);
  });
  it('coarsens to a nice step when the range would exceed the point budget', () => {
    const week = { ...requested, lookbackFrom: requested.from - 7 * 86_400 };
    // 7 d + 2 h at 15 s would be 40,800 points; 60 s keeps it under 20,000.
    expect(chooseStep(week, 15)).toBe(60);
  });
  it('finalWindow() aligns the grid start to the step', () => {
    const w = finalWindow({ ...requested, lookbackFrom: requested.lookbackFrom + 7 }, 15);
    expect(w.lookbackFrom % 15).toBe(0);
    expect(w.stepSeconds).toBe(15);
  });
});
