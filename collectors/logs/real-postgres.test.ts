/**
 * The readers against a real PostgreSQL 15 (Debian's `postgresql-15`): a throwaway cluster logging
 * to stderr (`log_line_prefix = '%m [%p] %q%u@%d '`, the Debian default) and jsonlog at once, in
 * EAT, with a real deadlock between two sessions, a slow statement and a statement timeout. What
 * the server wrote is then read back: the lines are the server's, not hand-written.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogFileReport, LogRecord } from '../../src/model/log.js';
import { createLogFindings } from '../../src/logs/log-findings.js';
import { ensureDebianPackage } from '../../test/servers/ensure-installed.js';
import { readLogs } from './read-logs.js';

const BIN = '/usr/lib/postgresql/15/bin';
const ZONE = 'Africa/Nairobi';
const TRANSFER = (first: number, second: number) =>
  `BEGIN; UPDATE accounts SET balance = balance - 10 WHERE id = ${first}; SELECT pg_sleep(0.5); UPDATE accounts SET balance = balance + 10 WHERE id = ${second}; COMMIT;`;

let dir = '';
let started = 0;
let ended = 0;
const read: { records: LogRecord[]; files: LogFileReport[] } = { records: [], files: [] };

const asPostgres = (program: string, args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', program, ...args], { stdio: 'pipe', timeout: 60_000 });
const psql = (sql: string) => asPostgres('psql', ['-h', dir, '-U', 'postgres', '-X', '-q', '-c', sql]);
/**
 * Runs SQL in its own session, one statement per message as an application sends them (psql reading
 * stdin), and resolves when it ends, failed or not (one deadlocked session fails).
 */
const session = (sql: string) =>
  new Promise<void>((resolve) => {
    const child = spawn('runuser', ['-u', 'postgres', '--', 'psql', '-h', dir, '-U', 'postgres', '-X', '-q'], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('close', () => resolve());
    child.stdin.end(sql.replaceAll('; ', ';\n'));
  });

beforeAll(async () => {
  ensureDebianPackage('postgresql-15', ['psql']);
  dir = mkdtempSync(path.join(tmpdir(), 'pg-logs-'));
  chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  asPostgres(`${BIN}/initdb`, ['-D', `${dir}/data`, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const settings = {
    listen_addresses: "''",
    unix_socket_directories: `'${dir}'`,
    logging_collector: 'on',
    log_directory: `'${dir}/log'`,
    log_filename: "'postgresql-15-main.log'",
    log_destination: "'stderr,jsonlog'",
    log_line_prefix: "'%m [%p] %q%u@%d '",
    log_timezone: `'${ZONE}'`,
    compute_query_id: 'on',
    log_min_duration_statement: '250',
    deadlock_timeout: "'200ms'",
  };
  const options = Object.entries(settings).map(([key, value]) => `-c ${key}=${value}`).join(' ');
  started = Math.floor(Date.now() / 1000) - 1;
  asPostgres(`${BIN}/pg_ctl`, ['-D', `${dir}/data`, '-l', `${dir}/pg_ctl.log`, '-o', options, '-w', 'start']);
  try {
    psql('CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL); INSERT INTO accounts VALUES (1, 100), (2, 100);');
    await Promise.all([session(TRANSFER(1, 2)), session(TRANSFER(2, 1))]);
    psql('SELECT pg_sleep(0.3);');
    await session('SET statement_timeout = 100; SELECT pg_sleep(1);');
  } finally {
    asPostgres(`${BIN}/pg_ctl`, ['-D', `${dir}/data`, '-m', 'fast', '-w', 'stop']);
  }
  ended = Math.ceil(Date.now() / 1000) + 1;
  const logs = readLogs({ files: [`${dir}/log/postgresql-15-main.json`, `${dir}/log/postgresql-15-main.log`], format: null, zone: ZONE, window: { lookbackFrom: started, to: ended } });
  let step = await logs.next();
  for (; !step.done; step = await logs.next()) read.records.push(...step.value);
  read.files.push(...step.value.files);
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('PostgreSQL 15 logs, as the server writes them', () => {
  it('detects both files and reads every line, times in EAT', () => {
    expect(read.files.map((f) => [f.format, f.unreadable, f.error])).toEqual([
      ['postgres-json', 0, null],
      ['postgres', 0, null],
    ]);
    expect(read.files.every((f) => f.entries > 3 && f.kept === f.entries)).toBe(true);
    expect(read.records.every((r) => r.time >= started && r.time <= ended)).toBe(true);
  });

  for (const format of ['postgres', 'postgres-json'] as const) {
    it(`reads the deadlock with both statements (${format})`, () => {
      const source = read.files.find((f) => f.format === format)!.path;
      const records = read.records.filter((r) => r.source === source);
      const deadlock = records.find((r) => r.message === 'deadlock detected');
      expect(deadlock?.level).toBe('error');
      expect(deadlock?.fields.detail).toMatch(/^Process \d+ waits for ShareLock on transaction \d+; blocked by process \d+\./);
      expect(deadlock?.fields.detail).toContain('UPDATE accounts SET balance = balance + 10 WHERE id = 2');
      expect(deadlock?.fields.detail).toContain('UPDATE accounts SET balance = balance + 10 WHERE id = 1');
      expect(deadlock?.fields.statement).toMatch(/^UPDATE accounts SET balance = balance \+ 10 WHERE id = [12];$/);
      expect(records.some((r) => r.level === 'error' && r.message === 'canceling statement due to statement timeout')).toBe(true);
      expect(records.some((r) => /^duration: \d+\.\d+ ms {2}statement: SELECT pg_sleep\(0\.3\);$/.test(r.message))).toBe(true);

      const findings = createLogFindings({ lookbackFrom: started, from: started, to: ended, stepSeconds: 1, timezone: ZONE });
      for (const record of records) findings.add(record);
      const events = findings.finish().events;
      const event = events.find((e) => e.labels.failure === 'deadlock');
      expect(event?.title).toContain('UPDATE accounts SET balance = balance + 10 WHERE id = 1');
      expect(event?.title).toContain('↔');
      expect(events.some((e) => e.labels.failure === 'timeout')).toBe(true);
    });
  }

  it('keeps jsonlog query ids exactly as the server wrote them', () => {
    const file = read.files.find((f) => f.format === 'postgres-json')!.path;
    const written = [...readFileSync(file, 'utf8').matchAll(/"query_id":(-?\d+)/g)].map((m) => m[1]).filter((id) => id !== '0');
    const kept = read.records.filter((r) => r.source === file && r.fields.query_id !== undefined).map((r) => r.fields.query_id);
    expect(written.length).toBeGreaterThan(0);
    expect(kept).toEqual(written);
  });
});
