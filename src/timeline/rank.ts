import type { Anomaly, RankedAnomaly } from '../model/anomaly.js';
import type { SignalCategory } from '../model/signal.js';
import type { TimeWindow } from '../model/time.js';
import { compareText } from '../ordering/ordering.js';

/**
 * How cause-like each kind of signal is. Changes set things off; database trouble (locks,
 * deadlocks, slow statements) and exhausted resources produce the errors and latency users see,
 * rarely the other way round. One unit of weight is worth `levelSeconds` of earlier onset.
 */
export const CAUSE_WEIGHT: Readonly<Record<SignalCategory, number>> = {
  change: 5,
  database: 4,
  // A slow or failing upstream makes its callers slow and failing, never the other way round.
  dependency: 3.5,
  saturation: 3,
  custom: 2.5,
  process: 2,
  network: 2,
  availability: 1.5,
  errors: 1,
  latency: 1,
  traffic: 0.5,
};

/**
 * Below this score (the detector's entry threshold, in robust z) the anomaly's typical level is
 * within what the baseline's noise explains: weak evidence that neither places the incident nor
 * claims its earliest onset.
 */
export const STRONG_SCORE = 5;

/** True for anomalies with enough evidence to place the incident. */
export function isStrong(anomaly: Anomaly): boolean {
  return anomaly.score >= STRONG_SCORE;
}

/** A cause may lead the first user-facing symptom by this much of the window (at least 30 min). */
const CAUSE_LEAD_FRACTION = 0.25;
const CAUSE_LEAD_MIN_SECONDS = 1800;
/** Detection noise can put a cause's onset a little after the symptom it caused. */
const SYMPTOM_LAG_MIN_SECONDS = 300;
const SYMPTOM_LAG_STEPS = 20;
/** Onset difference worth one unit of cause weight: 2 % of the window, at least 5 min. */
const LEVEL_FRACTION = 0.02;
const LEVEL_MIN_SECONDS = 300;
/** A signal that names the faulty thing itself beats a pile-up indicator of its category that moved with it. */
const PINPOINT_BONUS = 0.5;
/** Evidence strength adds at most this much, so it breaks ties but never overrides cause or order. */
const STRENGTH_WEIGHT = 0.5;
const STRENGTH_SATURATION = 100;

/** The stretch of time in which anomalies belong to this incident, around its first symptom. */
export interface IncidentCluster {
  readonly anchor: number;
  readonly from: number;
  readonly to: number;
}

/**
 * Places the incident: its anchor is the earliest user-facing anomaly (what users felt first) or, with
 * none, the strongest anomaly. Causes may come well before the anchor, symptoms shortly after.
 */
export function incidentCluster(all: readonly Anomaly[], window: TimeWindow): IncidentCluster | null {
  if (all.length === 0) return null;
  const strong = all.filter(isStrong);
  const anomalies = strong.length > 0 ? strong : all;
  const userFacing = anomalies.filter((a) => a.userFacing);
  const anchor =
    userFacing.length > 0
      ? Math.min(...userFacing.map((a) => a.onset))
      : [...anomalies].sort((a, b) => b.score - a.score || a.onset - b.onset)[0]!.onset;
  const span = window.to - window.from;
  const lead = Math.max(CAUSE_LEAD_MIN_SECONDS, CAUSE_LEAD_FRACTION * span);
  const lag = Math.max(SYMPTOM_LAG_MIN_SECONDS, SYMPTOM_LAG_STEPS * window.stepSeconds);
  return { anchor, from: anchor - lead, to: anchor + lag };
}

/**
 * True when an anomaly belongs to the incident: its onset is near the first symptom, or it is a
 * cause-type anomaly that began earlier (a leak growing for hours, a disk filling up, a query
 * creeping slower) and was still going when the first symptom began. An earlier blip that was over
 * by then is not part of it.
 */
export function inIncident(anomaly: Anomaly, cluster: IncidentCluster): boolean {
  if (anomaly.onset >= cluster.from && anomaly.onset <= cluster.to) return true;
  return !anomaly.userFacing && anomaly.onset < cluster.from && (anomaly.end === null || anomaly.end >= cluster.anchor);
}

function strength(score: number): number {
  return (STRENGTH_WEIGHT * Math.log1p(Math.min(score, STRENGTH_SATURATION))) / Math.log1p(STRENGTH_SATURATION);
}

function identity(a: Anomaly): string {
  return `${a.signal}\u0000${a.query}\u0000${JSON.stringify(Object.entries(a.labels).sort())}\u0000${a.onset}`;
}

/**
 * Ranks anomalies so the likely culprit comes first. Inside the incident cluster each anomaly gets
 * `causeWeight − (onset − clusterStart) / levelSeconds + strength`: a cause-type signal wins over a
 * symptom that started at about the same time, but a symptom that started clearly earlier wins over
 * a cause-type signal that followed it (then the "cause" was itself a consequence). Anomalies outside
 * the cluster follow in onset order. Ties break on score, then identity, so the order is deterministic.
 */
export function rankAnomalies(anomalies: readonly Anomaly[], window: TimeWindow): RankedAnomaly[] {
  const cluster = incidentCluster(anomalies, window);
  if (cluster === null) return [];
  const inCluster = anomalies.filter((a) => inIncident(a, cluster));
  const outside = anomalies.filter((a) => !inIncident(a, cluster));
  const placing = inCluster.some(isStrong) ? inCluster.filter(isStrong) : inCluster;
  const clusterStart = Math.min(...placing.map((a) => a.onset));
  const level = Math.max(LEVEL_MIN_SECONDS, LEVEL_FRACTION * (window.to - window.from));
  const keyed = inCluster.map((a) => ({
    anomaly: a,
    key: CAUSE_WEIGHT[a.category] + (a.pinpoints ? PINPOINT_BONUS : 0) - (a.onset - clusterStart) / level + strength(a.score),
  }));
  // Strong evidence first; weak anomalies of the incident follow, in the same order among themselves.
  keyed.sort(
    (x, y) =>
      Number(isStrong(y.anomaly)) - Number(isStrong(x.anomaly)) ||
      y.key - x.key ||
      y.anomaly.score - x.anomaly.score ||
      compareText(identity(x.anomaly), identity(y.anomaly)),
  );
  const rest = [...outside].sort((a, b) => a.onset - b.onset || b.score - a.score || compareText(identity(a), identity(b)));

  const ranked: RankedAnomaly[] = [];
  for (const { anomaly } of keyed) ranked.push({ ...anomaly, rank: ranked.length + 1, rankReasons: reasons(anomaly, cluster, clusterStart) });
  for (const anomaly of rest) {
    ranked.push({ ...anomaly, rank: ranked.length + 1, rankReasons: ['outside the incident: onset far from the first user-facing symptom'] });
  }
  return ranked;
}

function reasons(a: Anomaly, cluster: IncidentCluster, clusterStart: number): string[] {
  const out: string[] = [];
  if (!isStrong(a)) out.push(`weak evidence (score below ${STRONG_SCORE})`);
  out.push(a.userFacing ? `user-facing symptom (${a.category})` : `cause-type signal (${a.category}, weight ${CAUSE_WEIGHT[a.category]})`);
  if (a.pinpoints) out.push(a.category === 'dependency' ? 'names the slow or failing dependency itself' : 'names the faulty statement or lock conflict itself');
  if (a.onset <= clusterStart) out.push('earliest onset of the incident');
  else out.push(`onset ${Math.round(a.onset - clusterStart)} s after the earliest`);
  if (!a.userFacing && a.onset < cluster.from) {
    out.push(`started ${Math.round(cluster.anchor - a.onset)} s before the first user-facing symptom and was still going when it began`);
  } else if (!a.userFacing && a.onset < cluster.anchor) {
    out.push(`started ${Math.round(cluster.anchor - a.onset)} s before the first user-facing symptom`);
  }
  out.push(`score ${a.score.toFixed(1)}`);
  return out;
}
