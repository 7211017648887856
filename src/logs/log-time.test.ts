import { describe, expect, it } from 'vitest';
import { utc } from './_testing.js';
import { createLogTimeReader } from './log-time.js';

describe('createLogTimeReader()', () => {
  const berlin = createLogTimeReader('Europe/Berlin');

  it('reads times without an offset in the zone, following DST', () => {
    expect(berlin.text('2023-07-01 12:00:00')).toBe(utc('2023-07-01T10:00:00Z'));
    expect(berlin.text('2023-01-01T12:00:00.5')).toBe(utc('2023-01-01T11:00:00Z') + 0.5);
    // The repeated autumn hour reads as its second pass (CET), the skipped spring hour as summer time: as luxon reads them.
    expect(berlin.text('2023-10-29 02:30:00')).toBe(utc('2023-10-29T01:30:00Z'));
    expect(berlin.text('2023-03-26 02:30:00')).toBe(utc('2023-03-26T01:30:00Z'));
  });

  it('reads offsets, Z and UTC/GMT as written, other abbreviations in the zone', () => {
    expect(berlin.text('2023-05-13T19:00:00+03:00')).toBe(utc('2023-05-13T16:00:00Z'));
    expect(berlin.text('2023-05-13 16:00:00.250 UTC')).toBe(utc('2023-05-13T16:00:00.250Z'));
    expect(berlin.text('2023-05-13 18:00:00 CEST')).toBe(utc('2023-05-13T16:00:00Z'));
    expect(berlin.text('2023-05-13 19:00:00 +03')).toBe(utc('2023-05-13T16:00:00Z'));
  });

  it('tells epoch seconds, milliseconds and microseconds apart, and refuses impossible dates', () => {
    expect(berlin.value(1683993600)).toBe(1683993600);
    expect(berlin.value(1683993600123)).toBe(1683993600.123);
    expect(berlin.value('1683993600123456')).toBe(1683993600.123456);
    expect(berlin.text('2023-13-01 00:00:00')).toBeNull();
    expect(berlin.text('2023-05-13 25:00:00')).toBeNull();
    expect(berlin.value(null)).toBeNull();
  });

  it('reads nginx times with their offset, and refuses a wrong layout', () => {
    expect(berlin.clf('13/May/2023:19:00:00 +0300')).toBe(utc('2023-05-13T16:00:00Z'));
    expect(berlin.clf('13/May/2023:19:00:59 -0130')).toBe(utc('2023-05-13T20:30:59Z'));
    expect(berlin.clf('13/May/2023:19:0a:00 +0300')).toBeNull();
    expect(berlin.clf('13/May/2023:19:00:00 +03:00')).toBeNull();
  });
});
