import type { LogFormat, LogRecord } from '../model/log.js';
import { createDecoder } from './create-decoder.js';

/** Decodes lines the way the collector feeds them (1-based, blank lines skipped), for tests. */
export function decodeLines(
  format: LogFormat,
  text: string,
  options: { zone?: string; near?: { from: number; to: number }; source?: string } = {},
): { records: LogRecord[]; unreadable: { line: number; reason: string }[] } {
  const records: LogRecord[] = [];
  const unreadable: { line: number; reason: string }[] = [];
  const sink = { record: (record: LogRecord) => void records.push(record), unreadable: (line: number, reason: string) => void unreadable.push({ line, reason }) };
  const decoder = createDecoder(format, {
    source: options.source ?? 'test.log',
    zone: options.zone ?? 'UTC',
    near: options.near ?? { from: Date.UTC(2023, 4, 12) / 1000, to: Date.UTC(2023, 4, 14) / 1000 },
  });
  text.split('\n').forEach((line, index) => {
    if (line.trim() !== '') decoder.push(line, index + 1, sink);
  });
  decoder.end(sink);
  return { records, unreadable };
}

/** `2023-05-13T16:00:01Z`-style text as unix seconds, for readable expectations. */
export const utc = (iso: string): number => Date.parse(iso) / 1000;
