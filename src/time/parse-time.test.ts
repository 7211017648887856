import { describe, expect, it } from 'vitest';
import { parseDuration, formatDuration } from './parse-duration.js';
import { parseTime, isValidZone } from './parse-time.js';

const now = 1_700_000_000;

describe('parseDuration()', () => {
  it('reads Prometheus-style compound durations', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('2h')).toBe(7200);
    expect(parseDuration('1d')).toBe(86_400);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('500ms')).toBe(0.5);
    expect(parseDuration('0')).toBe(0);
  });
  it('rejects units out of order, unknown units and bare numbers with a message naming the input', () => {
    for (const bad of ['30m1h', '5x', '15', '', 'h', '1h 30m']) {
      expect(() => parseDuration(bad)).toThrow(/is not a duration: expected/);
    }
    expect(() => parseDuration('5x')).toThrow('"5x"');
  });
  it('formatDuration() writes back the compact form', () => {
    expect(formatDuration(5400)).toBe('1h30m');
    expect(formatDuration(86_400 + 61)).toBe('1d1m1s');
    expect(formatDuration(0)).toBe('0s');
  });
});

describe('parseTime()', () => {
  it('reads a local wall-clock time in the given zone', () => {
    // 7:00 PM EAT (UTC+3) on 2023-05-13 is 16:00 UTC.
    expect(parseTime('2023-05-13 19:00', { zone: 'Africa/Nairobi', now })).toBe(Date.UTC(2023, 4, 13, 16) / 1000);
    expect(parseTime('2023-05-13T19:00:30', { zone: 'Africa/Nairobi', now })).toBe(Date.UTC(2023, 4, 13, 16, 0, 30) / 1000);
  });
  it('keeps an explicit offset and ignores the zone then', () => {
    expect(parseTime('2023-10-15T08:00:00+02:00', { zone: 'Asia/Tokyo', now })).toBe(Date.UTC(2023, 9, 15, 6) / 1000);
    expect(parseTime('2023-10-15T06:00:00Z', { zone: 'Asia/Tokyo', now })).toBe(Date.UTC(2023, 9, 15, 6) / 1000);
  });
  it('reads local times on both sides of a DST change', () => {
    // Europe/Berlin left summer time at 03:00 CEST on 2023-10-29.
    expect(parseTime('2023-10-28 12:00', { zone: 'Europe/Berlin', now })).toBe(Date.UTC(2023, 9, 28, 10) / 1000);
    expect(parseTime('2023-10-30 12:00', { zone: 'Europe/Berlin', now })).toBe(Date.UTC(2023, 9, 30, 11) / 1000);
  });
  it('reads unix seconds, now and now-relative times', () => {
    expect(parseTime('1684000800', { zone: 'UTC', now })).toBe(1_684_000_800);
    expect(parseTime('now', { zone: 'UTC', now })).toBe(now);
    expect(parseTime('now-2h', { zone: 'UTC', now })).toBe(now - 7200);
    expect(parseTime('now - 1h30m', { zone: 'UTC', now })).toBe(now - 5400);
  });
  it('rejects what it cannot read with the accepted forms', () => {
    expect(() => parseTime('yesterday', { zone: 'UTC', now })).toThrow(/"yesterday" is not a time: expected ISO-8601/);
    expect(() => parseTime('2023-13-45 10:00', { zone: 'UTC', now })).toThrow(/is not a time/);
    expect(() => parseTime('now-2x', { zone: 'UTC', now })).toThrow(/expected a duration/);
  });
  it('isValidZone() tells IANA zones from typos', () => {
    expect(isValidZone('Africa/Nairobi')).toBe(true);
    expect(isValidZone('Mars/Olympus')).toBe(false);
  });
});
