/**
 * A real database outage, end to end: PostgreSQL 15 and postgres_exporter 0.11 from Debian, scraped
 * every second by a real Prometheus. A shop's database serves a quiet baseline of fast lookups; then
 * the same lookup turns slow (it waits 400 ms, logged by log_min_duration_statement) and payments'
 * transfers start locking the same two accounts in opposite order, over and over (real deadlocks,
 * found by the server after deadlock_timeout); the lookup recovers while the deadlocks go on. The CLI
 * (`--prometheus … --logs <the server's log>`) reconstructs it from what the servers
 * recorded: nothing in the metrics or the log is written by the test. The evidence is read once
 * (`capture --prometheus … --logs …`, the queries `reconstruct` makes) and both reports come from it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnomalyJson, ReportJson } from '../../reports/json.js';
import { startPrometheus, type RunningPrometheus } from '../servers/index.js';
import { startPostgresExporter, type RunningPostgresExporter } from '../servers/postgres-exporter.js';
import { startPostgres, type RunningPostgres } from '../servers/postgres-server.js';
import { runCli, type CliRun } from './_run-cli.js';

const SCRAPE_SECONDS = 1;
/** Onsets from metrics and times from the log agree within a few scrapes (rate windows, flush intervals). */
const AGREEMENT_SECONDS = 5 * SCRAPE_SECONDS;
const BASELINE_SECONDS = 24;
const RECOVERY_SECONDS = 14;
const SLOW_SECONDS = 8;

/** The checkout's lookup: the same statement (one pg_stat_statements queryid) fast, then slow. */
const lookup = (sleepSeconds: number) => `SELECT count(*) FROM orders, pg_sleep(${sleepSeconds}) WHERE customer_id = 42;`;
/** A transfer between two accounts, one statement per message as an application sends them, with the application's own work (client side) between the two. */
const transfer = (from: number, to: number) =>
  [
    'BEGIN;',
    `UPDATE accounts SET balance = balance - 10 WHERE id = ${from};`,
    '\\! sleep 0.3',
    `UPDATE accounts SET balance = balance + 10 WHERE id = ${to};`,
    'COMMIT;',
  ].join('\n');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (iso: string | null | undefined) => (iso === null || iso === undefined ? Number.NaN : Date.parse(iso) / 1000);
const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

async function waitForSeries(prometheus: RunningPrometheus, query: string): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
    const first = body.data.result[0];
    if (first !== undefined) return first.value[0];
    if (Date.now() > deadline) throw new Error(`Prometheus has no ${query} after 30 s: is the exporter scraped?`);
    await sleep(250);
  }
}

describe('a real PostgreSQL outage: slow statements and deadlocks, from metrics and the server log', () => {
  let postgres: RunningPostgres;
  let exporter: RunningPostgresExporter;
  let prometheus: RunningPrometheus;
  let from = 0;
  let to = 0;
  let firstScrape = 0;
  let incidentStart = 0;
  let victims = 0;
  let deadlocksAtTo = Number.NaN;
  let bundle = '';
  let capture: CliRun;
  let json: CliRun;
  let markdown: CliRun;
  let report: ReportJson;

  beforeAll(async () => {
    postgres = await startPostgres();
    await postgres.sql('CREATE EXTENSION pg_stat_statements;\nCREATE DATABASE shop;');
    await postgres.sql(
      [
        'CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);',
        'INSERT INTO accounts SELECT g, 1000 FROM generate_series(1, 100) g;',
        'CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id int NOT NULL, total numeric(10, 2) NOT NULL);',
        'INSERT INTO orders (customer_id, total) SELECT g % 5000, (g % 977) / 10.0 FROM generate_series(1, 20000) g;',
        'CREATE INDEX orders_customer ON orders (customer_id);',
        'ANALYZE;',
      ].join('\n'),
      { database: 'shop', application: 'migrate' },
    );
    exporter = await startPostgresExporter(postgres);
    prometheus = await startPrometheus({
      configYaml: [
        'global:',
        `  scrape_interval: ${SCRAPE_SECONDS}s`,
        `  evaluation_interval: ${SCRAPE_SECONDS}s`,
        'scrape_configs:',
        '  - job_name: postgres',
        '    static_configs:',
        `      - targets: ['${exporter.target}']`,
        '',
      ].join('\n'),
    });
    firstScrape = Math.ceil(await waitForSeries(prometheus, 'pg_stat_database_deadlocks{datname="shop"}'));

    // The checkout's traffic runs all along: one lookup every 300 ms, as one pooled connection would.
    let traffic = true;
    let slow = false;
    const checkout = (async () => {
      while (traffic) {
        await postgres.sql(lookup(slow ? 0.4 : 0.001), { database: 'shop', application: 'checkout' });
        await sleep(300);
      }
    })();
    // Payments' transfers in both directions collide over and over, each collision a deadlock.
    let collisions = false;
    const payments = async () => {
      while (collisions) {
        const sessions = await Promise.all([
          postgres.session(transfer(1, 2), { database: 'shop', application: 'payments' }),
          postgres.session(transfer(2, 1), { database: 'shop', application: 'payments' }),
        ]);
        victims += sessions.filter((session) => /deadlock detected/.test(session.output)).length;
        await sleep(300);
      }
    };
    let storm: Promise<void> = Promise.resolve();
    try {
      await sleep(BASELINE_SECONDS * 1000);
      incidentStart = Math.floor(Date.now() / 1000);
      slow = true;
      collisions = true;
      storm = payments();
      await sleep(SLOW_SECONDS * 1000);
      // The lookup recovers; the deadlocks go on: the postmortem is drafted while they still happen
      // (a finished burst this short after a quiet lookback this short is no evidence to the detectors,
      // see firstEventProbability in src/detect/calm-sample.ts).
      slow = false;
      await sleep(RECOVERY_SECONDS * 1000);
      to = Math.floor(Date.now() / 1000);
      from = incidentStart - 6;
      const query = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent('pg_stat_database_deadlocks{datname="shop"}')}&time=${to}`);
      deadlocksAtTo = Number(((await query.json()) as { data: { result: { value: [number, string] }[] } }).data.result[0]?.value[1]);
      // No --step: the CLI measures the 1 s scrape interval and steps at it, with rate() over 4 scrapes.
      const window = ['--from', iso(from), '--to', iso(to), '--lookback', `${from - firstScrape}s`, '--logs', postgres.logFile];
      // One read of the servers, two reports from it: two live runs a moment apart can read a different
      // last scrape (Prometheus appends a scrape only when the exporter has answered), and the order
      // the Markdown is checked against is the JSON's.
      bundle = join(mkdtempSync(join(tmpdir(), 'incident-timeline-postgres-')), 'evidence.json.gz');
      capture = await runCli(['capture', '--prometheus', prometheus.url, ...window, '--out', bundle, '--quiet']);
      [json, markdown] = await Promise.all([
        runCli(['reconstruct', '--bundle', bundle, '--format', 'json', '--quiet']),
        runCli(['reconstruct', '--bundle', bundle, '--format', 'markdown', '--quiet']),
      ]);
    } finally {
      traffic = false;
      collisions = false;
      await Promise.all([checkout, storm]);
    }
    report = JSON.parse(json.stdout) as ReportJson;
  }, 150_000);

  afterAll(async () => {
    await Promise.all([prometheus?.stop(), exporter?.stop()]);
    await postgres?.stop();
    if (bundle !== '') rmSync(dirname(bundle), { recursive: true, force: true });
  });

  /** The server's log lines that start an entry, with their time (UTC, as log_timezone says). */
  const logLines = () =>
    readFileSync(postgres.logFile, 'utf8')
      .split('\n')
      .flatMap((text) => {
        const time = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) UTC /.exec(text);
        return time === null ? [] : [{ time: Date.parse(`${time[1]}T${time[2]}Z`) / 1000, text }];
      });

  const anomaly = (signal: string, labels: Record<string, string> = {}): AnomalyJson | undefined =>
    report.anomalies.find((a) => a.signal === signal && Object.entries(labels).every(([name, value]) => a.labels[name] === value));

  it('ran the outage the test meant: one victim per collision, each in the server log', () => {
    // Each collision ends with exactly one victim, whose transaction the server rolled back.
    expect(victims).toBeGreaterThanOrEqual(SLOW_SECONDS / 2);
    expect(readFileSync(postgres.logFile, 'utf8').match(/ERROR: {2}deadlock detected/g)?.length).toBe(victims);
    expect(capture.code).toBe(0);
    expect(capture.stderr.split('\n').filter((line) => line.startsWith('incident-timeline:'))).toEqual([]);
    expect(json.code).toBe(0);
    expect(json.stderr.split('\n').filter((line) => line.startsWith('incident-timeline:'))).toEqual([]);
  });

  it('finds the deadlock counter rising, as a rate, in the shop database only', () => {
    const deadlocks = anomaly('pg_deadlocks', { datname: 'shop' });
    expect(deadlocks?.query).toMatch(/rate\(pg_stat_database_deadlocks\{.*\}\[4s\]\)/);
    expect(deadlocks?.direction).toBe('up');
    expect(deadlocks?.baseline.value).toBe(0);
    // Still going when the report was drafted: no end.
    expect(deadlocks?.end).toBeNull();
    expect(report.anomalies.filter((a) => a.signal === 'pg_deadlocks').map((a) => a.labels['datname'])).toEqual(['shop']);
  });

  it('finds the slow statement in pg_stat_statements (exporter 0.11 names), and its recovery', () => {
    const statement = anomaly('pg_statement_mean_seconds', { datname: 'shop' });
    expect(statement?.query).toContain('rate(pg_stat_statements_total_time_seconds[4s])');
    // The lookup's mean time reaches the 400 ms it waited, from a baseline of a few milliseconds.
    expect(statement?.peak.value).toBeGreaterThan(0.3);
    expect(statement?.baseline.value).toBeLessThan(0.05);
    expect(seconds(statement?.end)).toBeLessThan(to);
  });

  it('lists the slow statements from the server log: the lookup, and the transfers waiting for locks', () => {
    const slow = report.logs?.slowStatements ?? [];
    const lookups = slow.find((s) => /^SELECT count\(\*\) FROM orders, pg_sleep\(.+\) WHERE customer_id = /.test(s.statement));
    const written = logLines().filter((line) => /LOG: {2}duration: \d+\.\d+ ms {2}statement: SELECT count\(\*\) FROM orders, pg_sleep\(0\.4\)/.test(line.text));
    expect(lookups?.calls).toBe(written.filter((line) => line.time <= to).length);
    expect(lookups?.calls).toBeGreaterThan(SLOW_SECONDS);
    expect(lookups?.maxSeconds).toBeGreaterThanOrEqual(0.4);
    expect(lookups?.totalSeconds).toBeGreaterThanOrEqual(0.4 * (lookups?.calls ?? Number.NaN));
    // The log's first slow lookup and the metric's onset tell the same time.
    const statement = anomaly('pg_statement_mean_seconds', { datname: 'shop' });
    expect(Math.abs(seconds(lookups?.first) - seconds(statement?.onset))).toBeLessThanOrEqual(AGREEMENT_SECONDS);
    // The second UPDATE of a transfer waits deadlock_timeout (200 ms) for the other's lock: slow too.
    expect(slow.some((s) => /^UPDATE accounts SET balance = balance \+ .+ WHERE id = /.test(s.statement))).toBe(true);
  });

  it('reads the deadlocks from the log with both statements, at the time and in the number the counter says', () => {
    const deadlock = report.events.find((e) => e.source === 'logs' && e.labels['failure'] === 'deadlock');
    expect(deadlock?.title).toContain('UPDATE accounts SET balance = balance + 10 WHERE id = 1;');
    expect(deadlock?.title).toContain('UPDATE accounts SET balance = balance + 10 WHERE id = 2;');
    expect(deadlock?.title).toContain('↔');
    const written = logLines().filter((line) => / ERROR: {2}deadlock detected$/.test(line.text) && line.time <= to);
    expect(deadlock?.evidence['count']).toBe(written.length);
    // The counter and the log count the same deadlocks, give or take those of the last scrapes.
    expect(Math.abs(written.length - deadlocksAtTo)).toBeLessThanOrEqual(3);
    const counter = anomaly('pg_deadlocks', { datname: 'shop' });
    expect(Math.abs(seconds(counter?.onset) - seconds(deadlock?.time))).toBeLessThanOrEqual(AGREEMENT_SECONDS);
  });

  it('puts the deadlocks from the log and the metrics, the slow statement and its recovery on one timeline, in time order', () => {
    const times = report.events.map((e) => seconds(e.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const index = (test: (e: ReportJson['events'][number]) => boolean) => report.events.findIndex(test);
    const logDeadlocks = index((e) => e.source === 'logs' && e.labels['failure'] === 'deadlock');
    const deadlocksRose = index((e) => e.kind === 'anomaly_start' && /^PostgreSQL deadlocks rose .*\(datname=shop\)$/.test(e.title));
    const statementSlow = index((e) => e.kind === 'anomaly_start' && /^PostgreSQL statement mean time rose .*datname=shop/.test(e.title));
    const statementBack = index((e) => e.kind === 'anomaly_end' && /^PostgreSQL statement mean time back .*datname=shop/.test(e.title));
    expect([logDeadlocks, deadlocksRose, statementSlow, statementBack].every((i) => i >= 0)).toBe(true);
    expect(statementBack).toBeGreaterThan(Math.max(logDeadlocks, deadlocksRose, statementSlow));

    expect(markdown.code).toBe(0);
    // Rows of the timeline's per-day tables: `| 9:26:27 AM UTC | Anomaly: … |`.
    const lines = markdown.stdout.split('\n');
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    const rose = at(/^\| .*Anomaly: PostgreSQL deadlocks rose on .*\(datname=shop\)/);
    const logged = at(/^\| .*eadlock ×\d+ \(postgresql\.log\): UPDATE accounts SET balance = balance \+ 10 WHERE id = 1; ↔ UPDATE accounts/);
    const recovered = at(/^\| .*PostgreSQL statement mean time back within baseline/);
    expect([rose, logged, recovered].every((i) => i > 0)).toBe(true);
    expect(recovered).toBeGreaterThan(Math.max(rose, logged));
  });
});
