/**
 * An RFC 3339 time as Alertmanager writes it (`2026-11-21T08:00:00.123456789Z`) in unix seconds, or
 * null for Go's zero time (`0001-01-01T00:00:00Z`, "not set") and for text that is not a time.
 * Fractions below a millisecond are dropped: Date.parse keeps milliseconds only, and that is finer
 * than any rule evaluation.
 *
 * @example
 * rfc3339Seconds('2026-11-21T08:00:00.5Z') // 1795248000.5
 * rfc3339Seconds('0001-01-01T00:00:00Z')   // null
 */
export function rfc3339Seconds(text: string): number | null {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(text)) return null;
  if (text.startsWith('0001-')) return null;
  const ms = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(ms) ? ms / 1000 : null;
}
