import { LOG_SIGNAL_QUERY_PREFIX, type LogRecord } from '../model/log.js';
import type { Series } from '../model/series.js';
import type { SignalData } from '../model/signal.js';
import type { TimeWindow } from '../model/time.js';
import type { TimelineEvent } from '../model/timeline.js';
import { deadlockStatements } from './deadlocks.js';
import { failureOf, FAILURE_TITLES, type FailureKind } from './failure-lines.js';
import { clip, maskSecrets } from './fields.js';

/** Occurrences closer than this are one episode: one timeline line, with a count, not one per line. */
export const EPISODE_GAP_SECONDS = 300;
/** Statements of an episode's deadlocks kept per step, and shown per event. */
const MAX_STATEMENTS = 8;
const SHOWN_STATEMENTS = 3;
const TITLE_STATEMENT_CHARS = 100;

/** What log records say, as data the detectors and the timeline already read. */
export interface LogFindings {
  /** Error- and fatal-level lines per second, one series per file, on the run's grid. */
  readonly signals: readonly SignalData[];
  /** Episodes of well-known failure lines and of deadlocks that touch the window, in time order. */
  readonly events: readonly TimelineEvent[];
}

/** Per step of the grid: how many lines, and the earliest one's time, line and message. */
interface Occurrences {
  readonly counts: Float64Array;
  readonly first: Map<number, { time: number; line: number; message: string }>;
  readonly statements: Map<number, Map<string, number>>;
}

const baseName = (source: string): string => source.slice(source.lastIndexOf('/') + 1);

/**
 * Folds log records, in any order, into findings: the error-line rate per file (a SignalData the
 * detectors judge like a metric) and episodes of failure lines and deadlocks as timeline events.
 * Memory follows the grid (window plus lookback over the step) times files and kinds, never the
 * number of lines; the result does not depend on the order records came in.
 *
 * @example
 * const findings = createLogFindings(window);
 * for (const record of records) findings.add(record);
 * const { signals, events } = findings.finish();
 */
export function createLogFindings(window: TimeWindow): { add(record: LogRecord): void; finish(): LogFindings } {
  const step = window.stepSeconds;
  const size = Math.floor((window.to - window.lookbackFrom) / step) + 1;
  /** Prometheus' convention: the value at grid[k] covers (grid[k] − step, grid[k]]. */
  const indexOf = (time: number): number => Math.min(size - 1, Math.max(0, Math.ceil((time - window.lookbackFrom) / step)));
  const errors = new Map<string, { counts: Float64Array; earliest: number; latest: number }>();
  const found = new Map<string, Occurrences>();

  const occurrences = (key: string): Occurrences => {
    let entry = found.get(key);
    if (entry === undefined) {
      entry = { counts: new Float64Array(size), first: new Map(), statements: new Map() };
      found.set(key, entry);
    }
    return entry;
  };
  const note = (key: string, record: LogRecord, index: number): Occurrences => {
    const entry = occurrences(key);
    entry.counts[index] = (entry.counts[index] ?? 0) + 1;
    const first = entry.first.get(index);
    if (first === undefined || record.time < first.time || (record.time === first.time && record.line < first.line)) {
      entry.first.set(index, { time: record.time, line: record.line, message: clip(maskSecrets(record.message)) });
    }
    return entry;
  };

  return {
    add(record) {
      if (record.time < window.lookbackFrom || record.time > window.to) return;
      const index = indexOf(record.time);
      let rate = errors.get(record.source);
      if (rate === undefined) {
        rate = { counts: new Float64Array(size), earliest: index, latest: index };
        errors.set(record.source, rate);
      }
      rate.earliest = Math.min(rate.earliest, index);
      rate.latest = Math.max(rate.latest, index);
      if (record.level === 'error' || record.level === 'fatal') rate.counts[index] = (rate.counts[index] ?? 0) + 1;

      const statements = deadlockStatements(record);
      if (statements !== null) {
        const entry = note(`deadlock\u0000${record.source}`, record, index);
        let tally = entry.statements.get(index);
        if (tally === undefined) entry.statements.set(index, (tally = new Map()));
        for (const statement of statements) {
          const text = clip(maskSecrets(statement));
          if (tally.has(text) || tally.size < MAX_STATEMENTS) tally.set(text, (tally.get(text) ?? 0) + 1);
        }
        return;
      }
      const failure = failureOf(record);
      if (failure !== null) note(`${failure}\u0000${record.source}`, record, index);
    },
    finish() {
      const timestamps = new Float64Array(size);
      for (let i = 0; i < size; i++) timestamps[i] = window.lookbackFrom + i * step;
      const series: Series[] = [...errors.keys()].sort().map((source) => {
        const rate = errors.get(source)!;
        const values = new Float64Array(size);
        // Outside the steps the file reaches, it says nothing: NaN (a gap), not zero.
        for (let i = 0; i < size; i++) values[i] = i < rate.earliest || i > rate.latest ? Number.NaN : (rate.counts[i] ?? 0) / step;
        return { labels: { source }, timestamps, values };
      });
      const signals: SignalData[] =
        series.length === 0
          ? []
          : [
              {
                signal: 'log_error_lines',
                title: 'Error log lines',
                query: `${LOG_SIGNAL_QUERY_PREFIX} error and fatal lines per second, per file (--logs)`,
                category: 'errors',
                unit: 'per_second',
                badDirection: 'up',
                userFacing: false,
                role: 'level',
                series,
              },
            ];
      const events: TimelineEvent[] = [];
      const gapSteps = Math.max(1, Math.ceil(EPISODE_GAP_SECONDS / step));
      for (const key of [...found.keys()].sort()) {
        const [kind, source] = key.split('\u0000') as [FailureKind | 'deadlock', string];
        const entry = found.get(key)!;
        let start = -1;
        let last = -1;
        const close = (): void => {
          if (start === -1) return;
          const event = episodeEvent(kind, source, entry, start, last, timestamps);
          if (event !== null && event.time <= window.to && timestamps[last]! >= window.from) events.push(event);
          start = -1;
        };
        for (let i = 0; i < size; i++) {
          if ((entry.counts[i] ?? 0) === 0) continue;
          if (start !== -1 && i - last > gapSteps) close();
          if (start === -1) start = i;
          last = i;
        }
        close();
      }
      events.sort((a, b) => a.time - b.time || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
      return { signals, events };
    },
  };
}

/** One episode (steps start..last) of a failure kind or of deadlocks in one file, as a timeline event. */
function episodeEvent(kind: FailureKind | 'deadlock', source: string, entry: Occurrences, start: number, last: number, grid: Float64Array): TimelineEvent | null {
  let count = 0;
  let first: { time: number; line: number; message: string } | undefined;
  const statements = new Map<string, number>();
  for (let i = start; i <= last; i++) {
    count += entry.counts[i] ?? 0;
    const here = entry.first.get(i);
    if (here !== undefined && first === undefined) first = here;
    for (const [text, n] of entry.statements.get(i) ?? []) statements.set(text, (statements.get(text) ?? 0) + n);
  }
  if (first === undefined) return null;
  const file = baseName(source);
  const times = count === 1 ? '' : ` ×${count}`;
  // `until`: the grid instant whose step holds the episode's last line.
  const evidence: Record<string, string | number> = { file: source, count, first_line: first.line, example: first.message, until: grid[last] ?? Number.NaN };
  if (kind !== 'deadlock') {
    return { time: first.time, kind: 'log', source: 'logs', title: `${FAILURE_TITLES[kind]}${times} (${file})`, labels: { failure: kind, file: source }, evidence };
  }
  // Most frequent statements first; ties by text, so the title is the same on every run.
  const ranked = [...statements].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, SHOWN_STATEMENTS);
  ranked.forEach(([text], i) => (evidence[`statement_${i + 1}`] = text));
  const named = ranked.length === 0 ? '' : `: ${ranked.map(([text]) => clip(text.replace(/\s+/g, ' '), TITLE_STATEMENT_CHARS)).join(' ↔ ')}`;
  return { time: first.time, kind: 'log', source: 'logs', title: `Deadlock${times} (${file})${named}`, labels: { failure: 'deadlock', file: source }, evidence };
}
