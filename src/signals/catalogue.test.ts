import { describe, expect, it } from 'vitest';
import { CATALOGUE, buildSignalQueries, metricsNeedingLabels } from './catalogue.js';
import type { Discovery } from './discovery.js';
import { rateInterval } from './rate-interval.js';
import { slowBucketBound } from './http-recipes.js';

function discovery(names: string[], labels: Record<string, string[]> = {}, buckets: Record<string, string[]> = {}): Discovery {
  return {
    metricNames: new Set(names),
    labelNames: new Map(Object.entries(labels).map(([k, v]) => [k, new Set(v)])),
    bucketBounds: new Map(Object.entries(buckets)),
  };
}

const context = { rateInterval: '1m', slowThresholdSeconds: 1 };
const PROM_CLIENT_BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];

describe('buildSignalQueries()', () => {
  it('runs only the recipes whose metrics the server has', () => {
    const queries = buildSignalQueries(CATALOGUE, discovery(['node_cpu_seconds_total', 'up']), context);
    expect(queries.map((q) => q.signal).sort()).toEqual(['cpu_mode', 'cpu_utilization', 'target_up']);
    expect(queries.find((q) => q.signal === 'cpu_utilization')?.query).toBe(
      '1 - avg by (instance, job) (rate(node_cpu_seconds_total{mode="idle"}[1m]))',
    );
  });

  it('needs every metric of a two-metric ratio', () => {
    const partial = buildSignalQueries(CATALOGUE, discovery(['node_memory_MemAvailable_bytes']), context);
    expect(partial.map((q) => q.signal)).not.toContain('memory_available_ratio');
  });

  it('builds HTTP signals on the status label the server uses', () => {
    const found = discovery(
      ['http_requests_total', 'http_request_duration_seconds_bucket', 'http_request_duration_seconds_count'],
      { http_requests_total: ['__name__', 'code', 'instance', 'job', 'method', 'route'] },
      { http_request_duration_seconds_bucket: PROM_CLIENT_BUCKETS },
    );
    const bySignal = new Map(buildSignalQueries(CATALOGUE, found, context).map((q) => [q.signal, q]));
    expect(bySignal.get('http_error_ratio')?.query).toBe(
      '(sum by (job) (rate(http_requests_total{code=~"5.."}[1m])) or sum by (job) (rate(http_requests_total[1m])) * 0) / sum by (job) (rate(http_requests_total[1m]))',
    );
    expect(bySignal.get('http_latency_p99')?.query).toBe(
      'histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket[1m])))',
    );
    expect(bySignal.get('http_slow_ratio')?.query).toContain('le="1"');
    expect(bySignal.get('http_error_ratio')?.userFacing).toBe(true);
  });

  it('does not take an exporter\'s count of its own scrapes for users\' requests', () => {
    // postgres_exporter, node_exporter and every Go exporter expose promhttp_metric_handler_requests_total{code}.
    const found = discovery(
      ['promhttp_metric_handler_requests_total', 'http_requests_total'],
      { promhttp_metric_handler_requests_total: ['__name__', 'code', 'instance', 'job'], http_requests_total: ['__name__', 'code', 'instance', 'job'] },
    );
    const queries = buildSignalQueries(CATALOGUE, found, context).filter((q) => q.category === 'traffic' || q.category === 'errors');
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.filter((q) => q.query.includes('promhttp_metric_handler'))).toEqual([]);
    const onlyScrapes = buildSignalQueries(CATALOGUE, discovery(['promhttp_metric_handler_requests_total'], { promhttp_metric_handler_requests_total: ['code', 'job'] }), context);
    expect(onlyScrapes.filter((q) => q.category === 'traffic' || q.category === 'errors')).toEqual([]);
  });

  it('falls back to histogram counts when counters carry no status', () => {
    const found = discovery(
      ['http_server_requests_seconds_bucket', 'http_server_requests_seconds_count'],
      { http_server_requests_seconds_count: ['status', 'uri', 'job'] },
      {},
    );
    const errors = buildSignalQueries(CATALOGUE, found, context).filter((q) => q.signal === 'http_error_ratio');
    expect(errors.map((q) => q.query)).toEqual([
      '(sum by (job) (rate(http_server_requests_seconds_count{status=~"5.."}[1m])) or sum by (job) (rate(http_server_requests_seconds_count[1m])) * 0) / sum by (job) (rate(http_server_requests_seconds_count[1m]))',
    ]);
  });

  it('reads outgoing-call histograms as upstream signals per caller and called service, not as user-facing latency', () => {
    const found = discovery(
      ['http_request_duration_seconds_bucket', 'http_client_request_duration_seconds_bucket'],
      { http_client_request_duration_seconds_bucket: ['job', 'instance', 'peer', 'le'], http_request_duration_seconds_bucket: ['job', 'le'] },
      { http_client_request_duration_seconds_bucket: PROM_CLIENT_BUCKETS, http_request_duration_seconds_bucket: PROM_CLIENT_BUCKETS },
    );
    const queries = buildSignalQueries(CATALOGUE, found, context);
    const p99 = queries.filter((q) => q.signal === 'http_latency_p99').map((q) => q.query);
    expect(p99).toEqual(['histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket[1m])))']);
    const upstream = queries.find((q) => q.signal === 'upstream_latency_p99');
    expect(upstream?.query).toBe('histogram_quantile(0.99, sum by (job, peer, le) (rate(http_client_request_duration_seconds_bucket[1m])))');
    expect(upstream).toMatchObject({ category: 'dependency', userFacing: false });
    expect(queries.find((q) => q.signal === 'upstream_slow_ratio')?.query).toContain('sum by (job, peer) (rate(http_client_request_duration_seconds_bucket{le="1"}[1m]))');
  });

  it('converts millisecond histograms to seconds', () => {
    const found = discovery(['http_server_duration_milliseconds_bucket'], {}, {});
    const p99 = buildSignalQueries(CATALOGUE, found, context).find((q) => q.signal === 'http_latency_p99');
    expect(p99?.query).toMatch(/\/ 1000$/);
  });

  it('asks for label details of the HTTP families only', () => {
    expect(metricsNeedingLabels(CATALOGUE, ['up', 'http_requests_total', 'api_http_request_duration_seconds_bucket', 'node_load1'])).toEqual([
      'api_http_request_duration_seconds_bucket',
      'http_requests_total',
    ]);
  });
});

describe('slowBucketBound()', () => {
  it('takes the exact bound, or the largest below the threshold, as the exporter spelt it', () => {
    expect(slowBucketBound(PROM_CLIENT_BUCKETS, 1, 1)).toBe('1');
    expect(slowBucketBound(['0.5', '1.0', '2.5', '+Inf'], 1, 1)).toBe('1.0');
    expect(slowBucketBound(PROM_CLIENT_BUCKETS, 2, 1)).toBe('1');
    expect(slowBucketBound(['100', '500', '1000', '+Inf'], 1, 1000)).toBe('1000');
    expect(slowBucketBound(['5', '10'], 1, 1)).toBeNull();
  });
});

describe('rateInterval()', () => {
  it('covers four scrapes and a step plus a scrape', () => {
    expect(rateInterval(15, 15)).toBe('1m');
    expect(rateInterval(60, 15)).toBe('1m15s');
    expect(rateInterval(30, 30)).toBe('2m');
  });
});
