import type { AlertInterval } from '../model/alert.js';
import type { RankedAnomaly } from '../model/anomaly.js';
import type { ChainLink, Hypothesis } from '../model/hypothesis.js';
import type { TimeWindow } from '../model/time.js';
import type { TimelineEvent } from '../model/timeline.js';
import { compareEvents, compareText } from '../ordering/ordering.js';
import { alertLink, anomalyLink, eventConcerns, eventLink, placesOf, samePlace } from './hypotheses-links.js';
import { inIncident, incidentCluster, isStrong } from './rank.js';

/** Hypotheses beyond this many are noise: the alternatives worth a reader's minute are few. */
export const MAX_HYPOTHESES = 3;
/** Effects shown per chain: the pile-up in a phrase, not every series that moved with it. */
const MAX_EFFECTS = 2;
/** User-facing symptoms shown per chain (one per kind: errors, latency, traffic). */
const MAX_SYMPTOMS = 2;
/** A change this long before the cause (at least 30 min, or a quarter of the window) may have set it off. */
const TRIGGER_LEAD_MIN_SECONDS = 1800;
const TRIGGER_LEAD_FRACTION = 0.25;
/**
 * Onsets are dated on the step grid and through `rate()` windows: a link this many steps before the
 * one it follows still counts as following it.
 */
const FOLLOW_TOLERANCE_STEPS = 2;
/** Event kinds that can set an incident off. */
const TRIGGER_KINDS: ReadonlySet<TimelineEvent['kind']> = new Set(['change', 'restart']);

export interface HypothesisInput {
  /** Ranked anomalies (rank 1 = the culprit). */
  readonly anomalies: readonly RankedAnomaly[];
  /** The timeline; changes and restarts among them may be triggers. */
  readonly events: readonly TimelineEvent[];
  /** Alerts related to the incident. */
  readonly alerts: readonly AlertInterval[];
  readonly window: TimeWindow;
  /** The trigger phase when one was found, so the first chain starts where the phases table does. */
  readonly trigger?: number | null;
  /** The event the trigger phase cites, when known: the first chain starts with that very event. */
  readonly triggerEvent?: TimelineEvent | null;
}

/**
 * Ranked root-cause hypotheses, each a short causal chain with its evidence: a change that set it
 * off (when one is seen before), the cause, the pile-up it caused on the same host or service, what
 * users felt, and the first alert that fired. The first hypothesis blames the rank-1 anomaly, so it
 * always agrees with the ranking; the others are the best-ranked strong cause-type anomaly of each
 * other category of the incident (saturation beside a database lead, …), in rank order, so a reader
 * sees the tempting wrong lead (CPU on the database host) beside the right one, with why it ranks lower.
 *
 * @example buildHypotheses({ anomalies, events, alerts, window })[0].summary
 * // 'Config reload on db1:9187 → PostgreSQL deadlocks on db1:9187 (auth) → HTTP 5xx error ratio on auth-service → Alert AuthHighErrorRate firing on auth-service'
 */
export function buildHypotheses(input: HypothesisInput): Hypothesis[] {
  const ranked = [...input.anomalies].sort((a, b) => a.rank - b.rank);
  const cluster = incidentCluster(ranked, input.window);
  const culprit = ranked[0];
  if (cluster === null || culprit === undefined) return [];
  const incident = ranked.filter((a) => inIncident(a, cluster));
  const tolerance = FOLLOW_TOLERANCE_STEPS * input.window.stepSeconds;
  const causes: RankedAnomaly[] = [culprit];
  for (const candidate of incident) {
    if (causes.length >= MAX_HYPOTHESES) break;
    if (candidate.userFacing || !isStrong(candidate)) continue;
    // One lead per kind of signal: a second database series is part of the same story, CPU is another.
    if (causes.some((cause) => cause.category === candidate.category)) continue;
    causes.push(candidate);
  }
  const firstSymptom = Math.min(...incident.filter((a) => a.userFacing).map((a) => a.onset));
  return causes.map((cause, index) => {
    const trigger = index === 0 && input.triggerEvent != null ? input.triggerEvent : findTrigger(cause, input, index === 0 ? (input.trigger ?? null) : null);
    // A user-facing cause (a bad deploy seen as errors) has no pile-up of its own, only other symptoms.
    const effects = cause.userFacing ? [] : findEffects(cause, incident, tolerance);
    const symptoms = findSymptoms(cause, incident, tolerance);
    const alert = findAlert(cause, [cause, ...effects, ...symptoms], input.alerts, tolerance, index === 0);
    const chain: ChainLink[] = [
      ...(trigger === null ? [] : [eventLink('trigger', trigger)]),
      anomalyLink('cause', cause),
      ...effects.map((effect) => anomalyLink('effect', effect)),
      ...symptoms.map((symptom) => anomalyLink('symptom', symptom)),
      ...(alert === null ? [] : [alertLink(alert)]),
    ];
    const reasons = hypothesisReasons(cause, { index, culprit, trigger, symptoms, firstSymptom, tolerance });
    return { rank: index + 1, summary: chain.map((link) => link.title).join(' → '), chain, reasons };
  });
}

/**
 * The change or restart that most likely set the cause off: the phases' trigger for the first
 * hypothesis when one was found, else the latest change or restart on the cause's host or service
 * within the lead before its onset.
 */
function findTrigger(cause: RankedAnomaly, input: HypothesisInput, phaseTrigger: number | null): TimelineEvent | null {
  const candidates = input.events.filter((event) => TRIGGER_KINDS.has(event.kind)).sort(compareEvents);
  if (phaseTrigger !== null) {
    const atPhase = candidates.filter((event) => Math.floor(event.time) === Math.floor(phaseTrigger));
    const chosen = atPhase.find((event) => eventConcerns(event, cause)) ?? atPhase[0];
    if (chosen !== undefined) return chosen;
  }
  const span = input.window.to - input.window.from;
  const lead = Math.max(TRIGGER_LEAD_MIN_SECONDS, TRIGGER_LEAD_FRACTION * span);
  const tolerance = FOLLOW_TOLERANCE_STEPS * input.window.stepSeconds;
  const before = candidates.filter((event) => event.time >= cause.onset - lead && event.time <= cause.onset + tolerance && eventConcerns(event, cause));
  return before[before.length - 1] ?? null;
}

/** Lower-ranked cause-type anomalies on the cause's host or service that began with or after it: one per signal, best ranked, in onset order. */
function findEffects(cause: RankedAnomaly, incident: readonly RankedAnomaly[], tolerance: number): RankedAnomaly[] {
  const bySignal = new Map<string, RankedAnomaly>();
  for (const a of incident) {
    // An effect never outranks its cause: the ranking already says which is more cause-like.
    if (a.rank <= cause.rank || a.signal === cause.signal || a.userFacing) continue;
    if (a.onset < cause.onset - tolerance || !samePlace(a.labels, cause.labels)) continue;
    if (!bySignal.has(a.signal)) bySignal.set(a.signal, a);
  }
  return [...bySignal.values()].slice(0, MAX_EFFECTS).sort(byOnsetThenRank);
}

/** User-facing anomalies that began with or after the cause: the first of each category other than the cause's own, in onset order. */
function findSymptoms(cause: RankedAnomaly, incident: readonly RankedAnomaly[], tolerance: number): RankedAnomaly[] {
  const byCategory = new Map<string, RankedAnomaly>();
  for (const a of [...incident].sort(byOnsetThenRank)) {
    if (!a.userFacing || a.category === cause.category || a.onset < cause.onset - tolerance) continue;
    if (!byCategory.has(a.category)) byCategory.set(a.category, a);
  }
  return [...byCategory.values()].slice(0, MAX_SYMPTOMS);
}

/**
 * The first alert that fired on the chain (sharing a host or service with one of its links) no
 * earlier than the cause; for the first hypothesis, the first related alert that fired when none is
 * on the chain, since every related alert belongs to its incident.
 */
function findAlert(cause: RankedAnomaly, links: readonly RankedAnomaly[], alerts: readonly AlertInterval[], tolerance: number, anyRelated: boolean): AlertInterval | null {
  const fired = alerts
    .filter((alert) => alert.firingAt !== null && alert.firingAt >= cause.onset - tolerance)
    .sort((a, b) => (a.firingAt as number) - (b.firingAt as number) || compareText(a.alertname, b.alertname));
  const places = new Set(links.flatMap((link) => [...placesOf(link.labels)]));
  const onChain = fired.find((alert) => [...placesOf(alert.labels)].some((place) => places.has(place)));
  return onChain ?? (anyRelated ? (fired[0] ?? null) : null);
}

function hypothesisReasons(
  cause: RankedAnomaly,
  facts: {
    readonly index: number;
    readonly culprit: RankedAnomaly;
    readonly trigger: TimelineEvent | null;
    readonly symptoms: readonly RankedAnomaly[];
    readonly firstSymptom: number;
    readonly tolerance: number;
  },
): string[] {
  const reasons = [
    facts.index === 0
      ? `blames the rank-1 anomaly (${cause.rankReasons.slice(0, 2).join('; ')})`
      : `blames the rank-${cause.rank} anomaly, the best-ranked ${cause.category} signal: another kind of lead than the hypotheses above (${cause.rankReasons.slice(0, 2).join('; ')})`,
  ];
  const behind = Math.round(cause.onset - facts.culprit.onset);
  if (facts.index > 0 && behind > facts.tolerance) reasons.push(`began ${behind} s after the rank-1 anomaly, which may have caused it`);
  if (facts.trigger !== null) {
    const lead = Math.round(cause.onset - facts.trigger.time);
    if (lead > 0) reasons.push(`a ${facts.trigger.kind} ${lead} s before the cause's onset`);
    else if (lead === 0) reasons.push(`a ${facts.trigger.kind} at the cause's onset`);
    else reasons.push(`a ${facts.trigger.kind} ${-lead} s after the cause's onset, within the ${facts.tolerance} s an onset can be off`);
  }
  if (!cause.userFacing && Number.isFinite(facts.firstSymptom)) {
    if (cause.onset > facts.firstSymptom + facts.tolerance) {
      reasons.push(`began ${Math.round(cause.onset - facts.firstSymptom)} s after the first user-facing symptom: more likely a consequence than the origin`);
    } else if (facts.symptoms.length > 0) {
      reasons.push(`users were hurt ${Math.max(0, Math.round(facts.symptoms[0]!.onset - cause.onset))} s after its onset`);
    }
  }
  return reasons;
}

/** Onset order, rank breaking ties: the order a chain is read in. */
function byOnsetThenRank(a: RankedAnomaly, b: RankedAnomaly): number {
  return a.onset - b.onset || a.rank - b.rank;
}
