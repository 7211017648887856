import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { DataGap } from '../../src/model/gap.js';

/** Why `--logs` cannot be used, in one line naming the path: the CLI turns it into a usage error (exit 2). */
export class LogPathError extends Error {
  override readonly name = 'LogPathError';
}

export interface ExpandedLogPaths {
  /** Files to read, sorted, without repeats, named as the pattern named them (relative or absolute). */
  readonly files: readonly string[];
  /** Globs that matched no file. */
  readonly gaps: readonly DataGap[];
}

/**
 * The files `--logs` names: each argument a file or a glob (`/var/log/postgresql/*.log*`). A plain
 * path that does not exist, or a folder, is a typo the user must hear about at once: LogPathError.
 * A glob matching nothing is only a data gap, because rotated logs come and go (`*.gz` right after
 * a rotation) and the other sources still make a report. tinyglobby does the matching: braces, `**`
 * and dot files are corners a maintained matcher gets right.
 *
 * @example await expandLogPaths(['/var/log/syslog', '/var/log/syslog.*.gz'])
 * @throws LogPathError for a missing plain path or a folder.
 */
export async function expandLogPaths(patterns: readonly string[]): Promise<ExpandedLogPaths> {
  const files = new Set<string>();
  const gaps: DataGap[] = [];
  for (const pattern of patterns) {
    const found = await stat(pattern).catch(() => null);
    if (found?.isFile() === true) {
      files.add(pattern);
      continue;
    }
    if (found?.isDirectory() === true) throw new LogPathError(`--logs ${pattern} is a folder: expected a log file or a glob such as ${pattern.replace(/\/$/, '')}/*.log`);
    if (!isDynamicPattern(pattern)) throw new LogPathError(`--logs ${pattern} does not exist: expected a log file or a glob`);
    const matched = await glob(pattern, { onlyFiles: true, expandDirectories: false, absolute: isAbsolute(pattern) });
    if (matched.length === 0) gaps.push({ source: 'logs', what: pattern, reason: 'the glob matches no file' });
    for (const file of matched) files.add(file);
  }
  return { files: [...files].sort(), gaps };
}
