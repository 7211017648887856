import type { DataGap } from '../model/gap.js';

/**
 * Gaps in one fixed order (source, what, reason): they arrive in completion order from concurrent
 * requests and file reads, and the report must not depend on timing. Returns a new array.
 *
 * @example sortGaps([...evidence.gaps, ...logGaps])
 */
export function sortGaps(gaps: readonly DataGap[]): DataGap[] {
  const key = (g: DataGap) => `${g.source}\u0000${g.what}\u0000${g.reason}`;
  return [...gaps].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
