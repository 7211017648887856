import type { Labels } from './series.js';

/**
 * One log line from Grafana Loki. The time stays the nanosecond string Loki sent: a float cannot hold
 * it exactly, and entries of one nanosecond must stay apart and in order when replayed from a bundle.
 */
export interface LokiEntry {
  /** Unix time in nanoseconds, decimal digits as Loki sent them. */
  readonly ns: string;
  readonly line: string;
}

/** One stream of a LogQL answer: its labels and its entries in time order. */
export interface LokiStream {
  readonly labels: Labels;
  readonly entries: readonly LokiEntry[];
}

/** The answer to one `--loki-query`, over every page read. */
export interface LokiQueryResult {
  readonly query: string;
  readonly streams: readonly LokiStream[];
  /** True when reading stopped at the line cap before the end of the range. */
  readonly truncated: boolean;
}

/** What `--loki` gave: the lines of each `--loki-query` over the window. */
export interface LokiEvidence {
  /** Base URL with any user info and query string removed. */
  readonly url: string;
  readonly queries: readonly LokiQueryResult[];
}
