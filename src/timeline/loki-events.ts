import { maskSecrets } from '../logs/fields.js';
import { failureOf } from '../logs/failure-lines.js';
import { levelOfText, normaliseLevel } from '../logs/level.js';
import type { LogLevel, LogRecord } from '../model/log.js';
import type { LokiEvidence, LokiStream } from '../model/loki.js';
import type { Labels } from '../model/series.js';
import type { TimelineEvent } from '../model/timeline.js';

/** Excerpts longer than this are cut: a timeline line, not a log viewer. */
const EXCERPT_CHARS = 200;

/**
 * A level field in the line: JSON (`"level":"error"`), logfmt (`level=error`), and the usual other
 * names. Loki lines have no fixed format, so the field is looked for, not parsed.
 */
const LEVEL_FIELD = /["']?\b(?:level|lvl|severity|log\.level|loglevel)["']?\s*[:=]\s*["']?([A-Za-z]+|\d{1,2})\b/;
/** klog / glog lines start with the level letter and the date: `E0513 17:46:44.123456 …`. */
const KLOG = /^([IWEF])\d{4} \d\d:\d\d:\d\d/;
/** Stream labels that carry the level (promtail/alloy pipelines, Loki 3's detected_level). */
const LEVEL_LABELS = ['level', 'detected_level', 'severity', 'lvl'];

/** A Loki nanosecond timestamp in unix seconds (the float is only for ordering and display). */
export function nsToSeconds(ns: string): number {
  const whole = ns.length > 9 ? ns.slice(0, -9) : '0';
  const fraction = ns.length > 9 ? ns.slice(-9) : ns.padStart(9, '0');
  return Number(whole) + Number(fraction) / 1e9;
}

/**
 * The level of a Loki line: its stream's level label, else a level field in the line, else a klog
 * letter, else a clear level word in the text (the file readers' rules, src/logs/level.ts).
 *
 * @example levelOfLokiLine('{"level":"ERROR","msg":"pq: deadlock detected"}', {}) // 'error'
 */
export function levelOfLokiLine(line: string, labels: Labels): LogLevel {
  for (const name of LEVEL_LABELS) {
    const value = labels[name];
    if (value === undefined) continue;
    const level = normaliseLevel(value);
    if (level !== 'unknown') return level;
  }
  const field = LEVEL_FIELD.exec(line)?.[1];
  if (field !== undefined) {
    const level = normaliseLevel(field);
    if (level !== 'unknown') return level;
  }
  const klog = KLOG.exec(line)?.[1];
  if (klog !== undefined) return normaliseLevel(klog);
  return levelOfText(line);
}

/** True when a line is error level or worse, or a well-known failure line (src/logs/failure-lines.ts). */
export function isErrorLine(line: string, labels: Labels): boolean {
  const level = levelOfLokiLine(line, labels);
  return level === 'error' || level === 'fatal' || failureOf({ level, message: line }) !== null;
}

/**
 * Loki lines as the log records the file readers produce, so the same log analysis (error-line
 * rates, failure and deadlock episodes: src/logs/log-findings.ts) can read them. The source names the
 * stream (`loki {app="shop", pod="…"}`); `line` is the entry's place in its stream, 1-based.
 */
export function lokiRecords(loki: LokiEvidence | undefined): LogRecord[] {
  const records: LogRecord[] = [];
  for (const result of loki?.queries ?? []) {
    for (const stream of result.streams) {
      const source = `loki ${streamText(stream.labels)}`;
      stream.entries.forEach((entry, index) => {
        records.push({ time: nsToSeconds(entry.ns), level: levelOfLokiLine(entry.line, stream.labels), message: entry.line, source, line: index + 1, fields: {} });
      });
    }
  }
  return records;
}

function excerpt(line: string): string {
  // Control characters would break the Markdown line and the terminal; tokens in a line stay out of reports.
  const clean = maskSecrets(line.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim());
  return clean.length <= EXCERPT_CHARS ? clean : `${clean.slice(0, EXCERPT_CHARS - 1)}…`;
}

function streamText(labels: Labels): string {
  return `{${Object.keys(labels)
    .sort()
    .map((key) => `${key}=${JSON.stringify(labels[key])}`)
    .join(', ')}}`;
}

interface StreamCount {
  lines: number;
  errors: number;
  first: { ns: string; line: string } | null;
}

function countStream(stream: LokiStream, from: number, to: number): StreamCount {
  const count: StreamCount = { lines: 0, errors: 0, first: null };
  for (const entry of stream.entries) {
    const time = nsToSeconds(entry.ns);
    if (time < from || time > to) continue;
    count.lines++;
    if (!isErrorLine(entry.line, stream.labels)) continue;
    count.errors++;
    if (count.first === null) count.first = entry;
  }
  return count;
}

/**
 * Timeline events for the Loki lines of `[from, to]`: per stream, its first error-level or
 * well-known failure line, excerpted, with how many lines and error lines the stream had in the range
 * (so a burst of errors shows as one line that counts them, not thousands). Streams without such a
 * line give no event.
 *
 * @example
 * lokiEvents(evidence.loki, window.from, window.to)
 * // [{ kind: 'log', title: 'First of 312 error lines in {app="shop"}: ERROR payment: connection refused', … }]
 */
export function lokiEvents(loki: LokiEvidence | undefined, from: number, to: number): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const result of loki?.queries ?? []) {
    for (const stream of result.streams) {
      const count = countStream(stream, from, to);
      if (count.first === null) continue;
      const where = streamText(stream.labels);
      const lead = count.errors === 1 ? 'Error line' : `First of ${count.errors} error lines`;
      events.push({
        time: nsToSeconds(count.first.ns),
        kind: 'log',
        source: 'logs',
        title: `${lead} in ${where}: ${excerpt(count.first.line)}`,
        labels: stream.labels,
        evidence: { origin: 'loki', query: result.query, lines: count.lines, errorLines: count.errors, truncated: result.truncated },
      });
    }
  }
  return events;
}
