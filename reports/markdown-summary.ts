import type { ChainLink, RankedAnomaly } from '../src/model/index.js';
import { anomalyHeadline, formatBaseline, movement, rootCauseSentence, spreadMultiple } from './anomaly-text.js';
import { escapeMarkdown, truncate } from './escape-markdown.js';
import { formatDuration, formatZonedRange, formatZonedTime, zoneKey } from './format-time.js';
import { formatCount, formatPercent, formatSignificant, formatValue } from './format-value.js';
import type { MarkdownContext } from './markdown-context.js';
import { impactSummaryLine } from './markdown-impact.js';

/** A link title longer than this is cut in the summary; the root-cause section has it whole. */
const MAX_BRIEF_TITLE = 100;

/** Display names of evidence sources; an unknown kind prints as it is. */
const SOURCE_NAMES: Readonly<Record<string, string>> = { prometheus: 'Prometheus', victoriametrics: 'VictoriaMetrics' };

/**
 * The page title: `# Postmortem: <top anomaly>` (e.g. `Deadlocks on db1:9187 (auth)`), or
 * `# Postmortem: Incident <window>` when nothing left its baseline.
 *
 * @example titleSection(context) // '# Postmortem: Deadlocks on db1:9187 (auth)'
 */
export function titleSection(context: MarkdownContext): string {
  const top = context.anomalies[0];
  const { window } = context.reconstruction;
  const subject = top === undefined ? `Incident ${formatZonedRange(window.from, window.to, context.zone)}` : anomalyHeadline(top);
  return `# Postmortem: ${escapeMarkdown(subject)}`;
}

/**
 * The note under the title: this is a draft generated from telemetry, where the telemetry came
 * from, and the window (with its baseline and step) it covers.
 *
 * @example draftNote(context) // '> **Draft generated from telemetry** by incident-timeline 0.1.0 …'
 */
export function draftNote(context: MarkdownContext): string {
  const { reconstruction, zone } = context;
  const { window, source } = reconstruction;
  const sourceName = SOURCE_NAMES[source.kind] ?? source.kind;
  const version = source.version === null ? '' : ` (version ${escapeMarkdown(source.version)})`;
  const baseline =
    window.lookbackFrom < window.from
      ? `baseline from ${formatZonedTime(window.lookbackFrom, zone)}`
      : 'no baseline history (each series judged on the window alone)';
  const lines = [
    `> **Draft generated from telemetry** by incident-timeline ${escapeMarkdown(reconstruction.toolVersion)}. Every fact below comes from the evidence; check it, then fill in the parts marked _TODO_.`,
    '>',
    `> - Source: ${escapeMarkdown(sourceName)} at ${escapeMarkdown(source.url)}${version}`,
    `> - Window: ${formatZonedRange(window.from, window.to, zone)}; ${baseline}; step ${formatDuration(window.stepSeconds)}`,
  ];
  // The numeric offset behind every zone name the report prints, said once (both across a DST change).
  const key = zoneKey([window.lookbackFrom, window.from, window.to, ...reconstruction.events.map((e) => e.time)], zone);
  lines.push(`> - Times in ${escapeMarkdown(zone)}${key === '' ? '' : ` (${key})`}, on a 12-hour clock; seconds only where an event was not on the minute.`);
  if (context.unknownZone !== null) {
    lines.push(`> - Time zone "${escapeMarkdown(context.unknownZone)}" is unknown, so times are shown in UTC.`);
  }
  return lines.join('\n');
}

/**
 * `## Issue Summary`: how long it lasted (onset to recovery, else the window), the window, the
 * request and user impact ("not measured" when unknown), and the likely root cause in a sentence.
 *
 * @example issueSummarySection(context) // '## Issue Summary\n\n- **Duration:** 1h 54m …'
 */
export function issueSummarySection(context: MarkdownContext): string {
  const { reconstruction, zone } = context;
  const { window, phases, impact } = reconstruction;
  const lines = ['## Issue Summary', '', `- **Duration:** ${durationText(context)}`];
  lines.push(`- **Window examined:** ${formatZonedRange(window.from, window.to, zone)} (${formatDuration(window.to - window.from)}).`);
  lines.push(`- **Requests:** ${requestsText(context)}`);
  const users = impactSummaryLine(impact);
  lines.push(`- **Users affected:** ${users === null ? 'not measured (needs request logs, `--access-log`).' : `${users}.`}`);
  const top = context.anomalies[0];
  const cause =
    top === undefined
      ? `none found: no series left its baseline in the window (${reconstruction.checkedNormal.length} checked; see "Checked and found normal").`
      : rootCauseInBrief(context, top);
  lines.push(`- **Likely root cause:** ${cause}`);
  if (phases.trigger !== null && reconstruction.phaseCauses.trigger !== null) {
    lines.push(`- **Possible trigger:** ${escapeMarkdown(reconstruction.phaseCauses.trigger)} at ${formatZonedTime(phases.trigger, zone)}.`);
  }
  return lines.join('\n');
}

/**
 * The root cause in two sentences, from the first hypothesis: what set it off and what followed
 * (`A change … at 6:51 PM EAT set off **PostgreSQL deadlocks on db1:9187 (auth)** from 7:00 PM EAT,
 * then … ; users saw …`), then how far it moved and why it ranks first. Without hypotheses, the
 * top anomaly's own sentence.
 */
function rootCauseInBrief(context: MarkdownContext, top: RankedAnomaly): string {
  const { zone } = context;
  const chain = context.reconstruction.hypotheses?.find((h) => h.rank === 1)?.chain;
  if (chain === undefined) return rootCauseSentence(top, zone);
  const title = (link: ChainLink): string => escapeMarkdown(truncate(link.title, MAX_BRIEF_TITLE));
  const time = (seconds: number): string => formatZonedTime(seconds, zone, { withDate: false });
  const trigger = chain.find((link) => link.role === 'trigger');
  const effects = chain.filter((link) => link.role === 'effect');
  const symptoms = chain.filter((link) => link.role === 'symptom');
  const cause = `**${escapeMarkdown(anomalyHeadline(top))}** ${movement(top)} from ${time(top.onset)}`;
  const first = trigger === undefined ? cause : `${trigger.signal === 'restart' ? 'A restart' : 'A change'} (${title(trigger)}) at ${time(trigger.onset)}, then ${cause}`;
  const then = effects.length === 0 ? '' : `, followed by ${listText(effects.map(title))}`;
  const felt = symptoms.length === 0 ? '' : `; users saw it as ${listText(symptoms.map(title))} from ${time(Math.min(...symptoms.map((s) => s.onset)))}`;
  const multiple = spreadMultiple(top);
  const distance = multiple === null ? '' : ` (${formatSignificant(multiple, 2)}× its usual spread)`;
  const reasons = top.rankReasons.filter((reason) => !reason.startsWith('score ')).slice(0, 2);
  const why = reasons.length === 0 ? '' : `, and ranks first: ${escapeMarkdown(reasons.join('; '))}`;
  const second = `It went from ${escapeMarkdown(formatBaseline(top, zone))} to ${escapeMarkdown(formatValue(top.peak.value, top.unit, zone))}${distance}${why}.`;
  return `${first}${then}${felt}. ${second}`;
}

/** `a`, `a and b`, `a, b and c`. */
function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function durationText(context: MarkdownContext): string {
  const { window, phases } = context.reconstruction;
  const { zone } = context;
  if (phases.onset === null) {
    return `not determined: no onset was found, so only the window examined is known.`;
  }
  if (phases.recovered !== null) {
    return `${formatDuration(phases.recovered - phases.onset)} (${formatZonedRange(phases.onset, phases.recovered, zone)}), from onset to recovery.`;
  }
  const end = Math.max(window.to, phases.onset);
  return `at least ${formatDuration(end - phases.onset)}: onset at ${formatZonedTime(phases.onset, zone)}, no recovery seen before the end of the window (${formatZonedTime(window.to, zone)}).`;
}

function requestsText(context: MarkdownContext): string {
  const requests = context.reconstruction.impact.requests;
  if (requests === null) return 'not measured (no request metrics found).';
  const share = (part: number): string => (requests.total > 0 && Number.isFinite(part) ? ` (${formatPercent((part / requests.total) * 100)})` : '');
  const threshold = formatValue(requests.slowThresholdSeconds, 'seconds', context.zone);
  // The method is in "## Impact"; the summary keeps the figures.
  return (
    `${formatCount(requests.total)} in the window, ${formatCount(requests.failed)} failed${share(requests.failed)}, ` +
    `${formatCount(requests.slow)} slower than ${threshold}${share(requests.slow)}.`
  );
}
