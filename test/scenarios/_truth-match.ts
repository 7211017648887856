/**
 * How a reported series is matched against the truth, shared by the end-to-end tests and the
 * evaluation: same catalogue signal, the truth's labels a subset of the reported ones, and, where the
 * truth names a metric, a query that reads that metric.
 */
import type { ScenarioTruth, TruthAnomaly, TruthSeriesRef } from './truth.js';

/** What a report says about one series: an anomaly (with its query) or a checked-normal entry (without). */
export interface ReportedSeries {
  readonly signal: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly query?: string;
}

/** Characters a PromQL metric name may contain: a name is read when none of them borders it. */
const NAME_CHARACTER = /[a-zA-Z0-9_:]/;

/**
 * True when `query` reads the metric `metric` itself, not merely a longer name containing it.
 *
 * @example readsMetric('rate(http_client_request_duration_seconds_bucket[1m])', 'http_request_duration_seconds_bucket') // false
 */
export function readsMetric(query: string, metric: string): boolean {
  for (let at = query.indexOf(metric); at >= 0; at = query.indexOf(metric, at + 1)) {
    const before = at === 0 ? '' : (query[at - 1] ?? '');
    const after = query[at + metric.length] ?? '';
    if (!NAME_CHARACTER.test(before) && !NAME_CHARACTER.test(after)) return true;
  }
  return false;
}

/** True when every label of `wanted` is on `labels` with the same value. */
export function includesLabels(labels: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>): boolean {
  return Object.entries(wanted).every(([key, value]) => labels[key] === value);
}

/**
 * True when the reported series is the truth's series. A truth `metric` is checked only when the
 * report gives the query (checked-normal entries do not).
 */
export function matchesRef(found: ReportedSeries, ref: TruthSeriesRef): boolean {
  if (found.signal !== ref.signal || !includesLabels(found.labels, ref.labels)) return false;
  return ref.metric === undefined || found.query === undefined || readsMetric(found.query, ref.metric);
}

/** True when the reported series is an acceptable culprit. */
export function isCulprit(found: ReportedSeries, culprit: ScenarioTruth['culprit']): boolean {
  return culprit.signals.some((signal) => matchesRef(found, { signal, labels: culprit.labels, ...(culprit.metric === undefined ? {} : { metric: culprit.metric }) }));
}

/** Phases and onsets are judged within this many steps, unless the truth states a coarser precision. */
export const STEPS_TOLERANCE = 2;

/**
 * A truth instant as telemetry on the truth's grid can show it: the first scrape at or after it.
 * Samples every 15 s cannot show an OOM kill at 14:37:11 before the scrape at 14:37:15; instants on the
 * grid are unchanged.
 */
export function onTruthGrid(truth: Pick<ScenarioTruth, 'dataFrom' | 'stepSeconds'>, iso: string): number {
  const origin = Date.parse(truth.dataFrom) / 1000;
  return origin + Math.ceil((Date.parse(iso) / 1000 - origin) / truth.stepSeconds - 1e-9) * truth.stepSeconds;
}

/** Allowed error of a phase, in steps: two, or the precision the truth states for it. */
export function phaseToleranceSteps(truth: ScenarioTruth, phase: keyof ScenarioTruth['phases']): number {
  return Math.max(STEPS_TOLERANCE, (truth.phaseToleranceSeconds?.[phase] ?? 0) / truth.stepSeconds);
}

/** Allowed error of an anomaly's onset, in steps: two, or the precision the truth states for it. */
export function onsetToleranceSteps(truth: ScenarioTruth, anomaly: TruthAnomaly): number {
  return Math.max(STEPS_TOLERANCE, (anomaly.onsetToleranceSeconds ?? 0) / truth.stepSeconds);
}
