import type { LogLevel } from '../model/log.js';
import type { DecodeContext, DecodeSink, LogDecoder } from './decoder.js';
import { clip, MAX_MESSAGE_CHARS } from './fields.js';
import { normaliseLevel } from './level.js';
import { createLogTimeReader } from './log-time.js';

/**
 * A PostgreSQL stderr line: a `log_line_prefix` starting with `%m` or `%t` (`2023-05-13 19:00:01.234 EAT`),
 * anything the prefix adds (`[4123] app@auth `), then `SEVERITY:  message` (two spaces, as elog.c
 * writes it). Groups: time, the rest of the prefix, severity, message.
 */
export const POSTGRES_LINE =
  /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?(?: [A-Za-z]{1,6}| ?[+-]\d{2}(?::?\d{2})?)?) (.*?)(DEBUG[1-5]|INFO|NOTICE|WARNING|ERROR|LOG|FATAL|PANIC|DETAIL|HINT|QUERY|CONTEXT|LOCATION|STATEMENT):  (.*)$/;
/** Lines that belong to the entry before them (elog.c writes them right after its primary line). */
const PART_OF_ENTRY = new Set(['DETAIL', 'HINT', 'QUERY', 'CONTEXT', 'LOCATION', 'STATEMENT']);
const PID = /\[(\d+)(?:-\d+)?\]/;
const USER_AT_DB = /(?:^|\s)([^\s@[\]]*|\[unknown\])@([^\s@[\]]*|\[unknown\])(?:\s|$)/;

interface Entry {
  readonly time: number;
  readonly line: number;
  readonly level: LogLevel;
  readonly pid: string | null;
  readonly parts: Map<string, string>;
  /** Where a tab-continuation line goes: the message or the last DETAIL / STATEMENT / … seen. */
  target: string;
}

/**
 * PostgreSQL stderr logs (`log_destination = stderr`, the Debian default, with
 * `log_line_prefix = '%m [%p] %q%u@%d '` or upstream's `'%m [%p] '`). One record per entry: the
 * primary line (LOG, ERROR, …) with its DETAIL / HINT / CONTEXT / STATEMENT lines of the same process
 * and the tab-indented continuation lines of each (a deadlock's DETAIL names both processes'
 * statements). Fields: `pid`, `user`, `database`, and `detail`, `hint`, `context`, `statement`, `query`.
 * Zone abbreviations other than UTC/GMT are read as `--tz` (PostgreSQL writes `log_timezone`'s).
 *
 * @example postgresStderrDecoder(context).push('2023-05-13 16:00:01.234 UTC [4123] app@auth ERROR:  deadlock detected', 1, sink)
 */
export function postgresStderrDecoder(context: DecodeContext): LogDecoder {
  const times = createLogTimeReader(context.zone);
  let entry: Entry | null = null;
  const append = (key: string, text: string): void => {
    if (entry === null) return;
    const before = entry.parts.get(key);
    // Past the cap the rest of a huge statement is dropped: one entry must not grow without bound.
    if (before !== undefined && before.length >= MAX_MESSAGE_CHARS) return;
    entry.parts.set(key, clip(before === undefined ? text : `${before}\n${text}`, MAX_MESSAGE_CHARS));
  };
  const flush = (sink: DecodeSink): void => {
    if (entry === null) return;
    const fields: Record<string, string> = {};
    if (entry.pid !== null) fields.pid = entry.pid;
    for (const [key, value] of entry.parts) if (key !== 'message') fields[key] = value;
    sink.record({ time: entry.time, level: entry.level, message: entry.parts.get('message') ?? '', source: context.source, line: entry.line, fields });
    entry = null;
  };
  return {
    push(text, line, sink) {
      if (text.charCodeAt(0) === 9 /* tab */) {
        if (entry === null) return sink.unreadable(line, 'a continuation line (tab) without an entry before it', text);
        append(entry.target, text.slice(1));
        return;
      }
      const match = POSTGRES_LINE.exec(text);
      if (match === null) {
        // A foreign line (an archive_command's output) ends the entry: continuations always follow their line.
        flush(sink);
        return sink.unreadable(line, 'not a PostgreSQL log line (%m [%p] … SEVERITY:  message)', text);
      }
      const [, stamp, prefix, severity, message] = match as unknown as [string, string, string, string, string];
      const pid = PID.exec(prefix)?.[1] ?? null;
      if (PART_OF_ENTRY.has(severity) && entry !== null && entry.pid === pid) {
        const key = severity.toLowerCase();
        entry.target = key;
        append(key, message);
        return;
      }
      flush(sink);
      const time = times.text(stamp);
      if (time === null) return sink.unreadable(line, `time ${stamp} not understood`, text);
      const parts = new Map<string, string>();
      const userAtDb = USER_AT_DB.exec(prefix);
      if (userAtDb !== null && userAtDb[1] !== '' && userAtDb[1] !== '[unknown]') parts.set('user', userAtDb[1] as string);
      if (userAtDb !== null && userAtDb[2] !== '' && userAtDb[2] !== '[unknown]') parts.set('database', userAtDb[2] as string);
      // A DETAIL or STATEMENT with no entry of its process before it stands alone, named by its severity.
      const alone = PART_OF_ENTRY.has(severity);
      entry = { time, line, level: alone ? 'info' : normaliseLevel(severity), pid, parts, target: 'message' };
      append('message', alone ? `${severity}: ${message}` : message);
    },
    end: flush,
  };
}
