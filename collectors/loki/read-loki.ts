import type { DataGap } from '../../src/model/gap.js';
import type { LokiEntry, LokiEvidence, LokiQueryResult, LokiStream } from '../../src/model/loki.js';
import type { Labels } from '../../src/model/series.js';
import { fetchJson } from '../alertmanager/fetch-json.js';
import { createHttpTransport, type ApiCall, type RawAnswer } from '../prometheus/http-transport.js';
import { queryRangeSchema, streamSchema } from './response-schema.js';

/** Entries asked for per request; Loki's default `max_entries_limit_per_query` is 5000. */
export const PAGE_LIMIT = 1000;
/** Lines kept per query at most: a postmortem needs the errors, not a copy of the log store. */
export const MAX_LINES_PER_QUERY = 50_000;

export interface ReadLokiOptions {
  /** Base URL without user info and without a trailing slash. */
  readonly apiBase: string;
  readonly displayUrl: string;
  /** Full `Authorization` header value, or null. A secret. */
  readonly authorization: string | null;
  readonly caCert?: string;
  readonly timeoutMs: number;
  readonly queries: readonly string[];
  /** Range read, unix seconds: `[from, to)`. */
  readonly from: number;
  readonly to: number;
  /** @default PAGE_LIMIT */
  readonly pageLimit?: number;
  /** @default MAX_LINES_PER_QUERY */
  readonly maxLines?: number;
  /** Injected in tests; the shared HTTP transport otherwise. */
  readonly send?: (call: ApiCall) => Promise<RawAnswer>;
}

export interface LokiReading {
  /** Null when no query could be read at all. */
  readonly evidence: LokiEvidence | null;
  readonly gaps: DataGap[];
}

/** Unix seconds as the decimal nanoseconds Loki takes, exact (no float on the way). */
export function secondsToNs(seconds: number): bigint {
  const ms = BigInt(Math.round(seconds * 1000));
  return ms * 1_000_000n;
}

function labelsKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface StreamBuilder {
  labels: Labels;
  entries: LokiEntry[];
}

type PageOutcome = { ok: true; entries: number; lastNs: bigint | null; fresh: number } | { ok: false; reason: string };

/**
 * Reads every line one LogQL log query matches in `[from, to)`, oldest first, page by page: when a
 * page comes back full (`limit` entries), the next starts at its last timestamp, and the entries at
 * that boundary already read are dropped (Loki's `start` is inclusive, and a page may have cut a
 * nanosecond's entries in two). Stops at `maxLines` with `truncated` set.
 */
async function readQuery(send: (call: ApiCall) => Promise<RawAnswer>, query: string, options: ReadLokiOptions, server: string, secrets: readonly string[]) {
  const limit = options.pageLimit ?? PAGE_LIMIT;
  const maxLines = options.maxLines ?? MAX_LINES_PER_QUERY;
  const end = secondsToNs(options.to);
  let start = secondsToNs(options.from);
  const streams = new Map<string, StreamBuilder>();
  // Entries at the last page's final nanosecond, as stream + line: those a next page repeats.
  let boundary = new Set<string>();
  let total = 0;
  let truncated = false;

  const readPage = async (): Promise<PageOutcome> => {
    const params: [string, string][] = [
      ['query', query],
      ['start', start.toString()],
      ['end', end.toString()],
      ['limit', String(limit)],
      ['direction', 'forward'],
    ];
    const answer = await fetchJson(send, { path: '/loki/api/v1/query_range', params, allowPost: false }, server, secrets);
    if (!answer.ok) return { ok: false, reason: answer.error };
    const parsed = queryRangeSchema.safeParse(answer.value);
    if (!parsed.success) return { ok: false, reason: `unexpected answer from ${server} (expected Loki's query_range JSON)` };
    if (parsed.data.data.resultType !== 'streams') {
      return { ok: false, reason: `the query gives a ${parsed.data.data.resultType}, not log lines: give a log query like {app="shop"} |= "error", not a metric query` };
    }
    let entries = 0;
    let fresh = 0;
    let lastNs: bigint | null = null;
    const nextBoundary = new Set<string>();
    const pageEntries: { key: string; labels: Labels; ns: bigint; entry: LokiEntry }[] = [];
    for (const raw of parsed.data.data.result) {
      const stream = streamSchema.safeParse(raw);
      if (!stream.success) return { ok: false, reason: `unexpected stream in the answer from ${server} (expected {stream, values: [["<ns>", "<line>"]]})` };
      const key = labelsKey(stream.data.stream);
      for (const [ns, line] of stream.data.values) {
        entries++;
        const time = BigInt(ns);
        if (lastNs === null || time > lastNs) lastNs = time;
        pageEntries.push({ key, labels: stream.data.stream, ns: time, entry: { ns, line } });
      }
    }
    for (const { key, labels, ns, entry } of pageEntries) {
      const id = `${key}\u0000${entry.ns}\u0000${entry.line}`;
      if (ns === lastNs) nextBoundary.add(id);
      if (boundary.has(id)) continue;
      if (total >= maxLines) {
        truncated = true;
        continue;
      }
      let builder = streams.get(key);
      if (builder === undefined) {
        builder = { labels, entries: [] };
        streams.set(key, builder);
      }
      builder.entries.push(entry);
      total++;
      fresh++;
    }
    boundary = nextBoundary;
    return { ok: true, entries, lastNs, fresh };
  };

  for (;;) {
    const page = await readPage();
    if (!page.ok) return { result: null, reason: page.reason, streams, total };
    if (truncated || page.entries < limit || page.lastNs === null) break;
    if (page.fresh === 0) {
      // A whole page of one nanosecond already read: more entries share it than a page holds. Step past it.
      start = page.lastNs + 1n;
      boundary = new Set();
    } else start = page.lastNs;
    if (start >= end) break;
  }
  const sorted: LokiStream[] = [...streams.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, builder]) => ({
      labels: builder.labels,
      // Pages come oldest first, but streams interleave; order each stream by time (ties keep arrival order).
      entries: [...builder.entries].sort((a, b) => (BigInt(a.ns) < BigInt(b.ns) ? -1 : BigInt(a.ns) > BigInt(b.ns) ? 1 : 0)),
    }));
  const result: LokiQueryResult = { query, streams: sorted, truncated };
  return { result, reason: null, streams, total };
}

/**
 * Reads the lines of each `--loki-query` from Grafana Loki over `[from, to)` with
 * `GET /loki/api/v1/query_range` (`direction=forward`, paged by time and `limit`). A server that cannot
 * be reached, or a query it refuses, is a data gap naming the query, never an exception; a query cut
 * at `maxLines` is a gap too.
 *
 * @example
 * const { evidence, gaps } = await readLoki({ apiBase: 'http://loki:3100', displayUrl: 'http://loki:3100/', authorization: null, timeoutMs: 30_000, queries: ['{app="shop"}'], from, to });
 */
export async function readLoki(options: ReadLokiOptions): Promise<LokiReading> {
  const send =
    options.send ??
    createHttpTransport({
      apiBase: options.apiBase,
      authorization: options.authorization,
      ...(options.caCert === undefined ? {} : { caCert: options.caCert }),
      timeoutMs: options.timeoutMs,
      maxSockets: 2,
      compress: true,
    });
  const server = `Loki at ${options.displayUrl}`;
  const secrets = options.authorization === null ? [] : [options.authorization, options.authorization.replace(/^\S+\s+/, '')];
  const gaps: DataGap[] = [];
  const results: LokiQueryResult[] = [];
  for (const query of options.queries) {
    const read = await readQuery(send, query, options, server, secrets);
    if (read.result === null) {
      const reason = read.reason ?? 'unknown failure';
      // A server that is down answers no query: one gap for the server, not one per query.
      if (reason.startsWith('Cannot reach')) {
        gaps.push({ source: 'loki', what: `${options.displayUrl} (${options.queries.length === 1 ? 'the query' : `all ${options.queries.length} queries`})`, reason });
        break;
      }
      gaps.push({ source: 'loki', what: query, reason });
      continue;
    }
    if (read.result.truncated) {
      gaps.push({ source: 'loki', what: query, reason: `more than ${options.maxLines ?? MAX_LINES_PER_QUERY} lines: only the first ones were read (narrow the query, e.g. |= "error")` });
    }
    results.push(read.result);
  }
  return { evidence: results.length === 0 && gaps.length > 0 ? null : { url: options.displayUrl, queries: results }, gaps };
}
