import type { UnixSeconds } from './time.js';

/**
 * Related anomalies that form one story: a cascade that started together (the incident itself), or
 * a later, separate disturbance. Every ranked anomaly belongs to exactly one episode.
 */
export interface Episode {
  /** 1, 2, … in order of start. */
  readonly id: number;
  /** True for the episode that holds the incident (the rank-1 anomaly). */
  readonly incident: boolean;
  readonly from: UnixSeconds;
  /** When the last of its anomalies returned to baseline; null when one was still going at the end of the data. */
  readonly to: UnixSeconds | null;
  /** Ranks of its anomalies, best first; the first one leads the episode. */
  readonly ranks: readonly number[];
  /** The leading anomaly's title and series: `PostgreSQL statement mean time on db1:9187 (shop, …)`. */
  readonly title: string;
}
