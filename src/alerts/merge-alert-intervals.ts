import type { AlertInterval, AlertSource } from '../model/alert.js';
import type { Labels } from '../model/series.js';
import { compareAlerts } from '../ordering/ordering.js';
import { alertIdentity } from '../timeline/alert-intervals.js';

/**
 * Alertmanager dates a firing at the rule evaluation that sent it, Prometheus's `ALERTS` at the
 * sample of that evaluation: they agree to within a couple of evaluation intervals.
 */
const MATCH_TOLERANCE_SECONDS = 300;

/**
 * True when every label of the Prometheus alert is on the Alertmanager one with the same value:
 * Prometheus adds its `external_labels` to what it sends, which `ALERTS` series do not carry.
 */
function sameAlert(prometheus: Labels, other: Labels): boolean {
  return Object.entries(prometheus).every(([key, value]) => other[key] === value);
}

function overlaps(prometheus: AlertInterval, firingAt: number): boolean {
  const start = prometheus.pendingAt ?? prometheus.firingAt ?? Number.POSITIVE_INFINITY;
  const end = prometheus.resolvedAt ?? Number.POSITIVE_INFINITY;
  return firingAt >= start - MATCH_TOLERANCE_SECONDS && firingAt <= end + MATCH_TOLERANCE_SECONDS;
}

function identityKey(labels: Labels): string {
  return JSON.stringify(alertIdentity(labels));
}

/**
 * Merges the intervals rebuilt from Prometheus's `ALERTS` with those from Alertmanager and webhook
 * logs, deduplicated by alert (alertname and labels) and time: one firing seen by several sources is
 * one interval, keeping Prometheus's times (they include the pending state) and adding Alertmanager's
 * annotations and silence state. Then counts each alert instance's intervals (`episodes`): two or
 * more in the data means the alert flapped. Sorted by start, name and labels.
 *
 * @example
 * mergeAlertIntervals(alertIntervals(history, end), externalAlertIntervals(notified, am, rules))
 */
export function mergeAlertIntervals(prometheus: readonly AlertInterval[], external: readonly AlertInterval[]): AlertInterval[] {
  const merged: AlertInterval[] = prometheus.map((p) => ({ ...p }));
  // Candidates by alert name, so a long webhook log is not matched against every interval.
  const byName = new Map<string, number[]>();
  prometheus.forEach((p, i) => {
    const list = byName.get(p.alertname);
    if (list === undefined) byName.set(p.alertname, [i]);
    else list.push(i);
  });
  for (const other of [...external].sort(compareAlerts)) {
    const firingAt = other.firingAt ?? Number.NaN;
    // Several reports may join one ALERTS interval: Alertmanager's (with external labels) and a webhook log's.
    const index = (byName.get(other.alertname) ?? []).find((i) => sameAlert((prometheus[i] as AlertInterval).labels, other.labels) && overlaps(prometheus[i] as AlertInterval, firingAt)) ?? -1;
    if (index < 0) {
      merged.push(other);
      continue;
    }
    const p = merged[index] as AlertInterval;
    const sources = new Set<AlertSource>([...(p.sources ?? ['prometheus']), ...(other.sources ?? [])]);
    merged[index] = {
      ...p,
      resolvedAt: p.resolvedAt ?? other.resolvedAt,
      sources: [...sources].sort(),
      ...(other.annotations === undefined ? {} : { annotations: { ...p.annotations, ...other.annotations } }),
      ...(other.alertmanager === undefined ? {} : { alertmanager: other.alertmanager }),
    };
  }
  const counts = new Map<string, number>();
  for (const alert of merged) counts.set(identityKey(alert.labels), (counts.get(identityKey(alert.labels)) ?? 0) + 1);
  return merged.map((alert) => ({ ...alert, episodes: counts.get(identityKey(alert.labels)) ?? 1 })).sort(compareAlerts);
}
