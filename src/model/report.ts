import type { LogFileSummary, LogSlowStatement, LogTemplates } from './evidence.js';
import type { AlertInterval } from './alert.js';
import type { RankedAnomaly } from './anomaly.js';
import type { ChartSeries } from './chart.js';
import type { Episode } from './episode.js';
import type { EvidenceSource } from './evidence.js';
import type { DataGap } from './gap.js';
import type { Hypothesis } from './hypothesis.js';
import type { Impact } from './impact.js';
import type { Labels } from './series.js';
import type { SignalCategory } from './signal.js';
import type { TimeWindow } from './time.js';
import type { PhaseCauses, PhaseEvidence, Phases, TimelineEvent } from './timeline.js';

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
  /** The event each phase cites; absent from reconstructions built before phases cited events. */
  readonly phaseEvidence?: PhaseEvidence;
  readonly impact: Impact;
  readonly checkedNormal: readonly CheckedNormal[];
  readonly unjudged: readonly Unjudgeable[];
  readonly dataGaps: readonly DataGap[];
  /**
   * Root-cause hypotheses, most likely first, each a causal chain with its evidence (the first blames
   * the rank-1 anomaly). Absent from reconstructions built before hypotheses existed.
   */
  readonly hypotheses?: readonly Hypothesis[];
  /** Related anomalies grouped into episodes, in order of start. Absent as above. */
  readonly episodes?: readonly Episode[];
  /**
   * The samples of the culprit and the top symptoms, for reports that draw charts (HTML). Not part of
   * the JSON report. Absent as above.
   */
  readonly charts?: readonly ChartSeries[];
  /** What the `--logs` files said beyond the timeline: files read, message templates, slow statements. */
  readonly logs?: LogDigest;
}

/** The `--logs` findings a report shows in a section of their own. */
export interface LogDigest {
  readonly files: readonly LogFileSummary[];
  readonly templates: LogTemplates | null;
  readonly slowStatements: readonly LogSlowStatement[];
}
