import { textLines } from '../files/text-lines.js';
import type { LogFileReport, LogFormat, LogRecord } from '../../src/model/log.js';
import { createDecoder, detectFormat, DETECT_LINES, lineExample, type DecodeSink, type LogDecoder } from '../../src/logs/index.js';

/** Longer lines are not log lines (a binary file, a runaway line): counted unreadable once, skipped. */
export const MAX_LINE_CHARS = 1 << 20;
/** Lines held while the format is not known yet are at most this long, so detection stays small. */
const DETECT_LINE_CHARS = 64 * 1024;
/**
 * A file whose first lines match no format (a binary header, a long stack trace) is tried again on
 * the next lines, up to this many, before it is given up as unknown.
 */
const GIVE_UP_DETECTING_AFTER_LINES = 1000;
const READ_CHUNK_BYTES = 1 << 20;

export interface ReadLogFileOptions {
  readonly path: string;
  /** `--log-format`; null to detect from the first lines. */
  readonly format: LogFormat | null;
  /** IANA zone for times without an offset. */
  readonly zone: string;
  /** Entries outside lookbackFrom..to are counted but not passed on. */
  readonly window: { readonly lookbackFrom: number; readonly to: number };
}

/** A read failure in the user's words: what happened to the file, not a stack. */
function describeError(caught: unknown): string {
  const error = caught as NodeJS.ErrnoException;
  if (error.code === 'ENOENT') return 'the file does not exist';
  if (error.code === 'EACCES') return 'permission denied';
  if (error.code === 'Z_BUF_ERROR') return 'truncated gzip (unexpected end of file)';
  if (error.code === 'Z_DATA_ERROR') return `corrupt gzip (${error.message})`;
  return `cannot be read: ${error.message}`;
}

/**
 * Reads one log file as a stream (`.gz` unpacked on the fly, told by its magic bytes), decodes it
 * in `format` or the format its first lines show, and yields the records of the window plus
 * lookback in batches (one per chunk read, to keep the per-record cost low). Memory stays flat:
 * one chunk, one entry of a multi-line format, and the first lines while the format is detected.
 * Never throws: the returned report says how the file was read, unreadable lines included.
 *
 * @example
 * const reader = readLogFile({ path: 'postgresql.log.gz', format: null, zone: 'UTC', window });
 * for (let step = await reader.next(); !step.done; step = await reader.next()) use(step.value);
 */
export async function* readLogFile(options: ReadLogFileOptions): AsyncGenerator<LogRecord[], LogFileReport, undefined> {
  const { path, window } = options;
  const near = { from: window.lookbackFrom, to: window.to };
  let format: LogFormat | 'unknown' | null = options.format;
  let decoder: LogDecoder | null = format === null ? null : createDecoder(format, { source: path, zone: options.zone, near });
  let lines = 0;
  /** Line number in the file, blank lines included: what an editor shows. */
  let physical = 0;
  let entries = 0;
  let kept = 0;
  let unreadable = 0;
  let firstUnreadable: LogFileReport['firstUnreadable'] = null;
  let error: string | null = null;
  let earliest = Infinity;
  let latest = -Infinity;
  let batch: LogRecord[] = [];
  const held: { text: string; line: number }[] = [];

  const sink: DecodeSink = {
    record(record) {
      entries++;
      if (record.time < earliest) earliest = record.time;
      if (record.time > latest) latest = record.time;
      if (record.time < window.lookbackFrom || record.time > window.to) return;
      kept++;
      batch.push(record);
    },
    unreadable(line, reason, text) {
      unreadable++;
      if (firstUnreadable === null) firstUnreadable = { line, reason, example: lineExample(text) };
    },
  };
  /** Picks the format from the held lines; `atEnd`: no more lines will come, so unknown is final. */
  const decide = (atEnd: boolean): void => {
    const detected = detectFormat(held.map((entry) => entry.text));
    if (detected === null && !atEnd && lines < GIVE_UP_DETECTING_AFTER_LINES) {
      for (const entry of held) sink.unreadable(entry.line, 'no known format (before the format was recognised)', entry.text);
      held.length = 0;
      return;
    }
    format = detected ?? 'unknown';
    decoder = format === 'unknown' ? null : createDecoder(format, { source: path, zone: options.zone, near });
    for (const entry of held) take(entry.text, entry.line);
    held.length = 0;
  };
  const take = (text: string, line: number): void => {
    if (decoder === null) return sink.unreadable(line, 'format not recognised from the first lines', text);
    if (text.includes('\u0000')) return sink.unreadable(line, 'binary data (NUL bytes)', text);
    decoder.push(text, line, sink);
  };
  const handle = (text: string): void => {
    physical++;
    if (text.length === 0 || text.trim() === '') return;
    lines++;
    if (format !== null) return take(text, physical);
    if (text.length > DETECT_LINE_CHARS) return sink.unreadable(physical, `a line over ${DETECT_LINE_CHARS / 1024} KiB among the first lines`, text);
    held.push({ text, line: physical });
    if (held.length >= DETECT_LINES) decide(false);
  };

  try {
    for await (const chunk of textLines(path, { chunkBytes: READ_CHUNK_BYTES, maxLineChars: MAX_LINE_CHARS })) {
      for (const line of chunk.lines) handle(line);
      if (chunk.overlong !== null) {
        lines++;
        physical++;
        sink.unreadable(physical, `a line longer than ${MAX_LINE_CHARS / 1024 / 1024} MiB (not a text log?)`, chunk.overlong);
      }
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
    }
  } catch (caught) {
    error = describeError(caught);
  }
  if (format === null) decide(true);
  (decoder as LogDecoder | null)?.end(sink);
  if (batch.length > 0) yield batch;
  return {
    path,
    format: format ?? 'unknown',
    formatFrom: options.format === null ? 'detected' : 'option',
    lines,
    entries,
    kept,
    unreadable,
    firstUnreadable,
    error,
    earliest: Number.isFinite(earliest) ? earliest : null,
    latest: Number.isFinite(latest) ? latest : null,
  };
}
