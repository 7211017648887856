import type { AlertInterval } from '../model/alert.js';
import type { RankedAnomaly } from '../model/anomaly.js';
import type { TimeWindow } from '../model/time.js';
import type { PhaseCauses, Phases, TimelineEvent } from '../model/timeline.js';
import { inIncident, incidentCluster, isStrong } from './rank.js';

/** An alert counts as detecting this incident when it fired no earlier than this before the onset. */
const DETECT_LEAD_SECONDS = 600;
/** A restart counts as the mitigation when it happened up to this long after recovery was seen. */
const MITIGATION_AFTER_RECOVERY_STEPS = 4;

export interface PhaseResult {
  readonly phases: Phases;
  readonly causes: PhaseCauses;
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
 * The phases of ARCHITECTURE.md from the ranked anomalies, alert intervals and restarts:
 * onset = first departure of the culprit or a user-facing signal; detected = first related alert
 * firing; mitigated = a restart between detection and recovery; recovered = every user-facing
 * anomaly back in baseline (the culprit's when none); resolved = last related alert resolved, or
 * recovered when no alert fired. `trigger` needs change evidence and stays null here.
 */
export function findPhases(
  anomalies: readonly RankedAnomaly[],
  alerts: readonly AlertInterval[],
  restarts: readonly TimelineEvent[],
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

  const related = relatedAlerts(alerts, onset, window);
  const detectedBy = earliest(related, (a) => a.firingAt);
  const detected = detectedBy?.time ?? null;

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

  const mitigationFrom = detected ?? onset;
  const mitigationTo = recovered === null ? Number.POSITIVE_INFINITY : recovered + MITIGATION_AFTER_RECOVERY_STEPS * window.stepSeconds;
  const mitigatedBy =
    mitigationFrom === null ? null : earliest(restarts.filter((e) => e.time >= mitigationFrom && e.time <= mitigationTo), (e) => e.time);

  let resolved: number | null = null;
  let resolvedCause: string | null = null;
  if (related.length > 0) {
    if (related.every((a) => a.resolvedAt !== null)) {
      const last = related.reduce((a, b) => ((b.resolvedAt as number) > (a.resolvedAt as number) ? b : a));
      resolved = last.resolvedAt;
      resolvedCause = `alert ${last.alertname} resolved (last related alert)`;
    }
  } else if (recovered !== null) {
    resolved = recovered;
    resolvedCause = 'no related alert fired: same as recovered';
  }

  return {
    phases: {
      trigger: null,
      onset,
      detected,
      mitigated: mitigatedBy?.time ?? null,
      recovered,
      resolved,
    },
    causes: {
      trigger: null,
      onset: onsetBy === null ? null : `${onsetBy.item.title} left its baseline (${onsetBy.item.signal})`,
      detected: detectedBy === null ? null : `alert ${detectedBy.item.alertname} firing`,
      mitigated: mitigatedBy === null ? null : mitigatedBy.item.title,
      recovered: recoveredBy === null ? null : `${recoveredBy.title} back within baseline (${recoveredBy.signal})`,
      resolved: resolvedCause,
    },
  };
}
