import type { ChainLink, ChainRole, Hypothesis } from '../src/model/index.js';
import { formatBaseline } from './anomaly-text.js';
import { codeBlock, escapeMarkdown, truncate } from './escape-markdown.js';
import { formatZonedTime, zonedTime } from './format-time.js';
import { formatValue } from './format-value.js';
import { hasPrometheusGraph, prometheusGraphUrl } from './graph-link.js';
import type { MarkdownContext } from './markdown-context.js';

const ROLE_LABELS: Readonly<Record<ChainRole, string>> = {
  trigger: 'Trigger',
  cause: 'Cause',
  effect: 'Effect',
  symptom: 'Symptom',
  alert: 'Alert',
};

/** A change title longer than this is cut in the table; the JSON report keeps it whole. */
const MAX_LINK_TITLE = 120;

/**
 * `### Hypotheses`: each root-cause hypothesis as its chain in one line, then a table with the
 * evidence for every link — when it began, its value against its baseline, and a link to the
 * Prometheus graph of its query — the reasons for its rank, and its queries. The first hypothesis
 * blames the top-ranked anomaly; the others are the next distinct leads, with why they rank lower.
 *
 * @example hypothesesSection(context) // '### Hypotheses, most likely first\n\n#### 1. …'
 */
export function hypothesesSection(context: MarkdownContext): string {
  const hypotheses = [...(context.reconstruction.hypotheses ?? [])].sort((a, b) => a.rank - b.rank);
  if (hypotheses.length === 0) return '';
  const out = ['### Hypotheses, most likely first', ''];
  out.push(
    hypotheses.length === 1
      ? 'One causal chain fits the evidence. Each link shows when it began, how far it moved from its baseline, and its graph.'
      : `${hypotheses.length} causal chains fit the evidence, the most likely first. Each link shows when it began, how far it moved from its baseline, and its graph.`,
    '',
  );
  for (const hypothesis of hypotheses) out.push(hypothesisBlock(hypothesis, context), '');
  return out.join('\n').trimEnd();
}

function hypothesisBlock(hypothesis: Hypothesis, context: MarkdownContext): string {
  const cause = hypothesis.chain.find((link) => link.role === 'cause');
  const chain = hypothesis.chain.map((link) => (link.role === 'cause' ? `**${escapeMarkdown(link.title)}**` : escapeMarkdown(truncate(link.title, MAX_LINK_TITLE))));
  const out = [`#### ${hypothesis.rank}. ${escapeMarkdown(cause?.title ?? hypothesis.summary)}${hypothesis.rank === 1 ? ' (most likely)' : ''}`, '', chain.join(' → '), ''];
  out.push('| Link | What | Began | Value vs baseline | Graph |', '|---|---|---|---|---|');
  const causeDate = cause === undefined ? null : zonedTime(cause.onset, context.zone).date;
  for (const link of hypothesis.chain) {
    const withDate = causeDate === null || zonedTime(link.onset, context.zone).date !== causeDate;
    const rank = link.rank === null ? '' : ` (rank ${link.rank})`;
    out.push(
      `| ${ROLE_LABELS[link.role]} | ${escapeMarkdown(truncate(link.title, MAX_LINK_TITLE))}${rank} | ${formatZonedTime(link.onset, context.zone, { withDate })} | ${valueText(link, context.zone)} | ${graphText(link, context)} |`,
    );
  }
  out.push('');
  if (hypothesis.reasons.length > 0) out.push(`Why ${hypothesis.rank === 1 ? 'it ranks first' : 'it ranks here'}: ${hypothesis.reasons.map(escapeMarkdown).join('; ')}.`, '');
  const queries = hypothesis.chain.filter((link) => link.query !== null);
  if (queries.length > 0) {
    const text = queries.map((link) => `# ${ROLE_LABELS[link.role].toLowerCase()}: ${oneLine(link.title)}\n${link.query ?? ''}`).join('\n\n');
    out.push('<details><summary>Queries of this chain</summary>', '', codeBlock(text, 'promql'), '', '</details>');
  }
  return out.join('\n').trimEnd();
}

/** The peak against the baseline for an anomaly (`↑ 3.9/s vs a constant 0/s`); a dash for events and alerts. */
function valueText(link: ChainLink, zone: string): string {
  if (link.peak === null || link.baseline === null || link.unit === null) return '—';
  const arrow = link.direction === 'down' ? '↓' : '↑';
  const baseline = formatBaseline({ baseline: link.baseline, unit: link.unit }, zone);
  return `${arrow} ${formatValue(link.peak.value, link.unit, zone)} vs ${baseline}`;
}

function graphText(link: ChainLink, context: MarkdownContext): string {
  const { source, window } = context.reconstruction;
  if (link.query === null || source.url === '' || !hasPrometheusGraph(link.query)) return '—';
  return `[graph](${prometheusGraphUrl(source.url, link.query, window)})`;
}

/** A title on one line, for a PromQL comment: line breaks would end the comment. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
