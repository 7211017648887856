import type { PhaseName } from '../src/model/index.js';
import { anomalyHeadline } from './anomaly-text.js';
import { escapeMarkdown, truncate } from './escape-markdown.js';
import { formatZonedTime } from './format-time.js';
import type { MarkdownContext } from './markdown-context.js';
import { suggestMeasures } from './suggested-measures.js';

const MAX_CAUSE_CHARACTERS = 160;

/** What each resolution phase means, said once so the reader knows what the time stands for. */
const RESOLUTION_PHASES: readonly { readonly phase: PhaseName; readonly label: string; readonly meaning: string }[] = [
  { phase: 'mitigated', label: 'Mitigated', meaning: 'the action that stopped the harm' },
  { phase: 'recovered', label: 'Recovered', meaning: 'user-facing signals back within their baseline' },
  { phase: 'resolved', label: 'Resolved', meaning: 'the last related alert resolved' },
];

/**
 * `### Resolution`, the end of "Root cause and resolution": the mitigated, recovered and resolved
 * facts the telemetry shows, then placeholders for what only people know (what was done, by whom,
 * why it worked).
 *
 * @example resolutionSection(context) // '### Resolution\n\n- **Mitigated:** …'
 */
export function resolutionSection(context: MarkdownContext): string {
  const { phases, phaseCauses } = context.reconstruction;
  const out = ['### Resolution', ''];
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
 * `## Corrective and preventive measures`: the measures suggested by what was found (a change to
 * review, a statement to index, an alert that fired late, …), each citing its finding and clearly
 * marked as a suggestion, then the lines only people can fill in.
 *
 * @example measuresSection(context) // '## Corrective and preventive measures\n\n> **Suggestions** …'
 */
export function measuresSection(context: MarkdownContext): string {
  const suggestions = suggestMeasures(context.reconstruction, context.zone);
  const out = ['## Corrective and preventive measures', ''];
  if (suggestions.length > 0) {
    out.push(
      '> **Suggestions** generated from what the telemetry shows, each with the finding behind it. They are not decisions: keep, change or drop each one, and give it an owner.',
      '',
    );
    for (const { action, finding } of suggestions) {
      out.push(`- [ ] **Suggested:** ${action} Owner: _TODO_`, `  - _Finding:_ ${finding}`);
    }
  } else {
    out.push('_Nothing in the telemetry suggests a measure by itself; the people who handled the incident know what should change._', '');
  }
  const top = context.anomalies[0];
  const subject = top === undefined ? '' : ` (**${escapeMarkdown(anomalyHeadline(top))}**)`;
  out.push(`- [ ] TODO: the lasting fix for the root cause${subject}, as the people who investigated it found it. Owner: _TODO_`);
  out.push('- [ ] TODO: what else should change (runbooks, ownership, process). Owner: _TODO_');
  return out.join('\n');
}
