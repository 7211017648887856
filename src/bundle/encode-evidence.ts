import type { Evidence } from '../model/evidence.js';
import type { Series } from '../model/series.js';
import { withChecksum } from './bundle-checksum.js';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleFile, type BundleSample } from './bundle-schema.js';

type Grid = BundleFile['grids'][number];

function describeGrid(timestamps: Float64Array): Grid {
  const count = timestamps.length;
  if (count < 2) return { times: Array.from(timestamps) };
  const start = timestamps[0] as number;
  const step = (timestamps[1] as number) - start;
  for (let i = 2; i < count; i++) {
    // Exact equality: decoding computes `start + i * step`, and a replayed bundle must give the
    // same times to the last bit, or reports of a live run and its bundle could differ.
    if (timestamps[i] !== start + i * step) return { times: Array.from(timestamps) };
  }
  return { start, step, count };
}

function encodeValues(values: Float64Array): BundleSample[] {
  const out: BundleSample[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    out[i] = Number.isNaN(v) ? null : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : v;
  }
  return out;
}

/**
 * Evidence as a plain JSON-able bundle. Series that share a timestamps array (the query grid) share
 * one grid entry, stored as start/step/count, so a bundle holds values, not repeated times. A
 * `sha256` of the content lets a reader tell a changed bundle from a damaged or an intact one.
 */
export function encodeEvidence(evidence: Evidence): BundleFile {
  const grids: Grid[] = [];
  const gridIndex = new Map<Float64Array, number>();
  const gridKey = new Map<string, number>();
  const encodeSeries = (series: Series) => {
    let index = gridIndex.get(series.timestamps);
    if (index === undefined) {
      const grid = describeGrid(series.timestamps);
      const key = JSON.stringify(grid);
      index = gridKey.get(key);
      if (index === undefined) {
        index = grids.length;
        grids.push(grid);
        gridKey.set(key, index);
      }
      gridIndex.set(series.timestamps, index);
    }
    return { labels: { ...series.labels }, grid: index, values: encodeValues(series.values) };
  };
  return withChecksum({
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    toolVersion: evidence.toolVersion,
    window: { ...evidence.window },
    source: { ...evidence.source },
    grids,
    signals: evidence.signals.map(({ series, seasonal, ...query }) => ({
      ...query,
      series: series.map(encodeSeries),
      ...(seasonal === undefined
        ? {}
        : { seasonal: { dayBefore: seasonal.dayBefore.map(encodeSeries), weekBefore: seasonal.weekBefore.map(encodeSeries) } }),
    })),
    alerts: {
      alerts: evidence.alerts.alerts.map(encodeSeries),
      forState: evidence.alerts.forState.map(encodeSeries),
      rules: evidence.alerts.rules.map((rule) => ({ ...rule, labels: { ...rule.labels }, annotations: { ...rule.annotations } })),
    },
    gaps: evidence.gaps.map((gap) => ({ ...gap })),
    ...(evidence.slowThresholdSeconds === undefined ? {} : { slowThresholdSeconds: evidence.slowThresholdSeconds }),
    ...(evidence.accessLogs === undefined ? {} : { accessLogs: structuredClone(evidence.accessLogs) as NonNullable<BundleFile['accessLogs']> }),
    ...(evidence.changes === undefined ? {} : { changes: evidence.changes.map((change) => ({ ...change, fields: { ...change.fields } })) }),
    ...(evidence.notes === undefined ? {} : { notes: evidence.notes.map((note) => ({ ...note })) }),
    ...(evidence.alertmanager === undefined ? {} : { alertmanager: structuredClone(evidence.alertmanager) as NonNullable<BundleFile['alertmanager']> }),
    ...(evidence.alertLog === undefined ? {} : { alertLog: structuredClone(evidence.alertLog) as NonNullable<BundleFile['alertLog']> }),
    ...(evidence.loki === undefined ? {} : { loki: structuredClone(evidence.loki) as NonNullable<BundleFile['loki']> }),
    ...(evidence.logs === undefined ? {} : { logs: structuredClone(evidence.logs) as NonNullable<BundleFile['logs']> }),
  });
}
