import type {
  AffectedUsers,
  AlertInterval,
  AnomalyKind,
  BaselineMethod,
  EventEvidence,
  EventKind,
  EventSource,
  PhaseName,
  RankedAnomaly,
  Reconstruction,
  SignalCategory,
  SignalUnit,
  TimelineEvent,
} from '../src/model/index.js';
import { PHASE_NAMES } from '../src/model/index.js';
import { isoUtc } from './format-time.js';
import { compareAlerts, compareEvents, compareText, compareTimes, labelsKey, sortKeys, sortedLabels } from '../src/ordering/ordering.js';

/** Bumped only when a field is renamed or changes meaning; new fields keep the version. */
export const SCHEMA_VERSION = 1;


/** An ISO-8601 UTC time with seconds precision, e.g. `2023-10-15T06:03:00Z`. */
export type IsoTime = string;

/** A label set with its keys sorted. */
export type JsonLabels = Readonly<Record<string, string>>;

/**
 * The JSON report as written: the contract's fields (docs/CONTRACT.md) plus additions. Every number is
 * finite or null; every time is an `IsoTime` or null.
 */
export interface ReportJson {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly toolVersion: string;
  readonly source: { readonly kind: string; readonly url: string; readonly version: string | null };
  readonly window: {
    readonly from: IsoTime | null;
    readonly to: IsoTime | null;
    readonly lookbackFrom: IsoTime | null;
    readonly timezone: string;
    readonly stepSeconds: number | null;
  };
  readonly anomalies: readonly AnomalyJson[];
  readonly alerts: readonly AlertJson[];
  readonly events: readonly EventJson[];
  readonly phases: Readonly<Record<PhaseName, IsoTime | null>>;
  /** What set each phase, as the timeline described it; null when the phase is unknown. */
  readonly phaseCauses: Readonly<Record<PhaseName, string | null>>;
  /** Phase-to-phase durations in seconds, counted from the onset; null when either end is unknown. */
  readonly durations: {
    readonly timeToDetectSeconds: number | null;
    readonly timeToMitigateSeconds: number | null;
    readonly timeToRecoverSeconds: number | null;
    readonly timeToResolveSeconds: number | null;
  };
  readonly impact: {
    readonly affectedUsers: AffectedUsersJson | null;
    readonly requests: {
      readonly total: number | null;
      readonly failed: number | null;
      readonly slow: number | null;
      readonly slowThresholdSeconds: number | null;
      readonly method: string;
    } | null;
    readonly segments: readonly { readonly segment: string; readonly affectedUsers: AffectedUsersJson }[];
  };
  readonly checkedNormal: readonly {
    readonly signal: string;
    readonly title: string;
    readonly category: SignalCategory;
    readonly labels: JsonLabels;
  }[];
  readonly unjudged: readonly { readonly signal: string; readonly labels: JsonLabels; readonly reason: string }[];
  readonly dataGaps: readonly { readonly source: string; readonly what: string; readonly reason: string }[];
}

export interface AnomalyJson {
  readonly rank: number | null;
  readonly signal: string;
  readonly title: string;
  readonly category: SignalCategory;
  readonly unit: SignalUnit;
  readonly userFacing: boolean;
  readonly query: string;
  readonly labels: JsonLabels;
  readonly kind: AnomalyKind;
  readonly direction: 'up' | 'down';
  readonly onset: IsoTime | null;
  readonly end: IsoTime | null;
  readonly peak: { readonly time: IsoTime | null; readonly value: number | null };
  readonly baseline: {
    readonly value: number | null;
    readonly spread: number | null;
    readonly method: BaselineMethod;
    readonly samples: number | null;
  };
  readonly score: number | null;
  readonly rankReasons: readonly string[];
}

export interface AlertJson {
  readonly alertname: string;
  readonly labels: JsonLabels;
  readonly pendingAt: IsoTime | null;
  readonly firingAt: IsoTime | null;
  readonly resolvedAt: IsoTime | null;
  readonly rule: {
    readonly name: string;
    readonly group: string;
    readonly expr: string;
    readonly forSeconds: number | null;
    readonly labels: JsonLabels;
    readonly annotations: JsonLabels;
  } | null;
}

export interface EventJson {
  readonly time: IsoTime | null;
  readonly kind: EventKind;
  readonly source: EventSource;
  readonly title: string;
  readonly labels: JsonLabels;
  readonly evidence: Readonly<Record<string, string | number | boolean | null>>;
}

export interface AffectedUsersJson {
  readonly percent: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly method: string;
}

/**
 * The reconstruction as the JSON report of the contract (`--format json`): times as ISO-8601 UTC
 * strings with seconds precision (fractions floored), label sets with sorted keys, anomalies in rank
 * order, events in time order, all six phases, and a trailing newline. JSON has no NaN or Infinity,
 * so every non-finite number — a value, a baseline, a score, a time — is written as `null`, which
 * readers already treat as "unknown". The output depends only on the input's content, never on the
 * order of its label keys or on the machine, so the same evidence gives byte-identical reports.
 *
 * @example JSON.parse(renderJson(reconstruction)).anomalies[0].rank // 1
 */
export function renderJson(reconstruction: Reconstruction): string {
  return `${JSON.stringify(toReportJson(reconstruction), null, 2)}\n`;
}

/**
 * The JSON report as an object, before serialisation: what `renderJson` writes, for callers that
 * embed the report (the HTML renderer, tests) instead of reading the text back.
 *
 * @example toReportJson(reconstruction).phases.onset // '2023-05-13T15:55:30Z'
 */
export function toReportJson(reconstruction: Reconstruction): ReportJson {
  const { window, phases } = reconstruction;
  const since = (phase: PhaseName): number | null => {
    const start = phases.onset;
    const end = phases[phase];
    return start === null || end === null ? null : finite(end - start);
  };
  return {
    schemaVersion: SCHEMA_VERSION,
    toolVersion: reconstruction.toolVersion,
    source: { kind: reconstruction.source.kind, url: reconstruction.source.url, version: reconstruction.source.version },
    window: {
      from: isoUtc(window.from),
      to: isoUtc(window.to),
      lookbackFrom: isoUtc(window.lookbackFrom),
      timezone: window.timezone,
      stepSeconds: finite(window.stepSeconds),
    },
    anomalies: [...reconstruction.anomalies].sort(compareRank).map(anomalyJson),
    alerts: [...reconstruction.alerts].sort(compareAlerts).map(alertJson),
    events: [...reconstruction.events].sort(compareEvents).map(eventJson),
    phases: phaseRecord((phase) => timeOrNull(phases[phase])),
    phaseCauses: phaseRecord((phase) => reconstruction.phaseCauses[phase]),
    durations: {
      timeToDetectSeconds: since('detected'),
      timeToMitigateSeconds: since('mitigated'),
      timeToRecoverSeconds: since('recovered'),
      timeToResolveSeconds: since('resolved'),
    },
    impact: {
      affectedUsers: affectedUsersJson(reconstruction.impact.affectedUsers),
      requests:
        reconstruction.impact.requests === null
          ? null
          : {
              total: finite(reconstruction.impact.requests.total),
              failed: finite(reconstruction.impact.requests.failed),
              slow: finite(reconstruction.impact.requests.slow),
              slowThresholdSeconds: finite(reconstruction.impact.requests.slowThresholdSeconds),
              method: reconstruction.impact.requests.method,
            },
      segments: reconstruction.impact.segments.map((segment) => ({
        segment: segment.segment,
        affectedUsers: affectedUsersJson(segment.affectedUsers) ?? { percent: null, low: null, high: null, method: '' },
      })),
    },
    checkedNormal: [...reconstruction.checkedNormal]
      .sort((a, b) => compareText(a.signal, b.signal) || compareText(labelsKey(a.labels), labelsKey(b.labels)))
      .map((checked) => ({ signal: checked.signal, title: checked.title, category: checked.category, labels: sortedLabels(checked.labels) })),
    unjudged: [...reconstruction.unjudged]
      .sort((a, b) => compareText(a.signal, b.signal) || compareText(labelsKey(a.labels), labelsKey(b.labels)) || compareText(a.reason, b.reason))
      .map((series) => ({ signal: series.signal, labels: sortedLabels(series.labels), reason: series.reason })),
    dataGaps: [...reconstruction.dataGaps]
      .sort((a, b) => compareText(a.source, b.source) || compareText(a.what, b.what) || compareText(a.reason, b.reason))
      .map((gap) => ({ source: gap.source, what: gap.what, reason: gap.reason })),
  };
}

/**
 * Orders ranked anomalies by rank, breaking ties (which the ranking should not produce) by score,
 * signal and labels, so the order never depends on the input's order.
 *
 * @example [...anomalies].sort(compareRank)[0].rank // 1
 */
export function compareRank(a: RankedAnomaly, b: RankedAnomaly): number {
  return (
    compareTimes(a.rank, b.rank) ||
    compareTimes(-b.score, -a.score) ||
    compareText(a.signal, b.signal) ||
    compareText(labelsKey(a.labels), labelsKey(b.labels))
  );
}

function anomalyJson(anomaly: RankedAnomaly): AnomalyJson {
  return {
    rank: finite(anomaly.rank),
    signal: anomaly.signal,
    title: anomaly.title,
    category: anomaly.category,
    unit: anomaly.unit,
    userFacing: anomaly.userFacing,
    query: anomaly.query,
    labels: sortedLabels(anomaly.labels),
    kind: anomaly.kind,
    direction: anomaly.direction,
    onset: isoUtc(anomaly.onset),
    end: timeOrNull(anomaly.end),
    peak: { time: isoUtc(anomaly.peak.time), value: finite(anomaly.peak.value) },
    baseline: {
      value: finite(anomaly.baseline.value),
      spread: finite(anomaly.baseline.spread),
      method: anomaly.baseline.method,
      samples: finite(anomaly.baseline.samples),
    },
    score: finite(anomaly.score),
    rankReasons: [...anomaly.rankReasons],
  };
}

function alertJson(alert: AlertInterval): AlertJson {
  return {
    alertname: alert.alertname,
    labels: sortedLabels(alert.labels),
    pendingAt: timeOrNull(alert.pendingAt),
    firingAt: timeOrNull(alert.firingAt),
    resolvedAt: timeOrNull(alert.resolvedAt),
    rule:
      alert.rule === null
        ? null
        : {
            name: alert.rule.name,
            group: alert.rule.group,
            expr: alert.rule.expr,
            forSeconds: finite(alert.rule.forSeconds),
            labels: sortedLabels(alert.rule.labels),
            annotations: sortedLabels(alert.rule.annotations),
          },
  };
}

function eventJson(event: TimelineEvent): EventJson {
  return {
    time: isoUtc(event.time),
    kind: event.kind,
    source: event.source,
    title: event.title,
    labels: sortedLabels(event.labels),
    evidence: evidenceJson(event.evidence),
  };
}

function evidenceJson(evidence: EventEvidence): Record<string, string | number | boolean | null> {
  return Object.fromEntries(
    Object.entries(sortKeys(evidence)).map(([key, value]) => [key, typeof value === 'number' ? finite(value) : value]),
  );
}

function affectedUsersJson(users: AffectedUsers | null): AffectedUsersJson | null {
  if (users === null) return null;
  return { percent: finite(users.percent), low: finite(users.low), high: finite(users.high), method: users.method };
}

function phaseRecord<T>(value: (phase: PhaseName) => T): Record<PhaseName, T> {
  return Object.fromEntries(PHASE_NAMES.map((phase) => [phase, value(phase)])) as Record<PhaseName, T>;
}

function timeOrNull(seconds: number | null): IsoTime | null {
  return seconds === null ? null : isoUtc(seconds);
}

/** JSON cannot carry NaN or ±Infinity (`JSON.stringify` would silently write `null` anyway); make it explicit. */
function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
