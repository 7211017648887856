import type { AffectedUsers } from '../src/model/index.js';
import { anomalyHeadline, rootCauseSentence } from './anomaly-text.js';
import { escapeMarkdown } from './escape-markdown.js';
import { formatDuration, formatZonedRange, formatZonedTime } from './format-time.js';
import { formatCount, formatPercent, formatValue } from './format-value.js';
import type { MarkdownContext } from './markdown-context.js';

/** Display names of evidence sources; an unknown kind prints as it is. */
const SOURCE_NAMES: Readonly<Record<string, string>> = { prometheus: 'Prometheus' };

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
  lines.push(`- **Users affected:** ${impact.affectedUsers === null ? 'not measured (needs request logs, `--access-log`).' : `${usersText(impact.affectedUsers)}.`}`);
  for (const segment of impact.segments) {
    lines.push(`  - ${escapeMarkdown(segment.segment)}: ${usersText(segment.affectedUsers)}`);
  }
  const top = context.anomalies[0];
  const cause =
    top === undefined
      ? `none found: no series left its baseline in the window (${reconstruction.checkedNormal.length} checked; see "Checked and found normal").`
      : rootCauseSentence(top, zone);
  lines.push(`- **Likely root cause:** ${cause}`);
  if (phases.trigger !== null && reconstruction.phaseCauses.trigger !== null) {
    lines.push(`- **Possible trigger:** ${escapeMarkdown(reconstruction.phaseCauses.trigger)} at ${formatZonedTime(phases.trigger, zone)}.`);
  }
  return lines.join('\n');
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
  const method = requests.method === '' ? '' : `; ${escapeMarkdown(requests.method)}`;
  return (
    `${formatCount(requests.total)} in the window, ${formatCount(requests.failed)} failed${share(requests.failed)}, ` +
    `${formatCount(requests.slow)} slower than ${threshold}${share(requests.slow)}${method}.`
  );
}

function usersText(users: AffectedUsers): string {
  const method = users.method === '' ? '' : `, ${escapeMarkdown(users.method)}`;
  return `${formatPercent(users.percent)} (${formatPercent(users.low)} – ${formatPercent(users.high)}${method})`;
}
