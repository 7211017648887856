import { basename } from 'node:path';
import type { PhaseName, TimelineEvent } from '../src/model/index.js';
import { PHASE_NAMES } from '../src/model/index.js';
import { escapeMarkdown, truncate } from './escape-markdown.js';
import { formatDuration, formatZonedTime } from './format-time.js';
import type { MarkdownContext } from './markdown-context.js';
import { PHASE_LABELS } from './markdown-timeline.js';

/** A cause longer than this is cut in the table; the JSON report keeps it whole. */
const MAX_CAUSE_CHARACTERS = 160;

/** The durations a postmortem quotes, each counted from the onset. */
const DURATIONS: readonly { readonly label: string; readonly phase: PhaseName; readonly missing: string }[] = [
  { label: 'Time to detect', phase: 'detected', missing: 'unknown: no alert fired for it' },
  { label: 'Time to mitigate', phase: 'mitigated', missing: 'unknown: no rollback, restart or change seen after detection, in the telemetry or the changes given' },
  { label: 'Time to recover', phase: 'recovered', missing: 'unknown: not back within baseline by the end of the window' },
  { label: 'Time to resolve', phase: 'resolved', missing: 'unknown: no related alert resolved' },
];

/**
 * Where a phase's event came from, when a reader would look it up outside the report: the line of
 * a `--changes` or `--notes` file (by its file name; the JSON keeps the path), or the query of a
 * change read from the metrics.
 */
function citation(event: TimelineEvent | null): string {
  if (event === null) return '';
  const { file, line, query } = event.evidence;
  if (typeof file === 'string' && typeof line === 'number') return ` (${escapeMarkdown(basename(file))}:${line})`;
  if ((event.kind === 'change' || event.kind === 'restart') && typeof query === 'string') return ` (\`${query.replaceAll('`', "'")}\`)`;
  return '';
}

/**
 * `## Phases`: a table of the six phases with their local time and what set each (with the file line
 * or query it came from), then the times
 * to detect, mitigate, recover and resolve, counted from the onset.
 *
 * @example phasesSection(context) // '## Phases\n\n| Phase | Time | Set by |\n…'
 */
export function phasesSection(context: MarkdownContext): string {
  const { phases, phaseCauses } = context.reconstruction;
  const out = ['## Phases', '', '| Phase | Time | Set by |', '|---|---|---|'];
  for (const phase of PHASE_NAMES) {
    const time = phases[phase];
    const cause = phaseCauses[phase];
    const when = time === null ? '—' : formatZonedTime(time, context.zone);
    const cited = citation(context.reconstruction.phaseEvidence?.[phase] ?? null);
    const by = time === null ? 'not seen in the telemetry' : cause === null ? '—' : `${escapeMarkdown(truncate(cause, MAX_CAUSE_CHARACTERS))}${cited}`;
    out.push(`| ${PHASE_LABELS[phase]} | ${when} | ${by} |`);
  }
  out.push('');
  const onset = phases.onset;
  for (const { label, phase, missing } of DURATIONS) {
    const end = phases[phase];
    const value = onset === null ? 'unknown: no onset found' : end === null ? missing : formatDuration(end - onset);
    out.push(`- **${label}** (onset → ${phase}): ${value}`);
  }
  return out.join('\n');
}
