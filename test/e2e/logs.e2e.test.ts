import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../reports/json.js';
import { runCli } from './_run-cli.js';

// The demo bundle (db-slow-query, window 2023-10-15 06:00–14:30 UTC, captured without logs) with
// the database's own log given beside it: the real command line, no server needed. The log is what
// PostgreSQL 15 on Debian writes with log_line_prefix = '%m [%p] %q%u@%d ': a deadlock report with
// its tab-continued DETAIL, a full disk, routine lines, and one line of binary garbage.
const BUNDLE = 'samples/db-slow-query.evidence.json.gz';

const PG_LOG = `2023-10-15 05:58:00.012 UTC [27] LOG:  checkpoint starting: time
2023-10-15 05:58:04.518 UTC [27] LOG:  checkpoint complete: wrote 1432 buffers (8.7%); 0 WAL file(s) added, 0 removed, 1 recycled; write=4.301 s, sync=0.004 s, total=4.506 s
2023-10-15 09:12:41.207 UTC [51234] shop@shop ERROR:  deadlock detected
2023-10-15 09:12:41.207 UTC [51234] shop@shop DETAIL:  Process 51234 waits for ShareLock on transaction 90817; blocked by process 51240.
\tProcess 51240 waits for ShareLock on transaction 90816; blocked by process 51234.
\tProcess 51234: UPDATE stock SET reserved = reserved + 1 WHERE sku = 'A-1001';
\tProcess 51240: UPDATE stock SET reserved = reserved + 1 WHERE sku = 'B-2002';
2023-10-15 09:12:41.207 UTC [51234] shop@shop HINT:  See server log for query details.
2023-10-15 09:12:41.207 UTC [51234] shop@shop CONTEXT:  while updating tuple (12,7) in relation "stock"
2023-10-15 09:12:41.207 UTC [51234] shop@shop STATEMENT:  UPDATE stock SET reserved = reserved + 1 WHERE sku = 'A-1001';
\u0000\u0001\u0002\u0003garbage\u0000
2023-10-15 09:30:02.114 UTC [51301] shop@shop LOG:  duration: 2513.204 ms  statement: SELECT o.id, o.total FROM orders o
	WHERE o.customer_id = 4242 ORDER BY o.created_at DESC
2023-10-15 09:31:40.002 UTC [51305] shop@shop LOG:  duration: 3120.880 ms  statement: SELECT o.id, o.total FROM orders o
	WHERE o.customer_id = 77 ORDER BY o.created_at DESC
2023-10-15 09:35:13.540 UTC [51311] shop@shop LOG:  duration: 140.051 ms  statement: UPDATE carts SET updated_at = now() WHERE id = 9001
2023-10-15 10:02:00.100 UTC [51320] shop@shop ERROR:  canceling statement due to statement timeout
2023-10-15 10:02:30.410 UTC [51322] shop@shop ERROR:  canceling statement due to statement timeout
2023-10-15 10:03:05.977 UTC [51329] shop@shop ERROR:  canceling statement due to statement timeout
2023-10-15 11:40:09.880 UTC [51377] shop@shop ERROR:  could not extend file "base/16384/24601": No space left on device
2023-10-15 11:40:09.880 UTC [51377] shop@shop HINT:  Check free disk space.
`;

interface LogEvent { time: string; kind: string; title: string; evidence: Record<string, string | number> }

describe('incident-timeline reconstruct --logs (log files beside saved evidence)', () => {
  let dir: string;
  let log: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'logs-e2e-'));
    log = join(dir, 'postgresql-15-main.log.1.gz');
    await writeFile(log, gzipSync(PG_LOG));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('puts the deadlock with both statements and the full disk on the timeline, and names the unreadable line', async () => {
    const run = await runCli(['reconstruct', '--bundle', BUNDLE, '--logs', join(dir, '*.log*'), '--format', 'json', '--quiet']);
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as ReportJson;
    const logEvents = (report.events as unknown as LogEvent[]).filter((e) => e.kind === 'log');
    const deadlock = logEvents.find((e) => e.title.startsWith('Deadlock'));
    expect(deadlock?.time).toBe('2023-10-15T09:12:41Z');
    const statements = Object.entries(deadlock!.evidence).filter(([key]) => key.startsWith('statement_')).map(([, v]) => v).sort();
    expect(statements).toEqual(["UPDATE stock SET reserved = reserved + 1 WHERE sku = 'A-1001';", "UPDATE stock SET reserved = reserved + 1 WHERE sku = 'B-2002';"]);
    const disk = logEvents.find((e) => e.time === '2023-10-15T11:40:09Z');
    expect(disk?.title).toMatch(/space/i);
    // Events stay in time order with the metrics' own.
    const times = (report.events as unknown as LogEvent[]).map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const gap = report.dataGaps.find((g) => g.source === 'logs');
    expect(gap?.what).toBe(log);
    // The Markdown and JSON name the file; the excerpt of the bad line is cleaned of control bytes.
    expect(gap?.reason).toMatch(/line 11/);
    // The slow statements, summed by statement with literals replaced, by total time.
    expect(report.logs?.slowStatements.map((x) => [x.statement, x.calls, x.totalSeconds, x.first])).toEqual([
      ['SELECT o.id, o.total FROM orders o WHERE o.customer_id = ? ORDER BY o.created_at DESC', 2, 5.634084, '2023-10-15T09:30:02Z'],
      ['UPDATE carts SET updated_at = now() WHERE id = ?', 1, 0.140051, '2023-10-15T09:35:13Z'],
    ]);
    // A message never seen in the lookback, three times in the window.
    expect(report.logs?.templates?.new.map((t) => [t.template, t.window])).toContainEqual(['canceling statement due to statement timeout', 3]);
    expect(report.logs?.files).toEqual([{ path: log, format: 'postgres', lines: 21, kept: 10, unreadable: 1 }]);
  });

  it('shows the log findings in the Markdown timeline without a Prometheus link for the log-made signal', async () => {
    const run = await runCli(['reconstruct', '--bundle', BUNDLE, '--logs', log, '--quiet']);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/\| Log: Deadlock \(postgresql-15-main\.log\.1\.gz\): UPDATE stock/);
    expect(run.stdout).not.toMatch(/g0\.expr=logs%3A/);
    expect(run.stdout).toContain('## What the logs say');
    expect(run.stdout).toMatch(/\| 5\.63 s \| 2 \| 3\.12 s \| October 15, 2023, 11:30:02 AM SAST \| SELECT o\.id, o\.total FROM orders o WHERE o\.customer_id = \? ORDER BY/);
  });

  it('refuses a missing file, a folder and an unknown --log-format in one line, before reading anything', async () => {
    for (const [args, message] of [
      [['--logs', join(dir, 'nope.log')], /^incident-timeline: --logs .*nope\.log does not exist: expected a log file or a glob\n$/],
      [['--logs', dir], /^incident-timeline: --logs .* is a folder: expected a log file or a glob/],
      [['--logs', log, '--log-format', 'apache-xml'], /^incident-timeline: --log-format "apache-xml": expected one of /],
    ] as const) {
      const run = await runCli(['reconstruct', '--bundle', BUNDLE, ...args, '--quiet']);
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
