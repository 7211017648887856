import type { AlertInterval, EventKind, PhaseName, RankedAnomaly, TimelineEvent } from '../src/model/index.js';
import { PHASE_NAMES } from '../src/model/index.js';
import { formatBaseline, movement } from './anomaly-text.js';
import { codeSpan, escapeMarkdown, truncate } from './escape-markdown.js';
import { formatDuration, formatZonedRange, formatZonedTime, zoneKey, zonedTime } from './format-time.js';
import { formatValue } from './format-value.js';
import type { MarkdownContext } from './markdown-context.js';
import { compareAlerts, compareNatural, compareText, compareTimes, labelsKey } from '../src/ordering/ordering.js';
import { describeSeries, seriesIdentity } from '../src/labels/series-identity.js';
import { expandAnnotation } from '../src/timeline/expand-annotation.js';

/** Anomalies ranked this high (and the links of the most likely chain) keep a timeline line of their own, never grouped or folded. */
const TOP_RANKS_SHOWN_ALONE = 5;

/** Same-kind events this close to the first of a group join it (one scrape wobble, one rollout). */
const GROUP_SPAN_SECONDS = 300;

/** Series named in a grouped line before "and N more". */
const MAX_SERIES_IN_GROUP = 4;

/** A log line or title longer than this is cut: the JSON report keeps the full text. */
const MAX_TITLE_CHARACTERS = 160;

export const PHASE_LABELS: Readonly<Record<PhaseName, string>> = {
  trigger: 'Trigger',
  onset: 'Onset',
  detected: 'Detected',
  mitigated: 'Mitigated',
  recovered: 'Recovered',
  resolved: 'Resolved',
};

/** The event kinds that can set each phase, to find the event behind a phase when titles differ. */
const PHASE_KINDS: Readonly<Record<PhaseName, readonly EventKind[]>> = {
  trigger: ['change', 'restart', 'note'],
  onset: ['anomaly_start'],
  detected: ['alert_firing', 'note'],
  mitigated: ['restart', 'change', 'note'],
  recovered: ['anomaly_end', 'note'],
  resolved: ['alert_resolved', 'anomaly_end', 'note'],
};

const KIND_LABELS: Readonly<Record<EventKind, string>> = {
  change: 'Change',
  restart: 'Restart',
  anomaly_start: 'Anomaly',
  anomaly_end: 'Back to baseline',
  alert_pending: 'Alert pending',
  alert_firing: 'Alert firing',
  alert_resolved: 'Alert resolved',
  log: 'Log',
  note: 'Note',
  silence: 'Silence',
};

const KIND_NOUNS: Readonly<Record<EventKind, readonly [string, string]>> = {
  change: ['change', 'changes'],
  restart: ['restart', 'restarts'],
  anomaly_start: ['anomaly start', 'anomaly starts'],
  anomaly_end: ['return to baseline', 'returns to baseline'],
  alert_pending: ['pending alert', 'pending alerts'],
  alert_firing: ['firing alert', 'firing alerts'],
  alert_resolved: ['resolved alert', 'resolved alerts'],
  log: ['log line', 'log lines'],
  note: ['note', 'notes'],
  silence: ['silence', 'silences'],
};

/** One line of the timeline before it is printed: a single event, a group of alike events, or a phase with no event. */
interface TimelineLine {
  readonly time: number;
  /** Markdown after the time. */
  readonly text: string;
  /** The events the line stands for (empty for a phase line without an event). */
  readonly events: readonly TimelineEvent[];
  /** Shown whatever the length of the timeline. */
  readonly essential: boolean;
  /** A cascade of an episode: printed after the single lines of the same instant, which it follows from. */
  readonly cascade?: boolean;
  /** Rank of the anomaly a single anomaly line is about. */
  readonly rank?: number;
}

/**
 * `## Timeline`: every event in time order, one line each, with the local time and its offset (the
 * date when it changes), phase markers in bold on the events that set a phase, and alike events
 * (the same signal moving on many series, the same alert on many targets) grouped into one line.
 * When the timeline is still longer than `maxTimelineLines`, minor lines are folded into
 * "… N more" lines that count what they hold. An `### Alerts` table follows, with each alert's
 * pending, firing and resolved times.
 *
 * @example timelineSection(context) // '## Timeline\n\nTimes in Africa/Nairobi …'
 */
export function timelineSection(context: MarkdownContext): string {
  const lines = capLines(buildLines(context), context.options.maxTimelineLines, context.zone);
  const out = ['## Timeline', ''];
  if (lines.length === 0) {
    out.push('No events were found in the window: no anomaly, alert, change or restart.');
  } else {
    const key = zoneKey(
      lines.flatMap((line) => (line.kind === 'line' ? [line.time] : [])),
      context.zone,
    );
    out.push(`Times in ${escapeMarkdown(context.zone)}${key === '' ? '' : ` (${key})`}. Bold marks the events that set a phase.`, '');
    const episodes = episodesList(context);
    if (episodes !== '') out.push(episodes, '');
    // A table per day under a date heading, so each row carries only the time, as people write it.
    let lastDate: string | null = null;
    const header = ['| Time | What happened |', '|---|---|'];
    for (const line of lines) {
      if (line.kind === 'fold') {
        if (lastDate === null) out.push(...header);
        // A fold has no time of its own: its text says what it stands for.
        out.push(`| | ${line.text} |`);
        continue;
      }
      const parts = zonedTime(line.time, context.zone);
      if (parts.date !== lastDate) {
        if (lastDate !== null) out.push('');
        out.push(`**${parts.weekday}**`, '', ...header);
        lastDate = parts.date;
      }
      out.push(`| ${formatZonedTime(line.time, context.zone, { withDate: false })} | ${line.text} |`);
    }
    const summary = foldSummary(context.events.length, lines);
    if (summary !== null) out.push('', summary);
  }
  out.push('', alertsTable(context));
  return out.join('\n');
}

/**
 * The episodes in a numbered list, when there is more than the incident alone or the incident
 * gathers several anomalies: what moved together, from when to when, led by which anomaly.
 */
function episodesList(context: MarkdownContext): string {
  const episodes = context.reconstruction.episodes ?? [];
  if (episodes.length === 0 || (episodes.length === 1 && (episodes[0]?.ranks.length ?? 0) <= 1)) return '';
  const out = ['Episodes (anomalies that moved together):', ''];
  for (const episode of [...episodes].sort((a, b) => a.id - b.id)) {
    const span = episode.to === null ? `from ${formatZonedTime(episode.from, context.zone)}, still going at the end of the data` : formatZonedRange(episode.from, episode.to, context.zone);
    const others = episode.ranks.length - 1;
    const more = others === 0 ? '' : ` and ${others} related ${others === 1 ? 'anomaly' : 'anomalies'}`;
    const label = episode.incident ? '**The incident**' : `**Episode ${episode.id}**`;
    out.push(`${episode.id}. ${label} · ${span}: ${escapeMarkdown(episode.title)} (rank ${episode.ranks[0] ?? '?'})${more}.`);
  }
  return out.join('\n');
}

type PrintedLine = (TimelineLine & { readonly kind: 'line' }) | { readonly kind: 'fold'; readonly text: string; readonly events: number };

function buildLines(context: MarkdownContext): TimelineLine[] {
  const { events } = context;
  const phaseMarks = markPhases(context);
  const bySeries = new Map<string, RankedAnomaly[]>();
  for (const anomaly of context.anomalies) {
    const key = labelsKey(anomaly.labels);
    const same = bySeries.get(key);
    if (same === undefined) bySeries.set(key, [anomaly]);
    else same.push(anomaly);
  }
  const anomalyOf = events.map((event) => matchAnomaly(event, bySeries));
  const episodeOf = new Map<number, number>();
  for (const episode of context.reconstruction.episodes ?? []) for (const rank of episode.ranks) episodeOf.set(rank, episode.id);
  // Each slot becomes one line: a lone event, or the first event of a group and those that joined it.
  const slots: { readonly members: number[]; readonly phases: readonly PhaseName[] }[] = [];
  const openGroups = new Map<string, { readonly first: number; readonly members: number[] }>();
  events.forEach((event, index) => {
    const phases = phaseMarks.byEvent.get(index) ?? [];
    const anomaly = anomalyOf[index] ?? null;
    const key = phases.length === 0 ? groupKey(event, anomaly, anomaly === null ? undefined : episodeOf.get(anomaly.rank), context) : null;
    const open = key === null ? undefined : openGroups.get(key);
    if (open !== undefined && event.time - open.first <= GROUP_SPAN_SECONDS) {
      open.members.push(index);
      return;
    }
    const slot = { members: [index], phases };
    if (key !== null) openGroups.set(key, { first: event.time, members: slot.members });
    slots.push(slot);
  });
  const lines = slots.map(({ members, phases }): TimelineLine => {
    const first = members[0] ?? 0;
    const anomaly = anomalyOf[first] ?? null;
    return members.length === 1
      ? eventLine(events[first] as TimelineEvent, anomaly, phases, context)
      : groupLine(
          members.map((member) => events[member] as TimelineEvent),
          members.map((member) => anomalyOf[member] ?? null),
          context,
        );
  });

  for (const phase of phaseMarks.withoutEvent) {
    const time = context.reconstruction.phases[phase] as number;
    const cause = context.reconstruction.phaseCauses[phase];
    const text = `**${PHASE_LABELS[phase]}** · ${cause === null ? 'set by the reconstruction' : escapeMarkdown(truncate(cause, MAX_TITLE_CHARACTERS))}`;
    lines.push({ time, text, events: [], essential: true });
  }
  // Phase lines without an event go where their time puts them; the sort is stable for the rest.
  lines.sort((a, b) => compareTimes(a.time, b.time) || Number(a.cascade === true) - Number(b.cascade === true));
  return rankOrderWithinInstants(lines);
}

/**
 * At one instant, anomaly lines read best cause first: they swap places among themselves in rank
 * order (the likely cause before the symptoms that started the same second), while alerts and other
 * lines keep their slots.
 */
function rankOrderWithinInstants(lines: TimelineLine[]): TimelineLine[] {
  let start = 0;
  while (start < lines.length) {
    let end = start + 1;
    while (end < lines.length && lines[end]?.time === lines[start]?.time) end += 1;
    const slots = [];
    for (let i = start; i < end; i += 1) if (lines[i]?.rank !== undefined) slots.push(i);
    const ranked = slots.map((i) => lines[i] as TimelineLine).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
    slots.forEach((slot, k) => {
      lines[slot] = ranked[k] as TimelineLine;
    });
    start = end;
  }
  return lines;
}

/**
 * Finds the event that set each phase: one at the phase's time whose title is (or contains) the
 * recorded cause, else one of a kind that sets that phase, preferring the one whose signal or alert
 * the cause names. A phase with no such event gets a line of its own.
 */
function markPhases(context: MarkdownContext): { byEvent: Map<number, PhaseName[]>; withoutEvent: PhaseName[] } {
  const { phases, phaseCauses } = context.reconstruction;
  const byEvent = new Map<number, PhaseName[]>();
  const withoutEvent: PhaseName[] = [];
  for (const phase of PHASE_NAMES) {
    const time = phases[phase];
    if (time === null || !Number.isFinite(time)) continue;
    const cause = phaseCauses[phase];
    const atTime = context.events.map((event, index) => ({ event, index })).filter(({ event }) => Math.floor(event.time) === Math.floor(time));
    // The cause is free text ("alert X firing", "Deadlocks left its baseline (pg_deadlocks)"), so
    // among several events of the right kind at that instant, prefer the one whose signal or alert it names.
    const names = ({ event }: { event: TimelineEvent }): boolean =>
      cause !== null &&
      [event.evidence['signal'], event.labels['alertname']].some((name) => typeof name === 'string' && name !== '' && cause.includes(name));
    const ofKind = atTime.filter(({ event }) => PHASE_KINDS[phase].includes(event.kind));
    const match =
      atTime.find(({ event }) => cause !== null && event.title === cause) ??
      atTime.find(({ event }) => cause !== null && cause !== '' && event.title !== '' && (cause.includes(event.title) || event.title.includes(cause))) ??
      ofKind.find(names) ??
      ofKind[0];
    if (match === undefined) {
      withoutEvent.push(phase);
      continue;
    }
    byEvent.set(match.index, [...(byEvent.get(match.index) ?? []), phase]);
  }
  return { byEvent, withoutEvent };
}

/**
 * The ranked anomaly an anomaly event is about: same series (anomalies indexed by `labelsKey`, in
 * rank order), preferring the one whose onset or end is the event's time and whose signal the event names.
 */
function matchAnomaly(event: TimelineEvent, bySeries: ReadonlyMap<string, readonly RankedAnomaly[]>): RankedAnomaly | null {
  if (event.kind !== 'anomaly_start' && event.kind !== 'anomaly_end') return null;
  const sameSeries = bySeries.get(labelsKey(event.labels)) ?? [];
  const signal = event.evidence['signal'];
  const atTime = sameSeries.filter((anomaly) => (event.kind === 'anomaly_start' ? anomaly.onset : anomaly.end) === event.time);
  const candidates = atTime.length > 0 ? atTime : sameSeries;
  return candidates.find((anomaly) => anomaly.signal === signal) ?? candidates[0] ?? null;
}

/**
 * Events that may share a line with alike events; null for those that always stand alone. Anomaly
 * starts and ends below the top ranks share a line with those of their episode (a cascade is one
 * line: what moved together), or, without episodes, with those of the same signal.
 */
function groupKey(event: TimelineEvent, anomaly: RankedAnomaly | null, episode: number | undefined, context: MarkdownContext): string | null {
  switch (event.kind) {
    case 'anomaly_start':
    case 'anomaly_end':
      if (anomaly === null) return null;
      if (shownAlone(anomaly, context)) return null;
      if (episode !== undefined) return `${event.kind}\u0000episode ${episode}`;
      return `${event.kind}\u0000${anomaly.signal}\u0000${anomaly.title}\u0000${movement(anomaly)}`;
    case 'alert_pending':
    case 'alert_firing':
    case 'alert_resolved':
      return `${event.kind}\u0000${event.labels['alertname'] ?? event.title}`;
    case 'log':
      return `log\u0000${event.title}`;
    default:
      return null;
  }
}

function eventLine(event: TimelineEvent, anomaly: RankedAnomaly | null, phases: readonly PhaseName[], context: MarkdownContext): TimelineLine {
  const marker = phases.length === 0 ? '' : `**${phases.map((phase) => PHASE_LABELS[phase]).join(', ')}** · `;
  const title = escapeMarkdown(truncate(event.title, MAX_TITLE_CHARACTERS));
  let detail = '';
  if (anomaly !== null && event.kind === 'anomaly_start') {
    detail = ` (rank ${anomaly.rank}; peak ${formatValue(anomaly.peak.value, anomaly.unit, context.zone)} vs baseline ${formatBaseline(anomaly, context.zone)})`;
  } else if (anomaly !== null) {
    detail = ` (rank ${anomaly.rank})`;
  }
  const essential =
    phases.length > 0 ||
    !['anomaly_start', 'anomaly_end', 'log'].includes(event.kind) ||
    (anomaly !== null && shownAlone(anomaly, context));
  const line = { time: event.time, text: `${marker}${KIND_LABELS[event.kind]}: ${title}${detail}`, events: [event], essential };
  return anomaly === null ? line : { ...line, rank: anomaly.rank };
}

/**
 * Anomalies that keep a line of their own: the top ranks, and every link of the most likely causal
 * chain (its effects and the symptoms users felt), so the timeline tells the story the root cause does.
 */
function shownAlone(anomaly: RankedAnomaly, context: MarkdownContext): boolean {
  if (anomaly.rank <= TOP_RANKS_SHOWN_ALONE) return true;
  const chain = context.reconstruction.hypotheses?.find((hypothesis) => hypothesis.rank === 1)?.chain ?? [];
  return chain.some((link) => link.rank === anomaly.rank);
}

function groupLine(members: readonly TimelineEvent[], anomalies: readonly (RankedAnomaly | null)[], context: MarkdownContext): TimelineLine {
  const first = members[0] as TimelineEvent;
  const last = members[members.length - 1] as TimelineEvent;
  const anomaly = anomalies[0] ?? null;
  const known = anomalies.filter((a): a is RankedAnomaly => a !== null);
  const signals = new Set(known.map((a) => `${a.signal}\u0000${a.title}\u0000${movement(a)}`));
  if (known.length === members.length && signals.size > 1) return cascadeLine(members, known, context);
  const subject =
    anomaly === null
      ? (first.kind === 'log' ? first.title : (first.labels['alertname'] ?? first.title))
      : first.kind === 'anomaly_end'
        ? `${anomaly.title} back to baseline`
        : `${anomaly.title} ${movement(anomaly)}`;
  const series = [...new Set(members.map((event) => describeSeries(withoutAlertname(event))))].sort(compareNatural);
  const named = series.slice(0, MAX_SERIES_IN_GROUP).map(escapeMarkdown).join(', ');
  const more = series.length > MAX_SERIES_IN_GROUP ? ` and ${series.length - MAX_SERIES_IN_GROUP} more` : '';
  const where = series.length === 1 && series[0] === 'all series' ? '' : ` on ${named}${more}`;
  const span =
    last.time === first.time ? '' : `, until ${formatZonedTime(last.time, context.zone, { withDate: zonedTime(last.time, context.zone).date !== zonedTime(first.time, context.zone).date })}`;
  const text = `${KIND_LABELS[first.kind]} ×${members.length}: ${escapeMarkdown(truncate(subject, MAX_TITLE_CHARACTERS))}${where} (${members.length} events${span})`;
  return { time: first.time, text, events: members, essential: first.kind.startsWith('alert_') };
}

/**
 * One line for a cascade of an episode: the anomalies that started (or ended) together, by signal
 * with a count, best rank first, and where: `Anomaly ×12: related anomalies of the incident — CPU
 * time by mode ×5, PostgreSQL connections, … on db1:9100, db1:9187 and shop-api (12 events, …)`.
 */
function cascadeLine(members: readonly TimelineEvent[], anomalies: readonly RankedAnomaly[], context: MarkdownContext): TimelineLine {
  const first = members[0] as TimelineEvent;
  const last = members[members.length - 1] as TimelineEvent;
  const bestRank = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const a of anomalies) {
    counts.set(a.title, (counts.get(a.title) ?? 0) + 1);
    bestRank.set(a.title, Math.min(bestRank.get(a.title) ?? Number.POSITIVE_INFINITY, a.rank));
  }
  const titles = [...counts.keys()].sort((a, b) => (bestRank.get(a) ?? 0) - (bestRank.get(b) ?? 0) || compareText(a, b));
  const named = titles.slice(0, MAX_SERIES_IN_GROUP).map((title) => `${escapeMarkdown(title)}${(counts.get(title) ?? 1) > 1 ? ` ×${counts.get(title)}` : ''}`);
  const moreSignals = titles.length > MAX_SERIES_IN_GROUP ? ` and ${titles.length - MAX_SERIES_IN_GROUP} more ${titles.length - MAX_SERIES_IN_GROUP === 1 ? 'signal' : 'signals'}` : '';
  const places = [...new Set(anomalies.map((a) => seriesIdentity(a.labels).location ?? describeSeries(a.labels)))].sort(compareNatural);
  const where = places.slice(0, MAX_SERIES_IN_GROUP).map(escapeMarkdown).join(', ') + (places.length > MAX_SERIES_IN_GROUP ? ` and ${places.length - MAX_SERIES_IN_GROUP} more` : '');
  const episode = (context.reconstruction.episodes ?? []).find((e) => e.ranks.includes(anomalies[0]?.rank ?? -1));
  const of = episode === undefined ? 'related anomalies' : episode.incident ? 'related anomalies of the incident' : `related anomalies of episode ${episode.id}`;
  const what = first.kind === 'anomaly_end' ? `${of} back to baseline` : of;
  const span =
    last.time === first.time ? '' : `, until ${formatZonedTime(last.time, context.zone, { withDate: zonedTime(last.time, context.zone).date !== zonedTime(first.time, context.zone).date })}`;
  const text = `${KIND_LABELS[first.kind]} ×${members.length}: ${what} — ${named.join(', ')}${moreSignals} on ${where} (${members.length} events${span})`;
  return { time: first.time, text, events: members, essential: false, cascade: true };
}

/** An alert's name is already the line's subject; its other labels say where it fired. */
function withoutAlertname(event: TimelineEvent): Readonly<Record<string, string>> {
  if (!event.kind.startsWith('alert_')) return event.labels;
  return Object.fromEntries(Object.entries(event.labels).filter(([key]) => key !== 'alertname'));
}

/**
 * Keeps every essential line and the earliest minor lines up to `max`, folding each run of the
 * remaining minor lines into one "… N more events (…)" line, so nothing disappears unsaid.
 */
function capLines(lines: readonly TimelineLine[], max: number, zone: string): PrintedLine[] {
  const essentialCount = lines.filter((line) => line.essential).length;
  let budget = Math.max(0, max - essentialCount);
  const printed: PrintedLine[] = [];
  let folded: TimelineLine[] = [];
  const flush = (): void => {
    if (folded.length === 0) return;
    // A fold line in place of a single line would save nothing and hide it.
    if (folded.length === 1 && folded[0] !== undefined) {
      printed.push({ ...folded[0], kind: 'line' });
      folded = [];
      return;
    }
    const events = folded.flatMap((line) => line.events);
    printed.push({ kind: 'fold', text: foldText(events, folded, zone), events: events.length });
    folded = [];
  };
  for (const line of lines) {
    if (line.essential || budget > 0) {
      if (!line.essential) budget -= 1;
      flush();
      printed.push({ ...line, kind: 'line' });
    } else {
      folded.push(line);
    }
  }
  flush();
  return printed;
}

function foldText(events: readonly TimelineEvent[], lines: readonly TimelineLine[], zone: string): string {
  const counts = new Map<EventKind, number>();
  for (const event of events) counts.set(event.kind, (counts.get(event.kind) ?? 0) + 1);
  const breakdown = [...counts.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([kind, count]) => `${count} ${KIND_NOUNS[kind][count === 1 ? 0 : 1]}`)
    .join(', ');
  const first = lines[0]?.time ?? Number.NaN;
  const last = lines[lines.length - 1]?.time ?? Number.NaN;
  const when = first === last ? `at ${formatZonedTime(first, zone)}` : `over ${formatZonedRange(first, last, zone)}`;
  const noun = events.length === 1 ? 'event' : 'events';
  return `… ${events.length} more ${noun} (${breakdown}) ${when}, folded to keep the timeline readable; the JSON report lists them all.`;
}

function foldSummary(total: number, lines: readonly PrintedLine[]): string | null {
  const folded = lines.reduce((sum, line) => sum + (line.kind === 'fold' ? line.events : 0), 0);
  const grouped = lines.filter((line): line is TimelineLine & { kind: 'line' } => line.kind === 'line' && line.events.length > 1);
  const groupedEvents = grouped.reduce((sum, line) => sum + line.events.length, 0);
  if (folded === 0 && grouped.length === 0) return null;
  const parts = [`${total} events in all`];
  if (grouped.length > 0) parts.push(`${groupedEvents} grouped into ${grouped.length} ${grouped.length === 1 ? 'line' : 'lines'}`);
  if (folded > 0) parts.push(`${folded} folded`);
  return `_${parts.join('; ')}._`;
}

function alertsTable(context: MarkdownContext): string {
  const { zone } = context;
  const alerts = [...context.reconstruction.alerts].sort(compareAlerts);
  if (alerts.length === 0) return '### Alerts\n\nNo alert was pending or firing in the window.';
  const time = (seconds: number | null, missing: string): string => (seconds === null ? missing : formatZonedTime(seconds, zone));
  const rows = alerts.slice(0, context.options.maxAlerts).map((alert) => {
    const series = describeSeries(Object.fromEntries(Object.entries(alert.labels).filter(([key]) => key !== 'alertname')));
    const forClause = alert.rule === null || !(alert.rule.forSeconds > 0) ? '' : ` (for ${formatDuration(alert.rule.forSeconds)})`;
    const flapping = (alert.episodes ?? 1) > 1 ? ` (flapping: ${alert.episodes} episodes)` : '';
    const silenced = (alert.alertmanager?.silencedBy.length ?? 0) > 0 ? ' (silenced)' : '';
    return `| ${escapeMarkdown(alert.alertname)}${forClause}${flapping}${silenced} | ${escapeMarkdown(series)} | ${time(alert.pendingAt, '—')} | ${time(alert.firingAt, 'never fired')} | ${time(alert.resolvedAt, 'still active')} |`;
  });
  const rest = alerts.length - rows.length;
  const out = ['### Alerts', '', '| Alert | Series | Pending | Firing | Resolved |', '|---|---|---|---|---|', ...rows];
  if (rest > 0) out.push('', `… and ${rest} more ${rest === 1 ? 'alert' : 'alerts'}, listed in the JSON report.`);
  const rules = ruleLines(alerts.slice(0, context.options.maxAlerts));
  if (rules.length > 0) out.push('', 'What the alerts mean:', '', ...rules);
  return out.join('\n');
}

/** Summary, rule expression and runbook of each alert name in the table, once per name, where known. */
function ruleLines(alerts: readonly AlertInterval[]): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const alert of alerts) {
    if (seen.has(alert.alertname)) continue;
    seen.add(alert.alertname);
    // The rule's annotations are templates; Alertmanager's come expanded.
    const annotation = (name: string): string | undefined => {
      const template = alert.rule?.annotations[name];
      return template === undefined ? alert.annotations?.[name] : expandAnnotation(template, alert.labels);
    };
    const parts: string[] = [];
    const summary = annotation('summary') ?? annotation('description');
    if (summary !== undefined && summary.trim() !== '') parts.push(escapeMarkdown(truncate(summary.trim(), MAX_TITLE_CHARACTERS)));
    if (alert.rule !== null) parts.push(`rule ${codeSpan(truncate(alert.rule.expr.replace(/\s+/g, ' ').trim(), MAX_TITLE_CHARACTERS))}`);
    const runbook = annotation('runbook_url');
    if (runbook !== undefined && runbook.trim() !== '') parts.push(`runbook ${escapeMarkdown(runbook.trim())}`);
    if (parts.length > 0) lines.push(`- **${escapeMarkdown(alert.alertname)}**: ${parts.join('; ')}`);
  }
  return lines;
}
