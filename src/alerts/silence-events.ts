import type { AlertmanagerEvidence, AlertmanagerSilence, SilenceMatcher } from '../model/alertmanager.js';
import type { TimelineEvent } from '../model/timeline.js';

/** A silence's matchers as Alertmanager's own UI writes them: `{alertname="DiskFull", instance=~"db.*"}`. */
export function matchersText(matchers: readonly SilenceMatcher[]): string {
  const op = (m: SilenceMatcher) => (m.isEqual ? (m.isRegex ? '=~' : '=') : m.isRegex ? '!~' : '!=');
  return `{${matchers.map((m) => `${m.name}${op(m)}${JSON.stringify(m.value)}`).join(', ')}}`;
}

/** The labels a silence pins down exactly (`name="value"`), so the timeline can group it with its alert. */
function exactLabels(silence: AlertmanagerSilence): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const m of [...silence.matchers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (m.isEqual && !m.isRegex) labels[m.name] = m.value;
  }
  return labels;
}

/**
 * Timeline events for the Alertmanager silences that touch `[from, to]`: one when it was set (someone
 * acknowledging the alerts, often the first sign of mitigation: `{alertname="DiskFull"} silenced by alice: rolling back`), and
 * one when it ended, if it ended before the state was read. Silences wholly outside the range are
 * left out.
 *
 * @example
 * silenceEvents(evidence.alertmanager, window.from, window.to)
 */
export function silenceEvents(alertmanager: AlertmanagerEvidence | undefined, from: number, to: number): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  if (alertmanager === undefined) return events;
  const { fetchedAt } = alertmanager;
  for (const silence of alertmanager.silences) {
    if (silence.startsAt > to || silence.endsAt < from) continue;
    const matchers = matchersText(silence.matchers);
    const labels = exactLabels(silence);
    const who = silence.createdBy === '' ? 'someone' : silence.createdBy;
    const comment = silence.comment.trim() === '' ? '' : `: ${silence.comment.trim()}`;
    const evidence = { silenceId: silence.id, createdBy: silence.createdBy, comment: silence.comment, matchers, endsAt: new Date(silence.endsAt * 1000).toISOString() };
    events.push({ time: silence.startsAt, kind: 'silence', source: 'alerts', title: `${matchers} silenced by ${who}${comment}`, labels, evidence });
    if (silence.endsAt <= fetchedAt) {
      events.push({ time: silence.endsAt, kind: 'silence', source: 'alerts', title: `${matchers} silence by ${who} ended`, labels, evidence });
    }
  }
  return events;
}
