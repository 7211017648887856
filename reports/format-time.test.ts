import { describe, expect, it } from 'vitest';
import { formatDuration, formatZonedRange, formatZonedTime, isoUtc, promDuration, resolveZone, utcInputTime, zoneKey, zonedTime } from './format-time.js';
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
  it('formatZonedTime() writes Nairobi as people do: 12-hour clock and EAT', () => {
    expect(formatZonedTime(utc('2023-05-13T16:05:00Z'), 'Africa/Nairobi')).toBe('May 13, 2023, 7:05 PM EAT');
    expect(formatZonedTime(utc('2023-05-13T16:05:00Z'), 'Africa/Nairobi', { withDate: false })).toBe('7:05 PM EAT');
  });

  it('formatZonedTime() shows seconds only when the instant is not on a whole minute, flooring fractions', () => {
    expect(formatZonedTime(utc('2023-05-13T16:05:30Z') + 0.9, 'Africa/Nairobi', { withDate: false })).toBe('7:05:30 PM EAT');
    expect(formatZonedTime(utc('2023-05-13T16:05:00Z') + 0.9, 'Africa/Nairobi', { withDate: false })).toBe('7:05 PM EAT');
  });

  it('formatZonedTime() writes midnight and noon as 12 AM and 12 PM', () => {
    expect(formatZonedTime(utc('2023-05-13T21:00:00Z'), 'Africa/Nairobi')).toBe('May 14, 2023, 12:00 AM EAT');
    expect(formatZonedTime(utc('2023-05-13T09:00:00Z'), 'Africa/Nairobi')).toBe('May 13, 2023, 12:00 PM EAT');
    expect(formatZonedTime(utc('2023-05-13T20:59:59Z'), 'Africa/Nairobi')).toBe('May 13, 2023, 11:59:59 PM EAT');
  });

  it('formatZonedTime() writes the offset as (GMT+h) where the zone has no abbreviation, and plain UTC', () => {
    expect(formatZonedTime(utc('2024-03-12T12:07:30Z'), 'America/Sao_Paulo')).toBe('March 12, 2024, 9:07:30 AM (GMT-3)');
    expect(formatZonedTime(utc('2023-10-15T06:03:00Z'), 'Etc/GMT-2')).toBe('October 15, 2023, 8:03 AM (GMT+2)');
    expect(zonedTime(utc('2023-05-13T16:05:00Z'), 'America/St_Johns')).toMatchObject({ zone: 'NDT', offset: 'UTC-2:30' });
    expect(zonedTime(utc('2023-05-13T16:05:00Z'), 'Asia/Kolkata')).toMatchObject({ time: '9:35 PM', zone: 'IST', offset: 'UTC+5:30' });
    expect(formatZonedTime(utc('2023-05-13T16:05:00Z'), 'UTC')).toBe('May 13, 2023, 4:05 PM UTC');
  });

  it('formatZonedTime() skips the hour Berlin loses in March: 1:59:59 AM CET is followed by 3:00 AM CEST', () => {
    // Europe/Berlin jumps from 02:00 CET to 03:00 CEST on 2023-03-26 (01:00 UTC).
    expect(formatZonedTime(utc('2023-03-26T00:59:59Z'), 'Europe/Berlin')).toBe('March 26, 2023, 1:59:59 AM CET');
    expect(formatZonedTime(utc('2023-03-26T01:00:00Z'), 'Europe/Berlin')).toBe('March 26, 2023, 3:00 AM CEST');
    const hours = Array.from({ length: 12 }, (_, i) => zonedTime(utc('2023-03-26T00:00:00Z') + i * 900, 'Europe/Berlin').time);
    expect(hours.some((time) => time.startsWith('2:'))).toBe(false);
  });

  it('formatZonedTime() tells the repeated autumn hour apart by its abbreviation, in Berlin and New York', () => {
    // 02:30 happens twice in Berlin on 2023-10-29: first in CEST, then in CET.
    expect(formatZonedTime(utc('2023-10-29T00:30:00Z'), 'Europe/Berlin')).toBe('October 29, 2023, 2:30 AM CEST');
    expect(formatZonedTime(utc('2023-10-29T01:30:00Z'), 'Europe/Berlin')).toBe('October 29, 2023, 2:30 AM CET');
    // 01:30 happens twice in New York on 2023-11-05: EDT, then EST.
    expect(formatZonedTime(utc('2023-11-05T05:30:00Z'), 'America/New_York', { withDate: false })).toBe('1:30 AM EDT');
    expect(formatZonedTime(utc('2023-11-05T06:30:00Z'), 'America/New_York', { withDate: false })).toBe('1:30 AM EST');
  });

  it('formatZonedRange() writes a shared date and zone once, the zone on each side across DST, the date on each side across midnight', () => {
    expect(formatZonedRange(utc('2023-05-13T16:00:00Z'), utc('2023-05-13T18:00:00Z'), 'Africa/Nairobi')).toBe('May 13, 2023, 7:00 PM → 9:00 PM EAT');
    expect(formatZonedRange(utc('2023-03-26T00:00:00Z'), utc('2023-03-26T02:00:00Z'), 'Europe/Berlin')).toBe('March 26, 2023, 1:00 AM CET → 4:00 AM CEST');
    expect(formatZonedRange(utc('2023-05-13T20:00:00Z'), utc('2023-05-13T22:30:00Z'), 'Africa/Nairobi')).toBe(
      'May 13, 2023, 11:00 PM EAT → May 14, 2023, 1:30 AM EAT',
    );
  });

  it('zoneKey() states the offset behind each abbreviation once, both sides of a DST change', () => {
    expect(zoneKey([utc('2023-05-13T16:05:00Z'), utc('2023-05-13T17:05:00Z')], 'Africa/Nairobi')).toBe('EAT = UTC+3');
    expect(zoneKey([utc('2023-10-29T01:30:00Z'), utc('2023-10-29T00:30:00Z')], 'Europe/Berlin')).toBe('CEST = UTC+2, CET = UTC+1');
    expect(zoneKey([utc('2024-03-12T12:07:30Z')], 'America/Sao_Paulo')).toBe('');
    expect(zoneKey([utc('2024-03-12T12:07:30Z')], 'UTC')).toBe('');
  });

  it('zonedTime() gives the weekday and the ISO date used to compare days', () => {
    expect(zonedTime(utc('2023-05-13T16:05:00Z'), 'Africa/Nairobi')).toMatchObject({ date: '2023-05-13', weekday: 'Saturday, May 13, 2023' });
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
