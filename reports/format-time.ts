import { DateTime, IANAZone } from 'luxon';

/**
 * English locales asked, in this order, for a zone's abbreviation. ICU only names a zone (EAT, CEST,
 * IST) in the locales of the regions that use the name and says "GMT+3" elsewhere, so one locale
 * is not enough. The order is fixed so the same instant always gets the same name; the numeric
 * offset printed beside it stays the authority.
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
  /** Local date, `YYYY-MM-DD`. */
  readonly date: string;
  /** Local time, `HH:mm:ss` (24-hour). */
  readonly time: string;
  /** The zone as people read it, always with the numeric offset: `EAT (UTC+3)`, `UTC+5:30`, `UTC`. */
  readonly zone: string;
}

/**
 * Splits an instant into local date, local time and a zone label for `zone` (an IANA name already
 * checked with `resolveZone`). The label carries the offset in force at that instant, so times on
 * either side of a DST change show different offsets. Fractions of a second are floored.
 *
 * @example zonedTime(1683993900, 'Africa/Nairobi') // { date: '2023-05-13', time: '19:05:00', zone: 'EAT (UTC+3)' }
 */
export function zonedTime(seconds: number, zone: string): ZonedTime {
  if (!Number.isFinite(seconds)) return { date: '????-??-??', time: '??:??:??', zone: '' };
  const local = DateTime.fromSeconds(Math.floor(seconds), { zone });
  if (!local.isValid) return { date: '????-??-??', time: '??:??:??', zone: '' };
  // Built from luxon's numeric fields, not `toFormat`, which follows luxon's global locale and
  // numbering system (a process set to Arabic digits would otherwise change every report).
  const date = `${pad(local.year, 4)}-${pad(local.month, 2)}-${pad(local.day, 2)}`;
  const time = `${pad(local.hour, 2)}:${pad(local.minute, 2)}:${pad(local.second, 2)}`;
  return { date, time, zone: zoneLabel(local) };
}

/**
 * One instant as a reader sees it: `2023-05-13 19:05:00 EAT (UTC+3)`, or without the date when
 * `withDate` is false (`19:05:00 EAT (UTC+3)`), for lines under a date heading.
 *
 * @example formatZonedTime(1683993900, 'Africa/Nairobi') // '2023-05-13 19:05:00 EAT (UTC+3)'
 */
export function formatZonedTime(seconds: number, zone: string, options: { readonly withDate?: boolean } = {}): string {
  if (!Number.isFinite(seconds)) return 'unknown time';
  const parts = zonedTime(seconds, zone);
  return options.withDate === false ? `${parts.time} ${parts.zone}` : `${parts.date} ${parts.time} ${parts.zone}`;
}

/**
 * A span of time as `2023-05-13 19:00:00 → 21:00:00 EAT (UTC+3)`: the date and zone are written
 * once when both ends share them, and in full on each side otherwise (across midnight or a DST change).
 *
 * @example formatZonedRange(1683993600, 1684000800, 'Africa/Nairobi') // '2023-05-13 19:00:00 → 21:00:00 EAT (UTC+3)'
 */
export function formatZonedRange(from: number, to: number, zone: string): string {
  const start = zonedTime(from, zone);
  const end = zonedTime(to, zone);
  if (start.date === end.date && start.zone === end.zone) {
    return `${start.date} ${start.time} → ${end.time} ${end.zone}`;
  }
  return `${formatZonedTime(from, zone)} → ${formatZonedTime(to, zone)}`;
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

function zoneLabel(local: DateTime): string {
  if (local.zoneName === 'UTC' || local.zoneName === 'Etc/UTC') return 'UTC';
  const offset = offsetLabel(local.offset);
  const abbreviation = zoneAbbreviation(local);
  return abbreviation === null ? offset : `${abbreviation} (${offset})`;
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
