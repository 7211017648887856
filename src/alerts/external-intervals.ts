import type { AlertInterval, AlertRule, AlertSource } from '../model/alert.js';
import type { AlertmanagerEvidence, NotifiedAlert } from '../model/alertmanager.js';
import type { Labels } from '../model/series.js';
import { alertIdentity } from '../timeline/alert-intervals.js';

/** Two reports of one alert whose starts differ by at most this much are one firing (clock rounding). */
export const SAME_START_SECONDS = 1;

interface Building {
  labels: Labels;
  annotations: Labels;
  firingAt: number;
  resolvedAt: number | null;
  sources: Set<AlertSource>;
  alertmanager: AlertInterval['alertmanager'] | undefined;
}

function identityKey(labels: Labels): string {
  return JSON.stringify(alertIdentity(labels));
}

/**
 * Alert intervals from what Alertmanager said: the webhook notifications of `--alert-log` files and
 * the alerts `--alertmanager` held when asked. Each firing of an alert (its labels and `startsAt`) is
 * one interval however often it was notified; it resolved at the `endsAt` of a `resolved`
 * notification, or at Alertmanager's `endsAt` when that had passed by `fetchedAt`. A later firing of
 * the same labels (a new `startsAt`) is a new interval: the alert flapped. Alertmanager knows no
 * pending state, so `pendingAt` is null.
 *
 * @param rules the rules from `/api/v1/rules`, to attach each alert's expression and annotations
 * @example
 * externalAlertIntervals(notified, null, rules) // one interval per alert firing
 */
export function externalAlertIntervals(
  notified: readonly NotifiedAlert[],
  alertmanager: AlertmanagerEvidence | null,
  rules: readonly AlertRule[],
): AlertInterval[] {
  // Keyed by identity, each with its firings in arrival order.
  const byIdentity = new Map<string, Building[]>();
  const firingOf = (labels: Labels, startsAt: number): Building => {
    const key = identityKey(labels);
    let firings = byIdentity.get(key);
    if (firings === undefined) {
      firings = [];
      byIdentity.set(key, firings);
    }
    let firing = firings.find((f) => Math.abs(f.firingAt - startsAt) <= SAME_START_SECONDS);
    if (firing === undefined) {
      firing = { labels: alertIdentity(labels), annotations: {}, firingAt: startsAt, resolvedAt: null, sources: new Set(), alertmanager: undefined };
      firings.push(firing);
    }
    return firing;
  };

  for (const alert of notified) {
    const firing = firingOf(alert.labels, alert.startsAt);
    firing.sources.add('alert-log');
    firing.annotations = { ...firing.annotations, ...alert.annotations };
    if (alert.status === 'resolved' && alert.endsAt !== null) firing.resolvedAt = Math.max(firing.resolvedAt ?? alert.endsAt, alert.endsAt);
  }
  for (const alert of alertmanager?.alerts ?? []) {
    const firing = firingOf(alert.labels, alert.startsAt);
    firing.sources.add('alertmanager');
    firing.annotations = { ...firing.annotations, ...alert.annotations };
    firing.alertmanager = { state: alert.state, silencedBy: [...alert.silencedBy].sort(), inhibitedBy: [...alert.inhibitedBy].sort() };
    if (alert.endsAt !== null && alertmanager !== null && alert.endsAt <= alertmanager.fetchedAt && firing.resolvedAt === null) firing.resolvedAt = alert.endsAt;
  }

  const rulesByName = new Map<string, AlertRule>();
  for (const rule of rules) if (!rulesByName.has(rule.name)) rulesByName.set(rule.name, rule);
  const intervals: AlertInterval[] = [];
  for (const firings of byIdentity.values()) {
    for (const firing of firings) {
      const alertname = firing.labels['alertname'] ?? '';
      intervals.push({
        alertname,
        labels: firing.labels,
        pendingAt: null,
        firingAt: firing.firingAt,
        resolvedAt: firing.resolvedAt,
        rule: rulesByName.get(alertname) ?? null,
        sources: [...firing.sources].sort(),
        annotations: firing.annotations,
        ...(firing.alertmanager === undefined ? {} : { alertmanager: firing.alertmanager }),
      });
    }
  }
  return intervals;
}
