import type { AlertHistory } from './alert.js';
import type { DataGap } from './gap.js';
import type { SignalData } from './signal.js';
import type { TimeWindow } from './time.js';

/** Where the evidence came from, for the report header. Never carries credentials. */
export interface EvidenceSource {
  readonly kind: 'prometheus';
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
}
