import type { Discovery, RecipeContext } from './discovery.js';
import type { Recipe, SignalTraits } from './recipe.js';

/** Request counters as client libraries name them: `http_requests_total`, `shop_http_requests_total`, … */
export const REQUEST_COUNTER = /^(?:[a-zA-Z_:][a-zA-Z0-9_:]*)?requests_total$/;
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

function latencySources(discovery: Discovery): LatencySource[] {
  return sorted(discovery.metricNames, LATENCY_BUCKETS).map((bucket) => ({
    bucket,
    toSeconds: bucket.endsWith('_milliseconds_bucket') ? 1000 : 1,
  }));
}

/**
 * Where request counts come from: counters that carry a status label; failing those, histogram
 * `_count` series (which usually carry the status); failing those, counters without a status
 * (rate only, no error ratio). One kind only, so one service is not counted twice.
 */
function requestSources(discovery: Discovery): RequestSource[] {
  const counters = sorted(discovery.metricNames, REQUEST_COUNTER).map((counter) => ({
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
