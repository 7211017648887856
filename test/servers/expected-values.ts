import { SCRAPE_SECONDS } from './exporter-fixture.js';

/** The lookback delta the harness starts Prometheus with. */
export const LOOKBACK_SECONDS = 60;

/**
 * What Prometheus 2.x answers for a plain selector at time `t` on the fixture: the latest sample at or
 * before `t` no older than the lookback delta, else NaN. The window `[t - lookback, t]` includes its
 * left edge in 2.x (measured on 2.42; Prometheus 3 made it left-open).
 * `valueAt` gives the fixture's sample at a sample time, null where it has none.
 */
export function expectedAt(t: number, valueAt: (sampleTime: number) => number | null, first: number, last: number): number {
  let s = first + Math.floor((t - first) / SCRAPE_SECONDS) * SCRAPE_SECONDS;
  if (s > last) s = last;
  for (; s >= first && t - s <= LOOKBACK_SECONDS; s -= SCRAPE_SECONDS) {
    const value = valueAt(s);
    if (value !== null) return value;
  }
  return Number.NaN;
}
