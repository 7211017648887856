/**
 * Reads an HTTP `Retry-After` header (RFC 9110 §10.2.3): either whole seconds or an HTTP date.
 * Returns the wait in milliseconds (0 for a date in the past), or null when the header is absent
 * or unreadable.
 *
 * @example
 * parseRetryAfter('2', Date.now())                              // 2000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.now()) // 0 (long past)
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | null {
  if (header === null || header === undefined) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date always names its day and month; V8's Date.parse would also accept "-1" as a year.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}
