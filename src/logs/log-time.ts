import { IANAZone } from 'luxon';

/**
 * Times as log files write them, to unix seconds. Hand-written rather than luxon per line: a
 * gigabyte of log spends most of its time in luxon's general parser, while these shapes need only
 * digits at fixed places; luxon still gives the zone's offset, cached per hour.
 *
 * Shapes: ISO-8601 / RFC 3339 with or without offset (`2023-05-13T19:00:00.123+03:00`,
 * `2023-05-13 19:00:00`), PostgreSQL `%m` (`2023-05-13 19:00:00.123 EAT`), nginx/Apache
 * `13/May/2023:19:00:00 +0300`, syslog RFC 3164 `May 13 19:00:00` (no year: see `syslog`), epoch
 * seconds, milliseconds or microseconds (told apart by size). Times without an offset are in `zone`.
 */
export interface LogTimeReader {
  /** ISO-8601 and PostgreSQL shapes, epoch digits; null when not one of them. */
  text(value: string): number | null;
  /** A JSON value: number (epoch) or string (any text shape). */
  value(value: unknown): number | null;
  /** `13/May/2023:19:00:00 +0300` (exactly that layout). */
  clf(value: string): number | null;
  /** An epoch number in seconds, ms or µs. */
  epoch(value: number): number | null;
  /**
   * RFC 3164 `Mmm dd hh:mm:ss`, which has no year: the year putting the time nearest the window
   * (`near`, unix seconds) wins, so `Dec 31 23:59` and `Jan  1 00:01` around New Year land a year apart.
   */
  syslog(value: string, near: { readonly from: number; readonly to: number }): number | null;
}

const MONTHS: Readonly<Record<string, number>> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
/** Groups: date, time, fraction, then a numeric offset / Z, or a zone abbreviation (PostgreSQL `%m`). */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*(Z|[+-]\d{2}(?::?\d{2})?)|\s+([A-Za-z]{1,6}))?$/;
const BSD = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/;
const EPOCH = /^\d{9,17}(?:\.\d+)?$/;
/** Below this an epoch number is seconds, below the next milliseconds, else microseconds. */
const SECONDS_BELOW = 1e11;
const MILLISECONDS_BELOW = 1e14;
/** Abbreviations that name UTC itself; any other (`EAT`, `CST`, ambiguous) is read as `zone`. */
const UTC_NAMES = new Set(['UTC', 'GMT', 'Z', 'UT']);

function fraction(digits: string | undefined): number {
  return digits === undefined ? 0 : Number(`0.${digits}`);
}

function offsetSeconds(text: string): number {
  if (text === 'Z' || text === 'z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || '0') * 60);
}

/** Where `dd/Mon/yyyy:HH:MM:SS` has its digits. */
const CLF_DIGITS = [0, 1, 7, 8, 9, 10, 12, 13, 15, 16, 18, 19];
const digit = (text: string, at: number): number => text.charCodeAt(at) - 48;
const two = (text: string, at: number): number => digit(text, at) * 10 + digit(text, at + 1);

/**
 * A reader of log times, reading offset-less times in `zone` (an IANA name, already checked).
 *
 * @example createLogTimeReader('Africa/Nairobi').text('2023-05-13 19:00:00') // 1683993600
 */
export function createLogTimeReader(zone: string): LogTimeReader {
  const iana = IANAZone.create(zone);
  const offsets = new Map<number, number>();
  const offsetsByText = new Map<string, number>();
  /** The zone's offset in seconds at a UTC instant, cached per hour (offsets change on hour boundaries). */
  const offsetAt = (utcSeconds: number): number => {
    const hour = Math.floor(utcSeconds / 3600);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      offset = iana.offset(hour * 3600 * 1000) * 60;
      offsets.set(hour, offset);
    }
    return offset;
  };
  /** Wall time in `zone` to UTC, as luxon reads it: the repeated autumn hour as its second pass, the skipped spring hour shifted forward. */
  const fromLocal = (wall: number): number => {
    const first = offsetAt(wall);
    const guess = wall - first;
    const second = offsetAt(guess);
    return first === second ? guess : wall - second;
  };
  const offsetOf = (text: string): number => {
    let offset = offsetsByText.get(text);
    if (offset === undefined) {
      offset = offsetSeconds(text);
      offsetsByText.set(text, offset);
    }
    return offset;
  };
  const epoch = (value: number): number | null => {
    if (!Number.isFinite(value) || value <= 0) return null;
    if (value < SECONDS_BELOW) return value;
    if (value < MILLISECONDS_BELOW) return value / 1e3;
    return value / 1e6;
  };
  const text = (value: string): number | null => {
    const iso = ISO.exec(value);
    if (iso !== null) {
      if (Number(iso[2]) < 1 || Number(iso[2]) > 12 || Number(iso[3]) < 1 || Number(iso[3]) > 31 || Number(iso[4]) > 24 || Number(iso[5]) > 59 || Number(iso[6] ?? '0') > 60) return null;
      const wall = Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]), Number(iso[4]), Number(iso[5]), Number(iso[6] ?? '0')) / 1000 + fraction(iso[7]);
      if (!Number.isFinite(wall)) return null;
      if (iso[8] !== undefined) return wall - offsetOf(iso[8]);
      if (iso[9] !== undefined && UTC_NAMES.has(iso[9].toUpperCase())) return wall;
      return fromLocal(wall);
    }
    if (EPOCH.test(value)) return epoch(Number(value));
    return null;
  };
  let clfMinuteText = '';
  let clfMinute = 0;
  let clfOffsetText = '';
  let clfOffset = 0;
  const clf = (value: string): number | null => {
    // The hot path of access logs: fixed positions, no regex. dd/Mon/yyyy:HH:MM:SS +hhmm
    if (value.length !== 26 || value.charCodeAt(2) !== 47 || value.charCodeAt(6) !== 47 || value.charCodeAt(11) !== 58) return null;
    const month = MONTHS[value.slice(3, 6)];
    if (month === undefined) return null;
    for (const at of CLF_DIGITS) if (value.charCodeAt(at) < 48 || value.charCodeAt(at) > 57) return null;
    // Lines come nearly in order: the minute's start is computed once per minute, not per line.
    const minute = value.slice(0, 17);
    if (minute !== clfMinuteText) {
      const year = two(value, 7) * 100 + two(value, 9);
      const start = Date.UTC(year, month, two(value, 0), two(value, 12), two(value, 15)) / 1000;
      if (!Number.isFinite(start)) return null;
      clfMinuteText = minute;
      clfMinute = start;
    }
    const wall = clfMinute + two(value, 18);
    const zoneText = value.slice(21);
    if (zoneText !== clfOffsetText) {
      if (!/^[+-]\d{4}$/.test(zoneText)) return null;
      clfOffsetText = zoneText;
      clfOffset = offsetSeconds(zoneText);
    }
    return wall - clfOffset;
  };
  return {
    text: (value) => text(value.trim()),
    value(value) {
      if (typeof value === 'number') return epoch(value);
      if (typeof value !== 'string') return null;
      const trimmed = value.trim();
      // nginx's `$time_local` in a JSON log has the access-log layout.
      return trimmed.length === 26 && trimmed.charCodeAt(2) === 47 ? clf(trimmed) : text(trimmed);
    },
    epoch,
    clf,
    syslog(value, near) {
      const bsd = BSD.exec(value);
      if (bsd === null) return null;
      const month = MONTHS[bsd[1] as string];
      if (month === undefined) return null;
      const nearYear = new Date(near.to * 1000).getUTCFullYear();
      let best: number | null = null;
      let bestDistance = Infinity;
      for (const year of [nearYear - 1, nearYear, nearYear + 1]) {
        const wall = Date.UTC(year, month, Number(bsd[2]), Number(bsd[3]), Number(bsd[4]), Number(bsd[5])) / 1000 + fraction(bsd[6]);
        const time = fromLocal(wall);
        const distance = time < near.from ? near.from - time : time > near.to ? time - near.to : 0;
        if (distance < bestDistance) {
          best = time;
          bestDistance = distance;
        }
      }
      return best;
    },
  };
}
