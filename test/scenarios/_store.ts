/**
 * The generated series of one scenario, grouped in metric families, and the scrape targets they
 * came from. Everything lives in memory as `Float64Array`s (a few tens of MB); only the text is
 * streamed, so the alert evaluator and the impact count can read the very values that are written.
 */
import type { Labels } from '../../src/model/series.js';
import type { TimeGrid } from './_grid.js';

/** How the exporter typed the metric; decides the OpenMetrics family it is written under. */
export type MetricKind = 'gauge' | 'counter' | 'histogram';

export type FamilyType = 'gauge' | 'counter' | 'histogram' | 'unknown';

export interface StoredSeries {
  /** The sample name as the exporter exposes it, e.g. `node_cpu_seconds_total`. */
  readonly name: string;
  /** Labels without `__name__`, in the order they are written. */
  readonly labels: Labels;
  /** One value per grid index; `NaN` where there is no sample. */
  readonly values: Float64Array;
  /** Decimal places written (0 for integers such as byte counters). */
  readonly decimals: number;
  /** Cumulative: never decreases except when the process restarts. */
  readonly cumulative: boolean;
  /** Grid indices where the process behind the series restarted (a counter may fall only there). */
  readonly resetIndices: readonly number[];
}

export interface Family {
  readonly name: string;
  readonly type: FamilyType;
  readonly series: StoredSeries[];
}

export interface AddOptions {
  readonly kind: MetricKind;
  readonly decimals: number;
  /** Masks with 1 where the sample is missing (failed scrape, database down, not yet created). */
  readonly absent?: readonly Uint8Array[];
  readonly resetIndices?: readonly number[];
}

const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'] as const;

/**
 * The OpenMetrics family a sample name belongs to. promtool 2.42 keeps sample names as written, so
 * counters ending in `_total` are declared `counter` under the name without it, and counters without
 * the suffix (postgres_exporter's `pg_stat_database_deadlocks`) as `unknown`, which OpenMetrics allows
 * under any sample name.
 */
function familyOf(name: string, kind: MetricKind): { readonly name: string; readonly type: FamilyType } {
  if (kind === 'counter') {
    return name.endsWith('_total') ? { name: name.slice(0, -'_total'.length), type: 'counter' } : { name, type: 'unknown' };
  }
  if (kind === 'histogram') {
    const suffix = HISTOGRAM_SUFFIXES.find((s) => name.endsWith(s));
    if (suffix === undefined) throw new RangeError(`Histogram sample "${name}" lacks _bucket, _sum or _count`);
    return { name: name.slice(0, -suffix.length), type: 'histogram' };
  }
  return { name, type: 'gauge' };
}

function seriesKey(name: string, labels: Labels): string {
  return `${name}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`;
}

export class SeriesStore {
  readonly grid: TimeGrid;
  private readonly families = new Map<string, Family>();
  private readonly keys = new Set<string>();

  constructor(grid: TimeGrid) {
    this.grid = grid;
  }

  /** Adds one series; `values` is taken over (masked in place). Families keep the order they were first used in. */
  add(name: string, labels: Labels, values: Float64Array, options: AddOptions): StoredSeries {
    if (values.length !== this.grid.length) throw new RangeError(`${name}: ${values.length} values for ${this.grid.length} instants`);
    const key = seriesKey(name, labels);
    if (this.keys.has(key)) throw new RangeError(`Series added twice: ${key}`);
    this.keys.add(key);
    for (const mask of options.absent ?? []) {
      for (let k = 0; k < values.length; k++) if (mask[k] === 1) values[k] = Number.NaN;
    }
    const family = familyOf(name, options.kind);
    let stored = this.families.get(family.name);
    if (stored === undefined) {
      stored = { ...family, series: [] };
      this.families.set(family.name, stored);
    } else if (stored.type !== family.type) {
      throw new RangeError(`Family ${family.name} used as both ${stored.type} and ${family.type}`);
    }
    const series: StoredSeries = {
      name,
      labels,
      values,
      decimals: options.decimals,
      // Histogram buckets, _count and _sum (of non-negative durations) are all cumulative.
      cumulative: options.kind !== 'gauge',
      resetIndices: options.resetIndices ?? [],
    };
    stored.series.push(series);
    return series;
  }

  allFamilies(): readonly Family[] {
    return [...this.families.values()];
  }

  /** Series of one sample name whose labels include all of `match`. */
  select(name: string, match: Labels = {}): StoredSeries[] {
    const out: StoredSeries[] = [];
    for (const family of this.families.values()) {
      for (const series of family.series) {
        if (series.name !== name) continue;
        if (Object.entries(match).every(([label, value]) => series.labels[label] === value)) out.push(series);
      }
    }
    return out;
  }

  get seriesCount(): number {
    return this.keys.size;
  }
}

/**
 * One scrape target (`job`, `instance`): its failed scrapes and process restarts, shared by every
 * series it exposes. A failed scrape means Prometheus recorded `up` = 0 and no other sample.
 */
export class ScrapeTarget {
  readonly job: string;
  readonly instance: string;
  readonly failed: Uint8Array;
  /** Process start time before the data begins, unix seconds. */
  readonly initialStart: number;
  private readonly restartTimes: number[] = [];
  private readonly grid: TimeGrid;

  constructor(grid: TimeGrid, job: string, instance: string, initialStart: number) {
    this.grid = grid;
    this.job = job;
    this.instance = instance;
    this.initialStart = initialStart;
    this.failed = new Uint8Array(grid.length);
  }

  get labels(): Labels {
    return { instance: this.instance, job: this.job };
  }

  failScrapes(fromIndex: number, count: number): void {
    for (let k = fromIndex; k < Math.min(this.grid.length, fromIndex + count); k++) this.failed[k] = 1;
  }

  /** The process restarts at `time`: the scrape that finds it starting fails, its counters start again from 0. */
  restart(time: number): void {
    this.restartTimes.push(time);
    this.restartTimes.sort((a, b) => a - b);
    this.failScrapes(this.grid.indexAtOrAfter(time), 1);
  }

  get restarts(): readonly number[] {
    return this.restartTimes;
  }

  /** Counter resets as grid indices, with the share of that interval that came after the restart. */
  get resets(): readonly CounterReset[] {
    return this.restartTimes.map((time) => {
      const index = this.grid.indexAtOrAfter(time);
      return { index, keep: Math.min(1, (this.grid.time(index) - time) / this.grid.step) };
    });
  }

  /** `process_start_time_seconds` (or `pg_postmaster_start_time_seconds`): the start in force at each instant. */
  startTimeValues(): Float64Array {
    const values = new Float64Array(this.grid.length);
    let current = this.initialStart;
    let next = 0;
    for (let k = 0; k < values.length; k++) {
      while (next < this.restartTimes.length && (this.restartTimes[next] ?? Infinity) <= this.grid.time(k)) {
        current = this.restartTimes[next] ?? current;
        next++;
      }
      values[k] = current;
    }
    return values;
  }

  /** `up`: 0 at failed scrapes, else 1. */
  upValues(): Float64Array {
    const values = new Float64Array(this.grid.length);
    for (let k = 0; k < values.length; k++) values[k] = this.failed[k] === 1 ? 0 : 1;
    return values;
  }
}

export interface CounterReset {
  readonly index: number;
  /** Share of the interval ending at `index` that the restarted process counted. */
  readonly keep: number;
}

/**
 * A counter from its per-interval increments (`increments[k]` happened in (t[k-1], t[k]]), starting at
 * `initial` and going back to 0 at each reset, as a restarted process starts counting again.
 */
export function accumulate(increments: Float64Array, initial: number, resets: readonly CounterReset[] = []): Float64Array {
  const values = new Float64Array(increments.length);
  let total = initial;
  let nextReset = 0;
  for (let k = 0; k < increments.length; k++) {
    const reset = resets[nextReset];
    if (reset !== undefined && reset.index === k) {
      total = (increments[k] ?? 0) * reset.keep;
      nextReset++;
    } else {
      total += increments[k] ?? 0;
    }
    values[k] = total;
  }
  return values;
}

/**
 * Where a labelled counter does not exist yet: prom-client and pg_stat_statements create a series on
 * its first increment, so after a (re)start it is absent while it is still 0.
 */
export function absentUntilUsed(cumulative: Float64Array, resets: readonly CounterReset[], existedBefore: boolean): Uint8Array {
  const absent = new Uint8Array(cumulative.length);
  let used = existedBefore;
  let nextReset = 0;
  for (let k = 0; k < cumulative.length; k++) {
    const reset = resets[nextReset];
    if (reset !== undefined && reset.index === k) {
      used = false;
      nextReset++;
    }
    if (!used && (cumulative[k] ?? 0) > 0) used = true;
    if (!used) absent[k] = 1;
  }
  return absent;
}

/** A mask with 1 on the given index ranges [from, to). */
export function maskOf(length: number, ranges: readonly (readonly [number, number])[]): Uint8Array {
  const mask = new Uint8Array(length);
  for (const [from, to] of ranges) for (let k = Math.max(0, from); k < Math.min(length, to); k++) mask[k] = 1;
  return mask;
}
