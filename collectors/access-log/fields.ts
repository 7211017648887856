/**
 * Field names request logs commonly use, in the order they are tried, and how latency fields are
 * read. Latency units are told by the field's name, never guessed from values (a 0.5 could be
 * seconds or milliseconds):
 * - nginx's `request_time` and `upstream_response_time`, and any name ending in `_s`, `_sec`,
 *   `_seconds`: seconds;
 * - names ending in `_ms`, `_millis`, and `responseTime` (morgan, pino-http): milliseconds;
 * - names ending in `_us`, `_micros`: microseconds; ECS `event.duration`: nanoseconds;
 * - bare `duration`, `latency`, `response_time`, `elapsed`, `took`: a string with a unit (`250ms`,
 *   `1.2s`, Go's `1.5µs`) is read in that unit; a plain number is read as milliseconds, what
 *   application loggers write there.
 */
export const TIME_FIELDS = ['time', 'timestamp', '@timestamp', 'time_iso8601', 'time_local', 'ts', 'msec', 'datetime', 'date'] as const;

export const STATUS_FIELDS = ['status', 'status_code', 'statusCode', 'http_status', 'response_code', 'http.response.status_code', 'res.statusCode', 'response.status'] as const;

export const USER_FIELDS = ['user_id', 'userId', 'uid', 'user', 'remote_user', 'customer_id', 'customerId', 'account_id', 'user.id', 'usr.id'] as const;

/** Latency field → seconds per unit; `null` for bare names (unit from the value's suffix, else ms). */
export const LATENCY_FIELDS: readonly (readonly [string, number | null])[] = [
  ['request_time', 1],
  ['upstream_response_time', 1],
  ['duration_seconds', 1],
  ['duration_s', 1],
  ['latency_seconds', 1],
  ['latency_s', 1],
  ['response_time_s', 1],
  ['request_duration_seconds', 1],
  ['duration_ms', 1e-3],
  ['latency_ms', 1e-3],
  ['response_time_ms', 1e-3],
  ['request_time_ms', 1e-3],
  ['elapsed_ms', 1e-3],
  ['took_ms', 1e-3],
  ['responseTime', 1e-3],
  ['duration_us', 1e-6],
  ['duration_micros', 1e-6],
  ['latency_us', 1e-6],
  ['event.duration', 1e-9],
  ['duration', null],
  ['latency', null],
  ['response_time', null],
  ['elapsed', null],
  ['took', null],
];

/** Seconds per unit of the suffixes a latency string may carry. */
const UNIT_SECONDS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, µs: 1e-6, μs: 1e-6, ms: 1e-3, s: 1, m: 60 };
const WITH_UNIT = /^(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(ns|us|µs|μs|ms|s|m)?$/i;

/** Fields whose unit comes from the name: the name's own unit for the report. */
export function unitName(secondsPerUnit: number | null): string {
  switch (secondsPerUnit) {
    case 1:
      return 's';
    case 1e-3:
      return 'ms';
    case 1e-6:
      return 'µs';
    case 1e-9:
      return 'ns';
    default:
      return 'unit from the value, else ms';
  }
}

/**
 * A latency value in seconds, or NaN when it is not one (`-`, a list of upstream times, text).
 * `secondsPerUnit` null: a bare field, read by the value's unit suffix, else as milliseconds.
 *
 * @example latencySeconds('250ms', null) // 0.25
 */
export function latencySeconds(value: unknown, secondsPerUnit: number | null): number {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * (secondsPerUnit ?? 1e-3) : Number.NaN;
  if (typeof value !== 'string') return Number.NaN;
  const match = WITH_UNIT.exec(value.trim());
  if (match === null) return Number.NaN;
  const amount = Number(match[1]);
  const unit = match[2];
  if (unit !== undefined) return amount * (UNIT_SECONDS[unit.toLowerCase()] ?? UNIT_SECONDS[unit] ?? Number.NaN);
  return amount * (secondsPerUnit ?? 1e-3);
}

/**
 * A field of a JSON log line by name: the name as a key first (`@timestamp`, `user.id` written
 * flat), then as a dotted path into nested objects (ECS `http.response.status_code`).
 */
export function fieldOf(record: Readonly<Record<string, unknown>>, name: string): unknown {
  const direct = record[name];
  if (direct !== undefined || !name.includes('.')) return direct;
  let value: unknown = record;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
