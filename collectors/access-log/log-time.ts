import { IANAZone } from 'luxon';

/**
 * Times as request logs write them, to unix seconds. Hand-written rather than luxon per line: a log
 * of a million lines would spend most of its time in luxon's general parser, while these few shapes
 * need only digits at fixed places; luxon still gives the zone's offset, cached per hour.
 *
 * Shapes: nginx/Apache `13/May/2023:19:00:00 +0300`; ISO-8601 with or without offset
 * (`2023-05-13T19:00:00.123+03:00`, `2023-05-13 19:00:00`); epoch seconds, milliseconds or
 * microseconds as numbers or digit strings (told apart by size). A time without an offset is read
 * in `zone`.
 */
export interface LogTimeReader {
  read(value: unknown): number | null;
}

const MONTHS: Readonly<Record<string, number>> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const CLF = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))? ([+-])(\d{2}):?(\d{2})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const EPOCH = /^\d{9,17}(?:\.\d+)?$/;
/** Below this an epoch number is seconds, below the next milliseconds, else microseconds (2286 AD in seconds). */
const SECONDS_BELOW = 1e11;
const MILLISECONDS_BELOW = 1e14;

function epoch(value: number): number | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  if (value < SECONDS_BELOW) return value;
  if (value < MILLISECONDS_BELOW) return value / 1e3;
  return value / 1e6;
}

function fraction(digits: string | undefined): number {
  return digits === undefined ? 0 : Number(`0.${digits}`);
}

function offsetSeconds(text: string): number {
  if (text === 'Z' || text === 'z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || '0') * 60);
}

/**
 * A reader for times in logs, reading offset-less times in `zone` (an IANA name, already checked).
 *
 * @example createLogTimeReader('Africa/Nairobi').read('2023-05-13 19:00:00') // 1683993600
 */
export function createLogTimeReader(zone: string): LogTimeReader {
  const iana = IANAZone.create(zone);
  const offsets = new Map<number, number>();
  /** `+03:00` → 10800: a log writes the same few offsets on every line. */
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
  /** Wall time in `zone` to UTC; in a DST gap or overlap the earlier offset wins, as luxon does. */
  const fromLocal = (wall: number): number => {
    const first = offsetAt(wall);
    const guess = wall - first;
    const second = offsetAt(guess);
    return first === second ? guess : wall - second;
  };
  const readText = (text: string): number | null => {
    const clf = CLF.exec(text);
    if (clf !== null) {
      const month = MONTHS[clf[2] as string];
      if (month === undefined) return null;
      const wall = Date.UTC(Number(clf[3]), month, Number(clf[1]), Number(clf[4]), Number(clf[5]), Number(clf[6])) / 1000;
      const offset = (clf[8] === '-' ? -1 : 1) * (Number(clf[9]) * 3600 + Number(clf[10]) * 60);
      return wall + fraction(clf[7]) - offset;
    }
    const iso = ISO.exec(text);
    if (iso !== null) {
      const wall =
        Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]), Number(iso[4]), Number(iso[5]), Number(iso[6] ?? '0')) / 1000 + fraction(iso[7]);
      if (!Number.isFinite(wall)) return null;
      if (iso[8] === undefined) return fromLocal(wall);
      let offset = offsetsByText.get(iso[8]);
      if (offset === undefined) {
        offset = offsetSeconds(iso[8]);
        offsetsByText.set(iso[8], offset);
      }
      return wall - offset;
    }
    if (EPOCH.test(text)) return epoch(Number(text));
    return null;
  };
  return {
    read(value: unknown): number | null {
      if (typeof value === 'number') return epoch(value);
      if (typeof value === 'string') return readText(value.trim());
      return null;
    },
  };
}
