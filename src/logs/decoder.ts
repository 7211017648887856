import type { LogRecord } from '../model/log.js';

/** Where a decoder puts what it reads: entries, and lines it could not read. */
export interface DecodeSink {
  record(record: LogRecord): void;
  unreadable(line: number, reason: string, text: string): void;
}

/**
 * Turns one file's lines, in order, into log records. Single-line formats answer each line at once;
 * multi-line ones (PostgreSQL stderr, MySQL slow log) hold one entry until the next begins, so
 * `end()` gives the last. A decoder holds at most one entry: memory does not grow with the file.
 */
export interface LogDecoder {
  push(text: string, line: number, sink: DecodeSink): void;
  end(sink: DecodeSink): void;
}

/** What every decoder needs to know about the run. */
export interface DecodeContext {
  /** The file's name, put on every record. */
  readonly source: string;
  /** IANA zone for times without an offset. */
  readonly zone: string;
  /** The window plus lookback (unix seconds): syslog lines without a year are placed nearest it. */
  readonly near: { readonly from: number; readonly to: number };
}

/** A decoder for formats where every line is one entry (or unreadable). */
export function lineDecoder(parse: (text: string, line: number, sink: DecodeSink) => void): LogDecoder {
  return { push: parse, end: () => undefined };
}
