/**
 * A real database outage, end to end: PostgreSQL 15 and postgres_exporter 0.11 from Debian, scraped
 * every second by a real Prometheus. A shop's database serves a quiet baseline of fast lookups, then
 * the same lookup turns slow (a statement waiting 400 ms, logged by log_min_duration_statement) and
 * two transfers lock the same accounts in opposite order, three times (real deadlocks, detected by the
 * server after deadlock_timeout), then traffic recovers. The CLI reconstructs the outage from what the
 * servers recorded: nothing in the metrics or the log is written by the test.
 */
import { readFileSync } from "node:fs";
import * as fsDebug from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLogs } from '../../collectors/logs/read-logs.js';
import { createLogFindings } from '../../src/logs/log-findings.js';
import type { LogRecord } from '../../src/model/log.js';
import type { TimelineEvent } from '../../src/model/timeline.js';
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
const INCIDENT_SECONDS = 8;

/** The checkout's lookup: the same statement (one pg_stat_statements queryid) fast, then slow. */
const lookup = (sleepSeconds: number) => `SELECT count(*) FROM orders, pg_sleep(${sleepSeconds}) WHERE customer_id = 42;`;
/** A transfer between two accounts, one statement per message as an application sends them. */
const transfer = (from: number, to: number) =>
  [
    'BEGIN;',
    `UPDATE accounts SET balance = balance - 10 WHERE id = ${from};`,
    'SELECT pg_sleep(0.3);',
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
  let json: CliRun;
  let markdown: CliRun;
  let report: ReportJson;
  const records: LogRecord[] = [];
  let logEvents: readonly TimelineEvent[] = [];

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

    // The checkout's traffic runs all along: one lookup every 300 ms.
    let traffic = true;
    let slow = false;
    const checkout = (async () => {
      while (traffic) {
        await postgres.sql(lookup(slow ? 0.4 : 0.001), { database: 'shop', application: 'checkout' });
        await sleep(300);
      }
    })();
    try {
      await sleep(BASELINE_SECONDS * 1000);
      incidentStart = Math.floor(Date.now() / 1000);
      slow = true;
      // Payments' transfers collide over and over while the incident lasts, as they do in production.
      const incidentEnd = Date.now() + INCIDENT_SECONDS * 1000;
      while (Date.now() < incidentEnd) {
        const sessions = await Promise.all([
          postgres.session(transfer(1, 2), { database: 'shop', application: 'payments' }),
          postgres.session(transfer(2, 1), { database: 'shop', application: 'payments' }),
        ]);
        victims += sessions.filter((session) => /deadlock detected/.test(session.output)).length;
        await sleep(300);
      }
      slow = false;
      await sleep(RECOVERY_SECONDS * 1000);
    } finally {
      traffic = false;
      await checkout;
    }
    // A few more scrapes, so the last samples are in Prometheus.
    await sleep(3 * SCRAPE_SECONDS * 1000);
    to = Math.floor(Date.now() / 1000);
    from = incidentStart - 6;

    // No --step: the CLI measures the 1 s scrape interval and steps at it, with rate() over 4 scrapes.
    const window = ['--from', iso(from), '--to', iso(to), '--lookback', `${from - firstScrape}s`];
    [json, markdown] = await Promise.all([
      runCli(['reconstruct', '--prometheus', prometheus.url, ...window, '--format', 'json', '--quiet']),
      runCli(['reconstruct', '--prometheus', prometheus.url, ...window, '--format', 'markdown', '--quiet']),
    ]);
    report = JSON.parse(json.stdout) as ReportJson;
    fsDebug.writeFileSync(".tmp/pg.json", json.stdout); fsDebug.writeFileSync(".tmp/pg.md", markdown.stdout + markdown.stderr); fsDebug.copyFileSync(postgres.logFile, ".tmp/pg.log");

    // `--logs` is not in the command line yet: the log side is read with the library the CLI will use.
    const logs = readLogs({ files: [postgres.logFile], format: null, zone: 'UTC', window: { lookbackFrom: firstScrape, to } });
    let step = await logs.next();
    for (; !step.done; step = await logs.next()) records.push(...step.value);
    const findings = createLogFindings({ lookbackFrom: firstScrape, from, to, stepSeconds: SCRAPE_SECONDS, timezone: 'UTC' });
    for (const record of records) findings.add(record);
    logEvents = findings.finish().events;
  }, 150_000);

  afterAll(async () => {
    await Promise.all([prometheus?.stop(), exporter?.stop()]);
    await postgres?.stop();
  });

  const anomaly = (signal: string, labels: Record<string, string> = {}): AnomalyJson | undefined =>
    report.anomalies.find((a) => a.signal === signal && Object.entries(labels).every(([name, value]) => a.labels[name] === value));

  it('ran the outage the test meant: one victim per deadlock, the server log says so', () => {
    // Each collision ends with exactly one victim, whose transaction the server rolled back.
    expect(victims).toBeGreaterThanOrEqual(INCIDENT_SECONDS / 2);
    expect(readFileSync(postgres.logFile, 'utf8').match(/ERROR: {2}deadlock detected/g)?.length).toBe(victims);
    expect(json.code).toBe(0);
    expect(json.stderr.split('\n').filter((line) => line.startsWith('incident-timeline:'))).toEqual([]);
  });

  it('finds the deadlock counter rising, as a rate, in the shop database only', () => {
    const deadlocks = anomaly('pg_deadlocks', { datname: 'shop' });
    expect(deadlocks?.query).toMatch(/rate\(pg_stat_database_deadlocks\{/);
    expect(deadlocks?.direction).toBe('up');
    expect(seconds(deadlocks?.onset)).toBeGreaterThanOrEqual(incidentStart - AGREEMENT_SECONDS);
    expect(report.anomalies.filter((a) => a.signal === 'pg_deadlocks').map((a) => a.labels['datname'])).toEqual(['shop']);
  });

  it('finds the slow statement in pg_stat_statements (exporter 0.11 names) and in the log', () => {
    const statement = anomaly('pg_statement_mean_seconds', { datname: 'shop' });
    expect(statement?.query).toContain('pg_stat_statements_total_time_seconds');
    expect(statement?.peak.value).toBeGreaterThan(0.1);
    const slowLines = records.filter((r) => /^duration: \d+\.\d+ ms {2}statement: SELECT count\(\*\) FROM orders, pg_sleep\(0\.4\)/.test(r.message));
    expect(slowLines.length).toBeGreaterThan(3);
    expect(slowLines.every((r) => Number(/^duration: (\d+\.\d+)/.exec(r.message)?.[1]) >= 400)).toBe(true);
    // The fast baseline lookups stay under log_min_duration_statement: none of them is in the log.
    expect(records.some((r) => r.message.includes('pg_sleep(0.001)'))).toBe(false);
    expect(Math.abs(seconds(statement?.onset) - slowLines[0]!.time)).toBeLessThanOrEqual(AGREEMENT_SECONDS);
  });

  it('reads each deadlock from the log with both statements, at the time the counter rose', () => {
    const deadlock = logEvents.find((e) => e.labels['failure'] === 'deadlock');
    expect(deadlock?.evidence['count']).toBe(victims);
    expect(deadlock?.title).toContain('UPDATE accounts SET balance = balance + 10 WHERE id = 2');
    expect(deadlock?.title).toContain('UPDATE accounts SET balance = balance + 10 WHERE id = 1');
    expect(deadlock?.title).toContain('↔');
    const counter = anomaly('pg_deadlocks', { datname: 'shop' });
    expect(Math.abs(seconds(counter?.onset) - deadlock!.time)).toBeLessThanOrEqual(AGREEMENT_SECONDS);
    const lines = records.filter((r) => r.message === 'deadlock detected');
    expect(lines.map((r) => r.fields['statement'])).toHaveLength(victims);
    for (const line of lines) expect(line.fields['detail']).toMatch(/^Process \d+ waits for ShareLock on transaction \d+; blocked by process \d+\./);
  });

  it('puts slow statements before deadlocks... in time order on one timeline, in the markdown report too', () => {
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('PostgreSQL deadlocks');
    expect(markdown.stdout).toContain('PostgreSQL statement mean time');
  });
});
