import { LATENCY_FIELDS, STATUS_FIELDS, TIME_FIELDS, USER_FIELDS, fieldOf, latencySeconds, unitName } from './fields.js';
import { createLogTimeReader } from '../../src/logs/log-time.js';

/** One request as the impact estimate needs it. */
export interface AccessRequest {
  readonly time: number;
  readonly status: number;
  /** NaN when the line carries no latency. */
  readonly latencySeconds: number;
  /** null for lines without a user (bots, anonymous pages, `-`). */
  readonly user: string | null;
  /** For each `--segment`, whether this line says the user belongs to it. */
  readonly inSegment: readonly boolean[];
}

export type LineFormat = 'json' | 'combined' | 'common';

export type ParsedLine =
  | { readonly ok: true; readonly format: LineFormat; readonly request: AccessRequest }
  | { readonly ok: false; readonly format: LineFormat | null; readonly reason: string };

export interface LineParserOptions {
  /** IANA zone for times without an offset. */
  readonly zone: string;
  /** The field naming the user; null: the first of the usual names (JSON) or `remote_user` (combined). */
  readonly userField: string | null;
  /** `field=value` pairs, already split. */
  readonly segments: readonly { readonly field: string; readonly value: string }[];
}

export interface LineParser {
  parse(line: string): ParsedLine;
  /** The fields user ids and latencies were read from so far, for the report (sorted). */
  userSources(): string[];
  latencySources(): string[];
}

/**
 * nginx/Apache common and combined formats, with whatever nginx configs append after the user agent
 * (`rt=0.123 uid=42`, or a bare `$request_time`). Groups: client, user, time, request, status,
 * referer, user agent, rest (the bytes are not kept).
 */
const CLF_LINE = /^(\S+) \S+ (\S+) \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (?:\d+|-)(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?(?:\s+(.*))?$/;
/** Keys of `key=value` pairs after the combined fields that hold the request time in seconds. */
const TRAILING_SECONDS = new Set(['rt', 'request_time', 'upstream_response_time', 'urt']);
const DECIMAL = /^\d+\.\d+$/;
const INTEGER = /^\d+$/;

function isUserValue(value: unknown): value is string | number {
  return (typeof value === 'string' && value !== '' && value !== '-') || (typeof value === 'number' && Number.isFinite(value));
}

function readStatus(value: unknown): number {
  const status = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isInteger(status) && status >= 100 && status <= 599 ? status : Number.NaN;
}

/**
 * A parser of request-log lines: JSON lines (nginx `log_format … escape=json`, application loggers) or
 * nginx/Apache common and combined, told apart per line (a line starting with `{` is JSON).
 *
 * @example createLineParser({ zone: 'UTC', userField: null, segments: [] }).parse('{"time":"2023-05-13T16:00:00Z","status":500,"user_id":"u1"}')
 */
export function createLineParser(options: LineParserOptions): LineParser {
  const times = createLogTimeReader(options.zone);
  const userSources = new Set<string>();
  const latencySources = new Set<string>();
  /** Latency fields already named in latencySources (saves building the label on every line). */
  const latencyNames = new Set<string>();
  const userFields = options.userField === null ? USER_FIELDS : [options.userField];

  const parseJson = (line: string): ParsedLine => {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return { ok: false, format: 'json', reason: 'broken JSON (a truncated or unescaped line)' };
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) return { ok: false, format: 'json', reason: 'a JSON value that is not an object' };
    const fields = record as Record<string, unknown>;
    let time: number | null = null;
    for (const name of TIME_FIELDS) {
      const value = fieldOf(fields, name);
      if (value !== undefined) {
        time = times.value(value);
        break;
      }
    }
    if (time === null) return { ok: false, format: 'json', reason: `no readable time (fields tried: ${TIME_FIELDS.join(', ')})` };
    let status = Number.NaN;
    for (const name of STATUS_FIELDS) {
      const value = fieldOf(fields, name);
      if (value !== undefined) {
        status = readStatus(value);
        break;
      }
    }
    if (Number.isNaN(status)) return { ok: false, format: 'json', reason: 'no HTTP status between 100 and 599' };
    let latency = Number.NaN;
    for (const [name, unit] of LATENCY_FIELDS) {
      const value = fieldOf(fields, name);
      if (value === undefined) continue;
      latency = latencySeconds(value, unit);
      if (!Number.isNaN(latency) && !latencyNames.has(name)) {
        latencyNames.add(name);
        latencySources.add(`${name} (${unitName(unit)})`);
      }
      break;
    }
    let user: string | null = null;
    for (const name of userFields) {
      const value = fieldOf(fields, name);
      if (isUserValue(value)) {
        user = String(value);
        userSources.add(name);
        break;
      }
    }
    const inSegment = options.segments.map(({ field, value }) => {
      const found = fieldOf(fields, field);
      return found !== undefined && found !== null && String(found) === value;
    });
    return { ok: true, format: 'json', request: { time, status, latencySeconds: latency, user, inSegment } };
  };

  const parseClf = (line: string): ParsedLine => {
    const match = CLF_LINE.exec(line);
    if (match === null) return { ok: false, format: null, reason: 'neither JSON nor the common/combined log format' };
    const format: LineFormat = match[6] === undefined ? 'common' : 'combined';
    const time = times.value(match[3]);
    if (time === null) return { ok: false, format, reason: `unreadable time [${(match[3] as string).slice(0, 40)}]` };
    const pairs = new Map<string, string>();
    let latency = Number.NaN;
    for (const token of (match[8] ?? '').split(/\s+/)) {
      if (token === '') continue;
      const equals = token.indexOf('=');
      if (equals > 0) {
        const key = token.slice(0, equals);
        const value = token.slice(equals + 1).replace(/^"|"$/g, '');
        pairs.set(key, value);
        if (TRAILING_SECONDS.has(key) && Number.isNaN(latency) && DECIMAL.test(value)) {
          latency = Number(value);
          latencySources.add(`${key}= (s)`);
        }
      } else if (Number.isNaN(latency) && DECIMAL.test(token)) {
        // nginx's $request_time: seconds with a decimal point.
        latency = Number(token);
        latencySources.add('trailing $request_time (s)');
      } else if (Number.isNaN(latency) && INTEGER.test(token)) {
        // Apache's %D: whole microseconds.
        latency = Number(token) * 1e-6;
        latencySources.add('trailing %D (µs)');
      }
    }
    const field = options.userField ?? 'remote_user';
    const raw = field === 'remote_user' ? match[2] : field === 'remote_addr' ? match[1] : pairs.get(field);
    const user = raw !== undefined && isUserValue(raw) ? raw : null;
    if (user !== null) userSources.add(field);
    const inSegment = options.segments.map(({ field: key, value }) => pairs.get(key) === value);
    return { ok: true, format, request: { time, status: Number(match[5]), latencySeconds: latency, user, inSegment } };
  };

  return {
    parse: (line) => (line.charCodeAt(0) === 123 /* { */ ? parseJson(line) : parseClf(line)),
    userSources: () => [...userSources].sort(),
    latencySources: () => [...latencySources].sort(),
  };
}
