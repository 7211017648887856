import { AccessLogPathError, expandAccessLogPaths, readAccessLogs } from '../../collectors/access-log/read-access-logs.js';
import { parseStatusSet, StatusSetSyntaxError } from '../../collectors/access-log/status-set.js';
import { MAX_SEGMENTS } from '../../collectors/access-log/tally.js';
import { DEFAULT_SLOW_THRESHOLD_SECONDS } from '../impact/estimate-impact.js';
import { DEFAULT_SLO_PERIOD_SECONDS, type SloOptions } from '../impact/slo-budget.js';
import type { AccessLogSettings } from '../model/access-log.js';
import type { Evidence } from '../model/evidence.js';
import { parseDuration } from '../time/parse-duration.js';
import type { Progress } from './progress.js';
import { UsageError } from './usage-error.js';
import { sortGaps } from './sort-gaps.js';

/** The impact flags as yargs hands them over. */
export interface ImpactFlags {
  readonly accessLog?: readonly string[];
  readonly userField?: string;
  readonly segment?: readonly string[];
  readonly slowThreshold?: string;
  readonly failedStatus?: string;
  readonly sampleRate?: number;
  readonly slo?: string;
  readonly sloPeriod?: string;
}

const SEGMENT = /^([^=\s]+)=(.*)$/;
const PLAIN_SECONDS = /^\d+(?:\.\d+)?$/;
const OBJECTIVE = /^(\d{1,3}(?:\.\d+)?)\s*%?$/;
/** Availability objectives below this are not objectives anyone sets: the input is a ratio or a typo. */
const MIN_OBJECTIVE_PERCENT = 50;

/**
 * `--slow-threshold`: a duration (`1s`, `500ms`, `2s`) or plain seconds (`0.5`).
 *
 * @throws UsageError naming the flag and the expected form.
 */
export function readSlowThreshold(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SLOW_THRESHOLD_SECONDS;
  let seconds = Number.NaN;
  if (PLAIN_SECONDS.test(text.trim())) seconds = Number(text);
  else {
    try {
      seconds = parseDuration(text);
    } catch {
      // Said below, with the flag's name.
    }
  }
  if (!(seconds > 0)) throw new UsageError(`--slow-threshold "${text}": expected a latency above 0 such as 1s, 500ms or 0.5`);
  return seconds;
}

/**
 * `--slo` (percent, `99.9` or `99.9%`) and `--slo-period` (default 30 days), or null without `--slo`.
 *
 * @throws UsageError naming the flag and the expected form.
 */
export function readSlo(flags: Pick<ImpactFlags, 'slo' | 'sloPeriod'>): SloOptions | null {
  if (flags.slo === undefined) {
    if (flags.sloPeriod !== undefined) throw new UsageError('--slo-period needs --slo, the objective in percent, e.g. --slo 99.9');
    return null;
  }
  const match = OBJECTIVE.exec(flags.slo.trim());
  const objectivePercent = match === null ? Number.NaN : Number(match[1]);
  // Below MIN_OBJECTIVE_PERCENT it is most likely a ratio typed for a percent (0.999 for 99.9).
  if (!(objectivePercent >= MIN_OBJECTIVE_PERCENT && objectivePercent < 100)) {
    throw new UsageError(`--slo "${flags.slo}": expected an objective in percent from ${MIN_OBJECTIVE_PERCENT} to below 100, e.g. 99.9 (not a ratio like 0.999)`);
  }
  let periodSeconds = DEFAULT_SLO_PERIOD_SECONDS;
  if (flags.sloPeriod !== undefined) {
    try {
      periodSeconds = parseDuration(flags.sloPeriod);
    } catch {
      periodSeconds = Number.NaN;
    }
    if (!(periodSeconds > 0)) throw new UsageError(`--slo-period "${flags.sloPeriod}": expected a duration such as 30d or 7d`);
  }
  return { objectivePercent, periodSeconds };
}

/**
 * The access-log settings from the flags, checked; null without `--access-log` (and then the other
 * access-log flags are a mistake, said as such).
 *
 * @throws UsageError naming the flag and the expected form.
 */
export function readAccessLogSettings(flags: ImpactFlags, slowThresholdSeconds: number): AccessLogSettings | null {
  const given = flags.accessLog ?? [];
  if (given.length === 0) {
    const stray = (['userField', 'segment', 'failedStatus', 'sampleRate'] as const).filter((flag) => flags[flag] !== undefined);
    if (stray.length > 0) {
      const names = stray.map((flag) => `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ');
      throw new UsageError(`${names} ${stray.length === 1 ? 'applies' : 'apply'} to request logs: add --access-log <file>`);
    }
    return null;
  }
  const failedStatus = flags.failedStatus ?? '5xx';
  try {
    parseStatusSet(failedStatus);
  } catch (error) {
    if (error instanceof StatusSetSyntaxError) throw new UsageError(`--failed-status: ${error.message}`);
    throw error;
  }
  const segments = (flags.segment ?? []).map((text) => {
    if (!SEGMENT.test(text)) throw new UsageError(`--segment "${text}": expected field=value, e.g. customer_type=new`);
    return text;
  });
  if (segments.length > MAX_SEGMENTS) throw new UsageError(`--segment given ${segments.length} times: at most ${MAX_SEGMENTS}`);
  const sampleRate = flags.sampleRate ?? 1;
  if (!(sampleRate > 0 && sampleRate <= 1)) {
    throw new UsageError(`--sample-rate ${Number.isNaN(sampleRate) ? 'is not a number' : String(sampleRate)}: expected the share of users the logs hold, above 0 and at most 1 (e.g. 0.1)`);
  }
  if (flags.userField !== undefined && flags.userField.trim() === '') throw new UsageError('--user-field is empty: expected a field name such as user_id');
  return { userField: flags.userField ?? null, failedStatus, slowThresholdSeconds, sampleRate, segments };
}

/**
 * The files `--access-log` names, found before anything is collected: a mistyped path must not
 * cost a whole Prometheus collection first.
 *
 * @throws UsageError for a path or glob that names no file, or a folder.
 */
export async function accessLogFiles(patterns: readonly string[]): Promise<string[]> {
  try {
    return await expandAccessLogPaths(patterns);
  } catch (error) {
    if (error instanceof AccessLogPathError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * Reads the request logs for the evidence's window and adds their counts and gaps to it. Lines
 * without an offset are read in the window's zone.
 */
export async function withAccessLogs(evidence: Evidence, files: readonly string[], settings: AccessLogSettings, progress: Progress): Promise<Evidence> {
  progress.step(`Reading ${files.length} access log${files.length === 1 ? '' : 's'}`);
  const { evidence: accessLogs, gaps } = await readAccessLogs({
    files,
    window: { from: evidence.window.from, to: evidence.window.to },
    zone: evidence.window.timezone,
    settings,
  });
  const lines = accessLogs.files.reduce((n, file) => n + file.lines, 0);
  progress.step(`Read ${lines} log lines: ${accessLogs.requests.total} requests and ${accessLogs.users.active} users in the window`);
  return { ...evidence, accessLogs, gaps: sortGaps([...evidence.gaps, ...gaps]) };
}
