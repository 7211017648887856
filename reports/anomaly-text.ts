import type { Anomaly, AnomalyKind, RankedAnomaly } from '../src/model/index.js';
import { escapeMarkdown } from './escape-markdown.js';
import { formatDecimal, formatSignificant, formatSpread, formatValue } from './format-value.js';
import { formatZonedTime, zonedTime } from './format-time.js';
import { seriesHeadline } from '../src/labels/series-identity.js';

const KIND_PHRASES: Readonly<Record<AnomalyKind, string>> = {
  spike: 'spike',
  level_shift: 'level shift',
  trend: 'trend',
  drop: 'drop to zero',
  flatline: 'flatline',
  vanished: 'series vanished',
  appeared: 'new series',
};

/**
 * An anomaly's signal and series as a title, in plain text: `Deadlocks on db1:9187 (auth)`.
 *
 * @example anomalyHeadline(anomaly) // 'Deadlocks on db1:9187 (auth)'
 */
export function anomalyHeadline(anomaly: Anomaly): string {
  return seriesHeadline(anomaly.title, anomaly.labels);
}

/**
 * The anomaly's shape in words: `level shift`, `spike`, `drop to zero`, …
 *
 * @example kindPhrase('level_shift') // 'level shift'
 */
export function kindPhrase(kind: AnomalyKind): string {
  return KIND_PHRASES[kind];
}

/**
 * What the series did, as a verb phrase for a sentence: `rose`, `fell`, `stopped reporting`,
 * `appeared`, `stopped moving`.
 *
 * @example movement({ kind: 'spike', direction: 'up' }) // 'rose'
 */
export function movement(anomaly: Pick<Anomaly, 'kind' | 'direction'>): string {
  switch (anomaly.kind) {
    case 'vanished':
      return 'stopped reporting';
    case 'appeared':
      return 'appeared';
    case 'flatline':
      return 'stopped moving';
    default:
      return anomaly.direction === 'up' ? 'rose' : 'fell';
  }
}

/**
 * Below this share of the baseline's magnitude a spread is the detector's floor for a baseline that
 * never moved (0 deadlocks all day), not a measured spread: "± 0.000000001/s" and "3,900,000,000×
 * its spread" would be noise to a reader.
 */
const CONSTANT_SPREAD_FRACTION = 1e-6;

/** True when the baseline never moved in the lookback (its spread is the detector's floor). */
export function isConstantBaseline(baseline: Anomaly['baseline']): boolean {
  return baseline.spread <= CONSTANT_SPREAD_FRACTION * Math.max(1, Math.abs(baseline.value));
}

/**
 * The baseline as `0/s ± 0.01/s`, in the anomaly's unit, or `a constant 0/s` when it never moved.
 *
 * @example formatBaseline(anomaly, 'UTC') // '1.2 % ± 0.3 %'
 */
export function formatBaseline(anomaly: Pick<Anomaly, 'baseline' | 'unit'>, zone: string): string {
  const { value, spread } = anomaly.baseline;
  if (isConstantBaseline(anomaly.baseline)) return `a constant ${formatValue(value, anomaly.unit, zone)}`;
  return `${formatValue(value, anomaly.unit, zone)} ± ${formatSpread(spread, anomaly.unit, zone)}`;
}

/**
 * How far the peak is from the baseline in units of the baseline's spread (a robust z), or null
 * when the spread is zero or unknown and the ratio would mean nothing.
 *
 * @example spreadMultiple({ peak: { value: 10 }, baseline: { value: 2, spread: 2 } }) // 4
 */
export function spreadMultiple(anomaly: Pick<Anomaly, 'peak' | 'baseline'>): number | null {
  if (isConstantBaseline(anomaly.baseline)) return null;
  const distance = Math.abs(anomaly.peak.value - anomaly.baseline.value) / anomaly.baseline.spread;
  return Number.isFinite(distance) && anomaly.baseline.spread > 0 ? distance : null;
}

/**
 * A score as people compare scores: one decimal, `n/a` when unknown.
 *
 * @example formatScore(41.23) // '41.2'
 */
export function formatScore(score: number): string {
  return formatDecimal(score, 1);
}

/**
 * The likely root cause in one or two Markdown sentences: what moved, where, when it started, how
 * far from its baseline it went and why it ranks first. Label values and titles are escaped.
 *
 * @example rootCauseSentence(anomaly, 'Africa/Nairobi')
 * // '**Deadlocks on db1:9187 (auth)** rose from its baseline of 0/s ± 0.01/s starting …, reaching 2.4/s …'
 */
export function rootCauseSentence(anomaly: RankedAnomaly, zone: string): string {
  const multiple = spreadMultiple(anomaly);
  const distance = multiple === null ? '' : ` (${formatSignificant(multiple, 2)}× its usual spread)`;
  // The peak's date only when it is not the onset's: "reaching 3.9/s at 8:27 PM EAT".
  const sameDay = zonedTime(anomaly.peak.time, zone).date === zonedTime(anomaly.onset, zone).date;
  const peak = `${formatValue(anomaly.peak.value, anomaly.unit, zone)}${distance} at ${formatZonedTime(anomaly.peak.time, zone, { withDate: !sameDay })}`;
  const baseline = isConstantBaseline(anomaly.baseline) ? formatBaseline(anomaly, zone) : `its baseline of ${formatBaseline(anomaly, zone)}`;
  const what =
    anomaly.kind === 'vanished' || anomaly.kind === 'appeared'
      ? `${movement(anomaly)} at ${formatZonedTime(anomaly.onset, zone)}`
      : `${movement(anomaly)} from ${baseline} starting ${formatZonedTime(anomaly.onset, zone)}, reaching ${peak}`;
  const shape = anomaly.kind === 'vanished' || anomaly.kind === 'appeared' ? '' : `a ${kindPhrase(anomaly.kind)}, `;
  const reasons = anomaly.rankReasons.length === 0 ? '' : ` It ranks first: ${escapeMarkdown(anomaly.rankReasons.join('; '))}.`;
  return `**${escapeMarkdown(anomalyHeadline(anomaly))}** ${escapeMarkdown(what)} — ${shape}score ${formatScore(anomaly.score)}.${reasons}`;
}
