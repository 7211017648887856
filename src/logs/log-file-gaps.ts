import type { DataGap } from '../model/gap.js';
import type { LogFileReport } from '../model/log.js';

/**
 * The data gaps one log file's reading leaves: the file stopped being readable (missing, truncated
 * gzip), its format was not recognised, or some lines could not be read (how many, the first one's
 * number, why, and a cleaned excerpt). A file read whole gives none.
 *
 * @example logFileGaps(report) // [{ source: 'logs', what: 'app.log', reason: '3 of 120 lines unreadable …' }]
 */
export function logFileGaps(report: LogFileReport): DataGap[] {
  const gaps: DataGap[] = [];
  if (report.error !== null) gaps.push({ source: 'logs', what: report.path, reason: `${report.error}; the ${report.lines} lines before it were used` });
  if (report.format === 'unknown' && report.lines > 0) {
    gaps.push({ source: 'logs', what: report.path, reason: 'format not recognised from its first lines (use --log-format): not read' });
  } else if (report.unreadable > 0 && report.firstUnreadable !== null) {
    const first = report.firstUnreadable;
    gaps.push({
      source: 'logs',
      what: report.path,
      reason: `${report.unreadable} of ${report.lines} lines unreadable as ${report.format} and skipped; the first at line ${first.line}: ${first.reason} (${JSON.stringify(first.example)})`,
    });
  }
  return gaps;
}
