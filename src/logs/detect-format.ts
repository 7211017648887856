import type { LogFormat } from '../model/log.js';
import { ACCESS_LINE } from './access-line.js';
import { JSON_TIME_KEYS, parseJsonObject } from './json-lines.js';
import { parseLogfmt } from './logfmt.js';
import { POSTGRES_LINE } from './postgres-stderr.js';

/** Lines looked at to tell a file's format: enough to get past a header or a stray line. */
export const DETECT_LINES = 50;

const SYSLOG_3164 = /^(?:<\d{1,3}>)?[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \S+ /;
const SYSLOG_FILE = /^(?:<\d{1,3}>)?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}) \S+ \S+?(?:\[\d+\])?: /;
const SYSLOG_5424 = /^<\d{1,3}>1 \S+ \S+ \S+ \S+ \S+ /;
const MYSQL_SLOW = /^# (?:Time|User@Host|Query_time): /;
const LOGFMT_TIME = /(?:^|\s)(?:ts|time|timestamp)=/;

/** The format one line looks like, or null; multi-line formats are told by their first lines. */
export function formatOfLine(text: string): LogFormat | null {
  if (text.charCodeAt(0) === 123 /* { */) {
    const object = parseJsonObject(text);
    if (object === null) return null;
    if ('__REALTIME_TIMESTAMP' in object) return 'journald';
    if ('error_severity' in object && 'timestamp' in object) return 'postgres-json';
    return JSON_TIME_KEYS.some((key) => key in object) ? 'json' : null;
  }
  if (POSTGRES_LINE.test(text)) return 'postgres';
  if (MYSQL_SLOW.test(text)) return 'mysql-slow';
  if (SYSLOG_5424.test(text) || SYSLOG_3164.test(text) || SYSLOG_FILE.test(text)) return 'syslog';
  const access = ACCESS_LINE.exec(text);
  if (access !== null) return access[5] === undefined ? 'common' : 'combined';
  if (LOGFMT_TIME.test(text)) {
    const pairs = parseLogfmt(text);
    if (pairs !== null && pairs.length >= 2) return 'logfmt';
  }
  return null;
}

/** Order that breaks a tie: the more specific format first. */
const PRECEDENCE: readonly LogFormat[] = ['journald', 'postgres-json', 'postgres', 'mysql-slow', 'syslog', 'combined', 'common', 'json', 'logfmt'];

/**
 * A file's format from its first lines: the format most of them look like. nginx/Apache lines of
 * both shapes make the file `combined` when any has a user agent (the combined reader reads common
 * lines too). Null when no line looks like any format.
 *
 * @example detectFormat(['May 13 19:00:01 db1 CRON[4123]: (root) CMD (true)']) // 'syslog'
 */
export function detectFormat(lines: readonly string[]): LogFormat | null {
  const votes = new Map<LogFormat, number>();
  for (const line of lines) {
    const format = formatOfLine(line);
    if (format !== null) votes.set(format, (votes.get(format) ?? 0) + 1);
  }
  if ((votes.get('combined') ?? 0) > 0 && (votes.get('common') ?? 0) > 0) {
    votes.set('combined', (votes.get('combined') ?? 0) + (votes.get('common') ?? 0));
    votes.delete('common');
  }
  let best: LogFormat | null = null;
  let most = 0;
  for (const format of PRECEDENCE) {
    const count = votes.get(format) ?? 0;
    if (count > most) {
      best = format;
      most = count;
    }
  }
  return best;
}
