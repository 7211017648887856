import { expandLogPaths, LogPathError, readLogs } from '../../collectors/logs/index.js';
import { createLogFindings, isLogFormat, LOG_FORMATS } from '../logs/index.js';
import { createSlowStatements } from '../logs/slow-statements.js';
import { createTemplateMiner, templateNews } from '../logs/templates.js';
import type { Evidence, LogEvidence } from '../model/evidence.js';
import type { LogFormat } from '../model/log.js';
import type { Progress } from './progress.js';
import { UsageError } from './usage-error.js';
import { sortGaps } from './sort-gaps.js';

/** The log flags as yargs hands them over. */
export interface LogFlags {
  readonly logs?: readonly string[];
  readonly logFormat?: string;
}

/** What `--logs` and `--log-format` ask for, checked before any server is asked anything. */
export interface LogInputs {
  readonly files: readonly string[];
  readonly format: LogFormat | null;
  /** Globs that matched nothing: gaps, not errors (rotated logs come and go). */
  readonly gaps: Evidence['gaps'];
}

/**
 * Checks `--log-format` and expands `--logs` into files; null without `--logs`.
 *
 * @throws UsageError for an unknown format, a missing plain path or a folder.
 */
export async function readLogInputs(flags: LogFlags): Promise<LogInputs | null> {
  const format = flags.logFormat;
  if (format !== undefined && !isLogFormat(format)) {
    throw new UsageError(`--log-format "${format}": expected one of ${LOG_FORMATS.join(', ')}`);
  }
  if (flags.logs === undefined || flags.logs.length === 0) {
    if (format !== undefined) throw new UsageError('--log-format needs --logs, the log files to read');
    return null;
  }
  try {
    const { files, gaps } = await expandLogPaths(flags.logs);
    return { files, format: format ?? null, gaps };
  } catch (error) {
    if (error instanceof LogPathError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * Reads the log files for the evidence's window plus lookback, as a stream, and keeps what they say
 * (the error-line rate per file as a signal the detectors judge, failure and deadlock episodes as
 * events, how each file was read): counts and episodes, never the raw lines, so a bundle stays small
 * and replays the same report.
 */
export async function withLogs(evidence: Evidence, inputs: LogInputs, progress: Progress): Promise<Evidence> {
  const { window } = evidence;
  progress.step(`Reading ${inputs.files.length} log file${inputs.files.length === 1 ? '' : 's'}`);
  const findings = createLogFindings(window);
  const miner = createTemplateMiner();
  const slow = createSlowStatements();
  const reader = readLogs({ files: inputs.files, format: inputs.format, zone: window.timezone, window });
  let step = await reader.next();
  let records = 0;
  for (; !step.done; step = await reader.next()) {
    for (const record of step.value) {
      findings.add(record);
      if (record.time < window.lookbackFrom || record.time > window.to) continue;
      const inWindow = record.time >= window.from;
      miner.add(record.message, inWindow);
      if (inWindow) slow.add(record);
    }
    records += step.value.length;
  }
  const { files, gaps } = step.value;
  const { signals, events } = findings.finish();
  progress.step(`Read ${records} log entries of the window and lookback: ${events.length} failure or deadlock episode${events.length === 1 ? '' : 's'}`);
  const mined = miner.finish();
  const news = templateNews(mined.templates, window.to - window.from, window.from - window.lookbackFrom);
  const logs: LogEvidence = {
    files: files.map((f) => ({ path: f.path, format: f.format, lines: f.lines, kept: f.kept, unreadable: f.unreadable })),
    events,
    templates: { new: news.new, grown: news.grown, distinct: mined.templates.length, overflowLines: mined.overflow.lookback + mined.overflow.window },
    slowStatements: slow.finish().statements,
  };
  // The error-line rates join the metric signals: detectors judge them like any other series.
  return { ...evidence, signals: [...evidence.signals, ...signals], logs, gaps: sortGaps([...evidence.gaps, ...inputs.gaps, ...gaps]) };
}
