/**
 * Reads a generated OpenMetrics file back, line by line, for the tests: what every series looks like
 * (time order, counter resets) and the full samples of the few series a test asks for.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface ReadBackSeries {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly timestamps: number[];
  readonly values: number[];
}

/** A cumulative series that fell: allowed only where its process restarted. */
export interface CounterDecrease {
  readonly series: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly previousTime: number;
  readonly time: number;
}

export interface ReadBack {
  /** Family name to declared type, in file order. */
  readonly families: Map<string, string>;
  /** Label sets seen per series key (`name{…}`). */
  readonly seriesLabels: Map<string, Readonly<Record<string, string>>>;
  readonly samples: number;
  readonly minTime: number;
  readonly maxTime: number;
  readonly endsWithEof: boolean;
  /** Series whose timestamps were not strictly increasing. */
  readonly outOfOrder: string[];
  /** A family's `# TYPE` seen again after other families: families were not contiguous. */
  readonly splitFamilies: string[];
  readonly counterDecreases: CounterDecrease[];
  readonly collected: ReadBackSeries[];
}

interface SeriesState {
  lastTime: number;
  lastValue: number;
  readonly cumulative: boolean;
  readonly collected: ReadBackSeries | null;
}

const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parseSeriesKey(key: string): { name: string; labels: Record<string, string> } {
  const brace = key.indexOf('{');
  if (brace < 0) return { name: key, labels: {} };
  const labels: Record<string, string> = {};
  for (const match of key.slice(brace).matchAll(LABEL_PAIR)) {
    labels[match[1] as string] = (match[2] as string).replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  }
  return { name: key.slice(0, brace), labels };
}

/** Reads `path`; keeps every sample of the series for which `collect` returns true. */
export async function readOpenMetrics(
  path: string,
  collect: (name: string, labels: Readonly<Record<string, string>>) => boolean = () => false,
): Promise<ReadBack> {
  const families = new Map<string, string>();
  const seriesLabels = new Map<string, Readonly<Record<string, string>>>();
  const states = new Map<string, SeriesState>();
  const outOfOrder = new Set<string>();
  const splitFamilies: string[] = [];
  const counterDecreases: CounterDecrease[] = [];
  const collected: ReadBackSeries[] = [];
  let currentType = 'unknown';
  let samples = 0;
  let minTime = Infinity;
  let maxTime = -Infinity;
  let lastLine = '';

  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    lastLine = line;
    if (line.startsWith('#')) {
      const match = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (match !== null) {
        const family = match[1] as string;
        if (families.has(family)) splitFamilies.push(family);
        families.set(family, match[2] as string);
        currentType = match[2] as string;
      }
      continue;
    }
    const timeAt = line.lastIndexOf(' ');
    const valueAt = line.lastIndexOf(' ', timeAt - 1);
    const key = line.slice(0, valueAt);
    const value = Number(line.slice(valueAt + 1, timeAt));
    const time = Number(line.slice(timeAt + 1));
    samples++;
    if (time < minTime) minTime = time;
    if (time > maxTime) maxTime = time;
    let state = states.get(key);
    if (state === undefined) {
      const { name, labels } = parseSeriesKey(key);
      seriesLabels.set(key, labels);
      const wanted = collect(name, labels) ? { name, labels, timestamps: [], values: [] } : null;
      if (wanted !== null) collected.push(wanted);
      // Every family typed counter, histogram or unknown here is cumulative (see _store.ts).
      state = { lastTime: -Infinity, lastValue: -Infinity, cumulative: currentType !== 'gauge', collected: wanted };
      states.set(key, state);
    }
    if (!(time > state.lastTime)) outOfOrder.add(key);
    if (state.cumulative && value < state.lastValue) {
      counterDecreases.push({ series: key, labels: seriesLabels.get(key) ?? {}, previousTime: state.lastTime, time });
    }
    state.lastTime = time;
    state.lastValue = value;
    if (state.collected !== null) {
      state.collected.timestamps.push(time);
      state.collected.values.push(value);
    }
  }
  return {
    families,
    seriesLabels,
    samples,
    minTime,
    maxTime,
    endsWithEof: lastLine === '# EOF',
    outOfOrder: [...outOfOrder],
    splitFamilies,
    counterDecreases,
    collected,
  };
}

/** Increase of a counter between two instants (reset-aware), from collected samples at those exact instants. */
export function increaseBetween(series: ReadBackSeries, from: number, to: number): number {
  let increase = 0;
  let previous: number | null = null;
  for (let i = 0; i < series.timestamps.length; i++) {
    const time = series.timestamps[i] as number;
    if (time < from || time > to) continue;
    const value = series.values[i] as number;
    if (previous !== null) increase += value < previous ? value : value - previous;
    previous = value;
  }
  return increase;
}

/**
 * Per-timestamp increases summed over counters: the increase between consecutive samples `step`
 * seconds apart is booked at the later one (a gap's increase is skipped rather than smeared).
 */
export function stepIncreases(series: readonly ReadBackSeries[], step: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const one of series) {
    for (let i = 1; i < one.timestamps.length; i++) {
      const time = one.timestamps[i] as number;
      if (time - (one.timestamps[i - 1] as number) !== step) continue;
      const value = one.values[i] as number;
      const previous = one.values[i - 1] as number;
      out.set(time, (out.get(time) ?? 0) + (value < previous ? value : value - previous));
    }
  }
  return out;
}
