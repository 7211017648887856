import type { UnixSeconds } from './time.js';

/**
 * Log lines as the tool reads them from files (`--logs`): one record per log entry (a PostgreSQL
 * entry with its DETAIL and continuation lines, a MySQL slow-log block, a single line elsewhere).
 */

/** Levels of every format mapped onto one scale (syslog 0-2 and PostgreSQL PANIC are `fatal`). */
export type LogLevel = 'debug' | 'info' | 'warning' | 'error' | 'fatal' | 'unknown';

/** The formats `--logs` reads; `--log-format` takes the same names. */
export type LogFormat =
  | 'json'
  | 'logfmt'
  | 'combined'
  | 'common'
  | 'postgres'
  | 'postgres-json'
  | 'mysql-slow'
  | 'syslog'
  | 'journald';

export interface LogRecord {
  readonly time: UnixSeconds;
  readonly level: LogLevel;
  /** The entry's text (for an HTTP request: method, path without its query string, status). */
  readonly message: string;
  /** The file the entry came from, as it was named or matched. */
  readonly source: string;
  /** Line number (1-based) of the entry's first line in that file. */
  readonly line: number;
  /**
   * A few fields the format carries and later steps use (`unit`, `pid`, `statement`, `query_id`,
   * `status`, …), as text: a 64-bit id stays exact. Secret-looking keys are never kept.
   */
  readonly fields: Readonly<Record<string, string>>;
}

/** How one log file was read: the per-file summary behind its data gaps. */
export interface LogFileReport {
  /** The path as it was named or matched by a glob. */
  readonly path: string;
  /** The format used; `unknown` when the first lines matched none. */
  readonly format: LogFormat | 'unknown';
  /** Whether the format was detected from the first lines or set by `--log-format`. */
  readonly formatFrom: 'detected' | 'option';
  /** Non-blank lines read. */
  readonly lines: number;
  /** Entries read (a multi-line entry counts once). */
  readonly entries: number;
  /** Entries whose time falls in the window plus lookback: the ones passed on. */
  readonly kept: number;
  /** Lines that could not be read (garbage, another format, no time, longer than the cap). */
  readonly unreadable: number;
  /** The first unreadable line: its number, why, and a short cleaned excerpt. */
  readonly firstUnreadable: { readonly line: number; readonly reason: string; readonly example: string } | null;
  /** Set when the file stopped being readable (missing, permission, truncated gzip); lines before it are used. */
  readonly error: string | null;
  /** Earliest and latest entry time (unix seconds), null when none: how far the log reaches. */
  readonly earliest: UnixSeconds | null;
  readonly latest: UnixSeconds | null;
}

/**
 * How a signal computed from `--logs` files names its "query": not PromQL, so renderers give it no
 * Prometheus graph link. Its text says where the numbers came from instead.
 */
export const LOG_SIGNAL_QUERY_PREFIX = 'logs:';
