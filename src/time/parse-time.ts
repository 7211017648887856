import { DateTime, IANAZone } from 'luxon';
import type { UnixSeconds } from '../model/time.js';
import { parseDuration } from './parse-duration.js';

export class TimeSyntaxError extends SyntaxError {
  override readonly name = 'TimeSyntaxError';
}

export interface ParseTimeOptions {
  /** IANA zone for times written without an offset. */
  readonly zone: string;
  /** The instant `now` stands for, in unix seconds. */
  readonly now: UnixSeconds;
}

const RELATIVE = /^now\s*(?:([+-])\s*(.+))?$/;
const UNIX_SECONDS = /^\d{9,11}(?:\.\d+)?$/;
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)$/;
const HAS_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * Reads a time the way operators write it (contract: ISO-8601 with or without an offset,
 * `YYYY-MM-DD HH:mm[:ss]` read in the zone, unix seconds, `now`, `now-2h`).
 *
 * @example parseTime('2023-05-13 19:00', { zone: 'Africa/Nairobi', now }) // 1684000800
 * @throws TimeSyntaxError naming the text and the accepted forms.
 */
export function parseTime(text: string, options: ParseTimeOptions): UnixSeconds {
  const input = text.trim();
  const relative = RELATIVE.exec(input);
  if (relative !== null) {
    if (relative[1] === undefined) return options.now;
    let offset: number;
    try {
      offset = parseDuration(relative[2] as string);
    } catch {
      throw new TimeSyntaxError(`"${text}" is not a time: after "now${relative[1]}" expected a duration like 2h or 30m`);
    }
    return relative[1] === '-' ? options.now - offset : options.now + offset;
  }
  if (UNIX_SECONDS.test(input)) return Number(input);

  const local = LOCAL_DATE_TIME.exec(input);
  const iso = local !== null ? `${local[1]}T${local[2]}` : input;
  const parsed = HAS_OFFSET.test(iso)
    ? DateTime.fromISO(iso, { setZone: true })
    : DateTime.fromISO(iso, { zone: options.zone });
  if (!parsed.isValid) {
    throw new TimeSyntaxError(
      `"${text}" is not a time: expected ISO-8601 (2023-10-15T08:00:00+02:00), "YYYY-MM-DD HH:mm[:ss]" read in ${options.zone}, unix seconds, now or now-2h`,
    );
  }
  return parsed.toSeconds();
}

/** True when `zone` is an IANA zone luxon (and so the report) can render. */
export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}
