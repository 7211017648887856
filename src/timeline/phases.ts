import type { AlertInterval } from '../model/alert.js';
import type { RankedAnomaly } from '../model/anomaly.js';
import type { Labels } from '../model/series.js';
import type { TimeWindow } from '../model/time.js';
import type { PhaseCauses, PhaseEvidence, Phases, TimelineEvent } from '../model/timeline.js';
import { alertEvents, anomalyEvents } from './events.js';
import { compareText } from '../ordering/ordering.js';
import { inIncident, incidentCluster, isStrong } from './rank.js';

/** An alert counts as detecting this incident when it fired no earlier than this before the onset. */
const DETECT_LEAD_SECONDS = 600;
/** A change or restart counts as the mitigation when it happened up to this long after recovery was seen. */
const MITIGATION_AFTER_RECOVERY_STEPS = 4;
/**
 * How long before the onset a change can be what set it off. Bounded, so yesterday's routine deploy
 * of the same service is not blamed; an hour covers a config that needs traffic to bite, or a
 * rollout whose last instance goes out well after the first.
 */
export const TRIGGER_LEAD_SECONDS = 3600;
/**
 * A change seen this long after the onset can still be its trigger: the first scrape showing a new
 * version can come a scrape after the first failed request, and the onset is fitted, which dates a
 * slow start (a leak, a ramp) up to a minute or two early. Two steps, and at least two minutes.
 */
const TRIGGER_AFTER_ONSET_STEPS = 2;
const TRIGGER_AFTER_ONSET_MIN_SECONDS = 120;
/** Changes of one class this close to each other are one rollout: the trigger is its first. */
const ROLLOUT_GAP_SECONDS = 300;

/** Notes that say someone learnt of the incident: a user report, an alert or page reaching people. */
const DETECTION_WORDS = /\b(alert(ed|s)?|pag(ed|ing|e)|report(ed|s|ing)?|notic(ed|e)|detected|complain(ed|ts?|ing)?|escalat(ed|ion)|incident (opened|started))\b/i;
/** Notes that report the end rather than the start (`declared resolved`): never a detection. */
const RESOLUTION_WORDS = /\b(resolved|restored|recovered|fixed|closed|back to normal)\b/i;
/** Notes that say someone acted to stop the harm. */
const MITIGATION_WORDS =
  /\b(roll(ed|ing)?[ -]?back|revert(ed|ing)?|restart(ed|ing)?|reboot(ed|ing)?|fail(ed)?[ -]?over|scal(ed|ing) (up|out)|freed|deleted|disabled|turned off|drained|killed|hotfix(ed)?)\b/i;

export interface PhaseResult {
  readonly phases: Phases;
  readonly causes: PhaseCauses;
  /** The timeline event each phase cites (an anomaly start or end, an alert, a change, a note). */
  readonly evidence: PhaseEvidence;
}

/** Alerts that belong to the incident: became active between shortly before onset and the window end. */
export function relatedAlerts(alerts: readonly AlertInterval[], onset: number | null, window: TimeWindow): AlertInterval[] {
  const from = (onset ?? window.from) - DETECT_LEAD_SECONDS;
  return alerts.filter((alert) => {
    const start = alert.pendingAt ?? alert.firingAt;
    if (start === null) return false;
    const end = alert.resolvedAt ?? Number.POSITIVE_INFINITY;
    // Active at some point in [from, window.to] and not a long-running alert from before the incident.
    return start <= window.to && end >= from && start >= from - (window.to - window.from);
  });
}

function earliest<T>(items: readonly T[], time: (item: T) => number | null): { item: T; time: number } | null {
  let best: { item: T; time: number } | null = null;
  for (const item of items) {
    const t = time(item);
    if (t !== null && (best === null || t < best.time)) best = { item, time: t };
  }
  return best;
}

/**
 * How much a change says about the incident, best first: what people deployed or changed (from
 * `--changes`), a version or config label changing, a config reload, then a restart (which a deploy,
 * a crash or a mitigation all cause).
 */
function changeClass(event: TimelineEvent): number {
  if (event.source === 'changes') return 0;
  if (event.kind === 'change') return event.evidence['changed'] !== undefined ? 1 : 2;
  return 3;
}

/** Host of an instance (`db1:9187` → `db1`), the way a change log names a machine. */
function hostOf(instance: string): string {
  const bracketed = /^\[(.*)\](?::\d+)?$/.exec(instance);
  if (bracketed !== null) return bracketed[1] as string;
  return instance.replace(/:\d+$/, '');
}

const PLACE_LABELS = ['job', 'instance', 'service', 'namespace', 'pod', 'container', 'app'] as const;

/** The jobs, instances, hosts and services the incident's series and alerts live on, lower-cased. */
function placesOf(labelSets: readonly Labels[]): Set<string> {
  const places = new Set<string>();
  for (const labels of labelSets) {
    for (const key of PLACE_LABELS) {
      const value = labels[key];
      if (value === undefined || value === '') continue;
      places.add(value.toLowerCase());
      if (key === 'instance') places.add(hostOf(value).toLowerCase());
    }
  }
  return places;
}

/**
 * True when a change happened where the incident did: its job, instance, host or service (a
 * `--changes` target, or one of its job/instance/host/service columns, compared case-insensitively;
 * `postgresql/db1` also matches by its parts).
 */
function isRelated(event: TimelineEvent, places: ReadonlySet<string>): boolean {
  const names: string[] = [];
  for (const key of [...PLACE_LABELS, 'target']) {
    const value = event.labels[key];
    if (value !== undefined) names.push(value);
  }
  if (event.source === 'changes') {
    for (const key of ['job', 'instance', 'host', 'service', 'target']) {
      const value = event.evidence[key];
      if (typeof value === 'string') names.push(value);
    }
  }
  return names.some((name) => {
    const lower = name.toLowerCase();
    return places.has(lower) || places.has(hostOf(lower)) || lower.split(/[/\s,]+/).some((part) => part !== '' && places.has(part));
  });
}

/**
 * The trigger: among related changes from TRIGGER_LEAD_SECONDS before the onset to a little after it
 * (the onset is fitted), the best class (changeClass) wins; within it, the latest rollout before the onset, dated
 * at its first change (changes of one class less than ROLLOUT_GAP_SECONDS apart are one rollout).
 */
function findTrigger(changes: readonly TimelineEvent[], onset: number, window: TimeWindow, places: ReadonlySet<string>): TimelineEvent | null {
  const latest = onset + Math.max(TRIGGER_AFTER_ONSET_STEPS * window.stepSeconds, TRIGGER_AFTER_ONSET_MIN_SECONDS);
  const candidates = changes.filter((e) => e.time >= onset - TRIGGER_LEAD_SECONDS && e.time <= latest && isRelated(e, places));
  if (candidates.length === 0) return null;
  const best = Math.min(...candidates.map(changeClass));
  const inClass = candidates.filter((e) => changeClass(e) === best).sort((a, b) => a.time - b.time || compareText(a.title, b.title));
  let first = inClass.length - 1;
  while (first > 0 && (inClass[first] as TimelineEvent).time - (inClass[first - 1] as TimelineEvent).time <= ROLLOUT_GAP_SECONDS) first--;
  return inClass[first] ?? null;
}

/** Earliest event, the better-evidenced class first on a tie (a rollback from CI before the restart it caused). */
function earliestChange(events: readonly TimelineEvent[]): TimelineEvent | null {
  let best: TimelineEvent | null = null;
  for (const event of events) {
    const better =
      best === null ||
      event.time < best.time ||
      (event.time === best.time && (changeClass(event) < changeClass(best) || (changeClass(event) === changeClass(best) && compareText(event.title, best.title) < 0)));
    if (better) best = event;
  }
  return best;
}

/**
 * The phases of ARCHITECTURE.md from the ranked anomalies, alert intervals, and the change, restart
 * and note events:
 * - trigger: the related change before the onset (findTrigger);
 * - onset: first departure of the culprit or a user-facing signal;
 * - detected: first related alert firing, or an earlier note reporting the incident (`users report
 *   login errors`, `DBAs alerted`);
 * - mitigated: the first change or restart between detection and recovery, one where the incident
 *   happened when there is one; else a note saying someone rolled back, restarted, freed…;
 * - recovered: every user-facing anomaly back in baseline (the culprit's when none);
 * - resolved: last related alert resolved, or recovered when no alert fired.
 * Each phase cites the event that set it.
 */
export function findPhases(
  anomalies: readonly RankedAnomaly[],
  alerts: readonly AlertInterval[],
  events: readonly TimelineEvent[],
  window: TimeWindow,
): PhaseResult {
  const cluster = incidentCluster(anomalies, window);
  const incident = cluster === null ? [] : anomalies.filter((a) => inIncident(a, cluster));
  const culprit = incident[0] ?? null;
  // Weak anomalies do not place the incident: their levels are within noise of the baseline.
  const strongOnly = incident.some(isStrong);
  const userFacing = incident.filter((a) => a.userFacing && (!strongOnly || isStrong(a)));

  const onsetCandidates = culprit === null ? userFacing : [culprit, ...userFacing];
  const onsetBy = earliest(onsetCandidates, (a) => a.onset);
  const onset = onsetBy?.time ?? null;

  const judgedForRecovery = userFacing.length > 0 ? userFacing : culprit === null ? [] : [culprit];
  let recovered: number | null = null;
  let recoveredBy: RankedAnomaly | null = null;
  if (judgedForRecovery.length > 0 && judgedForRecovery.every((a) => a.end !== null)) {
    for (const a of judgedForRecovery) {
      if (recovered === null || (a.end as number) > recovered) {
        recovered = a.end;
        recoveredBy = a;
      }
    }
  }

  const related = relatedAlerts(alerts, onset, window);
  const alertDetected = earliest(related, (a) => a.firingAt);
  const notes = events.filter((e) => e.kind === 'note');
  const detectFrom = (onset ?? window.from) - DETECT_LEAD_SECONDS;
  const detectTo = recovered ?? Number.POSITIVE_INFINITY;
  const reportNote = earliest(
    notes.filter((n) => n.time >= detectFrom && n.time <= detectTo && DETECTION_WORDS.test(n.title) && !RESOLUTION_WORDS.test(n.title)),
    (n) => n.time,
  );
  // A note detects only when it came before any alert: alerts are dated to the rule evaluation,
  // notes to the minute someone typed them.
  const noteDetects = reportNote !== null && (alertDetected === null || reportNote.time < alertDetected.time);
  const detected = noteDetects ? reportNote.time : (alertDetected?.time ?? null);

  const places = placesOf([...incident.map((a) => a.labels), ...related.map((a) => a.labels)]);
  const changes = events.filter((e) => e.kind === 'change' || e.kind === 'restart');
  const trigger = onset === null ? null : findTrigger(changes, onset, window, places);

  const mitigationFrom = detected ?? onset;
  const mitigationTo = recovered === null ? Number.POSITIVE_INFINITY : recovered + MITIGATION_AFTER_RECOVERY_STEPS * window.stepSeconds;
  const inMitigation = (e: TimelineEvent) => mitigationFrom !== null && e.time >= mitigationFrom && e.time <= mitigationTo;
  const acting = changes.filter(inMitigation);
  const relatedActing = acting.filter((e) => isRelated(e, places));
  const mitigatedBy =
    earliestChange(relatedActing.length > 0 ? relatedActing : acting) ??
    earliest(notes.filter((n) => inMitigation(n) && MITIGATION_WORDS.test(n.title)), (n) => n.time)?.item ??
    null;

  let resolved: number | null = null;
  let resolvedCause: string | null = null;
  let resolvedBy: TimelineEvent | null = null;
  const recoveredEvent = recoveredBy === null ? null : (anomalyEvents([recoveredBy]).find((e) => e.kind === 'anomaly_end') ?? null);
  if (related.length > 0) {
    if (related.every((a) => a.resolvedAt !== null)) {
      const last = related.reduce((a, b) => ((b.resolvedAt as number) > (a.resolvedAt as number) ? b : a));
      resolved = last.resolvedAt;
      resolvedCause = `alert ${last.alertname} resolved (last related alert)`;
      resolvedBy = alertEvents([last]).find((e) => e.kind === 'alert_resolved') ?? null;
    }
  } else if (recovered !== null) {
    resolved = recovered;
    resolvedCause = 'no related alert fired: same as recovered';
    resolvedBy = recoveredEvent;
  }

  return {
    phases: {
      trigger: trigger?.time ?? null,
      onset,
      detected,
      mitigated: mitigatedBy?.time ?? null,
      recovered,
      resolved,
    },
    causes: {
      trigger: trigger?.title ?? null,
      onset: onsetBy === null ? null : `${onsetBy.item.title} left its baseline (${onsetBy.item.signal})`,
      detected: noteDetects ? reportNote.item.title : alertDetected === null ? null : `alert ${alertDetected.item.alertname} firing`,
      mitigated: mitigatedBy?.title ?? null,
      recovered: recoveredBy === null ? null : `${recoveredBy.title} back within baseline (${recoveredBy.signal})`,
      resolved: resolvedCause,
    },
    evidence: {
      trigger,
      onset: onsetBy === null ? null : (anomalyEvents([onsetBy.item]).find((e) => e.kind === 'anomaly_start') ?? null),
      detected: noteDetects ? reportNote.item : alertDetected === null ? null : (alertEvents([alertDetected.item]).find((e) => e.kind === 'alert_firing') ?? null),
      mitigated: mitigatedBy,
      recovered: recoveredEvent,
      resolved: resolvedBy,
    },
  };
}
