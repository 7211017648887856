// The real-server test harness: install, backfill, start and stop Prometheus and VictoriaMetrics,
// write OpenMetrics, put a fault-injecting proxy in front, make TLS certificates.
export { ensureDebianPackage, ensurePrometheusInstalled, ensureVictoriaMetricsInstalled } from './ensure-installed.js';
export { backfill, createBackfilledDataDir } from './backfill.js';
export { startPrometheus } from './prometheus-server.js';
export type { RunningPrometheus, StartPrometheusOptions } from './prometheus-server.js';
export { startVictoriaMetrics } from './victoria-metrics-server.js';
export { startAlertmanager } from './alertmanager-server.js';
export { pageForward, startRecordedLoki } from './recorded-loki.js';
export type { LokiHandler, RecordedLoki, RecordedLokiLine } from './recorded-loki.js';
export type { PostableAlert, PostableSilence, RunningAlertmanager, StartAlertmanagerOptions } from './alertmanager-server.js';
export type { RunningVictoriaMetrics, StartVictoriaMetricsOptions } from './victoria-metrics-server.js';
export { formatOpenMetrics, writeOpenMetrics } from './openmetrics.js';
export type { MetricFamily, OpenMetricsSample, OpenMetricsType } from './openmetrics.js';
export { failFirst, startFaultProxy } from './fault-proxy.js';
export type { Fault, FaultProxy, FaultProxyOptions, ProxiedRequest } from './fault-proxy.js';
export { createTestCertificates } from './tls-certificates.js';
export type { TestCertificates } from './tls-certificates.js';
export { findFreePort } from './free-port.js';
export { isRunning, processState, stopProcess, waitForExit } from './process-exit.js';
export { startFixturePrometheus } from './fixture-prometheus.js';
export type { FixturePrometheus } from './fixture-prometheus.js';
