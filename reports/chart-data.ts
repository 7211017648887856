import type { ChartSeries, Reconstruction } from '../src/model/index.js';
import { PHASE_NAMES } from '../src/model/index.js';
import { formatZonedTime } from './format-time.js';
import { PHASE_LABELS } from './markdown-timeline.js';

/** A vertical line on every chart: a phase (onset, detected, …) with its time as the reader sees it. */
export interface ChartMarker {
  readonly time: number;
  readonly label: string;
}

/** A shaded span on every chart: an alert while it was firing. */
export interface ChartSpan {
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

/** One chart as the page script draws it; `y` holds `null` for gaps. */
export interface ChartData {
  readonly id: string;
  readonly label: string;
  readonly unit: ChartSeries['unit'];
  readonly role: ChartSeries['role'];
  readonly x: readonly number[];
  readonly y: readonly (number | null)[];
  /** Baseline band: centre − spread, centre + spread. */
  readonly band: readonly [number, number];
  readonly onset: number;
}

/** Everything the page script needs, embedded as JSON in the page. */
export interface ChartPayload {
  readonly zone: string;
  readonly charts: readonly ChartData[];
  readonly markers: readonly ChartMarker[];
  readonly spans: readonly ChartSpan[];
}

/** Code-unit order: no locale, so the order is the same on every machine. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `title on k=v, k=v` with labels sorted, so the caption does not depend on the server's label order. */
export function chartLabel(series: Pick<ChartSeries, 'title' | 'labels'>): string {
  const labels = Object.keys(series.labels)
    .filter((key) => key !== '__name__')
    .sort()
    .map((key) => `${key}=${series.labels[key]}`);
  return labels.length === 0 ? series.title : `${series.title} (${labels.join(', ')})`;
}

/**
 * The charts of a reconstruction as data for the page: the culprit and top symptoms with their
 * baseline band, the phases as markers labelled in the report's zone, and the firing spans of the
 * alerts (an alert still firing at the end is shaded to the end of the window). Sorted, so the same
 * reconstruction gives the same JSON.
 *
 * @example chartPayload(reconstruction, 'Africa/Nairobi').markers[0]?.label // 'Onset 7:00 PM EAT'
 */
export function chartPayload(reconstruction: Reconstruction, zone: string): ChartPayload {
  const charts = [...(reconstruction.charts ?? [])]
    .sort((a, b) => a.rank - b.rank)
    .map((series, index) => ({
      id: `chart-${index + 1}`,
      label: chartLabel(series),
      unit: series.unit,
      role: series.role,
      x: series.timestamps,
      y: series.values,
      band: [series.baseline.value - series.baseline.spread, series.baseline.value + series.baseline.spread] as const,
      onset: series.onset,
    }));
  const markers: ChartMarker[] = [];
  for (const phase of PHASE_NAMES) {
    const time = reconstruction.phases[phase];
    if (time !== null && Number.isFinite(time)) markers.push({ time, label: `${PHASE_LABELS[phase]} ${formatZonedTime(time, zone, { withDate: false })}` });
  }
  markers.sort((a, b) => a.time - b.time || byText(a.label, b.label));
  const spans = reconstruction.alerts
    .filter((alert) => alert.firingAt !== null)
    .map((alert) => ({ from: alert.firingAt as number, to: alert.resolvedAt ?? reconstruction.window.to, label: alert.alertname }))
    .sort((a, b) => a.from - b.from || a.to - b.to || byText(a.label, b.label));
  return { zone, charts, markers, spans };
}
