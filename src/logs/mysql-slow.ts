import type { DecodeContext, DecodeSink, LogDecoder } from './decoder.js';
import { clip, MAX_MESSAGE_CHARS } from './fields.js';
import { createLogTimeReader } from './log-time.js';

/** `# Time: 2023-05-13T16:00:05.123456Z` (MySQL 5.7+, 8) or `# Time: 230513 16:00:05` (5.6 and older, local). */
const TIME_LINE = /^# Time: (.+)$/;
const OLD_TIME = /^(\d{2})(\d{2})(\d{2}) +(\d{1,2}):(\d{2}):(\d{2})$/;
/** `# User@Host: shop[shop] @ app1 [10.0.0.5]  Id:    42` */
const USER_HOST = /^# User@Host: ([^[\s]*)\[[^\]]*\] @ (\S*) ?\[([^\]]*)\]/;
/** `Name: value` pairs of `# Query_time: 3.2  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 1000000` and Percona's extras. */
const PAIR = /(\w+): (\S+)/g;
const SET_TIMESTAMP = /^SET timestamp=(\d+);$/;
const USE = /^use ([^;]+);$/i;
/** The three lines mysqld writes when it (re)opens the file. */
const HEADER = /^(?:\S+, Version: .* started with:|Tcp port: \d+ {2}Unix socket: .*|Time {17}Id Command {4}Argument)$/;
/** Pairs kept as fields, lower-cased: what the slow-statement summary needs. */
const KEPT_PAIRS = new Set(['query_time', 'lock_time', 'rows_sent', 'rows_examined']);

interface Entry {
  line: number;
  time: number | null;
  readonly fields: Record<string, string>;
  statement: string;
  hasStatement: boolean;
}

/**
 * The MySQL slow query log (`slow_query_log_file`): blocks of `# Time:`, `# User@Host:`,
 * `# Query_time:` comment lines, `use db;`, `SET timestamp=…;` and the statement over one or more
 * lines. One record per block: the statement as message, level `info` (slow is not an error), fields
 * `query_time`, `lock_time`, `rows_sent`, `rows_examined`, `user`, `host`, `db`.
 *
 * @example mysqlSlowDecoder(context).push('# Time: 2023-05-13T16:00:05.123456Z', 1, sink)
 */
export function mysqlSlowDecoder(context: DecodeContext): LogDecoder {
  const times = createLogTimeReader(context.zone);
  let entry: Entry | null = null;
  const flush = (sink: DecodeSink): void => {
    if (entry === null) return;
    const done = entry;
    entry = null;
    if (done.time === null) return sink.unreadable(done.line, 'a slow-log entry without # Time or SET timestamp', '# User@Host…');
    sink.record({ time: done.time, level: 'info', message: done.statement, source: context.source, line: done.line, fields: done.fields });
  };
  const begin = (line: number): Entry => ({ line, time: null, fields: {}, statement: '', hasStatement: false });
  return {
    push(text, line, sink) {
      const timeLine = TIME_LINE.exec(text);
      if (timeLine !== null) {
        flush(sink);
        const stamp = (timeLine[1] as string).trim();
        const old = OLD_TIME.exec(stamp);
        const time = old === null ? times.text(stamp) : times.text(`20${old[1]}-${old[2]}-${old[3]} ${(old[4] as string).padStart(2, '0')}:${old[5]}:${old[6]}`);
        if (time === null) return sink.unreadable(line, `# Time: ${clip(stamp, 40)} not understood`, text);
        entry = begin(line);
        entry.time = time;
        return;
      }
      if (text.startsWith('# User@Host: ')) {
        // MySQL 5.6 leaves out `# Time:` when the second did not change: a User@Host line then begins the block.
        if (entry === null || entry.hasStatement || entry.fields.user !== undefined) {
          flush(sink);
          entry = begin(line);
        }
        const userHost = USER_HOST.exec(text);
        if (userHost !== null) {
          entry.fields.user = userHost[1] as string;
          const host = userHost[2] !== '' ? userHost[2] : userHost[3];
          if (host !== undefined && host !== '') entry.fields.host = host;
        }
        return;
      }
      if (text.startsWith('# ')) {
        if (entry === null) return sink.unreadable(line, 'a slow-log comment line outside an entry', text);
        for (const [, name, value] of text.matchAll(PAIR)) {
          const key = (name as string).toLowerCase();
          if (KEPT_PAIRS.has(key)) entry.fields[key] = value as string;
        }
        return;
      }
      if (HEADER.test(text)) {
        flush(sink);
        return;
      }
      if (entry === null) return sink.unreadable(line, 'not a MySQL slow-log line', text);
      const timestamp = SET_TIMESTAMP.exec(text);
      if (timestamp !== null && !entry.hasStatement) {
        entry.time ??= Number(timestamp[1]);
        return;
      }
      const use = USE.exec(text);
      if (use !== null && !entry.hasStatement) {
        entry.fields.db = use[1] as string;
        return;
      }
      if (entry.statement.length < MAX_MESSAGE_CHARS) entry.statement = clip(entry.hasStatement ? `${entry.statement}\n${text}` : text, MAX_MESSAGE_CHARS);
      entry.hasStatement = true;
    },
    end: flush,
  };
}
