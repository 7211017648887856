/**
 * The ground truth written next to a scenario (`<name>.truth.json`): what the scenario did, taken from
 * its own schedule and counted from its own generated data, never from running a detector. All times
 * are ISO-8601 UTC strings; signal names are the catalogue's (`pg_deadlocks`, `http_error_ratio`, …).
 */
import type { PhaseName } from '../../src/model/timeline.js';
import type { TruthAccessLog } from './_access-log.js';

export type TruthLabels = Readonly<Record<string, string>>;

/** A catalogue signal restricted to the series whose labels include `labels`. */
export interface TruthSeriesRef {
  readonly signal: string;
  readonly labels: TruthLabels;
  /**
   * The sample name the signal's query must read, when one signal has several queries whose series
   * carry the same labels: the catalogue groups every latency histogram by job, so a service's own
   * `http_request_duration_seconds` and its outgoing-call `http_client_request_duration_seconds` both
   * give `http_latency_p99{job}`, and only the query tells them apart.
   */
  readonly metric?: string;
}

export interface TruthAnomaly extends TruthSeriesRef {
  /** Exact instant of the schedule at which the series leaves its baseline. */
  readonly onset: string;
  /** When it is back within baseline; null when it stays changed (e.g. a query faster than ever after an index). */
  readonly end: string | null;
  readonly direction: 'up' | 'down';
  readonly description: string;
  /** True when the move is real but small: a detector may or may not flag it. */
  readonly weak?: true;
  /**
   * How precisely the data can date the onset, when that is coarser than a scrape: a leak that only
   * steepens a sawtooth's regrowth shows within minutes, not to the sample. Absent: to the scrape.
   */
  readonly onsetToleranceSeconds?: number;
  /** Why the onset cannot be dated to the scrape (required with `onsetToleranceSeconds`). */
  readonly onsetToleranceReason?: string;
}

export interface TruthAlert {
  readonly alertname: string;
  /** The alert's labels without `alertstate` (those of its ALERTS_FOR_STATE series). */
  readonly labels: TruthLabels;
  readonly pendingAt: string;
  readonly firingAt: string | null;
  readonly resolvedAt: string | null;
  /** Part of this outage (active in the window), as opposed to noise elsewhere in the data. */
  readonly related: boolean;
}

export interface TruthRequests {
  readonly total: number;
  readonly failed: number;
  readonly slow: number;
}

/** A sentence of the seed postmortem and the truth instant it pins, read in the truth's zone. */
export interface SeedFact {
  readonly quote: string;
  /** `phases.onset`, `window.to`, … */
  readonly field: string;
  /** Local wall time the seed states, `YYYY-MM-DDTHH:mm`. */
  readonly local: string;
}

export interface ScenarioTruth {
  readonly name: string;
  readonly timezone: string;
  readonly stepSeconds: number;
  readonly dataFrom: string;
  readonly dataTo: string;
  readonly window: { readonly from: string; readonly to: string };
  /** Acceptable catalogue signals for the root cause, and labels the culprit series must carry. */
  readonly culprit: {
    readonly signals: readonly string[];
    readonly labels: TruthLabels;
    /** As TruthSeriesRef.metric: the sample name the culprit's query must read, when labels cannot tell. */
    readonly metric?: string;
    readonly description: string;
  };
  readonly phases: Readonly<Record<PhaseName, string | null>>;
  /** Phases the data can date only coarsely, in seconds, with the reason in the anomaly they follow. */
  readonly phaseToleranceSeconds?: Readonly<Partial<Record<PhaseName, number>>>;
  /** Every series the scenario perturbed, in catalogue terms. */
  readonly anomalous: readonly TruthAnomaly[];
  /** Notable series that were left alone and must stay quiet. */
  readonly normal: readonly TruthSeriesRef[];
  /** Requests in the window (intervals ending in (from, to]) of the user-facing `jobs`, from the generated counters. */
  readonly impact: {
    readonly requestsTotal: number;
    readonly requestsFailed: number;
    readonly requestsSlow: number;
    readonly slowThresholdSeconds: number;
    readonly jobs: readonly string[];
    readonly byJob: Readonly<Record<string, TruthRequests>>;
  };
  /** Harmless departures outside the window that a tool must not blame. */
  readonly benign: readonly { readonly description: string; readonly from: string; readonly to: string; readonly series: readonly TruthSeriesRef[] }[];
  /** Every alert in the data, as the hand-written ALERTS history records it. */
  readonly alerts: readonly TruthAlert[];
  /** Process restarts (counters reset, start time jumps). */
  readonly restarts: readonly { readonly labels: TruthLabels; readonly at: string; readonly description: string }[];
  /** Deliberate changes visible in the metrics. */
  readonly changes: readonly { readonly labels: TruthLabels; readonly at: string; readonly description: string }[];
  /**
   * The seed postmortem (path from the repository root) and the facts of it the truth encodes; null
   * for the outage kinds written from the list (bad deploy, memory leak, …), which have no
   * published postmortem behind them: their schedule is the whole story.
   */
  readonly seed: { readonly file: string; readonly facts: readonly SeedFact[] } | null;
  /**
   * Request logs written beside the data (`<folder>/`), for the affected-users estimate: the shares
   * counted from the plan's choice of which users were hit, never by reading the logs back.
   */
  readonly accessLog?: TruthAccessLog;
}
