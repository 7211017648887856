import { describe, expect, it } from 'vitest';
import { CATALOGUE, buildSignalQueries, metricsNeedingLabels } from './catalogue.js';

const names = [
  'cart_api_build_info', 'auth_service_config_info', 'node_uname_info', 'go_info', 'kube_pod_info', 'kube_pod_container_info', 'node_network_info',
  'process_start_time_seconds', 'pg_postmaster_start_time_seconds', 'redis_start_time_seconds',
  'prometheus_config_last_reload_success_timestamp_seconds', 'auth_service_config_last_reload_success_timestamp_seconds', 'prometheus_config_last_reload_successful',
  'http_requests_info_total',
];
const discovery = { metricNames: new Set(names), labelNames: new Map(), bucketBounds: new Map() };

describe('the change recipes', () => {
  const queries = buildSignalQueries(CATALOGUE, discovery, { rateInterval: '1m', slowThresholdSeconds: 1 });
  const of = (role: string) => queries.filter((q) => q.role === role).map((q) => `${q.signal} ${q.query}`);

  it('read every info metric except those that follow pod and interface churn, one query each', () => {
    expect(of('info')).toEqual(['info_labels auth_service_config_info', 'info_labels cart_api_build_info', 'info_labels go_info', 'info_labels node_uname_info']);
  });

  it('read other start times as restarts, and config reload times as changes', () => {
    expect(of('start_time')).toEqual(['pg_start_time pg_postmaster_start_time_seconds', 'process_start_time process_start_time_seconds', 'other_start_time redis_start_time_seconds']);
    expect(of('reload_time')).toEqual([
      'config_reload auth_service_config_last_reload_success_timestamp_seconds',
      'config_reload prometheus_config_last_reload_success_timestamp_seconds',
    ]);
  });

  it('ask the server for no label details of these metrics', () => {
    expect(metricsNeedingLabels(CATALOGUE, names)).toEqual([]);
  });
});
