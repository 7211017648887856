import { describe, expect, it } from 'vitest';
import { readEvidenceBundle } from '../../collectors/bundle/read-bundle.js';
import { renderJson } from '../../reports/json.js';
import { renderMarkdown } from '../../reports/markdown.js';
import type { AlertmanagerEvidence, NotifiedAlert } from '../model/alertmanager.js';
import type { Evidence } from '../model/evidence.js';
import type { LokiEvidence } from '../model/loki.js';
import { reconstruct } from '../reconstruct.js';
import { decodeEvidence } from './decode-evidence.js';
import { encodeEvidence } from './encode-evidence.js';

// The demo bundle predates Alertmanager, webhook logs and Loki: it must still read, and with those
// added the same evidence must give the same report after a trip through a bundle.
const SAMPLE = 'samples/db-slow-query.evidence.json.gz';
const T = Date.UTC(2023, 9, 15, 7, 0, 0) / 1000;

const alertmanager: AlertmanagerEvidence = {
  url: 'http://alertmanager.kimby.example:9093/',
  fetchedAt: T + 9 * 3600,
  alerts: [
    {
      fingerprint: '0e6f4a2c8b1d3579',
      labels: { alertname: 'PostgresTooManyConnections', instance: 'db1:9187', severity: 'warning' },
      annotations: { summary: 'PostgreSQL on db1:9187 is running out of connections' },
      startsAt: T + 5 * 3600,
      endsAt: T + 9 * 3600 + 240,
      state: 'suppressed',
      silencedBy: ['2c9e1f7a-4b3d-4e8f-9a1b-6c5d4e3f2a1b'],
      inhibitedBy: [],
      generatorURL: 'http://prometheus:9090/graph?g0.expr=pg_stat_activity_count',
    },
  ],
  silences: [
    {
      id: '2c9e1f7a-4b3d-4e8f-9a1b-6c5d4e3f2a1b',
      matchers: [{ name: 'instance', value: 'db1:9187', isRegex: false, isEqual: true }],
      createdBy: 'dba-oncall',
      comment: 'Killing the long transaction holding locks on orders',
      startsAt: T + 5 * 3600 + 600,
      endsAt: T + 8 * 3600,
      state: 'expired',
    },
  ],
};
const alertLog: NotifiedAlert[] = [
  {
    file: 'alerts.jsonl', line: 1, receiver: 'shop-oncall', status: 'resolved', fingerprint: '5b1c7e0f3a9d2468',
    labels: { alertname: 'HighErrorRate', job: 'shop-api', severity: 'critical' }, annotations: { summary: 'High error rate on shop-api' },
    startsAt: T + 600.25, endsAt: T + 1500, generatorURL: null,
  },
];
const loki: LokiEvidence = {
  url: 'http://loki:3100/',
  queries: [
    {
      query: '{app="shop"} |= "error"',
      truncated: false,
      streams: [{ labels: { app: 'shop', component: 'api' }, entries: [{ ns: '1697353200123456789', line: 'level=error msg="query timeout" statement="SELECT * FROM orders WHERE …"' }] }],
    },
  ],
};

describe('bundles with Alertmanager, webhook-log and Loki evidence', () => {
  it('still read a bundle written before these existed', async () => {
    const old = await readEvidenceBundle(SAMPLE);
    expect([old.alertmanager, old.alertLog, old.loki]).toEqual([undefined, undefined, undefined]);
  });

  it('give the same report, byte for byte, after a trip through a bundle', async () => {
    const evidence: Evidence = { ...(await readEvidenceBundle(SAMPLE)), alertmanager, alertLog, loki };
    const replayed = decodeEvidence(JSON.parse(JSON.stringify(encodeEvidence(evidence))), 'x.json.gz');
    expect([replayed.alertmanager, replayed.alertLog, replayed.loki]).toEqual([alertmanager, alertLog, loki]);
    const live = reconstruct(evidence);
    expect(renderJson(reconstruct(replayed))).toBe(renderJson(live));
    expect(renderMarkdown(reconstruct(replayed))).toBe(renderMarkdown(live));
    // And the sources did reach the report.
    expect(live.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['silence', 'log']));
    expect(live.alerts.map((a) => a.alertname)).toEqual(expect.arrayContaining(['HighErrorRate', 'PostgresTooManyConnections']));
  });

  it('refuse a Loki entry whose time is not nanosecond digits, saying where', () => {
    const bad = encodeEvidence({ ...{ window: { from: 0, to: 60, lookbackFrom: 0, stepSeconds: 15, timezone: 'UTC' }, source: { kind: 'prometheus', url: 'http://p/', version: null }, toolVersion: '0.1.0', signals: [], alerts: { alerts: [], forState: [], rules: [] }, gaps: [] }, loki });
    const json = JSON.parse(JSON.stringify(bad)) as { loki: { queries: { streams: { entries: { ns: string }[] }[] }[] } };
    json.loki.queries[0]!.streams[0]!.entries[0]!.ns = '1.697e18';
    expect(() => decodeEvidence(json, 'x.json.gz')).toThrow(/x\.json\.gz is damaged or incomplete at loki\.queries\.0\.streams\.0\.entries\.0\.ns/);
  });
});
