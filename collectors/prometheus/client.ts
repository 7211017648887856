import type { z } from 'zod';
import type { AlertRule, Labels, Series } from '../../src/model/index.js';
import { toAlertRules } from './alert-rules.js';
import { createConcurrencyLimit } from './concurrency-limit.js';
import { formatFailureMessage, type RequestSubject } from './failure-message.js';
import { createHttpTransport, type ApiCall } from './http-transport.js';
import { labelKey } from './label-key.js';
import { DEFAULT_MAX_POINTS_PER_SERIES } from './plan-query-range.js';
import { authorizationHeader, type PrometheusAuth } from './prometheus-auth.js';
import { parsePrometheusUrl } from './prometheus-url.js';
import type { TimeRange } from './query-grid.js';
import { executeQueryRange, type QueryRangeResult } from './query-range.js';
import { readAnswer } from './read-answer.js';
import {
  buildInfoSchema,
  instantDataSchema,
  matrixSchema,
  metadataSchema,
  rulesSchema,
  seriesListSchema,
  stringListSchema,
} from './response-schemas.js';
import type { Result } from './result.js';
import { medianSampleSpacing } from './sample-spacing.js';
import { serverKindFromHealth, type ServerKind } from './server-kind.js';
import { MAX_ATTEMPTS, withRetry, type RetryPolicy } from './with-retry.js';

export type { PrometheusAuth } from './prometheus-auth.js';
export type { PrometheusError } from './prometheus-error.js';
export type { Result } from './result.js';

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_CONCURRENCY = 4;
/** The raw samples `scrapeInterval` looks at, before the instant asked about. */
const SCRAPE_INTERVAL_WINDOW = '10m';

export interface PrometheusClientOptions {
  /**
   * Base URL of a Prometheus-compatible API, with an optional path prefix (`/prometheus`). User info
   * (`https://user:pass@host`) becomes basic auth and is removed from everything shown.
   */
  readonly url: string;
  /** Overrides user info in `url`. */
  readonly auth?: PrometheusAuth | undefined;
  /** PEM text of a private CA to trust. */
  readonly caCert?: string | undefined;
  /** Per request. @default 60_000 */
  readonly timeoutMs?: number | undefined;
  /** Requests in flight at once, for all calls of this client together. @default 4 */
  readonly concurrency?: number | undefined;
  /** Attempts per request, the first included. @default 4 */
  readonly maxAttempts?: number | undefined;
  /**
   * Ask the server to gzip its answers: about 5× less data on the wire, but about twice the server's
   * CPU and the client's time to inflate it. Worth it over slow links (a VPN); on a LAN or on the same
   * host it makes a run slower, so it is off by default.
   * @default false
   */
  readonly compress?: boolean | undefined;
  /** Points per series per range request; Prometheus refuses more than 11,000. @default 11_000 */
  readonly maxPointsPerSeries?: number | undefined;
  /** Called after each request (all its attempts), e.g. to show progress. */
  readonly onRequestDone?: ((info: RequestDoneInfo) => void) | undefined;
  /** Backoff tuning and an injectable sleep, for tests. */
  readonly retry?: Pick<RetryPolicy, 'initialBackoffMs' | 'maxBackoffMs' | 'sleep' | 'random'> | undefined;
}

export interface RequestDoneInfo {
  /** API path, e.g. `/api/v1/query_range`. */
  readonly path: string;
  /** Wall time of the request including retries. */
  readonly ms: number;
  readonly ok: boolean;
  readonly attempts: number;
}

/** One element of an instant vector. */
export interface InstantSample {
  readonly labels: Labels;
  readonly time: number;
  readonly value: number;
}

/** An instant query's answer, by result type. Vectors and matrices are sorted by labels. */
export type InstantQueryResult =
  | { readonly kind: 'vector'; readonly samples: InstantSample[] }
  /** Raw samples of a range selector (`x[10m]`): each series has its own timestamps. */
  | { readonly kind: 'matrix'; readonly series: Series[] }
  | { readonly kind: 'scalar'; readonly time: number; readonly value: number }
  | { readonly kind: 'string'; readonly time: number; readonly value: string };

export interface MetricMetadata {
  readonly type: string;
  readonly help: string;
  readonly unit: string;
}

/** A Prometheus-compatible HTTP API. Every method resolves, never rejects, for failures it can name. */
export interface PrometheusClient {
  /** The base URL without user info or query string, safe to show and to write into evidence. */
  readonly displayUrl: string;
  queryRange(query: string, range: TimeRange): Promise<Result<QueryRangeResult>>;
  instantQuery(query: string, time: number): Promise<Result<InstantQueryResult>>;
  series(match: readonly string[], start: number, end: number): Promise<Result<Labels[]>>;
  labelNames(start: number, end: number, match?: readonly string[]): Promise<Result<string[]>>;
  labelValues(name: string, start: number, end: number, match?: readonly string[]): Promise<Result<string[]>>;
  metadata(): Promise<Result<Map<string, MetricMetadata>>>;
  rules(): Promise<Result<AlertRule[]>>;
  buildInfo(): Promise<Result<{ version: string } | null>>;
  /** Prometheus unless the server's health endpoint names VictoriaMetrics; never fails (one request, no retry). */
  serverKind(): Promise<ServerKind>;
  scrapeInterval(at: number): Promise<Result<number | null>>;
}

/** Unix seconds as the API takes them: millisecond resolution, no exponent. */
function formatTime(seconds: number): string {
  return String(Math.round(seconds * 1000) / 1000);
}

function byKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, sortKey: key(item) }))
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
    .map(({ item }) => item);
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < 1) throw new RangeError(`${name} must be a whole number of at least 1, got ${chosen}`);
  return chosen;
}

/**
 * Creates a client for a Prometheus-compatible HTTP API (Prometheus, VictoriaMetrics, Thanos, Mimir).
 * Requests share one concurrency limit, are retried with backoff on network errors, 429 and 5xx, and
 * their payloads are validated as they arrive; failures come back as one-line, credential-free
 * messages. Range queries are split to fit the server's limits (see `executeQueryRange`). Throws a
 * TypeError for a URL that is not http(s) and a RangeError for nonsensical limits: those are
 * programming or configuration errors, caught before anything is sent.
 *
 * @example
 * const prometheus = createPrometheusClient({ url: 'http://127.0.0.1:9090' });
 * const cpu = await prometheus.queryRange('rate(node_cpu_seconds_total[5m])', { start, end, step: 15 });
 * if (cpu.ok) console.log(cpu.value.series.length, cpu.value.gaps);
 */
export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  const parsed = parsePrometheusUrl(options.url);
  if (!parsed.ok) throw new TypeError(parsed.error);
  const { displayUrl, apiBase, userInfo } = parsed.value;
  const timeoutMs = positiveInteger('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const concurrency = positiveInteger('concurrency', options.concurrency, DEFAULT_CONCURRENCY);
  const maxAttempts = positiveInteger('maxAttempts', options.maxAttempts, MAX_ATTEMPTS);
  const maxPointsPerSeries = positiveInteger('maxPointsPerSeries', options.maxPointsPerSeries, DEFAULT_MAX_POINTS_PER_SERIES);

  const auth: PrometheusAuth | null =
    options.auth ?? (userInfo === null ? null : { kind: 'basic', username: userInfo.username, password: userInfo.password });
  const authorization = auth === null ? null : authorizationHeader(auth);
  // Everything that must never be shown, in the forms it could appear in.
  const secrets = [authorization, authorization?.split(' ')[1], userInfo?.password, auth?.kind === 'bearer' ? auth.token : undefined, auth?.kind === 'basic' ? auth.password : undefined]
    .filter((secret): secret is string => secret !== undefined && secret !== null && secret.length >= 3)
    .flatMap((secret) => [secret, encodeURIComponent(secret)]);

  const send = createHttpTransport({
    apiBase,
    authorization,
    timeoutMs,
    maxSockets: concurrency,
    compress: options.compress === true,
    ...(options.caCert === undefined ? {} : { caCert: options.caCert }),
  });
  const limit = createConcurrencyLimit(concurrency);
  const retryPolicy: RetryPolicy = { ...options.retry, maxAttempts };

  async function call<S extends z.ZodType>(subject: RequestSubject, apiCall: ApiCall, schema: S): Promise<Result<z.output<S>>> {
    const started = performance.now();
    const { outcome, attempts } = await withRetry(
      () => limit(async () => readAnswer(await send(apiCall), schema, timeoutMs, Date.now())),
      retryPolicy,
    );
    try {
      options.onRequestDone?.({ path: apiCall.path, ms: performance.now() - started, ok: outcome.ok, attempts });
    } catch {
      // Progress display is best effort; it must not turn a fetched answer into a failure.
    }
    if (outcome.ok) return outcome;
    const { kind, status } = outcome.error;
    return { ok: false, error: { kind, status, message: formatFailureMessage(subject, outcome.error, displayUrl, secrets) } };
  }

  const matchParams = (match: readonly string[] | undefined): [string, string][] => (match ?? []).map((m) => ['match[]', m]);
  const timeParams = (start: number, end: number): [string, string][] => [
    ['start', formatTime(start)],
    ['end', formatTime(end)],
  ];

  return {
    displayUrl,

    async queryRange(query, range) {
      const fetchChunk = async (chunk: TimeRange) => {
        const answer = await call(
          { kind: 'query', query },
          {
            path: '/api/v1/query_range',
            params: [['query', query], ...timeParams(chunk.start, chunk.end), ['step', formatTime(chunk.step)]],
            allowPost: true,
          },
          matrixSchema,
        );
        return answer.ok ? { ok: true as const, value: answer.value.result } : answer;
      };
      return executeQueryRange(query, range, fetchChunk, { maxPointsPerSeries, concurrency });
    },

    async instantQuery(query, time) {
      const answer = await call(
        { kind: 'query', query },
        { path: '/api/v1/query', params: [['query', query], ['time', formatTime(time)]], allowPost: true },
        instantDataSchema,
      );
      if (!answer.ok) return answer;
      const data = answer.value;
      switch (data.resultType) {
        case 'vector': {
          const samples = data.result.flatMap(({ metric, value }) =>
            value === undefined ? [] : [{ labels: metric, time: value.time, value: value.value }],
          );
          return { ok: true, value: { kind: 'vector', samples: byKey(samples, (s) => labelKey(s.labels)) } };
        }
        case 'matrix': {
          const series = data.result.flatMap(({ metric, values }) =>
            values === undefined ? [] : [{ labels: metric, timestamps: values.timestamps, values: values.values }],
          );
          return { ok: true, value: { kind: 'matrix', series: byKey(series, (s) => labelKey(s.labels)) } };
        }
        case 'scalar':
          return { ok: true, value: { kind: 'scalar', time: data.result.time, value: data.result.value } };
        case 'string':
          return { ok: true, value: { kind: 'string', time: data.result[0], value: data.result[1] } };
      }
    },

    async series(match, start, end) {
      const path = '/api/v1/series';
      if (match.length === 0) {
        return { ok: false, error: { kind: 'bad_query', status: null, message: `Cannot read ${path} from Prometheus at ${displayUrl}: no series selector given` } };
      }
      const answer = await call(
        { kind: 'query', query: match.join(' or ') },
        { path, params: [...matchParams(match), ...timeParams(start, end)], allowPost: true },
        seriesListSchema,
      );
      return answer.ok ? { ok: true, value: byKey(answer.value, labelKey) } : answer;
    },

    async labelNames(start, end, match) {
      const path = '/api/v1/labels';
      const answer = await call({ kind: 'endpoint', path }, { path, params: [...timeParams(start, end), ...matchParams(match)], allowPost: true }, stringListSchema);
      return answer.ok ? { ok: true, value: [...answer.value].sort() } : answer;
    },

    async labelValues(name, start, end, match) {
      const path = `/api/v1/label/${encodeURIComponent(name)}/values`;
      // This endpoint has no POST form in Prometheus 2.x.
      const answer = await call({ kind: 'endpoint', path }, { path, params: [...timeParams(start, end), ...matchParams(match)], allowPost: false }, stringListSchema);
      return answer.ok ? { ok: true, value: [...answer.value].sort() } : answer;
    },

    async metadata() {
      const path = '/api/v1/metadata';
      const answer = await call({ kind: 'endpoint', path }, { path, params: [], allowPost: false }, metadataSchema);
      if (!answer.ok) return answer;
      const metadata = new Map<string, MetricMetadata>();
      for (const name of Object.keys(answer.value).sort()) {
        // Targets can disagree about one metric; the first entry is the one most targets report.
        const first = answer.value[name]?.[0];
        if (first !== undefined) metadata.set(name, first);
      }
      return { ok: true, value: metadata };
    },

    async rules() {
      const path = '/api/v1/rules';
      const answer = await call({ kind: 'endpoint', path }, { path, params: [['type', 'alert']], allowPost: false }, rulesSchema);
      return answer.ok ? { ok: true, value: toAlertRules(answer.value) } : answer;
    },

    async buildInfo() {
      const path = '/api/v1/status/buildinfo';
      const answer = await call({ kind: 'endpoint', path }, { path, params: [], allowPost: false }, buildInfoSchema);
      // Servers without the endpoint (old Prometheus, some proxies) simply do not tell their version.
      if (!answer.ok && answer.error.kind === 'not_found') return { ok: true, value: null };
      return answer;
    },

    async serverKind() {
      const answer = await send({ path: '/-/healthy', params: [], allowPost: false });
      return answer.type === 'response' ? serverKindFromHealth(answer.status, answer.body) : 'prometheus';
    },

    async scrapeInterval(at) {
      const answer = await this.instantQuery(`up[${SCRAPE_INTERVAL_WINDOW}]`, at);
      if (!answer.ok) return answer;
      return { ok: true, value: answer.value.kind === 'matrix' ? medianSampleSpacing(answer.value.series) : null };
    },
  };
}
