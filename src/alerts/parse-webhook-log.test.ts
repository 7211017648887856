import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWebhookLog } from './parse-webhook-log.js';

/** A webhook body as Alertmanager 0.25 posts it (see ../shared/notes/real-servers.md), one per line. */
function payload(status: 'firing' | 'resolved', alerts: readonly Record<string, unknown>[]): string {
  return JSON.stringify({
    receiver: 'pagerduty-db',
    status,
    alerts,
    groupLabels: { alertname: 'PostgresDeadlocks' },
    commonLabels: { alertname: 'PostgresDeadlocks', severity: 'critical' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    version: '4',
    groupKey: '{}:{alertname="PostgresDeadlocks"}',
    truncatedAlerts: 0,
  });
}

const deadlocks = {
  labels: { alertname: 'PostgresDeadlocks', datname: 'auth', instance: 'db1:9187', job: 'postgres', severity: 'critical' },
  annotations: { summary: 'Deadlocks in database auth on db1:9187', runbook_url: 'https://wiki.example.com/runbooks/postgres-deadlocks' },
  generatorURL: 'http://prometheus:9090/graph?g0.expr=increase%28pg_stat_database_deadlocks%5B5m%5D%29+%3E+0&g0.tab=1',
  fingerprint: '8f4c1a2b9d0e7f63',
};

describe('parseWebhookLog()', () => {
  it('reads firing and resolved notifications, keeping file:line, with a firing alert\'s year-1 endsAt as no end', () => {
    const text = [
      payload('firing', [{ ...deadlocks, status: 'firing', startsAt: '2023-05-13T16:03:15.123456789Z', endsAt: '0001-01-01T00:00:00Z' }]),
      '',
      payload('resolved', [{ ...deadlocks, status: 'resolved', startsAt: '2023-05-13T16:03:15.123456789Z', endsAt: '2023-05-13T17:45:30.5Z' }]),
    ].join('\n');
    const { alerts, malformed } = parseWebhookLog(text, 'receiver/alerts.jsonl');
    expect(malformed).toEqual([]);
    expect(alerts).toEqual([
      expect.objectContaining({ file: 'receiver/alerts.jsonl', line: 1, status: 'firing', startsAt: Date.UTC(2023, 4, 13, 16, 3, 15, 123) / 1000, endsAt: null, receiver: 'pagerduty-db' }),
      expect.objectContaining({ line: 3, status: 'resolved', endsAt: Date.UTC(2023, 4, 13, 17, 45, 30, 500) / 1000, fingerprint: '8f4c1a2b9d0e7f63' }),
    ]);
    expect(alerts[0]?.annotations['runbook_url']).toBe('https://wiki.example.com/runbooks/postgres-deadlocks');
  });

  it('skips the lines it cannot read, says why with their line numbers, and uses the rest', () => {
    const good = payload('firing', [{ ...deadlocks, status: 'firing', startsAt: '2023-05-13T16:03:15Z', endsAt: '0001-01-01T00:00:00Z' }]);
    const text = [
      good,
      '{"receiver":"pagerduty-db","status":"firing","alerts":[',
      JSON.stringify({ version: '3', status: 'firing', alerts: [] }),
      payload('firing', [{ ...deadlocks, status: 'firing', startsAt: 'yesterday', endsAt: '0001-01-01T00:00:00Z' }]),
      payload('firing', [{ ...deadlocks, status: 'firing' }]),
      '\u0000\u0013\u00ff binary garbage',
      good,
    ].join('\n');
    const { alerts, malformed } = parseWebhookLog(text, 'alerts.jsonl');
    expect(alerts.map((a) => a.line)).toEqual([1, 7]);
    expect(malformed).toEqual([
      { line: 2, reason: 'not JSON' },
      { line: 3, reason: 'not a version "4" webhook payload (version "3")' },
      { line: 4, reason: 'at alerts.0.startsAt: "yesterday" is not an RFC 3339 time' },
      { line: 5, reason: expect.stringMatching(/^at alerts\.0\.startsAt: /) },
      { line: 6, reason: 'not JSON' },
    ]);
  });
});

describe('parseWebhookLog() on any text', () => {
  it('never throws, and every non-blank line is either read or reported with its number', () => {
    const good = payload('resolved', [{ ...deadlocks, status: 'resolved', startsAt: '2023-05-13T16:03:15Z', endsAt: '2023-05-13T17:45:30Z' }]);
    const line = fc.oneof(fc.string({ maxLength: 80 }), fc.constant(good), fc.constant(good.slice(0, 57)), fc.json({ maxDepth: 2 }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const text = lines.map((l) => l.replace(/\n/g, ' ')).join('\n');
        const { alerts, malformed } = parseWebhookLog(text, 'alerts.jsonl');
        const rows = text.split('\n');
        for (const [index, raw] of rows.entries()) {
          if (raw.trim() === '') continue;
          const n = index + 1;
          const read = alerts.some((a) => a.line === n);
          const reported = malformed.some((m) => m.line === n);
          // Read or reported, never both; a valid payload with an empty alert list is the only line that is neither.
          expect(read && reported).toBe(false);
          if (!read && !reported) expect(JSON.parse(raw)).toMatchObject({ version: '4', alerts: [] });
        }
        expect(malformed.every((m) => m.reason !== '')).toBe(true);
      }),
    );
  });
});
