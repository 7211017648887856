import type { AlertInterval, RankedAnomaly, Reconstruction, TimelineEvent } from '../src/model/index.js';
import { anomalyHeadline, formatBaseline } from './anomaly-text.js';
import { codeSpan, escapeMarkdown, truncate } from './escape-markdown.js';
import { formatDuration, formatZonedTime } from './format-time.js';
import { formatValue } from './format-value.js';
import { samePlace } from '../src/timeline/hypotheses-links.js';

/** What a suggestion is about; one suggestion per kind at most. */
export type MeasureKind =
  | 'change_review'
  | 'slow_statement'
  | 'lock_conflict'
  | 'disk_fill'
  | 'memory_leak'
  | 'upstream_timeout'
  | 'late_alert'
  | 'no_alert'
  | 'lasting_fix'
  | 'data_gaps';

/** A corrective or preventive measure suggested by a finding, as Markdown (untrusted text escaped). */
export interface SuggestedMeasure {
  readonly kind: MeasureKind;
  /** What to do, in a sentence or two. */
  readonly action: string;
  /** The finding behind it: what the evidence shows, with times and values. */
  readonly finding: string;
}

/**
 * An alert counts as late when it fired this much later than its rule's `for` allows, counted from
 * the onset: one evaluation interval, the `rate()` window, scrape jitter — at least 2 min, or 4 steps.
 */
const ALERT_SLACK_MIN_SECONDS = 120;
const ALERT_SLACK_STEPS = 4;
/** How far ahead a fill prediction looks: long enough to act before the disk is full. */
const PREDICT_FILL_HOURS = 4;
const MAX_TITLE = 120;
/** A change this close to a restart (in steps) came with it: a rollout or rollback restarts what it changes. */
const CHANGE_WITH_RESTART_STEPS = 4;

/** Words of a change that ships a new build rather than a setting. */
const ROLLOUT_WORDS = /\b(version|revision|release|deploy(ed|ment)?|rollout|image)\b/i;
const SLOW_STATEMENT_SIGNALS = new Set(['pg_statement_mean_seconds', 'mysql_slow_queries']);
const LOCK_SIGNALS = new Set(['pg_deadlocks', 'mysql_deadlocks', 'mysql_row_lock_waits']);

/**
 * Corrective and preventive measures suggested by what the reconstruction found, each citing its
 * finding: a change or rollout just before the cause (review and stage such changes), a statement
 * that slowed (check its plan: a missing index?), deadlocks (one lock order), a filesystem that
 * filled (alert on the predicted fill), memory that grew until restarts (find the leak), a slow
 * upstream (timeouts and a circuit breaker), an alert that fired late for its rule's `for`, no alert
 * at all, a restart as the mitigation (find the lasting fix), and data gaps. Suggestions, not
 * decisions: the report marks them so. Deterministic: fixed order of kinds, at most one each.
 *
 * @example suggestMeasures(reconstruction, 'Africa/Nairobi').map((m) => m.kind) // ['change_review', 'lock_conflict', 'late_alert', 'lasting_fix']
 */
export function suggestMeasures(reconstruction: Reconstruction, zone: string): SuggestedMeasure[] {
  const anomalies = [...reconstruction.anomalies].sort((a, b) => a.rank - b.rank);
  const culprit = anomalies[0];
  // Measures follow the causes the hypotheses blame (a statement slowed by lock waits is an effect,
  // and its plan is not the problem); the first chain's effects count for lock conflicts, which a
  // change often causes. Without hypotheses, the rank-1 anomaly stands for them.
  const hypotheses = reconstruction.hypotheses ?? [];
  const rankedAs = (roles: readonly string[], first: boolean): RankedAnomaly[] => {
    const ranks = new Set(
      hypotheses
        .filter((h) => !first || h.rank === 1)
        .flatMap((h) => h.chain.filter((link) => roles.includes(link.role) && link.rank !== null).map((link) => link.rank as number)),
    );
    return hypotheses.length === 0 ? anomalies.slice(0, 1) : anomalies.filter((a) => ranks.has(a.rank));
  };
  const causes = rankedAs(['cause'], false);
  const firstChain = rankedAs(['cause', 'effect'], true);
  const at = (time: number): string => formatZonedTime(time, zone);
  const moved = (a: RankedAnomaly): string =>
    `${bold(anomalyHeadline(a))} (rank ${a.rank}) ${a.direction === 'up' ? 'rose' : 'fell'} from ${escapeMarkdown(formatBaseline(a, zone))} to ${escapeMarkdown(formatValue(a.peak.value, a.unit, zone))}, starting ${at(a.onset)}`;
  const out: SuggestedMeasure[] = [];

  const change = triggerEvent(reconstruction);
  if (change !== null && culprit !== undefined) {
    const restart = change.kind === 'restart';
    // A new version or a restart of the service is a rollout: a canary catches it; a config change wants review.
    const rollout = restart || ROLLOUT_WORDS.test(change.title);
    const gap = Math.round(culprit.onset - change.time);
    const when = gap === 0 ? 'at' : gap > 0 ? `${formatDuration(gap)} before` : `${formatDuration(-gap)} after`;
    out.push({
      kind: 'change_review',
      action: rollout
        ? 'Roll out releases of this service gradually (a canary first) and roll back automatically on its own error ratio and latency, before every instance runs the new version.'
        : 'Review and stage changes like this one: test it against production-like load first, roll it out gradually, and keep a one-step rollback ready.',
      finding: `${restart ? 'A restart' : 'A change'} — ${escapeMarkdown(truncate(change.title, MAX_TITLE))} — at ${at(change.time)}, ${when} the onset of ${bold(anomalyHeadline(culprit))}.`,
    });
  }

  const statement = causes.find((a) => SLOW_STATEMENT_SIGNALS.has(a.signal) && a.direction === 'up');
  if (statement !== undefined) {
    const id = statement.labels['queryid'];
    out.push({
      kind: 'slow_statement',
      action:
        `Check the plan of this statement${id === undefined ? '' : ` (queryid ${codeSpan(id)})`} with ${codeSpan('EXPLAIN (ANALYZE, BUFFERS)')}: a missing index, or a plan that no longer fits the data's size, is the usual cause. ` +
        'Then load-test it on production-sized data, and alert on its mean time.',
      finding: `${moved(statement)}.`,
    });
  }

  const locks = firstChain.find((a) => LOCK_SIGNALS.has(a.signal) && a.direction === 'up');
  if (locks !== undefined) {
    out.push({
      kind: 'lock_conflict',
      action: 'Make the transactions involved take their locks in one order and keep them short; alert on any deadlock, which a healthy database almost never has.',
      finding: `${moved(locks)}.`,
    });
  }

  const disk = causes.find((a) => a.signal === 'filesystem_free_ratio' && a.direction === 'down');
  if (disk !== undefined) {
    const selector = ['instance', 'mountpoint'].filter((key) => disk.labels[key] !== undefined).map((key) => `${key}="${disk.labels[key]}"`).join(', ');
    out.push({
      kind: 'disk_fill',
      action:
        `Alert on the predicted fill, not on the last percent: ${codeSpan(`predict_linear(node_filesystem_avail_bytes{${selector}}[6h], ${PREDICT_FILL_HOURS} * 3600) < 0`)}; ` +
        'and cap or rotate what filled it.',
      finding: `${moved(disk)}.`,
    });
  }

  const memory = causes.find((a) => a.signal === 'process_memory' && a.direction === 'up');
  if (memory !== undefined) {
    const restarts = reconstruction.events.filter((e) => e.kind === 'restart' && e.time >= memory.onset && samePlaceAs(e, memory));
    const kills = restarts.length === 0 ? '' : `; ${restarts.length} ${restarts.length === 1 ? 'restart' : 'restarts'} of the same service followed, the first at ${at(restarts[0]!.time)}`;
    if (memory.kind === 'trend' || restarts.length > 0) {
      out.push({
        kind: 'memory_leak',
        action: 'Find the leak (a heap profile over a few hours of growth), and alert on the growth of resident memory before the out-of-memory kills: restarts only reset the clock.',
        finding: `${moved(memory)}${kills}.`,
      });
    }
  }

  const upstream = causes.find((a) => a.category === 'dependency' && a.direction === 'up');
  if (upstream !== undefined) {
    out.push({
      kind: 'upstream_timeout',
      action: 'Bound the calls to this dependency: a timeout shorter than the callers\' own, a circuit breaker that fails fast while it is slow, and an alert on its latency as the callers see it.',
      finding: `${moved(upstream)}.`,
    });
  }

  const { phases } = reconstruction;
  if (phases.onset !== null && phases.detected !== null) {
    const alert = detectingAlert(reconstruction.alerts, phases.detected);
    const forSeconds = alert?.rule?.forSeconds ?? 0;
    const delay = phases.detected - phases.onset;
    const slack = Math.max(ALERT_SLACK_MIN_SECONDS, ALERT_SLACK_STEPS * reconstruction.window.stepSeconds);
    if (delay > forSeconds + slack) {
      const name = alert === null ? 'The first alert' : `${codeSpan(alert.alertname)}`;
      const rule = alert?.rule === undefined || alert.rule === null ? '' : ` (its rule waits ${formatDuration(forSeconds)}: ${codeSpan(alert.rule.expr)})`;
      out.push({
        kind: 'late_alert',
        action: `Detect it sooner: alert on the cause${culprit === undefined ? '' : ` (${bold(anomalyHeadline(culprit))})`} or on an earlier symptom, or lower the threshold of the alert that fired.`,
        finding: `${name} fired at ${at(phases.detected)}, ${formatDuration(delay)} after the onset at ${at(phases.onset)}, ${formatDuration(delay - forSeconds)} more than its ${codeSpan('for')} explains${rule}.`,
      });
    }
  } else if (phases.onset !== null) {
    out.push({
      kind: 'no_alert',
      action: `Add an alert${culprit === undefined ? '' : ` on ${bold(anomalyHeadline(culprit))}`} and on the user-facing symptom, so the next one is not found by users.`,
      finding: `No related alert fired between the onset at ${at(phases.onset)} and the end of the window.`,
    });
  }

  const mitigation = mitigatingRestart(reconstruction);
  if (mitigation !== null) {
    out.push({
      kind: 'lasting_fix',
      action: `A restart stopped the harm but changed nothing: find the lasting fix${culprit === undefined ? '' : ` for ${bold(anomalyHeadline(culprit))}`}, or the next occurrence will need another restart.`,
      finding: `Mitigated at ${at(mitigation.time)} by ${escapeMarkdown(truncate(mitigation.title, MAX_TITLE))}${phases.recovered === null ? '' : `; recovered at ${at(phases.recovered)}`}.`,
    });
  }

  if (reconstruction.dataGaps.length > 0) {
    const count = reconstruction.dataGaps.length;
    out.push({
      kind: 'data_gaps',
      action: 'Close the data gaps, so the next reconstruction sees everything.',
      finding: `${count} ${count === 1 ? 'query or source' : 'queries or sources'} could not be collected (see "Data gaps").`,
    });
  }
  return out;
}

/** The change or restart that set the incident off: the first hypothesis' trigger, else the event at the trigger phase. */
function triggerEvent(reconstruction: Reconstruction): TimelineEvent | null {
  const link = reconstruction.hypotheses?.[0]?.chain.find((l) => l.role === 'trigger');
  const time = link?.onset ?? reconstruction.phases.trigger;
  if (time === null || time === undefined) return null;
  const candidates = reconstruction.events.filter((e) => (e.kind === 'change' || e.kind === 'restart') && Math.floor(e.time) === Math.floor(time));
  return candidates.find((e) => link === undefined || e.title === link.title) ?? candidates[0] ?? null;
}

/** The alert whose firing set the detected phase. */
function detectingAlert(alerts: readonly AlertInterval[], detected: number): AlertInterval | null {
  return alerts.find((alert) => alert.firingAt !== null && Math.floor(alert.firingAt) === Math.floor(detected)) ?? null;
}

/** The restart that set the mitigated phase, when a restart set it. */
function mitigatingRestart(reconstruction: Reconstruction): TimelineEvent | null {
  const time = reconstruction.phases.mitigated;
  if (time === null) return null;
  const cause = reconstruction.phaseCauses.mitigated;
  const atTime = reconstruction.events.filter((e) => Math.floor(e.time) === Math.floor(time));
  const restart = atTime.find((e) => e.kind === 'restart' && (cause === null || cause.includes(e.title) || e.title.includes(cause))) ?? atTime.find((e) => e.kind === 'restart');
  if (restart === undefined) return null;
  // A restart that carried a change (a rollback, a new config) is a fix in itself, not a reset.
  const near = CHANGE_WITH_RESTART_STEPS * reconstruction.window.stepSeconds;
  const carried = reconstruction.events.some((e) => e.kind === 'change' && Math.abs(e.time - restart.time) <= near);
  return carried ? null : restart;
}

/** True when the event is on a host or service of the anomaly (restarts of the leaking pods). */
function samePlaceAs(event: TimelineEvent, anomaly: RankedAnomaly): boolean {
  return samePlace(event.labels, anomaly.labels);
}

function bold(text: string): string {
  return `**${escapeMarkdown(text)}**`;
}
