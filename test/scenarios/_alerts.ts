/**
 * The scenarios' alerting rules: each is the PromQL written to the rules file and the same expression
 * computed on the generated series (see _promql.ts). Prometheus 2.42 cannot backfill alerts, so the
 * `ALERTS` / `ALERTS_FOR_STATE` history is written here, following its rule state machine with a
 * 15 s evaluation interval: pending from the first evaluation where the condition holds, firing once it
 * has held for the rule's `for`, no sample at all once it stops holding.
 */
import type { Labels } from '../../src/model/series.js';
import type { TimeGrid } from './_grid.js';
import { histogramQuantile, instantAt, rateAt, sumOfRates } from './_promql.js';
import type { Bucket } from './_promql.js';
import type { SeriesStore, StoredSeries } from './_store.js';

const RUNBOOK_BASE = 'https://runbooks.kimby.example/alerts/';
/**
 * The live server had data before the scenario's first sample; we do not, and a rate over a range
 * that reaches before the data extrapolates wildly. Evaluation starts once the longest range (5 min)
 * fits in the data.
 */
const EVALUATION_WARMUP_SECONDS = 300;

/** What a rule's expression returned at every evaluation, for one output label set. */
export interface AlertCondition {
  readonly labels: Labels;
  /** 1 where the expression returned this label set (the condition held). */
  readonly holds: Uint8Array;
}

export interface ScenarioRule {
  readonly group: string;
  readonly alert: string;
  readonly expr: string;
  readonly forSeconds: number;
  readonly severity: 'critical' | 'warning';
  readonly summary: string;
  readonly description: string;
  readonly evaluate: (store: SeriesStore) => readonly AlertCondition[];
}

/** One alert's life as Prometheus recorded it, unix seconds. */
export interface AlertInstance {
  readonly alertname: string;
  /** Labels of its `ALERTS_FOR_STATE` series (the alert's labels without `alertstate`). */
  readonly labels: Labels;
  readonly pendingAt: number;
  readonly firingAt: number | null;
  /** First evaluation where it no longer held; null when still active at the end of the data. */
  readonly resolvedAt: number | null;
}

function groupBy(series: readonly StoredSeries[], label: string): Map<string, StoredSeries[]> {
  const groups = new Map<string, StoredSeries[]>();
  for (const one of series) {
    const key = one.labels[label] ?? '';
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [one]);
    else list.push(one);
  }
  return groups;
}

function conditionOver(grid: TimeGrid, holdsAt: (index: number) => boolean): Uint8Array {
  const holds = new Uint8Array(grid.length);
  for (let k = 0; k < grid.length; k++) holds[k] = holdsAt(k) ? 1 : 0;
  return holds;
}

/** p99 request latency of one job above `thresholdSeconds`, from the prom-client histogram. */
export function highRequestLatency(job: string, thresholdSeconds: number, forSeconds: number): ScenarioRule {
  const rangeSeconds = 60;
  return {
    group: 'http',
    alert: 'HighRequestLatency',
    expr: `histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket{job="${job}"}[1m]))) > ${thresholdSeconds}`,
    forSeconds,
    severity: 'critical',
    summary: 'High request latency on {{ $labels.job }}',
    description: `99th percentile latency of {{ $labels.job }} is {{ $value | humanizeDuration }}, above ${thresholdSeconds}s for more than ${forSeconds / 60} minutes.`,
    evaluate(store) {
      const grid = store.grid;
      const byLe = groupBy(store.select('http_request_duration_seconds_bucket', { job }), 'le');
      const holds = conditionOver(grid, (k) => {
        const buckets: Bucket[] = [];
        for (const [le, series] of byLe) {
          const rate = sumOfRates(series, grid, k, rangeSeconds);
          if (!Number.isNaN(rate)) buckets.push({ upperBound: le === '+Inf' ? Infinity : Number(le), count: rate });
        }
        return histogramQuantile(0.99, buckets) > thresholdSeconds;
      });
      return [{ labels: { job }, holds }];
    },
  };
}

/** Share of 5xx answers per job above `thresholdRatio`, when the job serves more than `minRate` req/s. */
export function highErrorRate(thresholdRatio: number, minRate: number, forSeconds: number): ScenarioRule {
  const rangeSeconds = 60;
  return {
    group: 'http',
    alert: 'HighErrorRate',
    expr:
      `sum by (job) (rate(http_requests_total{code=~"5.."}[1m])) / sum by (job) (rate(http_requests_total[1m])) > ${thresholdRatio}` +
      ` and sum by (job) (rate(http_requests_total[1m])) > ${minRate}`,
    forSeconds,
    severity: 'critical',
    summary: 'High error rate on {{ $labels.job }}',
    description: `{{ $value | humanizePercentage }} of requests to {{ $labels.job }} fail with a server error (threshold ${thresholdRatio * 100}%).`,
    evaluate(store) {
      const grid = store.grid;
      return [...groupBy(store.select('http_requests_total'), 'job')].map(([job, series]) => {
        const errors = series.filter((one) => (one.labels['code'] ?? '').startsWith('5'));
        const holds = conditionOver(grid, (k) => {
          const total = sumOfRates(series, grid, k, rangeSeconds);
          const failed = sumOfRates(errors, grid, k, rangeSeconds);
          return failed / total > thresholdRatio && total > minRate;
        });
        return { labels: { job }, holds };
      });
    },
  };
}

/** A host's CPU busy share (1 - average idle rate over its cpus) above `threshold`. */
export function hostHighCpuLoad(threshold: number, forSeconds: number): ScenarioRule {
  const rangeSeconds = 120;
  return {
    group: 'node',
    alert: 'HostHighCpuLoad',
    expr: `(1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[2m]))) > ${threshold}`,
    forSeconds,
    severity: 'warning',
    summary: 'Host {{ $labels.instance }} CPU is busy',
    description: `CPU of {{ $labels.instance }} is {{ $value | humanizePercentage }} busy (threshold ${threshold * 100}%).`,
    evaluate(store) {
      const grid = store.grid;
      return [...groupBy(store.select('node_cpu_seconds_total', { mode: 'idle' }), 'instance')].map(([instance, cpus]) => {
        const holds = conditionOver(grid, (k) => {
          let sum = 0;
          let count = 0;
          for (const cpu of cpus) {
            const rate = rateAt(cpu, grid, k, rangeSeconds);
            if (Number.isNaN(rate)) continue;
            sum += rate;
            count++;
          }
          return count > 0 && 1 - sum / count > threshold;
        });
        return { labels: { instance }, holds };
      });
    },
  };
}

/** postgres_exporter reaches the exporter but not the database. */
export function postgresDown(forSeconds: number): ScenarioRule {
  return {
    group: 'postgres',
    alert: 'PostgresDown',
    expr: 'pg_up == 0',
    forSeconds,
    severity: 'critical',
    summary: 'PostgreSQL on {{ $labels.instance }} is down',
    description: 'postgres_exporter on {{ $labels.instance }} cannot connect to the database.',
    evaluate(store) {
      const grid = store.grid;
      return store.select('pg_up').map((series) => ({
        labels: { instance: series.labels['instance'] ?? '', job: series.labels['job'] ?? '' },
        holds: conditionOver(grid, (k) => instantAt(series, k) === 0),
      }));
    },
  };
}

/** Client backends above `threshold` of max_connections. */
export function postgresTooManyConnections(threshold: number, forSeconds: number): ScenarioRule {
  return {
    group: 'postgres',
    alert: 'PostgresTooManyConnections',
    expr: `sum by (instance) (pg_stat_database_numbackends) / sum by (instance) (pg_settings_max_connections) > ${threshold}`,
    forSeconds,
    severity: 'warning',
    summary: 'PostgreSQL on {{ $labels.instance }} is running out of connections',
    description: `{{ $value | humanizePercentage }} of max_connections are in use on {{ $labels.instance }} (threshold ${threshold * 100}%).`,
    evaluate(store) {
      const grid = store.grid;
      return [...groupBy(store.select('pg_stat_database_numbackends'), 'instance')].map(([instance, backends]) => {
        const limits = store.select('pg_settings_max_connections', { instance });
        const holds = conditionOver(grid, (k) => {
          let used = 0;
          let seen = false;
          for (const one of backends) {
            const value = instantAt(one, k);
            if (Number.isNaN(value)) continue;
            used += value;
            seen = true;
          }
          let limit = 0;
          for (const one of limits) limit += Number.isNaN(instantAt(one, k)) ? 0 : instantAt(one, k);
          return seen && limit > 0 && used / limit > threshold;
        });
        return { labels: { instance }, holds };
      });
    },
  };
}

/**
 * Runs each rule over the data, adds the `ALERTS` and `ALERTS_FOR_STATE` series to the store and
 * returns every alert instance, in order of first becoming active.
 */
export function addAlertHistory(store: SeriesStore, rules: readonly ScenarioRule[]): AlertInstance[] {
  const grid = store.grid;
  const instances: AlertInstance[] = [];
  const forStateSeries: { labels: Labels; values: Float64Array }[] = [];
  for (const rule of rules) {
    for (const condition of rule.evaluate(store)) {
      const labels: Labels = { alertname: rule.alert, ...condition.labels, severity: rule.severity };
      const pending = new Float64Array(grid.length).fill(Number.NaN);
      const firing = new Float64Array(grid.length).fill(Number.NaN);
      const forState = new Float64Array(grid.length).fill(Number.NaN);
      let activeAt: number | null = null;
      let firingAt: number | null = null;
      const close = (resolvedAt: number | null): void => {
        if (activeAt !== null) instances.push({ alertname: rule.alert, labels, pendingAt: activeAt, firingAt, resolvedAt });
        activeAt = null;
        firingAt = null;
      };
      for (let k = Math.ceil(EVALUATION_WARMUP_SECONDS / grid.step); k < grid.length; k++) {
        const t = grid.time(k);
        if (condition.holds[k] !== 1) {
          if (activeAt !== null) close(t);
          continue;
        }
        activeAt ??= t;
        if (firingAt === null && t - activeAt >= rule.forSeconds) firingAt = t;
        if (firingAt === null) pending[k] = 1;
        else firing[k] = 1;
        forState[k] = activeAt;
      }
      close(null);
      for (const [state, values] of [
        ['pending', pending],
        ['firing', firing],
      ] as const) {
        if (values.some((v) => !Number.isNaN(v))) store.add('ALERTS', { ...labels, alertstate: state }, values, { kind: 'gauge', decimals: 0 });
      }
      if (forState.some((v) => !Number.isNaN(v))) forStateSeries.push({ labels, values: forState });
    }
  }
  for (const one of forStateSeries) store.add('ALERTS_FOR_STATE', one.labels, one.values, { kind: 'gauge', decimals: 0 });
  return instances.sort((a, b) => a.pendingAt - b.pendingAt || a.alertname.localeCompare(b.alertname));
}

function promDuration(seconds: number): string {
  if (seconds % 3600 === 0 && seconds > 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0 && seconds > 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/**
 * The rules as a Prometheus rules file. Scalars are written as JSON strings, which YAML reads as
 * double-quoted strings, so no expression or template needs hand escaping.
 */
export function renderRulesFile(rules: readonly ScenarioRule[], evaluationIntervalSeconds: number): string {
  const groups = [...new Set(rules.map((rule) => rule.group))];
  const lines = ['groups:'];
  for (const group of groups) {
    lines.push(`  - name: ${JSON.stringify(group)}`, `    interval: ${promDuration(evaluationIntervalSeconds)}`, '    rules:');
    for (const rule of rules.filter((one) => one.group === group)) {
      lines.push(
        `      - alert: ${rule.alert}`,
        `        expr: ${JSON.stringify(rule.expr)}`,
        `        for: ${promDuration(rule.forSeconds)}`,
        '        labels:',
        `          severity: ${JSON.stringify(rule.severity)}`,
        '        annotations:',
        `          summary: ${JSON.stringify(rule.summary)}`,
        `          description: ${JSON.stringify(rule.description)}`,
        `          runbook_url: ${JSON.stringify(RUNBOOK_BASE + rule.alert)}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
