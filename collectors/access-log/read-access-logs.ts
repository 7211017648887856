import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { glob } from 'tinyglobby';
import type { AccessLogEvidence, AccessLogFile, AccessLogSettings } from '../../src/model/access-log.js';
import type { DataGap } from '../../src/model/gap.js';
import { textLines } from '../files/text-lines.js';
import { createLineParser, type LineFormat, type LineParser } from './parse-line.js';
import { parseStatusSet } from './status-set.js';
import { AccessTally } from './tally.js';

/** Logs that start or end this far inside the window miss part of it: said as a data gap. */
const COVERAGE_SLACK_SECONDS = 300;
/** Longer lines are not request-log lines (a binary file, a runaway line): counted unreadable, skipped. */
const MAX_LINE_CHARS = 1 << 20;

export interface ReadAccessLogsOptions {
  /** Files as found by `expandAccessLogPaths`. */
  readonly files: readonly string[];
  readonly window: { readonly from: number; readonly to: number };
  /** IANA zone for times without an offset. */
  readonly zone: string;
  readonly settings: AccessLogSettings;
}

export interface AccessLogResult {
  readonly evidence: AccessLogEvidence;
  readonly gaps: readonly DataGap[];
}

/** Why `--access-log` cannot be used, in one line naming the pattern. */
export class AccessLogPathError extends Error {
  override readonly name = 'AccessLogPathError';
}

/**
 * The files `--access-log` names: each argument a file, or a glob (`/var/log/nginx/access.log*`),
 * sorted and without repeats. tinyglobby does the matching: globs have enough corners (braces,
 * `**`, dot files) that a maintained matcher beats a hand-written one.
 *
 * @throws AccessLogPathError for a folder, or a pattern that matches no file.
 */
export async function expandAccessLogPaths(patterns: readonly string[]): Promise<string[]> {
  const files = new Set<string>();
  for (const pattern of patterns) {
    const found = await stat(pattern).catch(() => null);
    if (found?.isFile() === true) {
      files.add(pattern);
      continue;
    }
    if (found?.isDirectory() === true) throw new AccessLogPathError(`--access-log ${pattern} is a folder: expected a log file or a glob such as ${pattern.replace(/\/$/, '')}/access.log*`);
    // Paths come back the way the pattern was written (absolute or relative), to name files as the user did.
    const matched = await glob(pattern, { onlyFiles: true, expandDirectories: false, absolute: isAbsolute(pattern) });
    if (matched.length === 0) throw new AccessLogPathError(`--access-log ${pattern} matches no file: expected a request log (nginx/Apache combined or JSON lines, .gz too)`);
    for (const file of matched) files.add(file);
  }
  return [...files].sort();
}

/** Streams one file's lines into the tally; never throws (a failing file is reported in its record). */
async function readOne(path: string, parser: LineParser, tally: AccessTally): Promise<AccessLogFile> {
  let lines = 0;
  let inWindow = 0;
  let withoutUser = 0;
  let unreadable = 0;
  let firstUnreadable: AccessLogFile['firstUnreadable'] = null;
  let earliest = Infinity;
  let latest = -Infinity;
  const formats = new Map<LineFormat, number>();
  let error: string | null = null;
  const unreadableLine = (reason: string): void => {
    unreadable++;
    if (firstUnreadable === null) firstUnreadable = { line: lines, reason };
  };
  const handle = (text: string): void => {
    if (text.length === 0 || text.trim() === '') return;
    lines++;
    const parsed = parser.parse(text);
    if (!parsed.ok) {
      unreadableLine(parsed.reason);
      return;
    }
    formats.set(parsed.format, (formats.get(parsed.format) ?? 0) + 1);
    const { request } = parsed;
    if (request.time < earliest) earliest = request.time;
    if (request.time > latest) latest = request.time;
    if (!tally.inWindow(request)) return;
    inWindow++;
    if (request.user === null) withoutUser++;
    tally.add(request);
  };
  try {
    for await (const chunk of textLines(path, { chunkBytes: 1 << 20, maxLineChars: MAX_LINE_CHARS })) {
      for (const line of chunk.lines) handle(line);
      if (chunk.overlong !== null) {
        // A binary file or a runaway line: counted once, skipped to the next newline.
        lines++;
        unreadableLine(`a line longer than ${MAX_LINE_CHARS / 1024 / 1024} MiB (not a text log?)`);
      }
    }
  } catch (caught) {
    const code = (caught as NodeJS.ErrnoException).code;
    error = code === 'ENOENT' ? 'the file does not exist' : code === 'EACCES' ? 'permission denied' : `cannot be read: ${(caught as Error).message}`;
  }
  let format: AccessLogFile['format'] = 'unknown';
  let most = 0;
  for (const [name, count] of [...formats].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (count > most) {
      format = name;
      most = count;
    }
  }
  return {
    path,
    format,
    lines,
    inWindow,
    withoutUser,
    unreadable,
    firstUnreadable,
    error,
    earliest: Number.isFinite(earliest) ? earliest : null,
    latest: Number.isFinite(latest) ? latest : null,
  };
}

function gapsOf(files: readonly AccessLogFile[], window: ReadAccessLogsOptions['window']): DataGap[] {
  const gaps: DataGap[] = [];
  for (const file of files) {
    if (file.error !== null) gaps.push({ source: 'access-log', what: file.path, reason: `${file.error}; read up to line ${file.lines}` });
    if (file.unreadable > 0 && file.firstUnreadable !== null) {
      gaps.push({
        source: 'access-log',
        what: file.path,
        reason: `${file.unreadable} of ${file.lines} lines unreadable and skipped; the first at line ${file.firstUnreadable.line}: ${file.firstUnreadable.reason}`,
      });
    }
  }
  const earliest = Math.min(...files.map((f) => f.earliest ?? Infinity));
  const latest = Math.max(...files.map((f) => f.latest ?? -Infinity));
  const iso = (t: number) => new Date(Math.floor(t) * 1000).toISOString().replace('.000Z', 'Z');
  if (!Number.isFinite(earliest)) {
    gaps.push({ source: 'access-log', what: files.map((f) => f.path).join(', '), reason: 'no readable request line: users affected not measured' });
  } else if (earliest > window.from + COVERAGE_SLACK_SECONDS || latest < window.to - COVERAGE_SLACK_SECONDS) {
    gaps.push({
      source: 'access-log',
      what: files.map((f) => f.path).join(', '),
      reason: `the logs cover ${iso(earliest)} to ${iso(latest)}, not the whole window: users active only outside that are not counted`,
    });
  }
  return gaps;
}

/**
 * Reads request logs (`--access-log`) as streams, one line at a time, `.gz` unpacked on the fly, and
 * reduces them to the counts the impact estimate needs: requests of the window (failed, slow),
 * distinct users (active, affected), per segment. Lines may come in any order; unreadable lines are
 * counted per file with the first one's number and reason, and become data gaps, never a failure.
 *
 * @example await readAccessLogs({ files: ['access.log.gz'], window, zone: 'UTC', settings })
 */
export async function readAccessLogs(options: ReadAccessLogsOptions): Promise<AccessLogResult> {
  const { settings } = options;
  const segments = settings.segments.map((text) => {
    const equals = text.indexOf('=');
    return { field: text.slice(0, equals), value: text.slice(equals + 1) };
  });
  const parser = createLineParser({ zone: options.zone, userField: settings.userField, segments });
  const failed = parseStatusSet(settings.failedStatus);
  const tally = new AccessTally({
    from: options.window.from,
    to: options.window.to,
    isFailed: (status) => failed.has(status),
    slowThresholdSeconds: settings.slowThresholdSeconds,
    segmentCount: segments.length,
  });
  const files: AccessLogFile[] = [];
  // One file after another: the disk reads sequentially, and the tally is shared.
  for (const path of options.files) files.push(await readOne(path, parser, tally));
  const userSources = parser.userSources();
  const latencySources = parser.latencySources();
  return {
    evidence: {
      settings,
      files,
      userSource: userSources.length === 0 ? null : userSources.join(', '),
      latencySource: latencySources.length === 0 ? null : latencySources.join(', '),
      requests: tally.requests(),
      users: tally.users(),
      segments: settings.segments.map((segment, i) => ({ segment, users: tally.users(i), requests: tally.segmentRequests(i) })),
    },
    gaps: gapsOf(files, options.window),
  };
}
