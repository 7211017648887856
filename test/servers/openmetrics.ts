import { writeFileSync } from 'node:fs';

export type OpenMetricsType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'unknown';

/** One sample of a family. Timestamps are unix SECONDS, as promtool's backfill reads them. */
export interface OpenMetricsSample {
  /**
   * Appended to the family name: `_bucket`, `_sum`, `_count` for histograms.
   * @default '_total' for counters, '' otherwise
   */
  readonly suffix?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly value: number;
  readonly timestamp: number;
}

export interface MetricFamily {
  /** Family name; for a counter without `_total` (the samples get it). */
  readonly name: string;
  readonly type: OpenMetricsType;
  readonly help?: string;
  /** Samples in the order they are written: each series' samples must be in time order. */
  readonly samples: readonly OpenMetricsSample[];
}

/** Timestamps past this are surely milliseconds, which promtool would read as seconds far in the future. */
const LATEST_PLAUSIBLE_SECONDS = 1e11;

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/**
 * Renders metric families as OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`:
 * `# TYPE` and `# HELP` lines, one line per sample with its timestamp in seconds, and the closing
 * `# EOF`. Throws a RangeError for a timestamp that looks like milliseconds (it would create a block
 * thousands of years ahead and expire all other data).
 *
 * @example
 * formatOpenMetrics([{ name: 'up', type: 'gauge', samples: [{ labels: { job: 'node' }, value: 1, timestamp: 1697328000 }] }])
 * // '# TYPE up gauge\nup{job="node"} 1 1697328000\n# EOF\n'
 */
export function formatOpenMetrics(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# TYPE ${family.name} ${family.type}`);
    if (family.help !== undefined) lines.push(`# HELP ${family.name} ${family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
    const defaultSuffix = family.type === 'counter' ? '_total' : '';
    for (const sample of family.samples) {
      if (!(sample.timestamp < LATEST_PLAUSIBLE_SECONDS)) {
        throw new RangeError(`Timestamp ${sample.timestamp} of ${family.name} is not in unix seconds`);
      }
      const entries = Object.entries(sample.labels ?? {});
      const labels = entries.length === 0 ? '' : `{${entries.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
      lines.push(`${family.name}${sample.suffix ?? defaultSuffix}${labels} ${formatValue(sample.value)} ${sample.timestamp}`);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/**
 * Writes `formatOpenMetrics(families)` to `file`, ready for `backfill`.
 *
 * @example
 * writeOpenMetrics(path.join(dir, 'data.om'), families);
 */
export function writeOpenMetrics(file: string, families: readonly MetricFamily[]): void {
  writeFileSync(file, formatOpenMetrics(families));
}
