import type { Evidence } from '../model/evidence.js';
import type { Series } from '../model/series.js';
import { TOOL_VERSION } from '../version.js';
import { checksumMatches } from './bundle-checksum.js';
import { BUNDLE_FORMAT, BUNDLE_VERSION, bundleSchema, type BundleFile } from './bundle-schema.js';

export class BundleError extends Error {
  override readonly name = 'BundleError';
}

function gridTimes(grid: BundleFile['grids'][number]): Float64Array {
  if ('times' in grid) return Float64Array.from(grid.times);
  const out = new Float64Array(grid.count);
  for (let i = 0; i < grid.count; i++) out[i] = grid.start + i * grid.step;
  return out;
}

/**
 * Reads a parsed bundle back into evidence, validating it first: a bundle is untrusted input (it may
 * be hand-edited, truncated or from another version). Series of one grid share one timestamps array
 * again, as they did when collected.
 *
 * @param name how to name the bundle in errors (its path)
 * @throws BundleError with one line saying what is wrong and where.
 */
export function decodeEvidence(raw: unknown, name: string): Evidence {
  const head = raw as { format?: unknown; version?: unknown; toolVersion?: unknown } | null;
  if (head === null || typeof head !== 'object' || head.format !== BUNDLE_FORMAT) {
    throw new BundleError(`${name} is not an incident-timeline evidence bundle`);
  }
  if (typeof head.version === 'number' && head.version > BUNDLE_VERSION) {
    const writer = typeof head.toolVersion === 'string' ? `incident-timeline ${head.toolVersion}` : 'a newer incident-timeline';
    throw new BundleError(
      `${name} was written by ${writer} (evidence bundle format v${head.version}); this version (${TOOL_VERSION}) reads up to v${BUNDLE_VERSION}: upgrade incident-timeline`,
    );
  }
  const parsed = bundleSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : ` at ${issue.path.join('.') || '(root)'}: ${issue.message}`;
    throw new BundleError(`${name} is damaged or incomplete${where}`);
  }
  // After the schema, so a bundle cut or broken by hand is named by where it breaks; a bundle that
  // still parses but differs from what was captured is named as changed.
  if (checksumMatches(raw as Record<string, unknown>) === false) {
    throw new BundleError(
      `${name} does not match its sha256 checksum: the evidence bundle was changed or corrupted after capture (to read a deliberately edited bundle, delete its "sha256" field)`,
    );
  }
  const bundle = parsed.data;
  const grids = bundle.grids.map(gridTimes);
  const decodeSeries = (series: BundleFile['alerts']['alerts'][number]): Series => {
    const timestamps = grids[series.grid];
    if (timestamps === undefined || timestamps.length !== series.values.length) {
      throw new BundleError(`${name} is damaged: a series of ${series.values.length} values refers to grid ${series.grid}`);
    }
    const values = new Float64Array(series.values.length);
    for (let i = 0; i < values.length; i++) {
      const v = series.values[i];
      values[i] = v === null || v === undefined ? Number.NaN : v === '+Inf' ? Infinity : v === '-Inf' ? -Infinity : v;
    }
    return { labels: series.labels, timestamps, values };
  };
  return {
    window: bundle.window,
    source: bundle.source,
    toolVersion: bundle.toolVersion,
    signals: bundle.signals.map(({ series, limit, pinpoints, seasonal, ...query }) => ({
      ...query,
      ...(limit === undefined ? {} : { limit }),
      ...(pinpoints === undefined ? {} : { pinpoints }),
      ...(seasonal === undefined
        ? {}
        : { seasonal: { dayBefore: seasonal.dayBefore.map(decodeSeries), weekBefore: seasonal.weekBefore.map(decodeSeries) } }),
      series: series.map(decodeSeries),
    })),
    alerts: {
      alerts: bundle.alerts.alerts.map(decodeSeries),
      forState: bundle.alerts.forState.map(decodeSeries),
      rules: bundle.alerts.rules,
    },
    gaps: bundle.gaps,
    ...(bundle.slowThresholdSeconds === undefined ? {} : { slowThresholdSeconds: bundle.slowThresholdSeconds }),
    ...(bundle.accessLogs === undefined ? {} : { accessLogs: bundle.accessLogs }),
    ...(bundle.changes === undefined ? {} : { changes: bundle.changes }),
    ...(bundle.notes === undefined ? {} : { notes: bundle.notes }),
    ...(bundle.alertmanager === undefined ? {} : { alertmanager: bundle.alertmanager }),
    ...(bundle.alertLog === undefined ? {} : { alertLog: bundle.alertLog }),
    ...(bundle.loki === undefined ? {} : { loki: bundle.loki }),
    ...(bundle.logs === undefined ? {} : { logs: bundle.logs as NonNullable<Evidence['logs']> }),
  };
}
