import type { LogLevel } from '../model/log.js';

/**
 * Level names of the usual loggers and servers (Go, Java, Python, pino, PostgreSQL, MySQL, syslog
 * keywords) on one scale. Unknown words give `unknown`, never a guess.
 */
const LEVEL_WORDS: Readonly<Record<string, LogLevel>> = {
  trace: 'debug', debug: 'debug', dbug: 'debug', dbg: 'debug', verbose: 'debug', fine: 'debug', finer: 'debug', finest: 'debug',
  debug1: 'debug', debug2: 'debug', debug3: 'debug', debug4: 'debug', debug5: 'debug',
  info: 'info', inf: 'info', information: 'info', informational: 'info', notice: 'info', log: 'info', note: 'info', config: 'info',
  warn: 'warning', warning: 'warning', wrn: 'warning',
  error: 'error', err: 'error', eror: 'error', erro: 'error', severe: 'error',
  fatal: 'fatal', critical: 'fatal', crit: 'fatal', panic: 'fatal', emerg: 'fatal', emergency: 'fatal', alert: 'fatal',
};
/** Single letters as glog / klog / Android write them. */
const LEVEL_LETTERS: Readonly<Record<string, LogLevel>> = { D: 'debug', I: 'info', W: 'warning', E: 'error', F: 'fatal', C: 'fatal', V: 'debug', T: 'debug' };
/** Syslog severities 0-7 (RFC 5424 §6.2.1): emerg, alert, crit → fatal; err; warning; notice, info; debug. */
const SYSLOG_SEVERITIES: readonly LogLevel[] = ['fatal', 'fatal', 'fatal', 'error', 'warning', 'info', 'info', 'debug'];

/** A syslog / journald severity (0-7) as a level. */
export function levelOfSeverity(severity: number): LogLevel {
  return SYSLOG_SEVERITIES[severity] ?? 'unknown';
}

/**
 * A level field's value as a level: words (`WARN`, `Error`, `DEBUG3`), letters (`E`), syslog
 * severities 0-7, and pino / bunyan numbers (10 trace … 60 fatal).
 *
 * @example normaliseLevel('WARN') // 'warning'
 */
export function normaliseLevel(value: unknown): LogLevel {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{1,2}$/.test(value))) {
    const n = Number(value);
    if (Number.isInteger(n) && n >= 0 && n <= 7) return levelOfSeverity(n);
    if (n >= 60) return 'fatal';
    if (n >= 50) return 'error';
    if (n >= 40) return 'warning';
    if (n >= 30) return 'info';
    return n >= 10 ? 'debug' : 'unknown';
  }
  if (typeof value !== 'string') return 'unknown';
  const word = LEVEL_WORDS[value.trim().toLowerCase()];
  if (word !== undefined) return word;
  return LEVEL_LETTERS[value.trim()] ?? 'unknown';
}

/** An HTTP status as the level of its access-log line: 5xx error, 4xx warning, else info. */
export function levelOfStatus(status: number): LogLevel {
  return status >= 500 ? 'error' : status >= 400 ? 'warning' : 'info';
}

const FATAL_WORD = /\b(?:FATAL|PANIC|CRIT(?:ICAL)?|EMERG)\b/;
const ERROR_WORD = /\b(?:ERROR|ERR)\b|\b[Ee]rror:|\bfailed\b|\bFAILED\b/;
const WARNING_WORD = /\bWARN(?:ING)?\b|\b[Ww]arning:/;

/**
 * The level of a line whose format carries none (RFC 3164 syslog as files keep it, without its
 * priority): an upper-case level word or `error:` in the text. A guess, so only clear words count.
 */
export function levelOfText(message: string): LogLevel {
  if (FATAL_WORD.test(message)) return 'fatal';
  if (ERROR_WORD.test(message)) return 'error';
  if (WARNING_WORD.test(message)) return 'warning';
  return 'unknown';
}
