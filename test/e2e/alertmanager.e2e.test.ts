import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../reports/json.js';
import { findFreePort, startAlertmanager, startPrometheus, type RunningAlertmanager, type RunningPrometheus } from '../servers/index.js';
import { runCli } from './_run-cli.js';

// A real Alertmanager 0.25 (Debian's prometheus-alertmanager) holding what an outage leaves in it:
// two firing alerts posted as Prometheus posts them, one silenced by the on-call engineer. Beside it
// a real Prometheus without alert history, so everything about the alerts comes from Alertmanager.

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

describe('incident-timeline reconstruct --alertmanager (a real Alertmanager)', () => {
  let alertmanager: RunningAlertmanager;
  let prometheus: RunningPrometheus;
  let dir: string;
  let silenceId: string;
  let diskFullStart: number;

  beforeAll(async () => {
    [alertmanager, prometheus] = await Promise.all([startAlertmanager(), startPrometheus()]);
    dir = await mkdtemp(join(tmpdir(), 'alertmanager-e2e-'));
    const now = Math.floor(Date.now() / 1000);
    diskFullStart = now - 20 * 60;
    await alertmanager.postAlerts([
      {
        labels: { alertname: 'NodeFilesystemAlmostOutOfSpace', device: '/dev/sda1', instance: 'db1:9100', job: 'node', mountpoint: '/var/lib/postgresql', severity: 'critical' },
        annotations: {
          summary: 'Filesystem on /dev/sda1 at db1:9100 has only 2.1% available space left.',
          runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/node/nodefilesystemalmostoutofspace',
        },
        startsAt: iso(diskFullStart),
        endsAt: iso(now + 3600),
        generatorURL: 'http://prometheus:9090/graph?g0.expr=node_filesystem_avail_bytes',
      },
      {
        labels: { alertname: 'PostgresTooManyConnections', instance: 'db1:9187', job: 'postgres', severity: 'warning' },
        annotations: { summary: 'PostgreSQL instance db1:9187 uses 94% of its connections.' },
        startsAt: iso(now - 8 * 60),
        endsAt: iso(now + 3600),
      },
    ]);
    silenceId = await alertmanager.postSilence({
      matchers: [
        { name: 'alertname', value: 'NodeFilesystemAlmostOutOfSpace', isRegex: false, isEqual: true },
        { name: 'instance', value: 'db1.*', isRegex: true, isEqual: true },
      ],
      startsAt: iso(now),
      endsAt: iso(now + 2 * 3600),
      createdBy: 'alice@example.com',
      comment: 'Known: WAL archive filling the disk, moving it to the new volume (INC-2291)',
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([alertmanager?.stop(), prometheus?.stop()]);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('puts its alerts (with state, silences and annotations) and the silence on the timeline', async () => {
    const out = join(dir, 'report.json');
    const run = await runCli(['reconstruct', '--prometheus', prometheus.url, '--alertmanager', alertmanager.url, '--from', 'now-1h', '--to', 'now', '--format', 'json', '--out', out, '--quiet']);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('incident-timeline:'))).toEqual([]);
    const report = JSON.parse(await readFile(out, 'utf8')) as ReportJson;
    expect(report.dataGaps.filter((gap) => gap.source === 'alertmanager')).toEqual([]);

    const disk = report.alerts.find((alert) => alert.alertname === 'NodeFilesystemAlmostOutOfSpace');
    expect(disk).toMatchObject({
      firingAt: iso(diskFullStart).replace('.000Z', 'Z'),
      resolvedAt: null,
      sources: ['alertmanager'],
      alertmanager: { state: 'suppressed', silencedBy: [silenceId], inhibitedBy: [] },
      flapping: false,
    });
    expect(disk?.annotations?.['runbook_url']).toBe('https://runbooks.prometheus-operator.dev/runbooks/node/nodefilesystemalmostoutofspace');
    const connections = report.alerts.find((alert) => alert.alertname === 'PostgresTooManyConnections');
    expect(connections?.alertmanager).toEqual({ state: 'active', silencedBy: [], inhibitedBy: [] });

    const silence = report.events.find((event) => event.kind === 'silence');
    expect(silence?.title).toBe(
      '{alertname="NodeFilesystemAlmostOutOfSpace", instance=~"db1.*"} silenced by ***@example.com: Known: WAL archive filling the disk, moving it to the new volume (INC-2291)',
    );
    expect(silence?.evidence['silenceId']).toBe(silenceId);
    const firing = report.events.find((event) => event.kind === 'alert_firing' && event.labels['alertname'] === 'NodeFilesystemAlmostOutOfSpace');
    expect(firing?.title).toContain('has only 2.1% available space left');
  }, 120_000);

  it('shows the summary and runbook under the Markdown alerts table, and the silence in the timeline', async () => {
    const run = await runCli(['reconstruct', '--prometheus', prometheus.url, '--alertmanager', alertmanager.url, '--from', 'now-1h', '--to', 'now', '--quiet']);
    expect(run.stdout).toMatch(/\| NodeFilesystemAlmostOutOfSpace \(silenced\) \|/);
    expect(run.stdout).toContain('runbook https://runbooks.prometheus-operator.dev/runbooks/node/nodefilesystemalmostoutofspace');
    // Markdown escapes the mask's stars (\\*\\*\\*) so they show as typed.
    expect(run.stdout).toMatch(/Silence: \{alertname="NodeFilesystemAlmostOutOfSpace", .*\} silenced by \\\*\\\*\\\*@example\.com: Known: WAL archive filling the disk/);
    // The mailbox is masked by default (a postmortem travels); --no-redact keeps who it was.
    const unredacted = await runCli(['reconstruct', '--prometheus', prometheus.url, '--alertmanager', alertmanager.url, '--from', 'now-1h', '--to', 'now', '--no-redact', '--quiet']);
    expect(unredacted.stdout).toMatch(/silenced by alice@example\.com: Known: WAL archive/);
  }, 120_000);

  it('turns an Alertmanager that is down into a data gap: report written, exit 3', async () => {
    const port = await findFreePort();
    const out = join(dir, 'down.json');
    const run = await runCli(['reconstruct', '--prometheus', prometheus.url, '--alertmanager', `http://127.0.0.1:${port}`, '--from', 'now-1h', '--to', 'now', '--format', 'json', '--out', out, '--quiet']);
    expect(run.code).toBe(3);
    const report = JSON.parse(await readFile(out, 'utf8')) as ReportJson;
    expect(report.dataGaps).toContainEqual({ source: 'alertmanager', what: `http://127.0.0.1:${port}/`, reason: `Cannot reach Alertmanager at http://127.0.0.1:${port}/: connection refused` });
  }, 120_000);
});
