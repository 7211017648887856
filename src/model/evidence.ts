import type { AccessLogEvidence } from './access-log.js';
import type { AlertHistory } from './alert.js';
import type { AlertmanagerEvidence, NotifiedAlert } from './alertmanager.js';
import type { UserChange, UserNote } from './change.js';
import type { DataGap } from './gap.js';
import type { LogFormat } from './log.js';
import type { LokiEvidence } from './loki.js';
import type { SignalData } from './signal.js';
import type { TimeWindow } from './time.js';
import type { TimelineEvent } from './timeline.js';

/** Where the evidence came from, for the report header. Never carries credentials. */
export interface EvidenceSource {
  /** The server behind the Prometheus API: VictoriaMetrics speaks the same API with small differences. */
  readonly kind: 'prometheus' | 'victoriametrics';
  /** Base URL with any user info and query string removed. */
  readonly url: string;
  /** Server version when the server tells it. */
  readonly version: string | null;
}

/**
 * Everything one run collected, as plain data. The analysis is a pure function of this, so it can be
 * saved and analysed again offline with identical output (Prometheus retention is short and postmortems
 * are written days later).
 */
export interface Evidence {
  readonly window: TimeWindow;
  readonly source: EvidenceSource;
  readonly signals: readonly SignalData[];
  readonly alerts: AlertHistory;
  readonly gaps: readonly DataGap[];
  /** Version of the tool that collected it. */
  readonly toolVersion: string;
  /**
   * Latency above which a request counted as slow when the evidence was collected (`--slow-threshold`):
   * the slow-ratio queries were built with it. Absent in older bundles, which used 1 s.
   */
  readonly slowThresholdSeconds?: number;
  /** What the request logs (`--access-log`) held, reduced to counts; absent when none were given. */
  readonly accessLogs?: AccessLogEvidence;
  /** Deploys and config changes from `--changes` files, parsed; absent when none were given. */
  readonly changes?: readonly UserChange[];
  /** Human notes from `--notes` files, parsed; absent when none were given. */
  readonly notes?: readonly UserNote[];
  /** Current alerts and silences from `--alertmanager`; absent when not asked for. */
  readonly alertmanager?: AlertmanagerEvidence;
  /** Alerts of the webhook notifications in `--alert-log` files, parsed; absent when none were given. */
  readonly alertLog?: readonly NotifiedAlert[];
  /** Log lines from `--loki` queries; absent when not asked for. */
  readonly loki?: LokiEvidence;
  /**
   * What the `--logs` files said, without their lines: how each file was read and the failure and
   * deadlock episodes found in it. Their error-line rates are in `signals` (signal `log_error_lines`).
   * Absent when no `--logs` were given.
   */
  readonly logs?: LogEvidence;
}

/** How one `--logs` file was read. */
export interface LogFileSummary {
  readonly path: string;
  readonly format: LogFormat | 'unknown';
  readonly lines: number;
  /** Entries inside the window plus lookback. */
  readonly kept: number;
  readonly unreadable: number;
}

export interface LogEvidence {
  readonly files: readonly LogFileSummary[];
  /** Failure-line and deadlock episodes, as timeline events (kind `log`, source `logs`). */
  readonly events: readonly TimelineEvent[];
  /** Message templates new in the window, or grown most against the lookback (absent in older bundles). */
  readonly templates?: LogTemplates;
  /** Statements logged as slow in the window, by total time (absent in older bundles). */
  readonly slowStatements?: readonly LogSlowStatement[];
}

/** A message template with its line counts before and in the window, and an example line. */
export interface LogTemplate {
  readonly template: string;
  readonly lookback: number;
  readonly window: number;
  readonly example: string;
}

export interface LogTemplates {
  readonly new: readonly LogTemplate[];
  /** `growth`: lines per second in the window over the lookback's. */
  readonly grown: readonly (LogTemplate & { readonly growth: number })[];
  /** Distinct templates found, and lines past the miner's memory cap (counted, not mined). */
  readonly distinct: number;
  readonly overflowLines: number;
}

/** One statement (literals replaced by `?`) logged as slow in the window. */
export interface LogSlowStatement {
  readonly statement: string;
  readonly calls: number;
  readonly totalSeconds: number;
  readonly maxSeconds: number;
  readonly first: number;
  readonly source: string;
}
