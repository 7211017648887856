/**
 * Scoring one report against one scenario's truth, and one calm window's report: pure functions over
 * the report JSON (`--format json`) and the truth file, so the numbers can be checked by hand.
 *
 * Matching (test/scenarios/_truth-match.ts): a reported anomaly is the truth's series when the signal
 * is the same, the truth's labels are a subset of the reported ones and, where the truth names a
 * metric, the query reads it. It is *associated* with a truth anomaly of that series when its onset
 * falls between ASSOCIATION_LEAD_SECONDS before the truth's onset and the truth's end: a series that
 * left its baseline twice (a pod OOM-killed and leaking again) is two truth anomalies.
 *
 * - Recall: truth anomalies not marked weak with at least one associated report anomaly, over all not
 *   marked weak. Weak ones (a real but small move) never count against recall.
 * - Precision: report anomalies in the window associated with any truth anomaly, weak ones included,
 *   over all report anomalies in the window. "In the window": onset from IN_WINDOW_LEAD_SECONDS before
 *   `--from` to `--to`, as the truth's own onsets may lead the stated window by that much.
 * - Onset error: |reported onset − truth onset| in query steps, the smallest over associated report
 *   anomalies; the median is over every truth anomaly found, weak ones included.
 */
import type { ReportJson } from '../../../reports/json.js';
import type { PhaseName } from '../../../src/model/timeline.js';
import { isCulprit, matchesRef, onTruthGrid, phaseToleranceSteps } from '../../scenarios/_truth-match.js';
import type { ScenarioTruth, TruthAnomaly } from '../../scenarios/truth.js';

/** Truth onsets may lead the operator's window by this much (the scenario checks allow ten minutes). */
export const IN_WINDOW_LEAD_SECONDS = 600;
/** A detector may date a slow departure a little early; further than this it found something else. */
export const ASSOCIATION_LEAD_SECONDS = 900;
export const PHASES_SCORED: readonly PhaseName[] = ['onset', 'detected', 'recovered', 'resolved'];

type Anomaly = ReportJson['anomalies'][number];

export interface ScenarioScore {
  readonly name: string;
  readonly culprit: {
    readonly first: boolean;
    /** Rank of the best-ranked acceptable culprit, null when none was reported. */
    readonly rank: number | null;
    /** What ranked first, as `signal {labels}`; null when nothing was reported. */
    readonly firstRanked: string | null;
    /** Onset error of the best-ranked acceptable culprit, in steps. */
    readonly onsetErrorSteps: number | null;
  };
  /** Onset error of every truth anomaly found, in steps, in truth order. */
  readonly onsetErrorsSteps: readonly number[];
  readonly medianOnsetErrorSteps: number | null;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly truePositives: number;
  readonly inWindow: number;
  readonly clearFound: number;
  readonly clearTotal: number;
  readonly weakFound: number;
  readonly weakTotal: number;
  /** Report anomalies in the window that match no truth anomaly. */
  readonly falseAlarms: readonly string[];
  /** Clear truth anomalies no report anomaly was associated with. */
  readonly missed: readonly string[];
  /** Phase error in steps (against the first scrape that could show the truth); null when either side has no such phase. */
  readonly phaseErrorsSteps: Readonly<Record<string, number | null>>;
  /** Phases the truth has that the report placed within two steps, or the truth's stated precision. */
  readonly phasesWithin: number;
  readonly phasesScored: number;
}

export interface CalmScore {
  readonly name: string;
  /** Series the tool judged: anomalous, checked and normal, or unjudgeable. */
  readonly judgedSeries: number;
  readonly alarms: number;
  readonly alarmsPerThousandSeries: number;
  readonly alarmSignals: readonly string[];
}

const seconds = (iso: string | null): number => (iso === null ? Number.NaN : Date.parse(iso) / 1000);

/** `signal {a="1",b="2"}`, for tables and lists. */
export function describeReported(anomaly: Pick<Anomaly, 'signal' | 'labels'>): string {
  const labels = Object.entries(anomaly.labels)
    .filter(([key]) => key !== '__name__')
    .map(([key, value]) => `${key}="${value}"`)
    .join(',');
  return `${anomaly.signal} {${labels}}`;
}

function describeTruth(truth: TruthAnomaly): string {
  const labels = Object.entries(truth.labels).map(([key, value]) => `${key}="${value}"`).join(',');
  return `${truth.signal} {${labels}}${truth.metric === undefined ? '' : ` from ${truth.metric}`} at ${truth.onset}`;
}

/** True when `found` is the truth anomaly's series and started while it lasted (or a little before). */
export function isAssociated(found: Anomaly, truth: TruthAnomaly, dataTo: number): boolean {
  if (!matchesRef(found, truth)) return false;
  const onset = seconds(found.onset);
  return onset >= seconds(truth.onset) - ASSOCIATION_LEAD_SECONDS && onset <= (truth.end === null ? dataTo : seconds(truth.end));
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Scores one outage scenario's report against its truth. */
export function scoreScenario(truth: ScenarioTruth, report: ReportJson): ScenarioScore {
  const step = truth.stepSeconds;
  const dataTo = seconds(truth.dataTo);
  const errorOf = (found: Anomaly, anomaly: TruthAnomaly): number => Math.abs(seconds(found.onset) - onTruthGrid(truth, anomaly.onset)) / step;

  const found = truth.anomalous.map((anomaly) => {
    const associated = report.anomalies.filter((one) => isAssociated(one, anomaly, dataTo));
    return { anomaly, error: associated.length === 0 ? null : Math.min(...associated.map((one) => errorOf(one, anomaly))) };
  });
  const onsetErrorsSteps = found.flatMap(({ error }) => (error === null ? [] : [error]));
  const clear = found.filter(({ anomaly }) => anomaly.weak !== true);
  const weak = found.filter(({ anomaly }) => anomaly.weak === true);

  const from = seconds(truth.window.from) - IN_WINDOW_LEAD_SECONDS;
  const to = seconds(truth.window.to);
  const inWindow = report.anomalies.filter((one) => seconds(one.onset) >= from && seconds(one.onset) <= to);
  const matched = inWindow.filter((one) => truth.anomalous.some((anomaly) => isAssociated(one, anomaly, dataTo)));

  const top = report.anomalies[0];
  const culprits = report.anomalies.filter((one) => isCulprit(one, truth.culprit));
  const bestCulprit = culprits[0];
  const culpritTruth = truth.anomalous.filter((anomaly) => bestCulprit !== undefined && isAssociated(bestCulprit, anomaly, dataTo) && isCulprit(bestCulprit, truth.culprit));
  const phaseErrorsSteps: Record<string, number | null> = {};
  let phasesScored = 0;
  let phasesWithin = 0;
  for (const phase of PHASES_SCORED) {
    const expected = truth.phases[phase];
    const reported = report.phases[phase];
    phaseErrorsSteps[phase] = expected === null || reported === null ? null : Math.abs(seconds(reported) - onTruthGrid(truth, expected)) / step;
    if (expected !== null) {
      phasesScored += 1;
      if (reported !== null && (phaseErrorsSteps[phase] as number) <= phaseToleranceSteps(truth, phase)) phasesWithin += 1;
    }
  }

  return {
    name: truth.name,
    culprit: {
      first: top !== undefined && isCulprit(top, truth.culprit),
      rank: bestCulprit?.rank ?? null,
      firstRanked: top === undefined ? null : describeReported(top),
      onsetErrorSteps: bestCulprit === undefined || culpritTruth.length === 0 ? null : Math.min(...culpritTruth.map((anomaly) => errorOf(bestCulprit, anomaly))),
    },
    onsetErrorsSteps,
    medianOnsetErrorSteps: median(onsetErrorsSteps),
    precision: inWindow.length === 0 ? null : matched.length / inWindow.length,
    recall: clear.length === 0 ? null : clear.filter(({ error }) => error !== null).length / clear.length,
    truePositives: matched.length,
    inWindow: inWindow.length,
    clearFound: clear.filter(({ error }) => error !== null).length,
    clearTotal: clear.length,
    weakFound: weak.filter(({ error }) => error !== null).length,
    weakTotal: weak.length,
    falseAlarms: inWindow.filter((one) => !matched.includes(one)).map((one) => `${describeReported(one)} ${one.kind} at ${one.onset}`),
    missed: clear.filter(({ error }) => error === null).map(({ anomaly }) => describeTruth(anomaly)),
    phaseErrorsSteps,
    phasesWithin,
    phasesScored,
  };
}

/**
 * Scores a calm window: every anomaly the report shows is a false alarm, and the series judged are
 * all those the report accounts for (anomalous, checked and normal, or unjudgeable).
 */
export function scoreCalm(name: string, report: ReportJson): CalmScore {
  const key = (one: { signal: string; labels: Readonly<Record<string, string>>; query?: string }): string =>
    `${one.signal}\u0000${one.query ?? ''}\u0000${JSON.stringify(Object.entries(one.labels).sort())}`;
  const anomalous = new Set(report.anomalies.map(key));
  const judgedSeries = anomalous.size + report.checkedNormal.length + report.unjudged.length;
  const alarms = report.anomalies.length;
  return {
    name,
    judgedSeries,
    alarms,
    alarmsPerThousandSeries: judgedSeries === 0 ? Number.NaN : (1000 * alarms) / judgedSeries,
    alarmSignals: report.anomalies.map((one) => `${describeReported(one)} ${one.kind} at ${one.onset}`),
  };
}
