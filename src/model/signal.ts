import type { Series } from './series.js';

/**
 * What a signal measures, which decides how the timeline treats it when it goes wrong.
 * The order of cause-likeness used for ranking lives in src/timeline, not here.
 *
 * - `change`: a deliberate change (deploy, config reload, version label).
 * - `database`: locks, deadlocks, slow statements, transaction duration, connections.
 * - `saturation`: a resource running out (CPU, memory, filesystem, load).
 * - `network`: bytes and packets in and out.
 * - `process`: one process' own CPU and memory.
 * - `availability`: scrape targets up or down.
 * - `dependency`: a service this one calls (its latency and errors as the caller sees them).
 * - `errors`, `latency`, `traffic`: what users see.
 * - `custom`: a series the user selected with `--select`.
 */
export type SignalCategory =
  | 'change'
  | 'database'
  | 'saturation'
  | 'network'
  | 'process'
  | 'availability'
  | 'dependency'
  | 'errors'
  | 'latency'
  | 'traffic'
  | 'custom';

/** Which way a move is bad: `up` for latency, `down` for availability, `both` when either is news. */
export type BadDirection = 'up' | 'down' | 'both';

export type SignalUnit = 'ratio' | 'seconds' | 'bytes' | 'per_second' | 'count' | 'unix_seconds' | 'other';

/** A catalogue entry made concrete for one server: the query to run and how to read its result. */
export interface SignalQuery {
  /** Catalogue name (`cpu_utilization`) or, for a `--select` series, the metric name. */
  readonly signal: string;
  readonly title: string;
  /** PromQL that reproduces the series. */
  readonly query: string;
  readonly category: SignalCategory;
  readonly unit: SignalUnit;
  readonly badDirection: BadDirection;
  /** True when users feel the signal directly (errors, latency, traffic). */
  readonly userFacing: boolean;
  /**
   * How the timeline reads the series. `level`: judged by the detectors. `start_time`: a
   * process start timestamp whose jumps are restarts. `restart_counter`: a counter of restarts.
   * `info`: an `*_info` / `*_build_info` series collected as raw samples, whose label values
   * (version, revision, config hash) changing is a change. `reload_time`: the timestamp of the last
   * successful config reload, whose jumps are config changes. `reset_count`: counter resets per
   * step (`resets()`), a restart seen where no start timestamp shows it.
   */
  readonly role: 'level' | 'start_time' | 'restart_counter' | 'info' | 'reload_time' | 'reset_count';
  /** Known upper limit of the value when one exists (1 for ratios of capacity), for saturation. */
  readonly limit?: number;
  /**
   * True when the signal names the faulty thing itself (one statement's time, deadlocks between
   * transactions) rather than the pile-up it causes (busy sessions, connections, transaction age):
   * between two cause-type signals that moved together, the one that pinpoints is the better lead.
   */
  readonly pinpoints?: boolean;
}

/**
 * The same query one day and one week before, on the run's own grid: the value at index i is the
 * series' value at `timestamps[i] − 1 d` (or 7 d). Series match the main ones by label set; a series
 * with no counterpart, or instants not fetched, are NaN. Seasonal baselines compare the window with
 * these when the lookback is short or the signal follows a daily rhythm.
 */
export interface SeasonalReferences {
  readonly dayBefore: readonly Series[];
  readonly weekBefore: readonly Series[];
}

/** The series one signal query returned. */
export interface SignalData extends SignalQuery {
  readonly series: readonly Series[];
  /** Absent when not collected (older bundles, `--no-seasonal`, sources that could not answer). */
  readonly seasonal?: SeasonalReferences;
}
