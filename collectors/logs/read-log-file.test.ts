import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogFileReport, LogRecord } from '../../src/model/log.js';
import { expandLogPaths, LogPathError } from './expand-log-paths.js';
import { readLogFile, type ReadLogFileOptions } from './read-log-file.js';
import { readLogs } from './read-logs.js';

const WINDOW = { lookbackFrom: Date.parse('2023-05-13T15:00:00Z') / 1000, to: Date.parse('2023-05-13T17:00:00Z') / 1000 };
let dir = '';

async function readAll(options: Partial<ReadLogFileOptions> & { path: string }): Promise<{ records: LogRecord[]; report: LogFileReport }> {
  const reader = readLogFile({ format: null, zone: 'UTC', window: WINDOW, ...options });
  const records: LogRecord[] = [];
  let step = await reader.next();
  for (; !step.done; step = await reader.next()) records.push(...step.value);
  return { records, report: step.value };
}

/** A PostgreSQL log of 200 entries, one a minute from 14:00 (before the lookback) to 17:19 (after the window). */
const PG_LOG = Array.from({ length: 200 }, (_, i) => {
  const stamp = new Date(Date.parse('2023-05-13T14:00:00Z') + i * 60_000).toISOString().replace('T', ' ').replace('Z', ' UTC');
  return i % 10 === 0 ? `${stamp} [${4000 + i}] app@shop ERROR:  canceling statement due to statement timeout\n${stamp} [${4000 + i}] app@shop STATEMENT:  SELECT pg_sleep(60)` : `${stamp} [${4000 + i}] LOG:  checkpoint complete`;
}).join('\n');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'logs-'));
  await writeFile(path.join(dir, 'postgresql-15-main.log'), `${PG_LOG}\n`);
  await writeFile(path.join(dir, 'postgresql-15-main.log.1.gz'), gzipSync(`${PG_LOG}\n`));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readLogFile()', () => {
  it('detects the format, joins multi-line entries and keeps only the window plus lookback, plain or gzip', async () => {
    const plain = await readAll({ path: path.join(dir, 'postgresql-15-main.log') });
    const gzip = await readAll({ path: path.join(dir, 'postgresql-15-main.log.1.gz') });
    expect(plain.report).toMatchObject({ format: 'postgres', formatFrom: 'detected', lines: 220, entries: 200, kept: 121, unreadable: 0, error: null });
    expect(plain.report.earliest).toBe(Date.parse('2023-05-13T14:00:00Z') / 1000);
    expect(plain.records.every((r) => r.time >= WINDOW.lookbackFrom && r.time <= WINDOW.to)).toBe(true);
    const timeout = plain.records.find((r) => r.level === 'error');
    expect(timeout?.fields.statement).toBe('SELECT pg_sleep(60)');
    expect(gzip.records.map((r) => [r.time, r.line, r.message])).toEqual(plain.records.map((r) => [r.time, r.line, r.message]));
    expect(gzip.records[0]!.source).toBe(path.join(dir, 'postgresql-15-main.log.1.gz'));
  });

  it('uses the lines before the end of a truncated gzip and says it was truncated', async () => {
    const whole = gzipSync(`${PG_LOG}\n`);
    const file = path.join(dir, 'truncated.log.gz');
    await writeFile(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const { records, report } = await readAll({ path: file });
    expect(report.error).toBe('truncated gzip (unexpected end of file)');
    expect(report.format).toBe('postgres');
    expect(report.entries).toBeGreaterThan(20);
    expect(report.entries).toBeLessThan(200);
    expect(records.length).toBeGreaterThan(0);
  });

  it('counts a 10 MB line once and reads on with the right line numbers', async () => {
    const file = path.join(dir, 'app.json.log');
    const line = (i: number) => JSON.stringify({ level: 'error', ts: WINDOW.lookbackFrom + i, msg: `attempt ${i} failed: connection reset by peer` });
    await writeFile(file, [line(1), line(2), `{"msg":"${'x'.repeat(10 * 1024 * 1024)}"}`, line(3)].join('\n'));
    const { records, report } = await readAll({ path: file });
    expect(records.map((r) => [r.line, r.message])).toEqual([
      [1, 'attempt 1 failed: connection reset by peer'],
      [2, 'attempt 2 failed: connection reset by peer'],
      [4, 'attempt 3 failed: connection reset by peer'],
    ]);
    expect(report).toMatchObject({ format: 'json', lines: 4, unreadable: 1 });
    expect(report.firstUnreadable).toMatchObject({ line: 3, reason: 'a line longer than 1 MiB (not a text log?)' });
    expect(report.firstUnreadable!.example.length).toBeLessThanOrEqual(80);
  });

  it('skips binary garbage between syslog lines, and masks secrets in the example', async () => {
    const file = path.join(dir, 'syslog');
    const garbage = Buffer.from([0x00, 0x00, 0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0xff, 0xfe, 0x00]);
    const text = (s: string) => Buffer.from(s);
    await writeFile(
      file,
      Buffer.concat([
        text('May 13 16:00:01 db1 CRON[23456]: (root) CMD (true)\n'),
        garbage,
        text(' token=abcdef123\nMay 13 16:00:03 db1 kernel: Out of memory: Killed process 4123 (postgres)\n'),
      ]),
    );
    const { records, report } = await readAll({ path: file });
    expect(records.map((r) => r.fields.app)).toEqual(['CRON', 'kernel']);
    expect(report).toMatchObject({ format: 'syslog', lines: 3, unreadable: 1 });
    expect(report.firstUnreadable).toEqual({ line: 2, reason: 'binary data (NUL bytes)', example: '???ELF????? token=***' });
  });

  it('reads a JSON log with a Go panic in it: the panic lines are counted, the rest used, out of order kept', async () => {
    const file = path.join(dir, 'shop.log');
    const lines = [
      '{"level":"info","ts":"2023-05-13T16:00:05Z","msg":"request served"}',
      '{"level":"error","ts":"2023-05-13T16:00:01Z","msg":"dial tcp 10.0.0.3:5432: connect: connection refused"}',
      'panic: runtime error: invalid memory address or nil pointer dereference',
      '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6b1c2d]',
      '',
      'goroutine 1 [running]:',
      '{"level":"info","ts":"2023-05-13T16:00:09Z","msg":"started"}',
    ];
    await writeFile(file, lines.join('\r\n'));
    const { records, report } = await readAll({ path: file });
    expect(records.map((r) => [r.line, r.time])).toEqual([
      [1, Date.parse('2023-05-13T16:00:05Z') / 1000],
      [2, Date.parse('2023-05-13T16:00:01Z') / 1000],
      [7, Date.parse('2023-05-13T16:00:09Z') / 1000],
    ]);
    expect(report).toMatchObject({ format: 'json', lines: 6, unreadable: 3 });
    expect(report.firstUnreadable).toEqual({ line: 3, reason: 'not a JSON object', example: 'panic: runtime error: invalid memory address or nil pointer dereference' });
  });

  it('finds the format past a first screen of lines that match none (a long stack trace)', async () => {
    const file = path.join(dir, 'after-trace.log');
    const trace = Array.from({ length: 80 }, (_, i) => `\tat org.postgresql.core.v3.QueryExecutorImpl.execute(QueryExecutorImpl.java:${300 + i})`);
    await writeFile(file, [...trace, 'ts=2023-05-13T16:00:00Z level=error msg="Connection refused"', 'ts=2023-05-13T16:00:01Z level=info msg=retrying'].join('\n'));
    const { records, report } = await readAll({ path: file });
    expect(report).toMatchObject({ format: 'logfmt', lines: 82, entries: 2, unreadable: 80 });
    expect(records.map((r) => r.line)).toEqual([81, 82]);
  });

  it('reads a file of no known format as unknown, and as the format --log-format names', async () => {
    const file = path.join(dir, 'notes.txt');
    await writeFile(file, 'Deployed 1.4.2 at noon\nRolled back after the alarms\n');
    const unknown = await readAll({ path: file });
    expect(unknown.records).toEqual([]);
    expect(unknown.report).toMatchObject({ format: 'unknown', lines: 2, unreadable: 2 });
    const forced = await readAll({ path: path.join(dir, 'postgresql-15-main.log'), format: 'syslog' });
    expect(forced.report).toMatchObject({ format: 'syslog', formatFrom: 'option', entries: 0, unreadable: 220 });
  });
});

describe('expandLogPaths() and readLogs()', () => {
  it('refuses a missing plain path or a folder, and makes a glob that matches nothing a gap', async () => {
    await expect(expandLogPaths([path.join(dir, 'nope.log')])).rejects.toThrow(LogPathError);
    await expect(expandLogPaths([path.join(dir, 'nope.log')])).rejects.toThrow(/nope\.log does not exist/);
    await expect(expandLogPaths([dir])).rejects.toThrow(/is a folder/);
    const expanded = await expandLogPaths([path.join(dir, 'postgresql-*'), path.join(dir, 'mysql-slow*.log')]);
    expect(expanded.files).toEqual([path.join(dir, 'postgresql-15-main.log'), path.join(dir, 'postgresql-15-main.log.1.gz')]);
    expect(expanded.gaps).toEqual([{ source: 'logs', what: path.join(dir, 'mysql-slow*.log'), reason: 'the glob matches no file' }]);
  });

  it('reads several files and reports each one and its gaps', async () => {
    const files = [path.join(dir, 'notes.txt'), path.join(dir, 'postgresql-15-main.log')];
    const logs = readLogs({ files, format: null, zone: 'UTC', window: WINDOW });
    let count = 0;
    let step = await logs.next();
    for (; !step.done; step = await logs.next()) count += step.value.length;
    expect(count).toBe(121);
    expect(step.value.files.map((f) => f.format)).toEqual(['unknown', 'postgres']);
    expect(step.value.gaps).toEqual([{ source: 'logs', what: files[0], reason: 'format not recognised from its first lines (use --log-format): not read' }]);
  });
});
