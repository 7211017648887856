import { lineDecoder, type DecodeContext, type LogDecoder } from './decoder.js';
import { clip, isKeptKey, MAX_FREE_FIELDS, MAX_MESSAGE_CHARS } from './fields.js';
import { normaliseLevel } from './level.js';
import { createLogTimeReader } from './log-time.js';

const TIME_KEYS = ['ts', 'time', 'timestamp', 't'] as const;
const LEVEL_KEYS = ['level', 'lvl', 'severity'] as const;
const MESSAGE_KEYS = ['msg', 'message'] as const;
const SPECIAL = new Set<string>([...TIME_KEYS, ...LEVEL_KEYS, ...MESSAGE_KEYS]);

/**
 * The `key=value` pairs of a logfmt line (`level=error msg="connection refused" ts=…`), in order;
 * null when the line has none. Hand-written: the grammar (bare or double-quoted values with `\"`
 * escapes, bare keys) is a dozen lines, and the npm `logfmt` package is unmaintained.
 *
 * @example parseLogfmt('level=warn msg="disk 91% full"') // [['level','warn'],['msg','disk 91% full']]
 */
export function parseLogfmt(text: string): [string, string][] | null {
  const pairs: [string, string][] = [];
  let at = 0;
  const length = text.length;
  while (at < length) {
    while (at < length && text.charCodeAt(at) === 32) at++;
    if (at >= length) break;
    const keyStart = at;
    while (at < length && text.charCodeAt(at) > 32 && text.charCodeAt(at) !== 61 /* = */ && text.charCodeAt(at) !== 34) at++;
    const key = text.slice(keyStart, at);
    if (key === '') return null;
    if (text.charCodeAt(at) !== 61) {
      // A bare key (`debug`) is logfmt's boolean true.
      if (at < length && text.charCodeAt(at) !== 32) return null;
      pairs.push([key, 'true']);
      continue;
    }
    at++;
    if (text.charCodeAt(at) === 34 /* " */) {
      let value = '';
      let start = ++at;
      for (;;) {
        if (at >= length) return null;
        const code = text.charCodeAt(at);
        if (code === 92 /* \ */) {
          value += text.slice(start, at);
          const next = text[at + 1] ?? '';
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          at += 2;
          start = at;
        } else if (code === 34) {
          value += text.slice(start, at);
          at++;
          break;
        } else at++;
      }
      pairs.push([key, value]);
    } else {
      const start = at;
      while (at < length && text.charCodeAt(at) !== 32) at++;
      pairs.push([key, text.slice(start, at)]);
    }
  }
  return pairs.length === 0 ? null : pairs;
}

/**
 * logfmt lines (Go kit, Prometheus, Loki, Heroku): time from `ts` / `time` / `timestamp`, level
 * from `level` / `lvl`, message from `msg`; up to eight other pairs kept, secret-looking keys never.
 *
 * @example logfmtDecoder(context).push('ts=2023-05-13T16:00:00Z level=error msg="boom"', 1, sink)
 */
export function logfmtDecoder(context: DecodeContext): LogDecoder {
  const times = createLogTimeReader(context.zone);
  return lineDecoder((text, line, sink) => {
    const pairs = parseLogfmt(text);
    if (pairs === null || pairs.length < 2) return sink.unreadable(line, 'not logfmt (key=value pairs)', text);
    const map = new Map(pairs);
    const timeKey = TIME_KEYS.find((key) => map.has(key));
    if (timeKey === undefined) return sink.unreadable(line, 'no time pair (ts=, time=)', text);
    const time = times.text(map.get(timeKey) as string);
    if (time === null) return sink.unreadable(line, `time ${clip(map.get(timeKey) as string, 40)} not understood`, text);
    const levelKey = LEVEL_KEYS.find((key) => map.has(key));
    const messageKey = MESSAGE_KEYS.find((key) => map.has(key));
    const fields: Record<string, string> = {};
    let kept = 0;
    for (const [key, value] of pairs) {
      if (kept >= MAX_FREE_FIELDS) break;
      if (SPECIAL.has(key) || !isKeptKey(key) || key in fields) continue;
      fields[key] = clip(value);
      kept++;
    }
    sink.record({
      time,
      level: levelKey === undefined ? 'unknown' : normaliseLevel(map.get(levelKey)),
      message: messageKey === undefined ? '' : clip(map.get(messageKey) as string, MAX_MESSAGE_CHARS),
      source: context.source,
      line,
      fields,
    });
  });
}
