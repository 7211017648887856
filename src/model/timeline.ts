import type { Labels } from './series.js';
import type { UnixSeconds } from './time.js';

export type EventKind =
  | 'change'
  | 'restart'
  | 'anomaly_start'
  | 'anomaly_end'
  | 'alert_pending'
  | 'alert_firing'
  | 'alert_resolved'
  | 'log'
  | 'note'
  | 'silence';

export type EventSource = 'prometheus' | 'alerts' | 'logs' | 'notes' | 'changes';

/** Evidence behind a timeline line: plain values so every renderer can show them. */
export type EventEvidence = Readonly<Record<string, string | number | boolean | null>>;

export interface TimelineEvent {
  readonly time: UnixSeconds;
  readonly kind: EventKind;
  readonly source: EventSource;
  readonly title: string;
  readonly labels: Labels;
  readonly evidence: EventEvidence;
}

export type PhaseName = 'trigger' | 'onset' | 'detected' | 'mitigated' | 'recovered' | 'resolved';

export const PHASE_NAMES: readonly PhaseName[] = ['trigger', 'onset', 'detected', 'mitigated', 'recovered', 'resolved'];

/** When each phase began (null when the evidence does not show it) and the event that set it. */
export type Phases = Readonly<Record<PhaseName, UnixSeconds | null>>;
export type PhaseCauses = Readonly<Record<PhaseName, string | null>>;
/** The timeline event each phase cites (an anomaly start or end, an alert, a change, a restart, a note), or null. */
export type PhaseEvidence = Readonly<Record<PhaseName, TimelineEvent | null>>;
