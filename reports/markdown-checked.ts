import type { Labels } from '../src/model/index.js';
import { codeSpan, escapeMarkdown } from './escape-markdown.js';
import type { MarkdownContext } from './markdown-context.js';
import { compareNatural, compareText } from '../src/ordering/ordering.js';
import { seriesIdentity } from '../src/labels/series-identity.js';

/** Series named per signal before "and N more": enough to recognise the fleet, short enough to scan. */
const MAX_SERIES_PER_SIGNAL = 6;

/**
 * `## Checked and found normal`: the signals that were looked at and stayed within baseline,
 * grouped by signal with the series they cover (`web1:9100, web2:9100, … and 9 more (12 series)`),
 * so readers see what is ruled out and do not spend hours checking it by hand.
 *
 * @example checkedNormalSection(context) // '## Checked and found normal\n\n- **Network receive** …'
 */
export function checkedNormalSection(context: MarkdownContext): string {
  const checked = context.reconstruction.checkedNormal;
  const out = ['## Checked and found normal', ''];
  if (checked.length === 0) {
    out.push('No series was found normal: everything judged is listed above as an anomaly, or nothing was collected.');
    return out.join('\n');
  }
  out.push('These stayed within their baseline during the window, so they can be ruled out:', '');
  const bySignal = groupBy(checked, (series) => `${series.title}\u0000${series.signal}`);
  for (const [, members] of bySignal) {
    const first = members[0];
    if (first === undefined) continue;
    out.push(`- **${escapeMarkdown(first.title)}** (${codeSpan(first.signal)}, ${escapeMarkdown(first.category)}): ${seriesList(members.map((member) => member.labels))}`);
  }
  return out.join('\n');
}

/**
 * `## Data gaps`, only when there are any: sources that failed or answered partly (what was asked,
 * why it is missing) and series that were collected but could not be judged, grouped by signal and
 * reason with their counts.
 *
 * @example dataGapsSection(context) // '' when nothing is missing
 */
export function dataGapsSection(context: MarkdownContext): string {
  const { dataGaps, unjudged } = context.reconstruction;
  if (dataGaps.length === 0 && unjudged.length === 0) return '';
  const out = ['## Data gaps', '', 'What the tool could not see or judge; the conclusions above do not cover it.', ''];
  if (dataGaps.length === 0) {
    out.push('Every source answered.');
  } else {
    const gaps = [...dataGaps].sort((a, b) => compareText(a.source, b.source) || compareText(a.what, b.what) || compareText(a.reason, b.reason));
    for (const gap of gaps) {
      out.push(`- **${escapeMarkdown(gap.source)}**: ${codeSpan(gap.what)}: ${escapeMarkdown(gap.reason)}`);
    }
  }
  if (unjudged.length > 0) {
    out.push('', `### Series that could not be judged (${unjudged.length})`, '');
    const byReason = groupBy(unjudged, (series) => `${series.signal}\u0000${series.reason}`);
    for (const [, members] of byReason) {
      const first = members[0];
      if (first === undefined) continue;
      out.push(`- ${codeSpan(first.signal)}, ${escapeMarkdown(first.reason)}: ${seriesList(members.map((member) => member.labels))}`);
    }
  }
  return out.join('\n');
}

/**
 * The series of one group as `a, b, c, … and N more (M series)`, in natural order, duplicates named
 * once. A qualifier every series shares (`device=eth0` on the whole fleet) is said once at the end
 * instead of on every name.
 */
function seriesList(labelSets: readonly Labels[]): string {
  const identities = labelSets.map(seriesIdentity);
  const shared = (identities[0]?.qualifiers ?? []).filter(([key, value]) =>
    identities.every((identity) => identity.qualifiers.some(([k, v]) => k === key && v === value)),
  );
  const names = [
    ...new Set(
      identities.map((identity) => {
        const own = identity.qualifiers.filter(([key]) => !shared.some(([k]) => k === key));
        const pairs = own.map(([key, value]) => `${key}=${value}`).join(', ');
        if (identity.location === null) return pairs === '' ? 'all series' : pairs;
        return pairs === '' ? identity.location : `${identity.location} (${pairs})`;
      }),
    ),
  ].sort(compareNatural);
  const shown = names.slice(0, MAX_SERIES_PER_SIGNAL).map(escapeMarkdown).join(', ');
  const more = names.length > MAX_SERIES_PER_SIGNAL ? `, … and ${names.length - MAX_SERIES_PER_SIGNAL} more` : '';
  const common = shared.length === 0 || identities.length < 2 ? '' : `, all with ${escapeMarkdown(shared.map(([key, value]) => `${key}=${value}`).join(', '))}`;
  return `${shown}${more} (${labelSets.length} series${common})`;
}

/** Groups items under a key, the groups ordered by key so the output does not follow the input's order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return [...groups.entries()].sort(([a], [b]) => compareText(a, b));
}
