/** Statuses that count as failed, as a lookup table over 100–599. */
export interface StatusSet {
  /** The set as typed, for the report (`500-599,429`). */
  readonly text: string;
  has(status: number): boolean;
}

export class StatusSetSyntaxError extends SyntaxError {
  override readonly name = 'StatusSetSyntaxError';
}

const LOWEST = 100;
const HIGHEST = 599;
const PART = /^(?:([1-5])xx|(\d{3})(?:-(\d{3}))?)$/i;

/**
 * Reads `--failed-status`: comma-separated statuses, ranges and classes (`5xx`, `500-599,429`,
 * `502,503,504`). Hand-written: the grammar is three forms, smaller than any dependency.
 *
 * @example parseStatusSet('5xx,429').has(429) // true
 * @throws StatusSetSyntaxError naming the part that is not a status, range or class.
 */
export function parseStatusSet(text: string): StatusSet {
  const table = new Uint8Array(HIGHEST + 1);
  const parts = text.split(',').map((part) => part.trim());
  for (const part of parts) {
    const match = PART.exec(part);
    if (match === null) throw new StatusSetSyntaxError(`"${part}" in "${text}" is not a status: expected e.g. 5xx, 500-599 or 429`);
    let from: number;
    let to: number;
    if (match[1] !== undefined) {
      from = Number(match[1]) * 100;
      to = from + 99;
    } else {
      from = Number(match[2]);
      to = match[3] === undefined ? from : Number(match[3]);
    }
    if (from < LOWEST || to > HIGHEST || from > to) {
      throw new StatusSetSyntaxError(`"${part}" in "${text}" is not a status range within ${LOWEST}-${HIGHEST}`);
    }
    table.fill(1, from, to + 1);
  }
  return { text: parts.join(','), has: (status) => status >= 0 && status <= HIGHEST && table[status] === 1 };
}
