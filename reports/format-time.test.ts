import { describe, expect, it } from 'vitest';
import { formatDuration, formatZonedRange, formatZonedTime, isoUtc, promDuration, resolveZone, utcInputTime, zonedTime } from './format-time.js';
import { utc } from './_testing.js';

describe('isoUtc()', () => {
  it('isoUtc() writes seconds precision with Z, flooring fractions', () => {
    expect(isoUtc(utc('2023-10-15T06:03:00Z'))).toBe('2023-10-15T06:03:00Z');
    expect(isoUtc(utc('2023-10-15T06:03:00Z') + 0.999)).toBe('2023-10-15T06:03:00Z');
  });

  it('isoUtc() gives null for times that are not instants', () => {
    expect(isoUtc(Number.NaN)).toBeNull();
    expect(isoUtc(Number.POSITIVE_INFINITY)).toBeNull();
    expect(isoUtc(1e20)).toBeNull();
  });

  it('utcInputTime() writes the graph page form', () => {
    expect(utcInputTime(utc('2023-05-13T18:00:00Z'))).toBe('2023-05-13 18:00:00');
  });
});

describe('zoned times', () => {
  it('formatZonedTime() renders Nairobi as local time with EAT and +3', () => {
    expect(formatZonedTime(utc('2023-05-13T16:05:00Z'), 'Africa/Nairobi')).toBe('2023-05-13 19:05:00 EAT (UTC+3)');
    expect(formatZonedTime(utc('2023-05-13T16:05:00Z'), 'Africa/Nairobi', { withDate: false })).toBe('19:05:00 EAT (UTC+3)');
  });

  it('formatZonedTime() shows the offset in force on each side of the March DST change', () => {
    // Europe/Berlin jumps from 02:00 CET to 03:00 CEST on 2023-03-26 (01:00 UTC).
    expect(formatZonedTime(utc('2023-03-26T00:30:00Z'), 'Europe/Berlin')).toBe('2023-03-26 01:30:00 CET (UTC+1)');
    expect(formatZonedTime(utc('2023-03-26T01:30:00Z'), 'Europe/Berlin')).toBe('2023-03-26 03:30:00 CEST (UTC+2)');
  });

  it('formatZonedTime() tells the repeated October hour apart by its offset', () => {
    // 02:30 happens twice in Berlin on 2023-10-29: first in CEST, then in CET.
    expect(formatZonedTime(utc('2023-10-29T00:30:00Z'), 'Europe/Berlin')).toBe('2023-10-29 02:30:00 CEST (UTC+2)');
    expect(formatZonedTime(utc('2023-10-29T01:30:00Z'), 'Europe/Berlin')).toBe('2023-10-29 02:30:00 CET (UTC+1)');
  });

  it('formatZonedTime() prints half-hour offsets and plain UTC', () => {
    expect(zonedTime(utc('2023-05-13T16:05:00Z'), 'Asia/Kolkata').zone).toBe('IST (UTC+5:30)');
    expect(zonedTime(utc('2023-05-13T16:05:00Z'), 'America/St_Johns').zone).toBe('NDT (UTC-2:30)');
    expect(formatZonedTime(utc('2023-05-13T16:05:00Z'), 'UTC')).toBe('2023-05-13 16:05:00 UTC');
  });

  it('formatZonedRange() writes a shared date and zone once, and both in full across DST', () => {
    expect(formatZonedRange(utc('2023-05-13T16:00:00Z'), utc('2023-05-13T18:00:00Z'), 'Africa/Nairobi')).toBe(
      '2023-05-13 19:00:00 → 21:00:00 EAT (UTC+3)',
    );
    expect(formatZonedRange(utc('2023-03-26T00:00:00Z'), utc('2023-03-26T02:00:00Z'), 'Europe/Berlin')).toBe(
      '2023-03-26 01:00:00 CET (UTC+1) → 2023-03-26 04:00:00 CEST (UTC+2)',
    );
  });

  it('resolveZone() falls back to UTC for an unknown zone', () => {
    expect(resolveZone('Africa/Nairobi')).toEqual({ zone: 'Africa/Nairobi', unknown: null });
    expect(resolveZone('Mars/Olympus')).toEqual({ zone: 'UTC', unknown: 'Mars/Olympus' });
  });
});

describe('durations', () => {
  it('formatDuration() keeps the two largest units', () => {
    expect(formatDuration(195)).toBe('3m 15s');
    expect(formatDuration(8 * 3600 + 30 * 60)).toBe('8h 30m');
    expect(formatDuration(3600)).toBe('1h');
    expect(formatDuration(2 * 86400 + 4 * 3600 + 59)).toBe('2d 4h');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(-90)).toBe('-1m 30s');
    expect(formatDuration(Number.NaN)).toBe('unknown');
  });

  it('promDuration() uses one exact unit', () => {
    expect(promDuration(4 * 3600)).toBe('4h');
    expect(promDuration(5400)).toBe('90m');
    expect(promDuration(5415)).toBe('5415s');
    expect(promDuration(86400 * 2)).toBe('2d');
  });
});
