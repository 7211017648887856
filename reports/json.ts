import type {
  AffectedUsers,
  AlertInterval,
  AnomalyKind,
  BaselineMethod,
  ChainLink,
  ChainRole,
  EventEvidence,
  EventKind,
  EventSource,
  Hypothesis,
  Impact,
  PhaseName,
  RankedAnomaly,
  Reconstruction,
  RequestImpact,
  SignalCategory,
  SignalUnit,
  TimelineEvent,
} from '../src/model/index.js';
import { PHASE_NAMES } from '../src/model/index.js';
import { isoUtc } from './format-time.js';
import { hasPrometheusGraph, prometheusGraphUrl } from './graph-link.js';
import { expandAnnotation } from '../src/timeline/expand-annotation.js';
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
  /** The timeline event each phase cites (its time, kind, source, title, labels and evidence); null when the phase is unknown. */
  readonly phaseEvidence: Readonly<Record<PhaseName, EventJson | null>>;
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
      /** Failed / total: what an availability SLO counts as bad. */
      readonly badRatio: number | null;
    } | null;
    readonly segments: readonly { readonly segment: string; readonly affectedUsers: AffectedUsersJson }[];
    /** Requests as the access logs count them, beside `requests` (metrics first when both exist); null without logs. */
    readonly requestsFromLogs: RequestsJson | null;
    /** Requests that never arrived, against a seasonal reference; null without request metrics. */
    readonly traffic: {
      readonly expected: number | null;
      readonly seen: number | null;
      readonly deficit: number | null;
      readonly percent: number | null;
      readonly reference: string;
      readonly method: string;
      /** The same comparison over the hours before the window: the reference's usual miss, in percent. */
      readonly usualPercent: number | null;
    } | null;
    /** Error budget burned, with `--slo`; null otherwise. */
    readonly slo: {
      readonly objectivePercent: number | null;
      readonly periodSeconds: number | null;
      readonly periodRequests: number | null;
      readonly budgetRequests: number | null;
      readonly badRequests: number | null;
      readonly burnedPercent: number | null;
      readonly method: string;
    } | null;
    /** How each access log was read. */
    readonly accessLogs: readonly {
      readonly path: string;
      readonly format: string;
      readonly lines: number;
      readonly inWindow: number;
      readonly withoutUser: number;
      readonly unreadable: number;
      readonly firstUnreadable: { readonly line: number; readonly reason: string } | null;
      readonly error: string | null;
      readonly earliest: IsoTime | null;
      readonly latest: IsoTime | null;
    }[];
  };
  readonly checkedNormal: readonly {
    readonly signal: string;
    readonly title: string;
    readonly category: SignalCategory;
    readonly labels: JsonLabels;
  }[];
  readonly unjudged: readonly { readonly signal: string; readonly labels: JsonLabels; readonly reason: string }[];
  readonly dataGaps: readonly { readonly source: string; readonly what: string; readonly reason: string }[];
  /** Root-cause hypotheses, most likely first: each a causal chain with the evidence for every link. */
  readonly hypotheses: readonly HypothesisJson[];
  /** Related anomalies grouped into episodes, in order of start. */
  readonly episodes: readonly EpisodeJson[];
  /** What the `--logs` files said beyond the timeline events; null without `--logs`. */
  readonly logs: LogsJson | null;
}

export interface LogsJson {
  readonly files: readonly { readonly path: string; readonly format: string; readonly lines: number; readonly kept: number; readonly unreadable: number }[];
  /** Message templates new in the window and grown most; null when the evidence holds none (older bundles). */
  readonly templates: {
    readonly distinct: number;
    readonly overflowLines: number;
    readonly new: readonly { readonly template: string; readonly lookback: number; readonly window: number; readonly example: string }[];
    readonly grown: readonly { readonly template: string; readonly lookback: number; readonly window: number; readonly example: string; readonly growth: number }[];
  } | null;
  readonly slowStatements: readonly {
    readonly statement: string;
    readonly calls: number;
    readonly totalSeconds: number;
    readonly maxSeconds: number;
    readonly first: string | null;
    readonly source: string;
  }[];
}

export interface HypothesisJson {
  readonly rank: number;
  /** The chain in one line, links joined by `→`. */
  readonly summary: string;
  readonly reasons: readonly string[];
  readonly chain: readonly ChainLinkJson[];
}

export interface ChainLinkJson {
  readonly role: ChainRole;
  readonly source: ChainLink['source'];
  readonly signal: string;
  readonly title: string;
  readonly labels: JsonLabels;
  readonly query: string | null;
  readonly onset: IsoTime | null;
  /** Rank of the anomaly; null for a change, restart or alert. */
  readonly rank: number | null;
  /** The anomaly's peak value (null for events and alerts), to read beside `baseline`. */
  readonly value: number | null;
  readonly peak: { readonly time: IsoTime | null; readonly value: number | null } | null;
  readonly baseline: { readonly value: number | null; readonly spread: number | null; readonly method: BaselineMethod; readonly samples: number | null } | null;
  readonly unit: SignalUnit | null;
  readonly score: number | null;
  /** The Prometheus graph page for `query` over the window; null without a query or a server URL. */
  readonly graph: string | null;
}

export interface EpisodeJson {
  readonly id: number;
  readonly incident: boolean;
  readonly from: IsoTime | null;
  readonly to: IsoTime | null;
  readonly title: string;
  readonly ranks: readonly number[];
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
  /** Intervals this alert instance had in the data; 2 or more: it flapped. */
  readonly episodes: number;
  readonly flapping: boolean;
  /** Where it was seen: `prometheus` (ALERTS), `alertmanager`, `alert-log`. */
  readonly sources: readonly string[];
  /**
   * The alert's annotations (summary, description, runbook_url, …) with the rule's templates expanded
   * for its labels, and Alertmanager's as it sent them; null when there is neither.
   */
  readonly annotations: JsonLabels | null;
  /** Alertmanager's state when the evidence was collected, or null. */
  readonly alertmanager: { readonly state: string; readonly silencedBy: readonly string[]; readonly inhibitedBy: readonly string[] } | null;
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
  /** `users`, or `requests` when the logs carry no user ids; null when not said. */
  readonly basis?: 'users' | 'requests' | null;
  readonly affected?: number | null;
  readonly total?: number | null;
  /** True: every user was seen, low = high; false: a sample with a Wilson 95 % interval. */
  readonly census?: boolean | null;
}

export interface RequestsJson {
  readonly total: number | null;
  readonly failed: number | null;
  readonly slow: number | null;
  readonly slowThresholdSeconds: number | null;
  readonly method: string;
  readonly badRatio: number | null;
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
    phaseEvidence: phaseRecord((phase) => {
      const event = reconstruction.phaseEvidence?.[phase] ?? null;
      return event === null ? null : eventJson(event);
    }),
    durations: {
      timeToDetectSeconds: since('detected'),
      timeToMitigateSeconds: since('mitigated'),
      timeToRecoverSeconds: since('recovered'),
      timeToResolveSeconds: since('resolved'),
    },
    impact: {
      affectedUsers: affectedUsersJson(reconstruction.impact.affectedUsers),
      requests: requestsJson(reconstruction.impact.requests),
      segments: reconstruction.impact.segments.map((segment) => ({
        segment: segment.segment,
        affectedUsers: affectedUsersJson(segment.affectedUsers) ?? { percent: null, low: null, high: null, method: '' },
      })),
      ...impactAdditionsJson(reconstruction.impact),
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
    hypotheses: [...(reconstruction.hypotheses ?? [])].sort((a, b) => a.rank - b.rank).map((hypothesis) => hypothesisJson(hypothesis, reconstruction)),
    episodes: [...(reconstruction.episodes ?? [])]
      .sort((a, b) => a.id - b.id)
      .map((episode) => ({ id: episode.id, incident: episode.incident, from: isoUtc(episode.from), to: timeOrNull(episode.to), title: episode.title, ranks: [...episode.ranks] })),
    logs: logsJson(reconstruction),
  };
}

function logsJson({ logs }: Reconstruction): LogsJson | null {
  if (logs === undefined) return null;
  const { templates } = logs;
  return {
    files: logs.files.map((f) => ({ path: f.path, format: f.format, lines: f.lines, kept: f.kept, unreadable: f.unreadable })),
    templates:
      templates === null
        ? null
        : {
            distinct: templates.distinct,
            overflowLines: templates.overflowLines,
            new: templates.new.map((t) => ({ template: t.template, lookback: t.lookback, window: t.window, example: t.example })),
            grown: templates.grown.map((t) => ({ template: t.template, lookback: t.lookback, window: t.window, example: t.example, growth: finite(t.growth) ?? 0 })),
          },
    slowStatements: logs.slowStatements.map((s) => ({
      statement: s.statement,
      calls: s.calls,
      totalSeconds: s.totalSeconds,
      maxSeconds: s.maxSeconds,
      first: isoUtc(s.first),
      source: s.source,
    })),
  };
}

function hypothesisJson(hypothesis: Hypothesis, reconstruction: Reconstruction): HypothesisJson {
  const { url } = reconstruction.source;
  return {
    rank: hypothesis.rank,
    summary: hypothesis.summary,
    reasons: [...hypothesis.reasons],
    chain: hypothesis.chain.map((link) => ({
      role: link.role,
      source: link.source,
      signal: link.signal,
      title: link.title,
      labels: sortedLabels(link.labels),
      query: link.query,
      onset: isoUtc(link.onset),
      rank: link.rank === null ? null : finite(link.rank),
      value: link.peak === null ? null : finite(link.peak.value),
      peak: link.peak === null ? null : { time: isoUtc(link.peak.time), value: finite(link.peak.value) },
      baseline:
        link.baseline === null
          ? null
          : { value: finite(link.baseline.value), spread: finite(link.baseline.spread), method: link.baseline.method, samples: finite(link.baseline.samples) },
      unit: link.unit,
      score: link.score === null ? null : finite(link.score),
      graph: link.query === null || url === '' || !hasPrometheusGraph(link.query) ? null : prometheusGraphUrl(url, link.query, reconstruction.window),
    })),
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

function expandedAnnotations(alert: AlertInterval): JsonLabels | null {
  if (alert.rule === null && alert.annotations === undefined) return null;
  const expanded: Record<string, string> = {};
  for (const [name, template] of Object.entries(alert.rule?.annotations ?? {})) expanded[name] = expandAnnotation(template, alert.labels);
  // What Alertmanager sent was expanded by Prometheus itself, with the alert's value: it wins.
  return sortedLabels({ ...expanded, ...alert.annotations });
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
    episodes: alert.episodes ?? 1,
    flapping: (alert.episodes ?? 1) > 1,
    sources: [...(alert.sources ?? ['prometheus'])],
    annotations: expandedAnnotations(alert),
    alertmanager:
      alert.alertmanager === undefined
        ? null
        : { state: alert.alertmanager.state, silencedBy: [...alert.alertmanager.silencedBy], inhibitedBy: [...alert.alertmanager.inhibitedBy] },
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
  return {
    percent: finite(users.percent),
    low: finite(users.low),
    high: finite(users.high),
    method: users.method,
    basis: users.basis ?? null,
    affected: users.affected === undefined ? null : finite(users.affected),
    total: users.total === undefined ? null : finite(users.total),
    census: users.census ?? null,
  };
}

function requestsJson(requests: RequestImpact | null | undefined): RequestsJson | null {
  if (requests === null || requests === undefined) return null;
  return {
    total: finite(requests.total),
    failed: finite(requests.failed),
    slow: finite(requests.slow),
    slowThresholdSeconds: finite(requests.slowThresholdSeconds),
    method: requests.method,
    badRatio: requests.badRatio === undefined ? null : finite(requests.badRatio),
  };
}

/** The impact fields added after the contract's three: logs' requests, traffic deficit, SLO budget, log files read. */
function impactAdditionsJson(impact: Impact): Pick<ReportJson['impact'], 'requestsFromLogs' | 'traffic' | 'slo' | 'accessLogs'> {
  const { traffic, slo } = impact;
  return {
    requestsFromLogs: requestsJson(impact.requestsFromLogs),
    traffic:
      traffic === null || traffic === undefined
        ? null
        : {
            expected: finite(traffic.expected),
            seen: finite(traffic.seen),
            deficit: finite(traffic.deficit),
            percent: finite(traffic.percent),
            reference: traffic.reference,
            method: traffic.method,
            usualPercent: traffic.usualPercent === undefined || traffic.usualPercent === null ? null : finite(traffic.usualPercent),
          },
    slo:
      slo === null || slo === undefined
        ? null
        : {
            objectivePercent: finite(slo.objectivePercent),
            periodSeconds: finite(slo.periodSeconds),
            periodRequests: finite(slo.periodRequests),
            budgetRequests: finite(slo.budgetRequests),
            badRequests: finite(slo.badRequests),
            burnedPercent: finite(slo.burnedPercent),
            method: slo.method,
          },
    // Sorted by path so the order given on the command line does not change the report.
    accessLogs: [...(impact.accessLogs ?? [])]
      .sort((a, b) => compareText(a.path, b.path))
      .map((file) => ({
        path: file.path,
        format: file.format,
        lines: file.lines,
        inWindow: file.inWindow,
        withoutUser: file.withoutUser,
        unreadable: file.unreadable,
        firstUnreadable: file.firstUnreadable === null ? null : { line: file.firstUnreadable.line, reason: file.firstUnreadable.reason },
        error: file.error,
        earliest: timeOrNull(file.earliest),
        latest: timeOrNull(file.latest),
      })),
  };
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
