import { Buffer } from 'node:buffer';
import { lineDecoder, type DecodeContext, type LogDecoder } from './decoder.js';
import { clip, MAX_MESSAGE_CHARS, scalarText } from './fields.js';
import { parseJsonObject } from './json-lines.js';
import { levelOfSeverity } from './level.js';

/** Journal fields kept (systemd.journal-fields(7)), renamed to what the report calls them. */
const KEPT: readonly (readonly [string, string])[] = [
  ['_SYSTEMD_UNIT', 'unit'],
  ['SYSLOG_IDENTIFIER', 'identifier'],
  ['_HOSTNAME', 'host'],
  ['_PID', 'pid'],
  ['_COMM', 'command'],
];

/** MESSAGE as journalctl writes it: a string, or an array of bytes when it is not valid UTF-8. */
function messageText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((byte) => typeof byte === 'number')) return Buffer.from(value as number[]).toString('utf8');
  return null;
}

/**
 * `journalctl -o json` export: `__REALTIME_TIMESTAMP` in microseconds (as a string), `MESSAGE`,
 * `PRIORITY` (syslog severity), `_SYSTEMD_UNIT`.
 *
 * @example journaldDecoder(context).push('{"__REALTIME_TIMESTAMP":"1683993600000000","PRIORITY":"3","MESSAGE":"boom"}', 1, sink)
 */
export function journaldDecoder(context: DecodeContext): LogDecoder {
  return lineDecoder((text, line, sink) => {
    const object = parseJsonObject(text);
    if (object === null) return sink.unreadable(line, 'not a JSON object', text);
    const realtime = object.__REALTIME_TIMESTAMP;
    if (typeof realtime !== 'string' || !/^\d{1,17}$/.test(realtime)) return sink.unreadable(line, 'no __REALTIME_TIMESTAMP (not a journalctl -o json entry)', text);
    const priority = typeof object.PRIORITY === 'string' ? Number(object.PRIORITY) : Number.NaN;
    const fields: Record<string, string> = {};
    for (const [key, name] of KEPT) {
      const value = scalarText(object[key]);
      if (value !== null) fields[name] = value;
    }
    sink.record({
      time: Number(realtime) / 1e6,
      level: Number.isInteger(priority) ? levelOfSeverity(priority) : 'unknown',
      message: clip(messageText(object.MESSAGE) ?? '', MAX_MESSAGE_CHARS),
      source: context.source,
      line,
      fields,
    });
  });
}
