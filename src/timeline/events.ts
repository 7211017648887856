import type { AlertInterval } from '../model/alert.js';
import type { RankedAnomaly } from '../model/anomaly.js';
import type { TimelineEvent } from '../model/timeline.js';
import { describeSeries } from '../labels/series-identity.js';
import { expandAnnotation } from './expand-annotation.js';
import { compareEvents } from '../ordering/ordering.js';


function alertTitle(alert: AlertInterval): string {
  const template = alert.rule?.annotations['summary'];
  // Alertmanager's annotations come expanded already; the rule's are templates.
  const summary = template === undefined ? alert.annotations?.['summary'] : expandAnnotation(template, alert.labels);
  const where = describeSeries(Object.fromEntries(Object.entries(alert.labels).filter(([k]) => k !== 'alertname' && k !== 'severity')));
  const base = where === 'all series' ? alert.alertname : `${alert.alertname} on ${where}`;
  return summary === undefined ? base : `${base}: ${summary}`;
}

/** Timeline events for the anomalies' starts and ends. */
export function anomalyEvents(anomalies: readonly RankedAnomaly[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const a of anomalies) {
    const where = describeSeries(a.labels);
    const move = a.kind === 'drop' ? 'dropped' : a.direction === 'up' ? 'rose' : 'fell';
    const evidence = { rank: a.rank, signal: a.signal, query: a.query, kind: a.kind, baseline: a.baseline.value, peak: a.peak.value, score: Number(a.score.toFixed(2)) };
    events.push({ time: a.onset, kind: 'anomaly_start', source: 'prometheus', title: `${a.title} ${move} on ${where}`, labels: a.labels, evidence });
    if (a.end !== null) {
      events.push({ time: a.end, kind: 'anomaly_end', source: 'prometheus', title: `${a.title} back within baseline on ${where}`, labels: a.labels, evidence });
    }
  }
  return events;
}

/** Timeline events for each alert's pending, firing and resolved instants. */
export function alertEvents(alerts: readonly AlertInterval[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const alert of alerts) {
    const title = alertTitle(alert);
    const evidence = {
      alertname: alert.alertname,
      expr: alert.rule?.expr ?? null,
      runbook: alert.rule?.annotations['runbook_url'] === undefined ? (alert.annotations?.['runbook_url'] ?? null) : expandAnnotation(alert.rule.annotations['runbook_url'], alert.labels),
      severity: alert.labels['severity'] ?? null,
      // Added only when they say something, so events of plain ALERTS history read as before.
      ...(alert.episodes !== undefined && alert.episodes > 1 ? { episodes: alert.episodes } : {}),
      ...(alert.sources === undefined ? {} : { sources: alert.sources.join(',') }),
    };
    const labels = alert.labels;
    if (alert.pendingAt !== null) events.push({ time: alert.pendingAt, kind: 'alert_pending', source: 'alerts', title, labels, evidence });
    if (alert.firingAt !== null) events.push({ time: alert.firingAt, kind: 'alert_firing', source: 'alerts', title, labels, evidence });
    if (alert.resolvedAt !== null) events.push({ time: alert.resolvedAt, kind: 'alert_resolved', source: 'alerts', title, labels, evidence });
  }
  return events;
}

/** Sorts events by time, then causes before effects, then text: a total order (see compareEvents). */
export function sortEvents(events: readonly TimelineEvent[]): TimelineEvent[] {
  return [...events].sort(compareEvents);
}
