import type { LogSlowStatement } from '../model/evidence.js';
import type { LogRecord } from '../model/log.js';
import { clip, maskSecrets } from './fields.js';

/** `duration: 2513.204 ms  statement: SELECT …` (and `execute <name>:`), PostgreSQL's log_min_duration_statement line. */
const PG_DURATION = /^duration:\s+([\d.]+)\s+ms\s+(?:statement|execute [^:]*|parse [^:]*|bind [^:]*):\s*([\s\S]*)$/;

/** A statement's time from one log entry: PostgreSQL's duration lines, MySQL's slow log; else null. */
export function statementTime(record: LogRecord): { statement: string; seconds: number } | null {
  const pg = PG_DURATION.exec(record.message);
  if (pg !== null) {
    const seconds = Number(pg[1]) / 1000;
    return Number.isFinite(seconds) && pg[2]!.trim() !== '' ? { statement: pg[2]!, seconds } : null;
  }
  const queryTime = record.fields['query_time'];
  if (queryTime !== undefined) {
    const seconds = Number(queryTime);
    return Number.isFinite(seconds) && record.message.trim() !== '' ? { statement: record.message, seconds } : null;
  }
  return null;
}

/**
 * A statement with its literals replaced, so the same query with other values is one line of the
 * report (what pg_stat_statements calls normalisation): quoted strings, numbers, `$1` parameters and
 * IN lists become `?`; whitespace is collapsed.
 *
 * @example normaliseStatement("SELECT * FROM t WHERE id = 42 AND name = 'x'") // 'SELECT * FROM t WHERE id = ? AND name = ?'
 */
export function normaliseStatement(sql: string): string {
  return sql
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\$\d+/g, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?')
    .replace(/\(\s*\?(?:\s*,\s*\?)*\s*\)/g, '(?)')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/;$/, '');
}

/** One statement logged as slow in the window: the evidence model's type, filled here. */
export type SlowStatement = LogSlowStatement;

/** Statements logged as slow in the window, summed by normalised text; bounded by `maxStatements`. */
export function createSlowStatements(maxStatements = 2000): {
  add(record: LogRecord): void;
  finish(top?: number): { statements: SlowStatement[]; overflow: number };
} {
  const byText = new Map<string, { calls: number; total: number; max: number; first: number; source: string }>();
  let overflow = 0;
  return {
    add(record) {
      const found = statementTime(record);
      if (found === null) return;
      const text = clip(maskSecrets(normaliseStatement(found.statement)), 500);
      let entry = byText.get(text);
      if (entry === undefined) {
        if (byText.size >= maxStatements) {
          overflow++;
          return;
        }
        entry = { calls: 0, total: 0, max: 0, first: record.time, source: record.source };
        byText.set(text, entry);
      }
      entry.calls++;
      entry.total += found.seconds;
      entry.max = Math.max(entry.max, found.seconds);
      if (record.time < entry.first || (record.time === entry.first && record.source < entry.source)) {
        entry.first = record.time;
        entry.source = record.source;
      }
    },
    finish(top = 10) {
      const statements = [...byText]
        .map(([statement, e]) => ({ statement, calls: e.calls, totalSeconds: e.total, maxSeconds: e.max, first: e.first, source: e.source }))
        // Totals are sums of floats in arrival order: rounded to the microsecond, the order cannot matter.
        .map((s) => ({ ...s, totalSeconds: Math.round(s.totalSeconds * 1e6) / 1e6 }))
        .sort((a, b) => b.totalSeconds - a.totalSeconds || (a.statement < b.statement ? -1 : a.statement > b.statement ? 1 : 0))
        .slice(0, top);
      return { statements, overflow };
    },
  };
}
