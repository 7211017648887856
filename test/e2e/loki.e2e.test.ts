import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../reports/json.js';
import { findFreePort, startPrometheus, startRecordedLoki, type RecordedLoki, type RunningPrometheus } from '../servers/index.js';
import { runCli } from './_run-cli.js';

// Grafana Loki cannot be installed here (not packaged for Debian): the CLI reads a local server that
// answers in Loki's documented query_range format (test/servers/recorded-loki.ts). Prometheus is real.

const HOUR = 3600;
/** A window that ended hours ago, so the data read (window plus tail) does not depend on the clock. */
const FROM = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 6 * HOUR;
const TO = FROM + HOUR;
const ns = (seconds: number, nanos = 0): bigint => BigInt(seconds) * 1_000_000_000n + BigInt(nanos);

const checkout = { app: 'shop', component: 'checkout', namespace: 'prod' };
const payments = { app: 'shop', component: 'payments', namespace: 'prod' };
const LINES = [
  { stream: checkout, ns: ns(FROM - 1800), line: 'level=info msg="order placed" order_id=88001 duration=95ms' },
  { stream: checkout, ns: ns(FROM + 600), line: 'level=info msg="order placed" order_id=88121 duration=112ms' },
  { stream: payments, ns: ns(FROM + 720, 250_000_123), line: '{"level":"error","msg":"pq: sorry, too many clients already","query_id":"-4321783046937463871"}' },
  { stream: checkout, ns: ns(FROM + 721), line: 'level=error msg="payment call failed" err="context deadline exceeded" order_id=88122' },
  ...Array.from({ length: 40 }, (_, i) => ({ stream: payments, ns: ns(FROM + 725 + i * 30), line: '{"level":"error","msg":"pq: sorry, too many clients already"}' })),
  { stream: checkout, ns: ns(FROM + 2400), line: 'level=info msg="order placed" order_id=88140 duration=101ms' },
];

describe('incident-timeline reconstruct --loki (recorded Loki answers)', () => {
  let prometheus: RunningPrometheus;
  let loki: RecordedLoki;
  let dir: string;
  const window = ['--from', new Date(FROM * 1000).toISOString(), '--to', new Date(TO * 1000).toISOString()];

  beforeAll(async () => {
    [prometheus, loki] = await Promise.all([startPrometheus(), startRecordedLoki(LINES)]);
    dir = await mkdtemp(join(tmpdir(), 'loki-e2e-'));
  }, 120_000);
  afterAll(async () => {
    await Promise.all([prometheus?.stop(), loki?.stop()]);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('puts each stream\'s first error line on the timeline, and replays byte for byte from a bundle', async () => {
    const flags = ['--loki', loki.url, '--loki-query', '{app="shop"}', '--format', 'json', '--quiet'];
    const live = await runCli(['reconstruct', '--prometheus', prometheus.url, ...window, ...flags]);
    expect(live.stderr.split('\n').filter((line) => line.startsWith('incident-timeline:'))).toEqual([]);
    const report = JSON.parse(live.stdout) as ReportJson;
    const logs = report.events.filter((event) => event.kind === 'log');
    expect(logs.map((event) => [event.time, event.labels['component'], event.evidence['errorLines'], event.evidence['lines']])).toEqual([
      [new Date((FROM + 720) * 1000).toISOString().replace('.000Z', 'Z'), 'payments', 41, 41],
      [new Date((FROM + 721) * 1000).toISOString().replace('.000Z', 'Z'), 'checkout', 1, 4],
    ]);
    expect(logs[0]?.title).toBe('First of 41 error lines in {app="shop", component="payments", namespace="prod"}: {"level":"error","msg":"pq: sorry, too many clients already","query_id":"-4321783046937463871"}');
    const first = loki.requests[0]?.url.searchParams;
    expect([first?.get('direction'), first?.get('query')]).toEqual(['forward', '{app="shop"}']);

    const bundle = join(dir, 'evidence.json.gz');
    const capture = await runCli(['capture', '--prometheus', prometheus.url, ...window, '--loki', loki.url, '--loki-query', '{app="shop"}', '--out', bundle, '--quiet']);
    expect(capture.stderr.split('\n').filter((line) => line.startsWith('incident-timeline:'))).toEqual([]);
    const replayed = await runCli(['reconstruct', '--bundle', bundle, '--format', 'json', '--quiet']);
    expect(replayed.stdout).toBe(live.stdout);
  }, 180_000);

  it('turns a Loki that refuses the query, or is down, into a data gap: report written, exit 3', async () => {
    loki.setHandler((_url, response) => {
      response.statusCode = 400;
      response.end('parse error at line 1, col 14: syntax error: unexpected IDENTIFIER\n');
    });
    try {
      const refused = await runCli(['reconstruct', '--prometheus', prometheus.url, ...window, '--loki', loki.url, '--loki-query', '{app="shop"} error', '--format', 'json', '--quiet']);
      expect(refused.code).toBe(3);
      expect((JSON.parse(refused.stdout) as ReportJson).dataGaps).toContainEqual({
        source: 'loki',
        what: '{app="shop"} error',
        reason: `Cannot read /loki/api/v1/query_range from Loki at ${loki.url}/: HTTP 400 parse error at line 1, col 14: syntax error: unexpected IDENTIFIER`,
      });
    } finally {
      loki.setHandler(null);
    }
    const port = await findFreePort();
    const down = await runCli(['reconstruct', '--prometheus', prometheus.url, ...window, '--loki', `http://127.0.0.1:${port}`, '--loki-query', '{app="shop"}', '--format', 'json', '--quiet']);
    expect(down.code).toBe(3);
    expect((JSON.parse(down.stdout) as ReportJson).dataGaps).toContainEqual({
      source: 'loki',
      what: `http://127.0.0.1:${port}/ (the query)`,
      reason: `Cannot reach Loki at http://127.0.0.1:${port}/: connection refused`,
    });
  }, 180_000);

  it('refuses Loki options that cannot work with one line (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['--loki', loki.url], /^incident-timeline: --loki needs at least one --loki-query/],
      [['--loki-query', '{app="shop"}'], /^incident-timeline: --loki-query needs --loki \(or LOKI_URL\)/],
      [['--loki', loki.url, '--loki-query', 'app=shop'], /^incident-timeline: --loki-query "app=shop": expected a LogQL log query starting with a stream selector/],
      [['--loki', 'loki:3100', '--loki-query', '{app="shop"}'], /^incident-timeline: --loki: Invalid Loki URL "loki:3100": expected http/],
    ];
    for (const [flags, message] of cases) {
      const run = await runCli(['reconstruct', '--prometheus', prometheus.url, ...window, ...flags, '--quiet']);
      expect({ flags, code: run.code, lines: run.stderr.trimEnd().split('\n').length }).toEqual({ flags, code: 2, lines: 1 });
      expect(run.stderr).toMatch(message);
    }
  }, 180_000);
});
