import type { LogRecord } from '../model/log.js';
import { lineDecoder, type DecodeContext, type LogDecoder } from './decoder.js';
import { clip, isKeptKey, MAX_FREE_FIELDS, MAX_MESSAGE_CHARS, scalarText } from './fields.js';
import { levelOfStatus, normaliseLevel } from './level.js';
import { createLogTimeReader } from './log-time.js';

/** Time, level and message keys the common loggers use (zap, logrus, pino, bunyan, Serilog, ECS, Docker). */
export const JSON_TIME_KEYS = ['time', 'timestamp', 'ts', '@timestamp', 'datetime', 'date', '@t', 'time_iso8601', 'time_local'] as const;
export const JSON_LEVEL_KEYS = ['level', 'severity', 'lvl', 'loglevel', 'levelname', 'log.level', '@l'] as const;
export const JSON_MESSAGE_KEYS = ['msg', 'message', '@m', '@mt', 'log', 'event'] as const;
/**
 * Not kept either: raw request lines and URIs (query strings carry tokens) and who made the request
 * (addresses, user ids): records feed events and reports, which need neither.
 */
const PERSONAL = ['request', 'request_uri', 'uri', 'args', 'query_string', 'http_referer', 'referer', 'remote_addr', 'remote_user', 'client_ip', 'ip', 'user_id', 'userid', 'email'];
const SPECIAL = new Set<string>([...JSON_TIME_KEYS, ...JSON_LEVEL_KEYS, ...JSON_MESSAGE_KEYS, ...PERSONAL]);

/** A JSON line as an object, or null (not JSON, or JSON but not an object). */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  if (text.charCodeAt(0) !== 123 /* { */) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function first(object: Record<string, unknown>, keys: readonly string[]): { key: string; value: unknown } | null {
  for (const key of keys) {
    // ECS writes `log.level` either flat or nested ({"log": {"level": …}}).
    const value = key.includes('.') && !(key in object) ? (object[key.slice(0, key.indexOf('.'))] as Record<string, unknown> | undefined)?.[key.slice(key.indexOf('.') + 1)] : object[key];
    if (value !== undefined && value !== null && value !== '') return { key, value };
  }
  return null;
}

function httpStatus(value: unknown): number | null {
  const status = typeof value === 'number' ? value : typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : Number.NaN;
  return status >= 100 && status <= 599 ? status : null;
}

/** `GET /api/login?token=… HTTP/1.1` → `GET /api/login`: query strings carry tokens. */
function requestWithoutQuery(request: string): string {
  const [method = '', target = ''] = request.split(' ');
  const query = target.indexOf('?');
  return clip(`${method} ${query === -1 ? target : target.slice(0, query)}`.trim());
}

/**
 * JSON lines of application loggers: time from `time` / `timestamp` / `ts` / `@timestamp` (text or
 * epoch), level from `level` / `severity` / `lvl` (words or pino numbers), message from `msg` /
 * `message`. Up to eight other scalar fields are kept, secret-looking keys never.
 *
 * @example jsonDecoder(context).push('{"ts":"2023-05-13T16:00:00Z","level":"error","msg":"boom"}', 1, sink)
 */
export function jsonDecoder(context: DecodeContext): LogDecoder {
  const times = createLogTimeReader(context.zone);
  return lineDecoder((text, line, sink) => {
    const object = parseJsonObject(text);
    if (object === null) return sink.unreadable(line, 'not a JSON object', text);
    const time = first(object, JSON_TIME_KEYS);
    if (time === null) return sink.unreadable(line, `no time field (${JSON_TIME_KEYS.slice(0, 4).join(', ')})`, text);
    const seconds = times.value(time.value);
    if (seconds === null) return sink.unreadable(line, `time ${clip(String(time.value), 40)} in "${time.key}" not understood`, text);
    const message = first(object, JSON_MESSAGE_KEYS);
    // nginx / Apache JSON access logs (`log_format … escape=json`) have no message: the request and status say it.
    const status = message === null ? httpStatus(object.status) : null;
    const fields: Record<string, string> = {};
    let kept = 0;
    for (const key of Object.keys(object)) {
      if (kept >= MAX_FREE_FIELDS) break;
      if (SPECIAL.has(key) || !isKeptKey(key)) continue;
      const value = scalarText(object[key]);
      if (value === null) continue;
      fields[key] = value;
      kept++;
    }
    const record: LogRecord = {
      time: seconds,
      level: status === null ? normaliseLevel(first(object, JSON_LEVEL_KEYS)?.value) : levelOfStatus(status),
      message:
        message !== null
          ? clip(typeof message.value === 'string' ? message.value : JSON.stringify(message.value), MAX_MESSAGE_CHARS)
          : status !== null && typeof object.request === 'string'
            ? `${requestWithoutQuery(object.request)} ${status}`
            : '',
      source: context.source,
      line,
      fields,
    };
    sink.record(record);
  });
}
