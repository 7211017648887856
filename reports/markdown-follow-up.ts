import type { PhaseName } from '../src/model/index.js';
import { anomalyHeadline } from './anomaly-text.js';
import { escapeMarkdown, truncate } from './escape-markdown.js';
import { formatDuration, formatZonedTime } from './format-time.js';
import type { MarkdownContext } from './markdown-context.js';

const MAX_CAUSE_CHARACTERS = 160;

/** What each resolution phase means, said once so the reader knows what the time stands for. */
const RESOLUTION_PHASES: readonly { readonly phase: PhaseName; readonly label: string; readonly meaning: string }[] = [
  { phase: 'mitigated', label: 'Mitigated', meaning: 'the action that stopped the harm' },
  { phase: 'recovered', label: 'Recovered', meaning: 'user-facing signals back within their baseline' },
  { phase: 'resolved', label: 'Resolved', meaning: 'the last related alert resolved' },
];

/**
 * `## Resolution`: the mitigated, recovered and resolved facts the telemetry shows, then
 * placeholders for what only people know (what was done, by whom, why it worked).
 *
 * @example resolutionSection(context) // '## Resolution\n\n- **Mitigated:** …'
 */
export function resolutionSection(context: MarkdownContext): string {
  const { phases, phaseCauses } = context.reconstruction;
  const out = ['## Resolution', ''];
  for (const { phase, label, meaning } of RESOLUTION_PHASES) {
    const time = phases[phase];
    const cause = phaseCauses[phase];
    if (time === null) {
      out.push(`- **${label}:** not seen in the telemetry (${meaning}). _TODO: when, if it happened._`);
    } else {
      const by = cause === null ? '' : `: ${escapeMarkdown(truncate(cause, MAX_CAUSE_CHARACTERS))}`;
      out.push(`- **${label}:** ${formatZonedTime(time, context.zone)}${by} (${meaning}).`);
    }
  }
  out.push(
    '- **What was done:** _TODO: the actions taken (rollback, restart, config change, …), in order, and by whom._',
    '- **Why it worked:** _TODO._',
  );
  return out.join('\n');
}

/**
 * `## Corrective and preventive measures`: a task-list skeleton, clearly marked to be filled in by
 * people, seeded from the evidence (the root cause to fix, how late detection was, or that no alert
 * fired at all).
 *
 * @example measuresSection(context) // '## Corrective and preventive measures\n\n_To be filled in …_'
 */
export function measuresSection(context: MarkdownContext): string {
  const { phases } = context.reconstruction;
  const top = context.anomalies[0];
  const out = [
    '## Corrective and preventive measures',
    '',
    '_To be filled in by the people who handled the incident: the telemetry cannot say what should change._',
    '',
  ];
  const subject = top === undefined ? null : `**${escapeMarkdown(anomalyHeadline(top))}**`;
  out.push(`- [ ] TODO: fix the root cause${subject === null ? '' : ` (${subject})`} and make it unlikely to recur. Owner: _TODO_`);
  if (phases.onset !== null && phases.detected !== null) {
    out.push(`- [ ] TODO: detect it sooner: the first alert fired ${formatDuration(phases.detected - phases.onset)} after onset (${formatZonedTime(phases.detected, context.zone)}). Owner: _TODO_`);
  } else if (phases.onset !== null) {
    out.push(`- [ ] TODO: no alert fired for this outage: add one on ${subject ?? 'the first signal that moved'}. Owner: _TODO_`);
  } else {
    out.push('- [ ] TODO: improve detection. Owner: _TODO_');
  }
  out.push('- [ ] TODO: recover faster (runbook, automation, rollback path). Owner: _TODO_');
  if (context.reconstruction.dataGaps.length > 0) {
    out.push('- [ ] TODO: close the data gaps listed below, so the next reconstruction sees everything. Owner: _TODO_');
  }
  return out.join('\n');
}
