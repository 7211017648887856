import { describe, expect, it } from 'vitest';
import { readLeadingTime, type EntryTimeContext } from './notes-time.js';

const utc = (iso: string) => Date.parse(iso) / 1000;
// The auth-deadlock outage: 19:00–21:00 EAT (UTC+3) on 13 May 2023.
const nairobi: EntryTimeContext = { zone: 'Africa/Nairobi', windowFrom: utc('2023-05-13T16:00:00Z'), windowTo: utc('2023-05-13T18:00:00Z') };

describe('readLeadingTime()', () => {
  it('reads the forms people write notes in, in --tz, and returns the text after the time', () => {
    const forms = ['19:05 DBAs alerted', '19:05: DBAs alerted', '19:05 - DBAs alerted', '[19:05] DBAs alerted', '7:05 PM DBAs alerted', '7:05 pm EAT: DBAs alerted', '2023-05-13 19:05 DBAs alerted', '2023-05-13T16:05:00Z DBAs alerted', '16:05 UTC DBAs alerted', '19:05:00 | DBAs alerted'];
    for (const form of forms) expect({ form, read: readLeadingTime(form, nairobi) }).toEqual({ form, read: { ok: true, time: utc('2023-05-13T16:05:00Z'), rest: 'DBAs alerted' } });
  });

  it('keeps capitals after the time as text when they are not a zone', () => {
    expect(readLeadingTime('19:05 DBA: restarting the replica', nairobi)).toEqual({ ok: true, time: utc('2023-05-13T16:05:00Z'), rest: 'DBA: restarting the replica' });
  });

  it('gives a time without a date the date that puts it in or nearest the window, across midnight', () => {
    // 23:00–01:00 CEST, 18–19 June 2024 (21:00–23:00 UTC).
    const night: EntryTimeContext = { zone: 'Europe/Berlin', windowFrom: utc('2024-06-18T21:00:00Z'), windowTo: utc('2024-06-18T23:00:00Z') };
    const at = (text: string) => {
      const read = readLeadingTime(`${text} note`, night);
      return read.ok ? new Date(read.time * 1000).toISOString() : read.reason;
    };
    expect(at('23:30')).toBe('2024-06-18T21:30:00.000Z');
    expect(at('00:30')).toBe('2024-06-18T22:30:00.000Z');
    expect(at('22:40')).toBe('2024-06-18T20:40:00.000Z');
    expect(at('01:20')).toBe('2024-06-18T23:20:00.000Z');
  });

  it('reads each wall time with the offset in force that day, across a DST change', () => {
    // Clocks go from 02:00 CET to 03:00 CEST on 31 March 2024.
    const spring: EntryTimeContext = { zone: 'Europe/Berlin', windowFrom: utc('2024-03-31T00:00:00Z'), windowTo: utc('2024-03-31T03:00:00Z') };
    const at = (text: string) => {
      const read = readLeadingTime(`${text} x`, spring);
      return read.ok ? new Date(read.time * 1000).toISOString() : read.reason;
    };
    expect(at('01:30')).toBe('2024-03-31T00:30:00.000Z');
    expect(at('03:30')).toBe('2024-03-31T01:30:00.000Z');
  });

  it('says what was expected for a line without a readable time', () => {
    for (const bad of ['DBAs alerted at 19:05', '25:10 too late', '13:05 PM thirteen PM', '19:65 no such minute', '2023-02-30 19:05 no such day']) {
      const read = readLeadingTime(bad, nairobi);
      expect({ bad, ok: read.ok }).toEqual({ bad, ok: false });
      if (!read.ok) expect(read.reason).toMatch(/expected|not a (time|date)/);
    }
  });

  it('refuses a time without a date when the window spans more than a day', () => {
    const long: EntryTimeContext = { ...nairobi, windowTo: nairobi.windowFrom + 2 * 86_400 };
    expect(readLeadingTime('19:05 x', long)).toMatchObject({ ok: false, reason: expect.stringMatching(/ambiguous/) });
    expect(readLeadingTime('2023-05-14 19:05 x', long)).toMatchObject({ ok: true, time: utc('2023-05-14T16:05:00Z') });
  });
});
