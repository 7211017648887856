import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../reports/json.js';
import { runCli } from './_run-cli.js';

// The demo bundle (db-slow-query: HighRequestLatency and HostHighCpuLoad in its ALERTS history) plus a
// webhook receiver's log of the same day, as a team whose Prometheus lost the history would give it.
const BUNDLE = 'samples/db-slow-query.evidence.json.gz';

/** An Alertmanager webhook body (version 4), as one line of the receiver's log. */
function notification(status: 'firing' | 'resolved', alerts: readonly Record<string, unknown>[]): string {
  return JSON.stringify({
    receiver: 'shop-oncall',
    status,
    alerts,
    groupLabels: { alertname: (alerts[0]?.['labels'] as Record<string, string>)['alertname'] },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.kimby.example:9093',
    version: '4',
    groupKey: '{}/{severity="critical"}:{alertname="HighErrorRate"}',
    truncatedAlerts: 0,
  });
}

const errorRate = {
  labels: { alertname: 'HighErrorRate', job: 'shop-api', severity: 'critical' },
  annotations: { summary: 'High error rate on shop-api', runbook_url: 'https://runbooks.kimby.example/alerts/HighErrorRate' },
  generatorURL: 'http://prometheus.kimby.example:9090/graph?g0.expr=job%3Ahttp_errors%3Aratio_rate5m+%3E+0.05',
  fingerprint: '5b1c7e0f3a9d2468',
};
const latency = {
  labels: { alertname: 'HighRequestLatency', job: 'shop-api', severity: 'critical' },
  annotations: { summary: 'High request latency on shop-api' },
  fingerprint: '0e6f4a2c8b1d3579',
};
const ZERO = '0001-01-01T00:00:00Z';

describe('incident-timeline reconstruct --bundle … --alert-log (webhook payloads saved by a receiver)', () => {
  let dir: string;
  let log: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alert-log-e2e-'));
    log = join(dir, 'alerts.jsonl');
    const lines = [
      notification('firing', [{ ...latency, status: 'firing', startsAt: '2023-10-15T06:03:00Z', endsAt: ZERO }]),
      notification('firing', [{ ...errorRate, status: 'firing', startsAt: '2023-10-15T07:10:00.25Z', endsAt: ZERO }]),
      notification('firing', [{ ...errorRate, status: 'firing', startsAt: '2023-10-15T07:10:00.25Z', endsAt: ZERO }]),
      '{"receiver":"shop-oncall","status":"firing","alerts":[{"status":"fir', // the receiver died mid-write
      notification('resolved', [{ ...errorRate, status: 'resolved', startsAt: '2023-10-15T07:10:00.25Z', endsAt: '2023-10-15T07:25:00Z' }]),
      notification('firing', [{ ...errorRate, status: 'firing', startsAt: '2023-10-15T07:40:00Z', endsAt: ZERO }]),
      notification('resolved', [{ ...errorRate, status: 'resolved', startsAt: '2023-10-15T07:40:00Z', endsAt: '2023-10-15T08:05:00Z' }]),
    ];
    await writeFile(log, `${lines.join('\n')}\n`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('rebuilds the flapping alert from the notifications, merges the one ALERTS also holds, and reports the broken line', async () => {
    const run = await runCli(['reconstruct', '--bundle', BUNDLE, '--alert-log', log, '--format', 'json', '--quiet']);
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as ReportJson;
    const flapping = report.alerts.filter((alert) => alert.alertname === 'HighErrorRate');
    expect(flapping.map((a) => [a.firingAt, a.resolvedAt, a.episodes, a.flapping, a.sources])).toEqual([
      ['2023-10-15T07:10:00Z', '2023-10-15T07:25:00Z', 2, true, ['alert-log']],
      ['2023-10-15T07:40:00Z', '2023-10-15T08:05:00Z', 2, true, ['alert-log']],
    ]);
    // The rule from the bundle's /api/v1/rules gives its expression to the alert seen only in the log.
    expect(flapping[0]?.rule?.name).toBe('HighErrorRate');
    const latencyAlerts = report.alerts.filter((alert) => alert.alertname === 'HighRequestLatency');
    expect(latencyAlerts.map((a) => [a.pendingAt, a.firingAt, a.sources])).toEqual([['2023-10-15T06:01:00Z', '2023-10-15T06:03:00Z', ['alert-log', 'prometheus']]]);
    // An alert only ALERTS holds shows its rule's annotations expanded for its labels.
    const cpu = report.alerts.find((alert) => alert.alertname === 'HostHighCpuLoad');
    expect([cpu?.sources, cpu?.annotations?.['summary'], cpu?.annotations?.['runbook_url']]).toEqual([
      ['prometheus'],
      'Host db1:9100 CPU is busy',
      'https://runbooks.kimby.example/alerts/HostHighCpuLoad',
    ]);
    expect(report.dataGaps).toContainEqual({ source: 'alert-log', what: log, reason: `1 line unreadable and skipped: ${log}:4 not JSON` });
  }, 120_000);

  it('marks the flapping alert in the Markdown alerts table', async () => {
    const run = await runCli(['reconstruct', '--bundle', BUNDLE, '--alert-log', log, '--quiet']);
    expect(run.stdout).toMatch(/^\| HighErrorRate \(for 5m\) \(flapping: 2 episodes\) \| shop-api/m);
    expect(run.stdout).toContain('- **HighErrorRate**: High error rate on shop-api; rule ');
  }, 120_000);

  it('refuses an alert log that cannot be read, and live sources beside a bundle, with one line (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['--alert-log', join(dir, 'missing.jsonl')], /^incident-timeline: --alert-log .*missing\.jsonl .*: expected a file of Alertmanager webhook payloads/],
      [['--alertmanager', 'http://127.0.0.1:9093'], /^incident-timeline: --bundle is analysed offline: drop --alertmanager/],
      [['--loki', 'http://127.0.0.1:3100', '--loki-query', '{app="shop"}'], /^incident-timeline: --bundle is analysed offline: drop --loki, --loki-query/],
    ];
    for (const [flags, message] of cases) {
      const run = await runCli(['reconstruct', '--bundle', BUNDLE, ...flags, '--quiet']);
      expect({ flags, code: run.code, lines: run.stderr.trimEnd().split('\n').length }).toEqual({ flags, code: 2, lines: 1 });
      expect(run.stderr).toMatch(message);
    }
  }, 120_000);
});
