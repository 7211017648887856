import type { Labels } from './series.js';
import type { SignalUnit } from './signal.js';
import type { UnixSeconds } from './time.js';

/**
 * The samples behind one charted anomaly, so a report can draw the series against its baseline
 * band. `values[i]` is the sample at `timestamps[i]`; `null` marks a missing sample (a gap), which
 * a chart draws as a break rather than a zero.
 */
export interface ChartSeries {
  /** Rank of the anomaly this series belongs to (1 = the likely culprit). */
  readonly rank: number;
  readonly signal: string;
  readonly title: string;
  readonly labels: Labels;
  readonly unit: SignalUnit;
  /** `culprit` for rank 1, `symptom` for the user-facing (or next-ranked) anomalies shown after it. */
  readonly role: 'culprit' | 'symptom';
  readonly timestamps: readonly UnixSeconds[];
  readonly values: readonly (number | null)[];
  /** Centre and spread of the baseline the anomaly was judged against (the band is value ± spread). */
  readonly baseline: { readonly value: number; readonly spread: number };
  readonly onset: UnixSeconds;
  readonly end: UnixSeconds | null;
}
