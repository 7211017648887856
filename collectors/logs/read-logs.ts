import type { DataGap } from '../../src/model/gap.js';
import type { LogFileReport, LogFormat, LogRecord } from '../../src/model/log.js';
import { logFileGaps } from '../../src/logs/index.js';
import { readLogFile } from './read-log-file.js';

export interface ReadLogsOptions {
  /** Files as `expandLogPaths` found them. */
  readonly files: readonly string[];
  /** `--log-format` for every file; null to detect per file. */
  readonly format: LogFormat | null;
  readonly zone: string;
  readonly window: { readonly lookbackFrom: number; readonly to: number };
}

export interface ReadLogsResult {
  readonly files: readonly LogFileReport[];
  readonly gaps: readonly DataGap[];
}

/**
 * Reads log files one after another (the disk reads sequentially) and yields their records of the
 * window plus lookback in batches, file by file, each file in its own line order (not sorted: a
 * consumer that needs time order sorts what it keeps). Returns how each file was read and its gaps.
 *
 * @example
 * const logs = readLogs({ files, format: null, zone: 'UTC', window });
 * let step = await logs.next();
 * for (; !step.done; step = await logs.next()) for (const record of step.value) count(record);
 * const { files: reports, gaps } = step.value;
 */
export async function* readLogs(options: ReadLogsOptions): AsyncGenerator<LogRecord[], ReadLogsResult, undefined> {
  const reports: LogFileReport[] = [];
  for (const path of options.files) {
    const reader = readLogFile({ path, format: options.format, zone: options.zone, window: options.window });
    let step = await reader.next();
    for (; !step.done; step = await reader.next()) yield step.value;
    reports.push(step.value);
  }
  return { files: reports, gaps: reports.flatMap(logFileGaps) };
}
