/**
 * Reads the NAB development corpus (`../shared/data/nab-dev/`, see its README): each
 * `<category>/<file>.csv` as values plus timestamps, `combined_windows.json` as row-index windows.
 *
 * The CSVs are parsed by hand: they hold exactly `timestamp,value` with no quoting, so fifteen lines
 * do it, where a CSV library would be a new dependency of the project for no gain.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WindowRows } from './score.js';

/** Where the corpus lives: `NAB_DATA_DIR`, else `../shared/data/nab-dev` beside the project root. */
export const NAB_DATA_DIR =
  process.env['NAB_DATA_DIR'] ?? path.resolve(fileURLToPath(new URL('../../../', import.meta.url)), '../shared/data/nab-dev');

/** Windows, keyed by `<category>/<file>.csv` (NAB's `labels/combined_windows.json`). */
const WINDOWS_FILE = 'combined_windows.json';
/** Anomaly starts, same keys (NAB's `labels/combined_labels.json`): informative, the windows are what is scored. */
const LABELS_FILE = 'combined_labels.json';
const HEADER = 'timestamp,value';

/** One NAB data file, ready for a detector and the scorer. */
export interface NabFile {
  /** `<category>/<file>.csv`, the key of the label files. */
  readonly name: string;
  readonly category: string;
  /** Epoch milliseconds (UTC) of each row. */
  readonly times: Float64Array;
  readonly values: Float64Array;
  /** The file's anomaly windows as inclusive row indices, in time order. */
  readonly windows: readonly WindowRows[];
  /** Rows of the labelled anomaly starts (where the label timestamp is a row). */
  readonly labels: readonly number[];
}

/** True when the corpus is present (it is shared data, not part of the repository). */
export function nabDataAvailable(dir: string = NAB_DATA_DIR): boolean {
  return existsSync(path.join(dir, WINDOWS_FILE));
}

/** Loads every file listed in `combined_windows.json`, in name order. Throws if one is missing or malformed. */
export function loadNabCorpus(dir: string = NAB_DATA_DIR): NabFile[] {
  const windows = readJson(path.join(dir, WINDOWS_FILE)) as Record<string, [string, string][]>;
  const labels = readJson(path.join(dir, LABELS_FILE)) as Record<string, string[]>;
  const listed = new Set(Object.keys(windows));
  for (const name of csvFiles(dir)) if (!listed.has(name)) throw new Error(`${name} has no entry in ${WINDOWS_FILE}`);
  return [...listed].sort().map((name) => loadFile(dir, name, windows[name] ?? [], labels[name] ?? []));
}

function loadFile(dir: string, name: string, windowLimits: readonly [string, string][], labelTimes: readonly string[]): NabFile {
  const { times, values } = parseCsv(readFileSync(path.join(dir, name), 'utf8'), name);
  const rowOf = new Map<number, number>();
  times.forEach((t, i) => rowOf.has(t) || rowOf.set(t, i));
  // NAB's sweeper enters a window on the row whose timestamp equals its start and finds its end with
  // `timestamps.index(end)`: both limits must be rows of the file, so anything else is an error here too.
  const row = (stamp: string): number => {
    const index = rowOf.get(parseTimestamp(stamp));
    if (index === undefined) throw new Error(`${name}: window limit ${stamp} is not a timestamp of the file`);
    return index;
  };
  const fileWindows = windowLimits.map(([start, end]) => ({ start: row(start), end: row(end) }));
  const labelRows = labelTimes.map((t) => rowOf.get(parseTimestamp(t))).filter((i): i is number => i !== undefined);
  return { name, category: name.split('/')[0] ?? '', times, values, windows: fileWindows, labels: labelRows };
}

/** Parses `timestamp,value` lines; blank lines (the trailing newline, CRLF files) are skipped. */
export function parseCsv(text: string, name = 'csv'): { times: Float64Array; values: Float64Array } {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines[0]?.trim() !== HEADER) throw new Error(`${name}: expected the header "${HEADER}", got "${lines[0] ?? ''}"`);
  const times = new Float64Array(lines.length - 1);
  const values = new Float64Array(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const comma = line.indexOf(',');
    if (comma < 0) throw new Error(`${name}:${i + 1}: expected "timestamp,value", got "${line}"`);
    times[i - 1] = parseTimestamp(line.slice(0, comma));
    // An empty or unparsable value is a missing sample (NaN), which the detector treats as such.
    const text = line.slice(comma + 1).trim();
    values[i - 1] = text === '' ? Number.NaN : Number(text);
  }
  return { times, values };
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/;

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` without a zone, read as UTC (the corpus README), to epoch ms. */
export function parseTimestamp(stamp: string): number {
  const m = TIMESTAMP.exec(stamp.trim());
  if (m === null) throw new Error(`Cannot read NAB timestamp "${stamp}": expected YYYY-MM-DD HH:MM:SS`);
  const [, y, mo, d, h, mi, s, fraction] = m;
  const ms = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + ms;
}

function csvFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => readdirSync(path.join(dir, entry.name)).filter((f) => f.endsWith('.csv')).map((f) => `${entry.name}/${f}`));
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}
