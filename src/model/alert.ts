import type { Labels, Series } from './series.js';

/** An alerting rule as `/api/v1/rules` describes it: where an alert's meaning and runbook come from. */
export interface AlertRule {
  readonly name: string;
  readonly group: string;
  readonly expr: string;
  /** The `for` duration in seconds (0 when the rule fires at once). */
  readonly forSeconds: number;
  readonly labels: Labels;
  readonly annotations: Labels;
}

/**
 * The raw alert history Prometheus keeps as series: `ALERTS{alertname, alertstate, …}` is 1 while an
 * alert is pending or firing, `ALERTS_FOR_STATE{alertname, …}` holds the unix time it became active.
 */
export interface AlertHistory {
  readonly alerts: readonly Series[];
  readonly forState: readonly Series[];
  readonly rules: readonly AlertRule[];
}

/** One alert instance's life, reconstructed from its history. Times are null where not seen. */
export interface AlertInterval {
  readonly alertname: string;
  /** The alert's labels without `__name__` and `alertstate`. */
  readonly labels: Labels;
  readonly pendingAt: number | null;
  readonly firingAt: number | null;
  /** When it stopped being pending or firing; null while still active at the end of the data. */
  readonly resolvedAt: number | null;
  readonly rule: AlertRule | null;
  /**
   * How many intervals this alert instance (alertname + labels) had in the data: 2 or more means it
   * flapped. Absent where no count was made (read as 1).
   */
  readonly episodes?: number;
  /** Where the interval was seen, sorted; absent means Prometheus's `ALERTS` only. */
  readonly sources?: readonly AlertSource[];
  /** Annotations as Alertmanager sent them (already expanded), when it did. */
  readonly annotations?: Labels;
  /** Alertmanager's view when the evidence was collected, for an alert it still held. */
  readonly alertmanager?: {
    readonly state: 'active' | 'suppressed' | 'unprocessed';
    readonly silencedBy: readonly string[];
    readonly inhibitedBy: readonly string[];
  };
}

/** Where an alert interval comes from: `ALERTS` samples, Alertmanager's API, or a webhook receiver's log. */
export type AlertSource = 'prometheus' | 'alertmanager' | 'alert-log';
