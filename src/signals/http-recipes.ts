import type { Discovery, RecipeContext } from './discovery.js';
import type { Recipe, SignalTraits } from './recipe.js';

/** Request counters as client libraries name them: `http_requests_total`, `shop_http_requests_total`, … */
export const REQUEST_COUNTER = /^(?:[a-zA-Z_:][a-zA-Z0-9_:]*)?requests_total$/;
/**
 * Metrics of calls a service makes to others (`http_client_request_duration_seconds`,
 * `grpc_client_handling_seconds`, OpenTelemetry `http_client_duration_milliseconds`): what an upstream
 * dependency looks like from its caller, a cause of the caller's symptoms rather than one of them.
 */
const CLIENT_SIDE = /(?:^|_)client_/;
/**
 * Latency histograms: prom-client / express-prom-bundle `http_request_duration_seconds`, Spring
 * `http_server_requests_seconds`, OpenTelemetry `http_server_duration_milliseconds`, gRPC `grpc_server_handling_seconds`.
 */
export const LATENCY_BUCKETS = /^(?:[a-zA-Z_:][a-zA-Z0-9_:]*)?(?:http|request|rpc)[a-zA-Z0-9_:]*_(seconds|milliseconds)_bucket$/;
/** Label names that carry the response status, most common first. */
export const STATUS_LABELS = ['code', 'status_code', 'status', 'http_status', 'response_code', 'http_response_status_code'] as const;

interface RequestSource {
  /** Counter of requests (a `*_requests_total` or a histogram's `_count`). */
  readonly counter: string;
  readonly statusLabel: string | null;
}

interface LatencySource {
  readonly bucket: string;
  /** Divide quantiles by this to get seconds (1000 for millisecond histograms). */
  readonly toSeconds: number;
}

function statusLabelOf(metric: string, discovery: Discovery): string | null {
  const names = discovery.labelNames.get(metric);
  if (names === undefined) return null;
  return STATUS_LABELS.find((label) => names.has(label)) ?? null;
}

function sorted(names: Iterable<string>, pattern: RegExp): string[] {
  return [...names].filter((name) => pattern.test(name)).sort();
}

/** Server-side (or client-side, with `client`) metrics of a pattern. */
function ofSide(names: Iterable<string>, pattern: RegExp, client: boolean): string[] {
  return sorted(names, pattern).filter((name) => CLIENT_SIDE.test(name) === client);
}

function latencySources(discovery: Discovery, client = false): LatencySource[] {
  return ofSide(discovery.metricNames, LATENCY_BUCKETS, client).map((bucket) => ({
    bucket,
    toSeconds: bucket.endsWith('_milliseconds_bucket') ? 1000 : 1,
  }));
}

/**
 * Where request counts come from: counters that carry a status label; failing those, histogram
 * `_count` series (which usually carry the status); failing those, counters without a status
 * (rate only, no error ratio). One kind only, so one service is not counted twice.
 */
/**
 * Counters of scrapes, not of users' requests: the Go client's `promhttp_metric_handler_requests_total`
 * counts every scrape of `/metrics` by code, so each exporter would pass for a service with traffic.
 */
const SCRAPE_COUNTER = /metric_handler_requests_total$/;

function requestSources(discovery: Discovery): RequestSource[] {
  const counters = ofSide(discovery.metricNames, REQUEST_COUNTER, false)
    .filter((counter) => !SCRAPE_COUNTER.test(counter))
    .map((counter) => ({
    counter,
    statusLabel: statusLabelOf(counter, discovery),
  }));
  const withStatus = counters.filter((source) => source.statusLabel !== null);
  if (withStatus.length > 0) return withStatus;
  const fromHistograms = latencySources(discovery)
    .map(({ bucket }) => bucket.replace(/_bucket$/, '_count'))
    .filter((count) => discovery.metricNames.has(count))
    .map((counter) => ({ counter, statusLabel: statusLabelOf(counter, discovery) ?? statusLabelOf(counter.replace(/_count$/, '_bucket'), discovery) }));
  const histogramsWithStatus = fromHistograms.filter((source) => source.statusLabel !== null);
  if (histogramsWithStatus.length > 0) return histogramsWithStatus;
  return counters.length > 0 ? counters : fromHistograms;
}

/**
 * The bucket bound to count slow requests against: the threshold itself when a bucket has it,
 * else the largest bound below it (so "slow" never under-counts), as the exporter spells it
 * (`1` from prom-client, `1.0` from OpenMetrics exporters).
 */
export function slowBucketBound(bounds: readonly string[], thresholdSeconds: number, toSeconds: number): string | null {
  let best: string | null = null;
  let bestValue = -Infinity;
  for (const bound of bounds) {
    const value = Number(bound) / toSeconds;
    if (Number.isFinite(value) && value <= thresholdSeconds * (1 + 1e-9) && value > bestValue) {
      best = bound;
      bestValue = value;
    }
  }
  return best;
}

const USER_FACING = { userFacing: true, role: 'level' } as const;

const REQUEST_RATE: SignalTraits = { signal: 'http_request_rate', title: 'HTTP request rate', category: 'traffic', unit: 'per_second', badDirection: 'both', ...USER_FACING };
const ERROR_RATIO: SignalTraits = { signal: 'http_error_ratio', title: 'HTTP 5xx error ratio', category: 'errors', unit: 'ratio', badDirection: 'up', limit: 1, ...USER_FACING };
const LATENCY_P50: SignalTraits = { signal: 'http_latency_p50', title: 'HTTP latency p50', category: 'latency', unit: 'seconds', badDirection: 'up', ...USER_FACING };
const LATENCY_P99: SignalTraits = { signal: 'http_latency_p99', title: 'HTTP latency p99', category: 'latency', unit: 'seconds', badDirection: 'up', ...USER_FACING };
const SLOW_RATIO: SignalTraits = { signal: 'http_slow_ratio', title: 'HTTP slow request ratio', category: 'latency', unit: 'ratio', badDirection: 'up', limit: 1, ...USER_FACING };

const discovered = [REQUEST_COUNTER, LATENCY_BUCKETS];

function quantileQuery(quantile: number) {
  return (discovery: Discovery, { rateInterval }: RecipeContext): string[] =>
    latencySources(discovery).map(({ bucket, toSeconds }) => {
      const query = `histogram_quantile(${quantile}, sum by (job, le) (rate(${bucket}[${rateInterval}])))`;
      return toSeconds === 1 ? query : `${query} / ${toSeconds}`;
    });
}

/** Labels naming the service a client-side metric calls, most common first. */
export const PEER_LABELS = ['peer', 'peer_service', 'server_address', 'net_peer_name', 'upstream', 'target', 'host', 'service'] as const;

/** The label naming the called service on a client-side metric, when it carries one. */
function peerLabelOf(metric: string, discovery: Discovery): string | null {
  const names = discovery.labelNames.get(metric);
  return names === undefined ? null : (PEER_LABELS.find((label) => names.has(label)) ?? null);
}

const DEPENDENCY = { category: 'dependency', userFacing: false, role: 'level', pinpoints: true } as const;
const UPSTREAM_P50: SignalTraits = { signal: 'upstream_latency_p50', title: 'Upstream call latency p50', unit: 'seconds', badDirection: 'up', ...DEPENDENCY };
const UPSTREAM_P99: SignalTraits = { signal: 'upstream_latency_p99', title: 'Upstream call latency p99', unit: 'seconds', badDirection: 'up', ...DEPENDENCY };
const UPSTREAM_SLOW: SignalTraits = { signal: 'upstream_slow_ratio', title: 'Upstream slow call ratio', unit: 'ratio', badDirection: 'up', limit: 1, ...DEPENDENCY };

/** `job` plus the peer label when there is one: one series per caller and called service. */
function upstreamGrouping(bucket: string, discovery: Discovery): string {
  const peer = peerLabelOf(bucket, discovery);
  return peer === null ? 'job' : `job, ${peer}`;
}

function upstreamQuantile(quantile: number) {
  return (discovery: Discovery, { rateInterval }: RecipeContext): string[] =>
    latencySources(discovery, true).map(({ bucket, toSeconds }) => {
      const query = `histogram_quantile(${quantile}, sum by (${upstreamGrouping(bucket, discovery)}, le) (rate(${bucket}[${rateInterval}])))`;
      return toSeconds === 1 ? query : `${query} / ${toSeconds}`;
    });
}

/** Calls to other services, per caller job and called service. */
export const UPSTREAM_RECIPES: readonly Recipe[] = [
  { ...UPSTREAM_P50, metrics: discovered, queries: upstreamQuantile(0.5) },
  { ...UPSTREAM_P99, metrics: discovered, queries: upstreamQuantile(0.99) },
  {
    ...UPSTREAM_SLOW,
    metrics: discovered,
    queries: (discovery, { rateInterval, slowThresholdSeconds }) =>
      latencySources(discovery, true).flatMap(({ bucket, toSeconds }) => {
        const bound = slowBucketBound(discovery.bucketBounds.get(bucket) ?? [], slowThresholdSeconds, toSeconds);
        if (bound === null) return [];
        const by = upstreamGrouping(bucket, discovery);
        return [
          `1 - sum by (${by}) (rate(${bucket}{le="${bound}"}[${rateInterval}])) / sum by (${by}) (rate(${bucket}{le="+Inf"}[${rateInterval}]))`,
        ];
      }),
  },
];

/** User-facing request signals, per job (the service users talk to). */
export const HTTP_RECIPES: readonly Recipe[] = [
  {
    ...REQUEST_RATE,
    metrics: discovered,
    queries: (discovery, { rateInterval }) =>
      requestSources(discovery).map(({ counter }) => `sum by (job) (rate(${counter}[${rateInterval}]))`),
  },
  {
    ...ERROR_RATIO,
    metrics: discovered,
    queries: (discovery, { rateInterval }) =>
      requestSources(discovery).flatMap(({ counter, statusLabel }) => {
        if (statusLabel === null) return [];
        const all = `sum by (job) (rate(${counter}[${rateInterval}]))`;
        // `or … * 0`: with no 5xx at all the numerator has no series and the ratio would be
        // absent rather than 0, which reads as a gap instead of "healthy".
        return [`(sum by (job) (rate(${counter}{${statusLabel}=~"5.."}[${rateInterval}])) or ${all} * 0) / ${all}`];
      }),
  },
  { ...LATENCY_P50, metrics: discovered, queries: quantileQuery(0.5) },
  { ...LATENCY_P99, metrics: discovered, queries: quantileQuery(0.99) },
  {
    ...SLOW_RATIO,
    metrics: discovered,
    queries: (discovery, { rateInterval, slowThresholdSeconds }) =>
      latencySources(discovery).flatMap(({ bucket, toSeconds }) => {
        const bound = slowBucketBound(discovery.bucketBounds.get(bucket) ?? [], slowThresholdSeconds, toSeconds);
        if (bound === null) return [];
        return [
          `1 - sum by (job) (rate(${bucket}{le="${bound}"}[${rateInterval}])) / sum by (job) (rate(${bucket}{le="+Inf"}[${rateInterval}]))`,
        ];
      }),
  },
];
