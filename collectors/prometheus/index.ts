// The Prometheus collector's public surface: the client, its option and result types, and credential
// resolution for the CLI. Everything else in this folder is an implementation detail.
export { createPrometheusClient, DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS } from './client.js';
export type {
  InstantQueryResult,
  InstantSample,
  MetricMetadata,
  PrometheusClient,
  PrometheusClientOptions,
  RequestDoneInfo,
} from './client.js';
export type { PrometheusAuth } from './prometheus-auth.js';
export type { ServerKind } from './server-kind.js';
export type { PrometheusError, PrometheusErrorKind } from './prometheus-error.js';
export type { Result } from './result.js';
export type { TimeRange } from './query-grid.js';
export type { QueryRangeResult } from './query-range.js';
export { DEFAULT_MAX_POINTS_PER_SERIES } from './plan-query-range.js';
export { resolvePrometheusCredentials } from './credentials.js';
export type { CredentialEnv, CredentialFlags, ReadTextFile, ResolvedCredentials } from './credentials.js';
export { parsePrometheusUrl } from './prometheus-url.js';
