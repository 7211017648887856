import type { RankedAnomaly } from '../model/anomaly.js';
import type { ChartSeries } from '../model/chart.js';
import type { Labels, Series } from '../model/series.js';
import type { SignalData } from '../model/signal.js';
import type { TimeWindow } from '../model/time.js';

/** Symptoms charted after the culprit: enough to see the cascade, few enough to read at a glance. */
export const CHARTED_SYMPTOMS = 3;
/** History shown before the window, as a share of the window, so the baseline is visible next to the departure. */
const CONTEXT_SHARE = 0.5;
/**
 * Samples per chart at most. Past this the series is thinned by keeping each bucket's most extreme
 * sample (so a short spike survives), which keeps a long window's HTML small and quick to draw.
 */
export const MAX_CHART_POINTS = 1500;

function sameLabels(a: Labels, b: Labels): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

function seriesOf(signals: readonly SignalData[], anomaly: RankedAnomaly): Series | undefined {
  return signals.find((s) => s.signal === anomaly.signal && s.role === 'level')?.series.find((s) => sameLabels(s.labels, anomaly.labels));
}

/** The culprit, then the best-ranked user-facing anomalies, then the next ranks: one chart per series. */
function chartedAnomalies(ranked: readonly RankedAnomaly[]): RankedAnomaly[] {
  const byRank = [...ranked].sort((a, b) => a.rank - b.rank);
  const culprit = byRank[0];
  if (culprit === undefined) return [];
  const rest = byRank.slice(1);
  const ordered = [...rest.filter((a) => a.userFacing), ...rest.filter((a) => !a.userFacing)];
  const chosen = [culprit];
  for (const anomaly of ordered) {
    if (chosen.length > CHARTED_SYMPTOMS) break;
    if (!chosen.some((c) => c.signal === anomaly.signal && sameLabels(c.labels, anomaly.labels))) chosen.push(anomaly);
  }
  return chosen;
}

/** Indices to keep: all of them when few, else per bucket the sample furthest from the baseline. */
function thinned(from: number, to: number, values: Float64Array, centre: number): number[] {
  const count = to - from;
  if (count <= MAX_CHART_POINTS) return Array.from({ length: count }, (_, i) => from + i);
  const kept: number[] = [];
  for (let bucket = 0; bucket < MAX_CHART_POINTS; bucket++) {
    const start = from + Math.floor((bucket * count) / MAX_CHART_POINTS);
    const end = from + Math.floor(((bucket + 1) * count) / MAX_CHART_POINTS);
    let best = start;
    for (let i = start; i < end; i++) {
      const v = values[i] as number;
      const b = values[best] as number;
      if (Number.isNaN(b) || (!Number.isNaN(v) && Math.abs(v - centre) > Math.abs(b - centre))) best = i;
    }
    kept.push(best);
  }
  return kept;
}

/**
 * The samples a report needs to chart the likely culprit and the top symptoms against their
 * baseline band: the window plus half its length of history before it, thinned to at most
 * `MAX_CHART_POINTS`. Pure and ordered by rank, so the same evidence gives the same charts.
 *
 * @example chartSeries(ranked, evidence.signals, window)[0]?.role // 'culprit'
 */
export function chartSeries(ranked: readonly RankedAnomaly[], signals: readonly SignalData[], window: TimeWindow): ChartSeries[] {
  const from = Math.max(window.lookbackFrom, window.from - (window.to - window.from) * CONTEXT_SHARE);
  const charts: ChartSeries[] = [];
  for (const [position, anomaly] of chartedAnomalies(ranked).entries()) {
    const series = seriesOf(signals, anomaly);
    if (series === undefined) continue;
    const { timestamps, values } = series;
    let start = 0;
    while (start < timestamps.length && (timestamps[start] as number) < from) start++;
    let end = start;
    while (end < timestamps.length && (timestamps[end] as number) <= window.to) end++;
    const indices = thinned(start, end, values, anomaly.baseline.value);
    charts.push({
      rank: anomaly.rank,
      signal: anomaly.signal,
      title: anomaly.title,
      labels: anomaly.labels,
      unit: anomaly.unit,
      role: position === 0 ? 'culprit' : 'symptom',
      timestamps: indices.map((i) => timestamps[i] as number),
      values: indices.map((i) => {
        const v = values[i] as number;
        return Number.isFinite(v) ? v : null;
      }),
      baseline: { value: anomaly.baseline.value, spread: anomaly.baseline.spread },
      onset: anomaly.onset,
      end: anomaly.end,
    });
  }
  return charts;
}
