import type { RankedAnomaly } from '../src/model/index.js';
import { formatBaseline, formatScore, kindPhrase, rootCauseSentence, spreadMultiple } from './anomaly-text.js';
import { codeBlock, escapeMarkdown } from './escape-markdown.js';
import { formatDuration, formatZonedTime } from './format-time.js';
import { formatCount, formatSignificant, formatValue } from './format-value.js';
import { hasPrometheusGraph, prometheusGraphUrl } from './graph-link.js';
import type { MarkdownContext } from './markdown-context.js';
import { hypothesesSection } from './markdown-hypotheses.js';
import { sortedLabels } from '../src/ordering/ordering.js';
import { describeSeries } from '../src/labels/series-identity.js';

const BASELINE_METHODS: Readonly<Record<RankedAnomaly['baseline']['method'], string>> = {
  lookback: 'from the lookback before the window',
  window: 'from the window itself (no history)',
  day_before: 'the same time one day earlier',
  week_before: 'the same time one week earlier',
  trend: 'the trend of the lookback, carried into the window',
  absent: 'assumed: the series did not exist before',
};

/**
 * `## Root cause and resolution`: the likely root cause in a sentence, the ranked hypotheses with
 * their causal chains and evidence (`### Hypotheses`), the top-ranked anomaly's evidence in full
 * (signal, series, kind, onset, peak, baseline ± spread, score, the PromQL and a Prometheus graph
 * link over the window) and why it ranks first, then a table of the next anomalies as likely
 * symptoms, capped with a count of the rest. `### Resolution` (markdown-follow-up.ts) follows it.
 *
 * @example rootCauseSection(context) // '## Root cause and resolution\n\n> The evidence points here first …'
 */
export function rootCauseSection(context: MarkdownContext): string {
  const [top, ...others] = context.anomalies;
  if (top === undefined) {
    const checked = context.reconstruction.checkedNormal.length;
    const found = checked === 0 ? 'No anomaly was found, and no series could be checked.' : `No anomaly was found: none of the ${checked} series checked left its baseline in the window.`;
    return [
      '## Root cause and resolution',
      '',
      `${found} Either the cause is outside what was collected (see "Data gaps"), or the window or lookback should be widened.`,
      '',
      '_TODO: the root cause, as the people who investigated found it._',
    ].join('\n');
  }
  const { zone, reconstruction } = context;
  const out = ['## Root cause and resolution', '', `> The evidence points here first; confirm it before publishing.`, '', rootCauseSentence(top, zone), ''];
  const hypotheses = hypothesesSection(context);
  if (hypotheses !== '') out.push(hypotheses, '');
  out.push('### Evidence for the likely root cause', '');
  out.push('| | |', '|---|---|');
  out.push(`| Signal | ${escapeMarkdown(top.title)} (${escapeMarkdown(top.signal)}; ${escapeMarkdown(top.category)}${top.userFacing ? ', user-facing' : ''}) |`);
  out.push(`| Series | ${labelList(top)} |`);
  out.push(`| Kind | ${kindPhrase(top.kind)}, ${top.direction} |`);
  out.push(`| Onset | ${formatZonedTime(top.onset, zone)} |`);
  out.push(`| End | ${top.end === null ? 'still outside its baseline at the end of the data' : `${formatZonedTime(top.end, zone)} (after ${formatDuration(top.end - top.onset)})`} |`);
  out.push(`| Peak | ${formatValue(top.peak.value, top.unit, zone)} at ${formatZonedTime(top.peak.time, zone)} |`);
  out.push(`| Baseline | ${formatBaseline(top, zone)}, ${BASELINE_METHODS[top.baseline.method]}, ${formatCount(top.baseline.samples)} samples |`);
  const multiple = spreadMultiple(top);
  out.push(`| Score | ${formatScore(top.score)}${multiple === null ? '' : ` (peak ${formatSignificant(multiple, 2)}× the spread from baseline)`} |`);
  out.push('');
  if (top.rankReasons.length > 0) {
    out.push(`Why it ranks first: ${top.rankReasons.map(escapeMarkdown).join('; ')}.`, '');
  }
  out.push('Query:', '', codeBlock(top.query, 'promql'), '');
  if (reconstruction.source.url !== '' && hasPrometheusGraph(top.query)) {
    out.push(`[Open this query in Prometheus](${prometheusGraphUrl(reconstruction.source.url, top.query, reconstruction.window)}) over the window.`, '');
  }
  out.push('_TODO: confirm or correct the cause, and say why it happened (the telemetry shows what, not why)._', '');
  out.push(otherAnomaliesTable(others, context));
  return out.join('\n');
}

/** Every label of the series, sorted, escaped: the root cause is where a reader wants the full identity. */
function labelList(anomaly: RankedAnomaly): string {
  const pairs = Object.entries(sortedLabels(anomaly.labels)).map(([key, value]) => `${escapeMarkdown(key)}="${escapeMarkdown(value)}"`);
  return pairs.length === 0 ? 'no labels' : pairs.join(', ');
}

function otherAnomaliesTable(others: readonly RankedAnomaly[], context: MarkdownContext): string {
  const out = ['### Other anomalies (likely symptoms)', ''];
  if (others.length === 0) {
    out.push('None: the anomaly above is the only one found.');
    return out.join('\n');
  }
  const { zone } = context;
  const shown = others.slice(0, context.options.maxOtherAnomalies);
  out.push('| Rank | Signal | Where | Onset | Peak vs baseline | Score |', '|---:|---|---|---|---|---:|');
  for (const anomaly of shown) {
    const arrow = anomaly.direction === 'up' ? '↑' : '↓';
    const peak = `${arrow} ${formatValue(anomaly.peak.value, anomaly.unit, zone)} vs ${formatBaseline(anomaly, zone)}`;
    out.push(
      `| ${anomaly.rank} | ${escapeMarkdown(anomaly.title)} (${kindPhrase(anomaly.kind)}) | ${escapeMarkdown(describeSeries(anomaly.labels))} | ${formatZonedTime(anomaly.onset, zone)} | ${peak} | ${formatScore(anomaly.score)} |`,
    );
  }
  const rest = others.length - shown.length;
  if (rest > 0) out.push('', `… and ${rest} more ${rest === 1 ? 'anomaly' : 'anomalies'} of lower rank, listed in the JSON report.`);
  return out.join('\n');
}
