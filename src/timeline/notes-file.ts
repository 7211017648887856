import type { FileLine, UserNote } from '../model/change.js';
import { readLeadingTime, type EntryTimeContext } from './notes-time.js';

/** A line of a notes or changes file that could not be read, and why. */
export interface EntryProblem extends FileLine {
  readonly reason: string;
}

export interface ParsedEntries<T> {
  readonly entries: T[];
  readonly problems: EntryProblem[];
}

/** A list bullet before the time (`- 19:05 …`, `* 19:05 …`), as notes pasted from Markdown have. */
const BULLET = /^[-*•]\s+/;

/**
 * Reads a notes file: one entry per line, a time first, then the text (`19:05 DBAs alerted`,
 * `2023-05-13 19:05 DBAs alerted`, `7:05 PM EAT: DBAs alerted`, `[19:05] DBAs alerted`; see
 * readLeadingTime). Blank lines and lines starting with `#` are skipped; a leading list bullet is
 * dropped. A line that does not start with a time, or has no text after it, is a problem (with its
 * line number) and is skipped; the rest is used.
 *
 * @param file the file as named on the command line, for the evidence and the problems
 * @example parseNotes('19:05 DBAs alerted\n', 'notes.txt', context).entries[0]?.text // 'DBAs alerted'
 */
export function parseNotes(text: string, file: string, context: EntryTimeContext): ParsedEntries<UserNote> {
  const entries: UserNote[] = [];
  const problems: EntryProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim().replace(BULLET, '');
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const read = readLeadingTime(trimmed, context);
    if (!read.ok) problems.push({ file, line, reason: read.reason });
    else if (read.rest === '') problems.push({ file, line, reason: 'nothing after the time: expected a note, like "19:05 DBAs alerted"' });
    else entries.push({ file, line, time: read.time, text: read.rest });
  });
  return { entries, problems };
}
