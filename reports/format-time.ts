import { DateTime, IANAZone } from 'luxon';

/**
 * English locales asked, in this order, for a zone's abbreviation. ICU only names a zone (EAT, CEST,
 * IST) in the locales of the regions that use the name and says "GMT+3" elsewhere, so one locale
 * is not enough. The order is fixed so the same instant always gets the same name; the report's
 * zone key (`zoneKey`) states the numeric offset behind each name.
 */
const ABBREVIATION_LOCALES = ['en-US', 'en-CA', 'en-GB', 'en-IE', 'en-AU', 'en-NZ', 'en-IN', 'en-KE', 'en-ZA', 'en-NG', 'en-SG'] as const;

/** A real abbreviation, as opposed to ICU's "GMT+3" fallback. */
const ABBREVIATION = /^[A-Z]{2,5}$/;

/** The zone a report is rendered in, after checking the name the user gave. */
export interface ReportZone {
  /** The IANA zone used for rendering: the requested one, or `UTC` when it is unknown. */
  readonly zone: string;
  /** The requested zone when it was unknown and UTC was used instead. */
  readonly unknown: string | null;
}

/**
 * Checks an IANA zone name and falls back to UTC when luxon does not know it, so a bad
 * `timezone` in saved evidence gives a report in UTC with a note instead of "Invalid DateTime".
 *
 * @example resolveZone('Africa/Nairobi') // { zone: 'Africa/Nairobi', unknown: null }
 */
export function resolveZone(zone: string): ReportZone {
  return IANAZone.isValidZone(zone) ? { zone, unknown: null } : { zone: 'UTC', unknown: zone };
}

/**
 * Unix seconds as an ISO-8601 UTC string with seconds precision, e.g. `2023-10-15T06:03:00Z`, or
 * null when the time is not a finite instant. Fractions are truncated (floored), as a clock shows
 * them, so a time is never printed later than it happened.
 *
 * @example isoUtc(1697349780.9) // '2023-10-15T06:03:00Z'
 */
export function isoUtc(seconds: number): string | null {
  const date = utcDate(seconds);
  return date === null ? null : `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * Unix seconds as `YYYY-MM-DD HH:mm:ss` in UTC, the form Prometheus' graph page reads in
 * `g0.end_input`. Empty for a time that is not a finite instant.
 *
 * @example utcInputTime(1697349780) // '2023-10-15 06:03:00'
 */
export function utcInputTime(seconds: number): string {
  return isoUtc(seconds)?.replace('T', ' ').slice(0, 19) ?? '';
}

/** The pieces a report needs to print one instant in a zone. */
export interface ZonedTime {
  /** Local date, `YYYY-MM-DD`: for comparing days, not for reading. */
  readonly date: string;
  /** Local date as people write it: `May 13, 2023`. */
  readonly day: string;
  /** Local date with its weekday, for a heading: `Saturday, May 13, 2023`. */
  readonly weekday: string;
  /** Local time on a 12-hour clock: `7:05 PM`, with seconds only when not on the minute (`7:05:30 PM`). */
  readonly time: string;
  /** The zone as people write it: its abbreviation (`EAT`, `CEST`), else the offset (`(GMT+2)`), or `UTC`. */
  readonly zone: string;
  /** The numeric offset in force at that instant: `UTC+3`, `UTC+5:30`, `UTC`. */
  readonly offset: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/**
 * Splits an instant into the pieces a report prints, in `zone` (an IANA name already checked with
 * `resolveZone`). The style is the one people use in postmortems (`7:05 PM EAT`, `8:03 AM (GMT+2)`):
 * - a 12-hour clock with AM/PM; seconds only when the instant is not on a whole minute, so lines a few
 *   seconds apart stay apart and whole minutes read as people say them (fractions are floored);
 * - the zone's abbreviation when it has a real one (EAT, CEST, EDT), else the offset as `(GMT+2)`.
 *   The abbreviation changes with the offset (CEST → CET), so the hour repeated at the end of summer
 *   time prints as `2:30 AM CEST` then `2:30 AM CET`, and the skipped hour never appears;
 * - English month and weekday names written here rather than through `Intl` or luxon's `toFormat`,
 *   which follow the process's locale and numbering system: the same instant always gives the same text.
 *
 * @example zonedTime(1683993900, 'Africa/Nairobi').time // '7:05 PM'
 */
export function zonedTime(seconds: number, zone: string): ZonedTime {
  const unknown: ZonedTime = { date: '????-??-??', day: 'unknown date', weekday: 'unknown date', time: 'unknown time', zone: '', offset: '' };
  if (!Number.isFinite(seconds)) return unknown;
  const local = DateTime.fromSeconds(Math.floor(seconds), { zone });
  if (!local.isValid) return unknown;
  const month = MONTHS[local.month - 1] ?? '';
  const day = `${month} ${local.day}, ${pad(local.year, 4)}`;
  const hour12 = local.hour % 12 === 0 ? 12 : local.hour % 12;
  const clock = local.second === 0 ? `${hour12}:${pad(local.minute, 2)}` : `${hour12}:${pad(local.minute, 2)}:${pad(local.second, 2)}`;
  return {
    date: `${pad(local.year, 4)}-${pad(local.month, 2)}-${pad(local.day, 2)}`,
    day,
    weekday: `${WEEKDAYS[local.weekday - 1] ?? ''}, ${day}`,
    time: `${clock} ${local.hour < 12 ? 'AM' : 'PM'}`,
    zone: zoneName(local),
    offset: isUtcZone(local) ? 'UTC' : offsetLabel(local.offset),
  };
}

/**
 * One instant as a reader sees it: `May 13, 2023, 7:05 PM EAT`, or without the date when
 * `withDate` is false (`7:05 PM EAT`), for lines under a date heading.
 *
 * @example formatZonedTime(1683993900, 'Africa/Nairobi') // 'May 13, 2023, 7:05 PM EAT'
 */
export function formatZonedTime(seconds: number, zone: string, options: { readonly withDate?: boolean } = {}): string {
  if (!Number.isFinite(seconds)) return 'unknown time';
  const parts = zonedTime(seconds, zone);
  return options.withDate === false ? `${parts.time} ${parts.zone}` : `${parts.day}, ${parts.time} ${parts.zone}`;
}

/**
 * A span of time as `May 13, 2023, 7:00 PM → 9:00 PM EAT`: the date and zone are written once when
 * both ends share them; the zone on each side across a DST change (`1:00 AM CET → 4:00 AM CEST`);
 * the date on each side across midnight.
 *
 * @example formatZonedRange(1683993600, 1684000800, 'Africa/Nairobi') // 'May 13, 2023, 7:00 PM → 9:00 PM EAT'
 */
export function formatZonedRange(from: number, to: number, zone: string): string {
  const start = zonedTime(from, zone);
  const end = zonedTime(to, zone);
  if (start.date !== end.date) return `${formatZonedTime(from, zone)} → ${formatZonedTime(to, zone)}`;
  if (start.zone === end.zone) return `${start.day}, ${start.time} → ${end.time} ${end.zone}`;
  return `${start.day}, ${start.time} ${start.zone} → ${end.time} ${end.zone}`;
}

/**
 * What each zone name printed for these instants means, once: `EAT = UTC+3`, or
 * `CEST = UTC+2, CET = UTC+1` across a DST change (in order of first appearance). Names that are
 * offsets already (`(GMT+2)`, `UTC`) need no key and are left out; empty when none is left.
 *
 * @example zoneKey([1683993900], 'Africa/Nairobi') // 'EAT = UTC+3'
 */
export function zoneKey(instants: readonly number[], zone: string): string {
  const seen = new Map<string, Set<string>>();
  for (const instant of [...instants].filter(Number.isFinite).sort((a, b) => a - b)) {
    const parts = zonedTime(instant, zone);
    if (parts.zone === '' || parts.zone === 'UTC' || parts.zone.startsWith('(')) continue;
    const offsets = seen.get(parts.zone) ?? new Set<string>();
    offsets.add(parts.offset);
    seen.set(parts.zone, offsets);
  }
  return [...seen.entries()].map(([name, offsets]) => `${name} = ${[...offsets].join(' or ')}`).join(', ');
}

/**
 * A duration in seconds the way people write it: the two largest units, e.g. `3m 15s`, `8h 30m`,
 * `2d 4h`, `45s`. Rounded to whole seconds; negative durations keep their sign.
 *
 * @example formatDuration(195) // '3m 15s'
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unknown';
  const total = Math.round(Math.abs(seconds));
  const sign = seconds < 0 && total > 0 ? '-' : '';
  const units: readonly [string, number][] = [
    ['d', Math.floor(total / 86_400)],
    ['h', Math.floor((total % 86_400) / 3_600)],
    ['m', Math.floor((total % 3_600) / 60)],
    ['s', total % 60],
  ];
  const first = units.findIndex(([, amount]) => amount > 0);
  if (first === -1) return '0s';
  const shown = units.slice(first, first + 2).filter(([, amount]) => amount > 0);
  return sign + shown.map(([unit, amount]) => `${amount}${unit}`).join(' ');
}

/**
 * A duration in Prometheus' syntax with one unit, exact: `2h`, `90m`, `5415s`. Used for the graph
 * page's `range_input`, which older Prometheus UIs only parse with a single unit.
 *
 * @example promDuration(5400) // '90m'
 */
export function promDuration(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole % 86_400 === 0) return `${whole / 86_400}d`;
  if (whole % 3_600 === 0) return `${whole / 3_600}h`;
  if (whole % 60 === 0) return `${whole / 60}m`;
  return `${whole}s`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function utcDate(seconds: number): Date | null {
  if (!Number.isFinite(seconds)) return null;
  const date = new Date(Math.floor(seconds) * 1000);
  return Number.isNaN(date.getTime()) ? null : date;
}

function isUtcZone(local: DateTime): boolean {
  return local.zoneName === 'UTC' || local.zoneName === 'Etc/UTC';
}

function zoneName(local: DateTime): string {
  if (isUtcZone(local)) return 'UTC';
  const abbreviation = zoneAbbreviation(local);
  return abbreviation ?? `(${offsetLabel(local.offset).replace('UTC', 'GMT')})`;
}

function offsetLabel(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return rest === 0 ? `UTC${sign}${hours}` : `UTC${sign}${hours}:${String(rest).padStart(2, '0')}`;
}

/**
 * Formatters by locale and zone. Building an `Intl.DateTimeFormat` costs far more than using one,
 * and a report asks for the same few zones thousands of times. Caching formatters (not answers)
 * keeps every result a pure function of the instant.
 */
const ABBREVIATION_FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function zoneAbbreviation(local: DateTime): string | null {
  const zone = local.zoneName;
  if (zone === null) return null;
  for (const locale of ABBREVIATION_LOCALES) {
    const key = `${locale} ${zone}`;
    let formatter = ABBREVIATION_FORMATTERS.get(key);
    if (formatter === undefined) {
      formatter = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
      ABBREVIATION_FORMATTERS.set(key, formatter);
    }
    const name = formatter.formatToParts(local.toMillis()).find((part) => part.type === 'timeZoneName')?.value;
    if (name !== undefined && ABBREVIATION.test(name)) return name;
  }
  return null;
}
