/**
 * Request logs for the outage scenarios, the way nginx and applications write them, with the
 * affected-users truth fixed by each scenario's design: the plan picks exactly which users a failed
 * or slow request hits (and when), so the truth is counted from those choices, never by reading the
 * logs back with the tool's own estimator.
 *
 * What makes them realistic: users with several requests, some before or after the window only;
 * 4xx that are not failures; bots and health checks without a user id; a latency of exactly the
 * threshold (not slow: the threshold is strict, as a histogram's `le` bucket); lines written slightly
 * out of order by concurrent workers; a rotated, gzip'd file; one malformed (truncated) line per file.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { Random } from './_random.js';

/** One request of the plan. */
export interface PlannedRequest {
  readonly time: number;
  readonly user: PlannedUser | null;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly latencySeconds: number;
  readonly client: string;
  readonly userAgent: string;
}

export interface PlannedUser {
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** How one file renders a request, and which requests go to it. */
export interface LogFileSpec {
  /** File name inside the scenario's access-log folder; `.gz` is written gzip'd. */
  readonly name: string;
  readonly accepts: (request: PlannedRequest, index: number) => boolean;
  readonly render: (request: PlannedRequest) => string;
}

/** The affected-users truth of one population: counted from the plan's choices. */
export interface TruthShare {
  readonly affected: number;
  readonly active: number;
  readonly percent: number;
}

export interface TruthAccessLog {
  /** Folder (relative to the scenario's output folder) and the glob the CLI is given, relative to it. */
  readonly folder: string;
  readonly glob: string;
  readonly files: readonly string[];
  readonly segments: readonly string[];
  /** Users with at least one failed (5xx) or slower-than-1-s request in the window over users active in it. */
  readonly affectedUsers: TruthShare;
  readonly bySegment: Readonly<Record<string, TruthShare>>;
  /** Lines deliberately broken, by file and 1-based line number. */
  readonly malformed: readonly { readonly file: string; readonly line: number }[];
  readonly description: string;
}

export interface AccessLogPlan {
  readonly requests: readonly PlannedRequest[];
  readonly files: readonly LogFileSpec[];
  readonly truth: Omit<TruthAccessLog, 'malformed' | 'files'>;
  readonly seed: string;
}

/** Probability that two neighbouring lines swap: concurrent workers finish out of order. */
const SWAP_PROBABILITY = 0.04;

export function share(affected: number, active: number): TruthShare {
  return { affected, active, percent: (affected / active) * 100 };
}

/** Fisher–Yates: the first `count` of a seeded shuffle. */
export function pick<T>(random: Random, items: readonly T[], count: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, count);
}

/** A log-normal latency with the given median, capped below `cap` (so "not slow" stays so by design). */
export function latency(random: Random, median: number, sigma: number, cap: number): number {
  return Math.min(cap, median * Math.exp(sigma * random.normal()));
}

/**
 * Writes the plan's files into `folder`: requests sorted by time, neighbours swapped now and then,
 * one line of each file cut in half (a crash mid-write). Returns the files written and where the
 * broken lines are.
 */
export async function writeAccessLogs(plan: AccessLogPlan, folder: string): Promise<TruthAccessLog> {
  await mkdir(folder, { recursive: true });
  const random = new Random(`${plan.seed}/access-log-order`);
  const sorted = [...plan.requests].sort((a, b) => a.time - b.time);
  const malformed: { file: string; line: number }[] = [];
  for (const file of plan.files) {
    const chosen = sorted.filter((request, index) => file.accepts(request, index));
    for (let i = 0; i + 1 < chosen.length; i++) {
      if (random.next() < SWAP_PROBABILITY) [chosen[i], chosen[i + 1]] = [chosen[i + 1] as PlannedRequest, chosen[i] as PlannedRequest];
    }
    const lines = chosen.map(file.render);
    // A line cut in half, as a worker killed mid-write leaves it, in the middle third. A line without a
    // user is chosen, so the users' truth stays exactly the plan's.
    let broken = Math.floor(lines.length / 3) + random.int(Math.max(1, Math.floor(lines.length / 3)));
    while (broken < lines.length - 1 && chosen[broken]?.user !== null) broken++;
    const original = lines[broken] as string;
    lines[broken] = original.slice(0, Math.floor(original.length / 2));
    malformed.push({ file: file.name, line: broken + 1 });
    const text = `${lines.join('\n')}\n`;
    const path = join(folder, file.name);
    const source = Readable.from([text]);
    if (file.name.endsWith('.gz')) await pipeline(source, createGzip(), createWriteStream(path));
    else await pipeline(source, createWriteStream(path));
  }
  return { ...plan.truth, files: plan.files.map((f) => f.name), malformed };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Wall-clock parts of a UTC instant shifted by a fixed offset (the scenarios' zones have no DST in their windows). */
function wall(time: number, offsetSeconds: number): Date {
  return new Date(Math.round((time + offsetSeconds) * 1000));
}

function offsetText(offsetSeconds: number, colon: boolean): string {
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(offsetSeconds);
  return `${sign}${pad(Math.floor(abs / 3600))}${colon ? ':' : ''}${pad(Math.floor((abs % 3600) / 60))}`;
}

/** nginx `$time_local`: `13/May/2023:19:00:00 +0300`. */
export function timeLocal(time: number, offsetSeconds: number): string {
  const d = wall(time, offsetSeconds);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${offsetText(offsetSeconds, false)}`;
}

/** nginx `$time_iso8601`: `2023-05-13T19:00:00+03:00`. */
export function timeIso8601(time: number, offsetSeconds: number): string {
  const d = wall(time, offsetSeconds);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${offsetText(offsetSeconds, true)}`;
}

/** Python logging's `asctime`, local wall time without a zone: `2023-05-13 19:00:00,123`. */
export function asctime(time: number, offsetSeconds: number): string {
  const d = wall(time, offsetSeconds);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())},${pad(d.getUTCMilliseconds(), 3)}`;
}

/** nginx's `$request_time`: seconds with millisecond resolution, as a string. */
export function requestTime(seconds: number): string {
  return seconds.toFixed(3);
}
