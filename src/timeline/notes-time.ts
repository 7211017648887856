import { DateTime } from 'luxon';
import type { UnixSeconds } from '../model/time.js';

/** What a time written in a notes or changes file is read against. */
export interface EntryTimeContext {
  /** IANA zone for times without an offset (`--tz`). */
  readonly zone: string;
  /** The outage window: a time without a date takes the date that puts it in or nearest to it. */
  readonly windowFrom: UnixSeconds;
  readonly windowTo: UnixSeconds;
}

export type TimeRead = { readonly ok: true; readonly time: UnixSeconds; readonly rest: string } | { readonly ok: false; readonly reason: string };

/**
 * A time at the start of a line: an optional `YYYY-MM-DD` date (space or `T`), `H:mm[:ss[.fff]]`,
 * an optional AM/PM, an optional offset (`Z`, `+03:00`, `+0300`) or zone name (`UTC`, `GMT`, or the
 * abbreviation of `--tz`, such as `EAT`), optional square brackets, then a separator (`:`, `-`,
 * `–`, `—`, `|` or spaces) before the text.
 */
const LEADING_TIME =
  /^\[?(?:(\d{4})-(\d{2})-(\d{2})[ T])?(\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(?:\s?([AaPp])\.?[Mm]\.?)?(Z|[+-]\d{2}:?\d{2})?\]?(?:\s*[-–—:|]\s*|\s+|$)/;

/**
 * A zone name right after the time (`7:05 PM EAT: …`). Taken as a zone only when it is UTC, GMT or
 * a name of `--tz` at that instant; any other capitals (`DBA: …`) are the start of the text.
 */
const LEADING_ZONE = /^([A-Z]{2,5})\]?(?:\s*[-–—:|]\s*|\s+|$)/;

/**
 * English locales asked for a zone's abbreviation, as the report does (reports/format-time.ts): ICU
 * names a zone (EAT, CEST, IST) only in the locales of the regions that use the name.
 */
const ABBREVIATION_LOCALES = ['en-US', 'en-CA', 'en-GB', 'en-IE', 'en-AU', 'en-NZ', 'en-IN', 'en-KE', 'en-ZA', 'en-NG', 'en-SG'] as const;

/** The names people write for `zone` at `time` (EAT, CEST, …), as ICU knows them. */
function zoneAbbreviations(zone: string, time: UnixSeconds): Set<string> {
  const names = new Set<string>();
  for (const locale of ABBREVIATION_LOCALES) {
    const part = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(new Date(time * 1000)).find((p) => p.type === 'timeZoneName');
    if (part !== undefined) names.add(part.value);
  }
  return names;
}

/** A window longer than this makes a time without a date ambiguous. */
const MAX_DATELESS_WINDOW_SECONDS = 86_400;

/**
 * Reads the time a notes or changes line starts with, and returns the text after it. A time without
 * a date takes the local date (in `--tz`) that puts it inside the window, else nearest to it: with a
 * window from 23:00 to 01:00, `23:30` is the first day and `00:30` the next. A time without an
 * offset is read in `--tz` with the offset in force on that date (DST included; a wall time that
 * does not exist on a spring-forward day is moved forward, as luxon does).
 *
 * @example readLeadingTime('19:05 DBAs alerted', { zone: 'Africa/Nairobi', windowFrom, windowTo })
 * // { ok: true, time: 1683993900, rest: 'DBAs alerted' }
 */
export function readLeadingTime(line: string, context: EntryTimeContext): TimeRead {
  const match = LEADING_TIME.exec(line);
  if (match === null) return { ok: false, reason: 'expected a time first, like "19:05", "7:05 PM" or "2023-05-13 19:05"' };
  const [whole, year, month, day, hourText, minuteText, secondText, fraction, meridiem, offset] = match;
  let hour = Number(hourText);
  const minute = Number(minuteText);
  const second = secondText === undefined ? 0 : Number(secondText) + (fraction === undefined ? 0 : Number(fraction));
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return { ok: false, reason: `"${hourText}:${minuteText}" with AM/PM: expected an hour from 1 to 12` };
    hour = (hour % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second >= 60) return { ok: false, reason: `"${whole.trim()}" is not a time of day` };
  let rest = line.slice(whole.length).trim();
  const zoneWord = offset === undefined ? LEADING_ZONE.exec(rest) : null;
  const abbreviation = zoneWord?.[1];
  const utc = offset === 'Z' || abbreviation === 'UTC' || abbreviation === 'GMT';
  const zone = offset !== undefined && offset !== 'Z' ? `UTC${offset.slice(0, 3)}:${offset.slice(-2)}` : utc ? 'UTC' : context.zone;
  const at = (y: number, m: number, d: number) => DateTime.fromObject({ year: y, month: m, day: d, hour, minute, second: Math.floor(second), millisecond: Math.round((second % 1) * 1000) }, { zone });

  let time: number;
  if (year !== undefined) {
    const date = at(Number(year), Number(month), Number(day));
    if (!date.isValid) return { ok: false, reason: `"${year}-${month}-${day}" is not a date` };
    time = date.toSeconds();
  } else {
    if (context.windowTo - context.windowFrom > MAX_DATELESS_WINDOW_SECONDS) {
      return { ok: false, reason: 'a time without a date is ambiguous in a window longer than a day: write the date, like "2023-05-13 19:05"' };
    }
    time = nearestToWindow(context, zone, at);
  }
  if (zoneWord !== null && (utc || zoneAbbreviations(context.zone, time).has(zoneWord[1] as string))) rest = rest.slice(zoneWord[0].length).trim();
  return { ok: true, time, rest };
}

/** The instant of a wall time on the local date that puts it in the window, else nearest to it; the earlier on a tie. */
function nearestToWindow(context: EntryTimeContext, zone: string, at: (y: number, m: number, d: number) => DateTime): number {
  const first = DateTime.fromSeconds(context.windowFrom, { zone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromSeconds(context.windowTo, { zone }).startOf('day').plus({ days: 1 });
  let best = Number.NaN;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let date = first; date <= last; date = date.plus({ days: 1 })) {
    const candidate = at(date.year, date.month, date.day).toSeconds();
    const distance = candidate < context.windowFrom ? context.windowFrom - candidate : candidate > context.windowTo ? candidate - context.windowTo : 0;
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
