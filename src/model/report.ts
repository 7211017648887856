import type { AlertInterval } from './alert.js';
import type { RankedAnomaly } from './anomaly.js';
import type { EvidenceSource } from './evidence.js';
import type { DataGap } from './gap.js';
import type { Impact } from './impact.js';
import type { Labels } from './series.js';
import type { SignalCategory } from './signal.js';
import type { TimeWindow } from './time.js';
import type { PhaseCauses, Phases, TimelineEvent } from './timeline.js';

/** A signal that was examined and found within its baseline. */
export interface CheckedNormal {
  readonly signal: string;
  readonly title: string;
  readonly category: SignalCategory;
  readonly labels: Labels;
}

/** A series that was collected but could not be judged, and why. */
export interface Unjudgeable {
  readonly signal: string;
  readonly labels: Labels;
  readonly reason: string;
}

/**
 * The reconstruction of one outage: what every renderer takes. A pure function of the evidence,
 * so the same evidence always gives the same reconstruction.
 */
export interface Reconstruction {
  readonly window: TimeWindow;
  readonly source: EvidenceSource;
  readonly toolVersion: string;
  readonly anomalies: readonly RankedAnomaly[];
  readonly alerts: readonly AlertInterval[];
  readonly events: readonly TimelineEvent[];
  readonly phases: Phases;
  readonly phaseCauses: PhaseCauses;
  readonly impact: Impact;
  readonly checkedNormal: readonly CheckedNormal[];
  readonly unjudged: readonly Unjudgeable[];
  readonly dataGaps: readonly DataGap[];
}
