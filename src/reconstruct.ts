import { calibrate } from './detect/calibrate.js';
import { isNegligibleMove } from './detect/negligible-move.js';
import { createDetector, type DetectResult, type Detector } from './detect/detect-series.js';
import { estimateImpact } from './impact/estimate-impact.js';
import type { SloOptions } from './impact/slo-budget.js';
import type { Anomaly, Detection } from './model/anomaly.js';
import type { Evidence } from './model/evidence.js';
import type { CheckedNormal, Reconstruction, Unjudgeable } from './model/report.js';
import type { Series } from './model/series.js';
import type { SignalData } from './model/signal.js';
import { alertIntervals } from './timeline/alert-intervals.js';
import { externalAlertIntervals } from './alerts/external-intervals.js';
import { mergeAlertIntervals } from './alerts/merge-alert-intervals.js';
import { silenceEvents } from './alerts/silence-events.js';
import { lokiEvents } from './timeline/loki-events.js';
import { alertEvents, anomalyEvents } from './timeline/events.js';
import { groupEpisodes, mergeEvents } from './timeline/episodes.js';
import { buildHypotheses } from './timeline/hypotheses.js';
import { chartSeries } from './timeline/chart-series.js';
import { findPhases, relatedAlerts } from './timeline/phases.js';
import { incidentCluster, rankAnomalies } from './timeline/rank.js';
import { restartEvents } from './timeline/restarts.js';
import { configReloadEvents, infoChangeEvents } from './timeline/changes.js';
import { userChangeEvents } from './timeline/changes-given.js';
import { noteEvents } from './timeline/notes-events.js';

/** Restarts this long before the window still show on the timeline: they may be what set it off. */
const RESTART_LOOKBACK_SECONDS = 3600;
/** Choices of the analysis that are not evidence: the same evidence and options give the same report. */
export interface ReconstructOptions {
  /** `--slo` and `--slo-period`: report the error budget the window burned. */
  readonly slo?: SloOptions | null;
}

/** First index whose time is at or after `time` (binary search: timestamps ascend). */
export function indexAtOrAfter(timestamps: Float64Array, time: number): number {
  let low = 0;
  let high = timestamps.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((timestamps[mid] as number) < time) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** One series as the detectors judged it, before the run's false-discovery-rate control. */
interface Judged {
  readonly signal: SignalData;
  readonly series: Series;
  readonly result: DetectResult;
}

/** Same label set (the seasonal references are matched to the main series by labels). */
function sameLabels(a: Series['labels'], b: Series['labels']): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

function referenceOf(references: readonly Series[] | undefined, series: Series): Float64Array | undefined {
  return references?.find((r) => sameLabels(r.labels, series.labels))?.values;
}

function judge(signal: SignalData, series: Series, evidence: Evidence, detector: Detector): Judged {
  const { window } = evidence;
  const { timestamps, values } = series;
  const windowStart = indexAtOrAfter(timestamps, window.from);
  const windowEnd = indexAtOrAfter(timestamps, window.to + 1e-6);
  const dayBefore = referenceOf(signal.seasonal?.dayBefore, series);
  const weekBefore = referenceOf(signal.seasonal?.weekBefore, series);
  const result = detector.detectSeries(values, {
    windowStart,
    windowEnd,
    badDirection: signal.badDirection,
    stepSeconds: window.stepSeconds,
    traits: signal,
    ...(dayBefore === undefined ? {} : { dayBefore }),
    ...(weekBefore === undefined ? {} : { weekBefore }),
  });
  return { signal, series, result };
}

function toAnomaly(signal: SignalData, series: Series, d: Detection): Anomaly {
  const { timestamps, labels } = series;
  return {
    signal: signal.signal,
    title: signal.title,
    query: signal.query,
    labels,
    category: signal.category,
    unit: signal.unit,
    userFacing: signal.userFacing,
    pinpoints: signal.pinpoints === true,
    kind: d.kind,
    direction: d.direction,
    onset: timestamps[d.onsetIndex] as number,
    end: d.endIndex === null ? null : (timestamps[d.endIndex] as number),
    peak: { time: timestamps[d.peakIndex] as number, value: d.peakValue },
    baseline: d.baseline,
    score: d.score,
  };
}

/**
 * The whole analysis: detect anomalies in every collected series, rank them into a likely culprit
 * and symptoms, rebuild alert history and restarts, find the phases, estimate impact. Pure: the same
 * evidence always gives the same reconstruction, byte for byte once rendered.
 */
export function reconstruct(evidence: Evidence, options: ReconstructOptions = {}): Reconstruction {
  const { window } = evidence;
  const detector = createDetector();
  const judged: Judged[] = [];
  for (const signal of evidence.signals) {
    if (signal.role !== 'level') continue;
    for (const series of signal.series) judged.push(judge(signal, series, evidence, detector));
  }
  // Held to a false discovery rate across the whole run, not a fixed threshold per series.
  const calibrated = calibrate(
    judged.map(({ signal, series, result }) => {
      const source = series.labels['instance'] ?? series.labels['job'];
      return source === undefined ? { family: signal.signal, result } : { family: signal.signal, source, result };
    }),
  );
  const anomalies: Anomaly[] = [];
  const checkedNormal: CheckedNormal[] = [];
  const unjudged: Unjudgeable[] = [];
  for (const [i, { signal, series, result }] of judged.entries()) {
    const base = { signal: signal.signal, labels: series.labels };
    // A capacity share that moved by a hundredth of a point with plenty spare is not an outage's news.
    const kept = calibrated[i]!.detections.filter((d) => !isNegligibleMove(d, signal));
    if (result.unjudged !== null) unjudged.push({ ...base, reason: result.unjudged });
    else if (kept.length === 0) checkedNormal.push({ ...base, title: signal.title, category: signal.category });
    else anomalies.push(...kept.map((d) => toAnomaly(signal, series, d)));
  }

  const ranked = rankAnomalies(anomalies, window);
  const dataEnd = Math.max(window.to, ...evidence.alerts.alerts.map((s) => s.timestamps[s.timestamps.length - 1] ?? 0));
  // Prometheus's ALERTS history merged with what Alertmanager and webhook logs said (one firing, one interval).
  const alerts = mergeAlertIntervals(
    alertIntervals(evidence.alerts, dataEnd),
    externalAlertIntervals(evidence.alertLog ?? [], evidence.alertmanager ?? null, evidence.alerts.rules),
  );
  const restarts = restartEvents(evidence.signals, window.from - RESTART_LOOKBACK_SECONDS);
  // Changes seen in the metrics and given by the user, and the user's notes: what set it off, what ended it.
  const infoChanges = infoChangeEvents(evidence.signals, window.from - RESTART_LOOKBACK_SECONDS);
  unjudged.push(...infoChanges.unjudged);
  const changeEvents = [
    ...restarts,
    ...infoChanges.events,
    ...configReloadEvents(evidence.signals, window.from - RESTART_LOOKBACK_SECONDS),
    ...userChangeEvents((evidence.changes ?? []).filter((c) => c.time >= window.from - RESTART_LOOKBACK_SECONDS)),
    ...noteEvents(evidence.notes ?? []),
  ];
  const { phases, causes, evidence: phaseEvidence } = findPhases(ranked, alerts, changeEvents, window);
  const windowAlerts = relatedAlerts(alerts, phases.onset, window);

  const cluster = incidentCluster(ranked, window);
  const affectedJobs = new Set(
    ranked
      .filter((a) => a.userFacing && cluster !== null && a.onset >= cluster.from && a.onset <= cluster.to)
      .map((a) => a.labels['job'])
      .filter((job): job is string => job !== undefined),
  );
  const grid = evidence.signals.find((s) => s.role === 'level' && s.series.length > 0)?.series[0]?.timestamps;
  const impact = estimateImpact(evidence, {
    grid:
      grid === undefined
        ? null
        : {
            lookbackStart: indexAtOrAfter(grid, window.lookbackFrom),
            windowStart: indexAtOrAfter(grid, window.from),
            windowEnd: indexAtOrAfter(grid, window.to + 1e-6),
          },
    jobs: affectedJobs,
    slo: options.slo ?? null,
  });

  const events = mergeEvents([
    anomalyEvents(ranked),
    alertEvents(windowAlerts),
    changeEvents,
    silenceEvents(evidence.alertmanager, window.from, window.to),
    lokiEvents(evidence.loki, window.from - RESTART_LOOKBACK_SECONDS, Number.POSITIVE_INFINITY),
    // Failure-line and deadlock episodes of the --logs files (their error-line rates are signals).
    evidence.logs?.events ?? [],
  ]);
  const hypotheses = buildHypotheses({ anomalies: ranked, events, alerts: windowAlerts, window, trigger: phases.trigger, triggerEvent: phaseEvidence.trigger });

  return {
    window,
    source: evidence.source,
    toolVersion: evidence.toolVersion,
    anomalies: ranked,
    alerts: windowAlerts,
    events,
    phases,
    phaseCauses: causes,
    phaseEvidence,
    impact,
    checkedNormal,
    unjudged,
    dataGaps: [...evidence.gaps, ...infoChanges.gaps],
    hypotheses,
    episodes: groupEpisodes(ranked, window),
    charts: chartSeries(ranked, evidence.signals, window),
    ...(evidence.logs === undefined
      ? {}
      : { logs: { files: evidence.logs.files, templates: evidence.logs.templates ?? null, slowStatements: evidence.logs.slowStatements ?? [] } }),
  };
}
