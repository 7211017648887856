import type { RankedAnomaly } from '../model/anomaly.js';
import type { Episode } from '../model/episode.js';
import type { TimeWindow } from '../model/time.js';
import type { TimelineEvent } from '../model/timeline.js';
import { seriesHeadline } from '../labels/series-identity.js';
import { compareEvents, labelsKey } from '../ordering/ordering.js';
import { inIncident, incidentCluster } from './rank.js';

/**
 * An anomaly outside the incident joins an episode when it begins no later than this after the
 * episode's last activity (the latest onset or end seen so far): one cascade, dated step by step.
 * At least 5 minutes, or 20 steps on coarse data.
 */
const JOIN_GAP_MIN_SECONDS = 300;
const JOIN_GAP_STEPS = 20;

/**
 * Groups ranked anomalies into episodes: the incident (every anomaly the ranking placed in it, led by
 * the rank-1 anomaly) and, among the rest, runs of anomalies that overlap in time or follow one
 * another closely (a cascade of its own: a batch job, a benign blip, a second incident). Every
 * anomaly belongs to exactly one episode; episodes are numbered in order of start. Pure and
 * deterministic: ranks decide the lead, onsets the order.
 *
 * @example groupEpisodes(ranked, window)[0] // { id: 1, incident: true, from: …, to: …, ranks: [1, 2, …], title: 'Deadlocks on db1:9187 (auth)' }
 */
export function groupEpisodes(anomalies: readonly RankedAnomaly[], window: TimeWindow): Episode[] {
  const cluster = incidentCluster(anomalies, window);
  if (cluster === null) return [];
  const byRank = [...anomalies].sort((a, b) => a.rank - b.rank);
  const incident = byRank.filter((a) => inIncident(a, cluster));
  const rest = byRank.filter((a) => !inIncident(a, cluster)).sort((a, b) => a.onset - b.onset || a.rank - b.rank);
  const gap = Math.max(JOIN_GAP_MIN_SECONDS, JOIN_GAP_STEPS * window.stepSeconds);

  const groups: { incident: boolean; members: RankedAnomaly[] }[] = [];
  if (incident.length > 0) groups.push({ incident: true, members: incident });
  let open: { incident: boolean; members: RankedAnomaly[] } | null = null;
  let lastActivity = Number.NEGATIVE_INFINITY;
  for (const anomaly of rest) {
    if (open === null || anomaly.onset > lastActivity + gap) {
      open = { incident: false, members: [] };
      groups.push(open);
      lastActivity = Number.NEGATIVE_INFINITY;
    }
    open.members.push(anomaly);
    lastActivity = Math.max(lastActivity, anomaly.end ?? Number.POSITIVE_INFINITY, anomaly.onset);
  }

  return groups
    .map(({ incident: isIncident, members }) => {
      const ranked = [...members].sort((a, b) => a.rank - b.rank);
      const lead = ranked[0] as RankedAnomaly;
      const ongoing = members.some((a) => a.end === null);
      return {
        incident: isIncident,
        from: Math.min(...members.map((a) => a.onset)),
        to: ongoing ? null : Math.max(...members.map((a) => a.end as number)),
        ranks: ranked.map((a) => a.rank),
        title: seriesHeadline(lead.title, lead.labels),
      };
    })
    .sort((a, b) => a.from - b.from || (a.ranks[0] ?? 0) - (b.ranks[0] ?? 0))
    .map((episode, index) => ({ id: index + 1, ...episode }));
}

/**
 * The timeline's sources merged into one list, sorted (time, then causes before effects, then text)
 * and without duplicates: two events at the same second of the same kind, title and series are one
 * event, whichever source reported it (a restart seen by two exporters, a note pasted twice).
 *
 * @example mergeEvents([anomalyEvents, alertEvents, restarts]).length
 */
export function mergeEvents(lists: readonly (readonly TimelineEvent[])[]): TimelineEvent[] {
  const seen = new Set<string>();
  const merged: TimelineEvent[] = [];
  for (const event of lists.flat().sort(compareEvents)) {
    const key = `${Math.floor(event.time)}\u0000${event.kind}\u0000${event.title}\u0000${labelsKey(event.labels)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(event);
  }
  return merged;
}
