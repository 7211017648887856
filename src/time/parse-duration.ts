/**
 * Prometheus-style durations (`90s`, `15m`, `2h`, `1d`, `1h30m`, `1w`, `500ms`) as the contract
 * promises for `--lookback` and `--step`. Hand-written because the grammar is Prometheus' own
 * (units in descending order, no spaces) and no maintained library parses exactly it.
 */
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
  y: 31_536_000,
};

/** Units in the order Prometheus requires them to appear. */
const UNIT_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

const PART = /(\d+)(ms|y|w|d|h|m|s)/y;

export class DurationSyntaxError extends SyntaxError {
  override readonly name = 'DurationSyntaxError';
}

/**
 * Parses a duration into seconds. A bare `0` is accepted (it means "none" for `--lookback`).
 *
 * @example parseDuration('1h30m') // 5400
 * @throws DurationSyntaxError naming the text and the expected form.
 */
export function parseDuration(text: string): number {
  const input = text.trim();
  if (input === '0') return 0;
  let seconds = 0;
  let position = 0;
  let lastUnit = -1;
  while (position < input.length) {
    PART.lastIndex = position;
    const match = PART.exec(input);
    if (match === null) break;
    const unit = match[2] as string;
    const order = UNIT_ORDER.indexOf(unit);
    if (order <= lastUnit) break;
    lastUnit = order;
    seconds += Number(match[1]) * (UNIT_SECONDS[unit] as number);
    position = PART.lastIndex;
  }
  if (input.length === 0 || position !== input.length) {
    throw new DurationSyntaxError(
      `"${text}" is not a duration: expected a number with a unit, largest unit first, like 90s, 15m, 2h, 1d or 1h30m`,
    );
  }
  return seconds;
}

/**
 * Formats seconds as a compact Prometheus-style duration, largest units first, dropping zero parts.
 *
 * @example formatDuration(5400) // '1h30m'
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '0s';
  let rest = Math.round(seconds);
  const parts: string[] = [];
  for (const unit of ['d', 'h', 'm', 's']) {
    const size = UNIT_SECONDS[unit] as number;
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.length > 0 ? parts.join('') : '0s';
}
