import { describe, expect, it } from 'vitest';
import type { LokiEvidence } from '../model/loki.js';
import { isErrorLine, levelOfLokiLine, lokiEvents, lokiRecords, nsToSeconds } from './loki-events.js';

const T0 = 1_684_000_000;

describe('nsToSeconds()', () => {
  it('reads Loki nanosecond strings, short ones too', () => {
    expect(nsToSeconds('1684000004250000123')).toBeCloseTo(T0 + 4.250000123, 6);
    expect(nsToSeconds('500000000')).toBe(0.5);
  });
});

describe('isErrorLine()', () => {
  it('knows error levels in logfmt, JSON, klog and stream labels, and well-known failures at any level', () => {
    const yes = [
      ['level=error msg="payment call failed"', {}],
      ['{"level":"ERROR","msg":"pq: deadlock detected"}', {}],
      ['E0513 17:46:44.123456 1 controller.go:114] sync failed', {}],
      ['2023-05-13 17:46:44 FATAL could not write to file "pg_wal/xlogtemp.1234": No space left on device', {}],
      ['write /var/lib/app/cache: no space left on device', {}],
      ['upstream connect error or disconnect/reset before headers. reset reason: connection refused', {}],
      ['request done', { level: 'error' }],
    ] as const;
    const no = [
      ['level=info msg="0 errors in last batch"', {}],
      ['GET /api/errors/summary 200 12ms', {}],
      ['{"level":"warn","msg":"retrying"}', { level: 'warn' }],
    ] as const;
    for (const [line, labels] of yes) expect({ line, error: isErrorLine(line, labels) }).toEqual({ line, error: true });
    for (const [line, labels] of no) expect({ line, error: isErrorLine(line, labels) }).toEqual({ line, error: false });
  });
});

describe('lokiEvents()', () => {
  const loki: LokiEvidence = {
    url: 'http://loki:3100/',
    queries: [
      {
        query: '{app="shop"}',
        truncated: false,
        streams: [
          {
            labels: { app: 'shop', component: 'checkout' },
            entries: [
              { ns: `${T0 + 1}000000000`, line: 'level=info msg="order placed" order_id=88121' },
              { ns: `${T0 + 4}250000123`, line: 'level=error msg="payment call failed" err="dial tcp 10.0.3.7:8443: connect: connection refused"' },
              { ns: `${T0 + 6}000000000`, line: 'level=error msg="payment call failed" err="context deadline exceeded"' },
              { ns: `${T0 + 7200}000000000`, line: 'level=error msg="after the range"' },
            ],
          },
          { labels: { app: 'shop', component: 'frontend' }, entries: [{ ns: `${T0 + 2}000000000`, line: 'GET / 200' }] },
          { labels: { app: 'shop', component: 'auth' }, entries: [{ ns: `${T0 + 3}000000000`, line: 'level=error msg="login upstream failed" password=hunter2' }] },
        ],
      },
    ],
  };

  it('gives one event per stream at its first error line, counting the lines and errors of the range', () => {
    const events = lokiEvents(loki, T0, T0 + 3600);
    expect(events).toHaveLength(2);
    // No secret from a line reaches the report.
    const byComponent = (c: string) => events.find((e) => e.labels['component'] === c);
    expect(byComponent('auth')?.title).toBe('Error line in {app="shop", component="auth"}: level=error msg="login upstream failed" password=***');
    expect(byComponent('checkout')).toMatchObject({
      kind: 'log',
      source: 'logs',
      labels: { app: 'shop', component: 'checkout' },
      title: 'First of 2 error lines in {app="shop", component="checkout"}: level=error msg="payment call failed" err="dial tcp 10.0.3.7:8443: connect: connection refused"',
      evidence: { origin: 'loki', query: '{app="shop"}', lines: 3, errorLines: 2, truncated: false },
    });
    expect(byComponent('checkout')?.time).toBeCloseTo(T0 + 4.25, 6);
  });
});

describe('levelOfLokiLine() and lokiRecords()', () => {
  it('reads the level from the stream label first, then the line, and names the stream as the source', () => {
    expect(levelOfLokiLine('{"level":"warn","msg":"x"}', { detected_level: 'error' })).toBe('error');
    expect(levelOfLokiLine('ts=2023-05-13T17:46:44Z lvl=crit msg="raft: no leader"', {})).toBe('fatal');
    expect(levelOfLokiLine('W0513 17:46:44.123456 1 reflector.go:424] watch closed', {})).toBe('warning');
    expect(levelOfLokiLine('plain text without a level', {})).toBe('unknown');
    const records = lokiRecords({
      url: 'http://loki:3100/',
      queries: [{ query: '{app="shop"}', truncated: false, streams: [{ labels: { pod: 'api-1', app: 'shop' }, entries: [{ ns: '1684000004250000123', line: 'level=error msg="boom"' }, { ns: '1684000005000000000', line: 'level=info msg="ok"' }] }] }],
    });
    expect(records.map((r) => [r.source, r.line, r.level, r.message])).toEqual([
      ['loki {app="shop", pod="api-1"}', 1, 'error', 'level=error msg="boom"'],
      ['loki {app="shop", pod="api-1"}', 2, 'info', 'level=info msg="ok"'],
    ]);
  });
});
