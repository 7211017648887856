import { DateTime } from 'luxon';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogTimeReader } from './log-time.js';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('createLogTimeReader().value() on access-log and JSON times', () => {
  const nairobi = createLogTimeReader('Africa/Nairobi');

  it('reads nginx $time_local and $time_iso8601 with their own offsets, whatever the zone', () => {
    expect(nairobi.value('13/May/2023:19:00:00 +0300')).toBe(at('2023-05-13T16:00:00Z'));
    expect(createLogTimeReader('UTC').value('13/May/2023:19:00:00 +0300')).toBe(at('2023-05-13T16:00:00Z'));
    expect(nairobi.value('2023-05-13T19:00:00+03:00')).toBe(at('2023-05-13T16:00:00Z'));
    expect(nairobi.value('2023-05-13T16:00:00.250Z')).toBe(at('2023-05-13T16:00:00.250Z'));
  });

  it('reads times without an offset in the zone, Python\'s comma fraction too', () => {
    expect(nairobi.value('2023-05-13 19:00:00,123')).toBeCloseTo(at('2023-05-13T16:00:00.123Z'), 6);
    expect(nairobi.value('2023-05-13T19:00')).toBe(at('2023-05-13T16:00:00Z'));
  });

  it('reads epoch seconds, milliseconds and microseconds, as numbers or digit strings', () => {
    expect(nairobi.value(1683993600)).toBe(1683993600);
    expect(nairobi.value('1683993600.123')).toBeCloseTo(1683993600.123, 6);
    expect(nairobi.value(1683993600123)).toBeCloseTo(1683993600.123, 6);
    expect(nairobi.value(1683993600123456)).toBeCloseTo(1683993600.123456, 5);
  });

  it('returns null for what is not a time', () => {
    expect(nairobi.value('yesterday')).toBeNull();
    expect(nairobi.value('13/Foo/2023:19:00:00 +0300')).toBeNull();
    expect(nairobi.value(null)).toBeNull();
    expect(nairobi.value(-5)).toBeNull();
  });

  it('agrees with luxon for local times across a DST change (Europe/Berlin, March and October 2023)', () => {
    const berlin = createLogTimeReader('Europe/Berlin');
    const from = at('2023-03-25T00:00:00Z');
    const to = at('2023-10-30T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (instant) => {
        const local = DateTime.fromSeconds(instant, { zone: 'Europe/Berlin' }).toFormat('yyyy-MM-dd HH:mm:ss');
        // In the autumn overlap both readings are right; luxon and the reader both take the earlier offset.
        expect(berlin.value(local)).toBe(DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm:ss', { zone: 'Europe/Berlin' }).toSeconds());
      }),
      { numRuns: 500 },
    );
  });
});
