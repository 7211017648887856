import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../reports/json.js';
import { writeScenarioAccessLogs } from '../scenarios/generate.js';
import type { TruthAccessLog } from '../scenarios/_access-log.js';
import { runCli } from './_run-cli.js';

// The demo bundle (db-slow-query evidence, captured without logs) plus the scenario's request logs,
// given beside it: the real command line, no server needed.
const BUNDLE = 'samples/db-slow-query.evidence.json.gz';

describe('incident-timeline reconstruct --bundle … --access-log (request logs beside saved evidence)', () => {
  let dir: string;
  let truth: TruthAccessLog;
  let logs: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'access-log-e2e-'));
    truth = (await writeScenarioAccessLogs('db-slow-query', dir))!;
    logs = join(dir, truth.glob);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('estimates users affected within 2 points of the scenario\'s truth, with requests from metrics and from the logs', async () => {
    const run = await runCli(['reconstruct', '--bundle', BUNDLE, '--access-log', logs, '--slo', '99.5', '--slo-period', '7d', '--format', 'json', '--quiet']);
    // Each log file has one truncated line: a data gap each, and exit 3.
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('warning: 2 piece(s) of evidence could not be collected; the report lists them under data gaps\n');
    const report = JSON.parse(run.stdout) as ReportJson;
    const users = report.impact.affectedUsers!;
    expect(Math.abs(users.percent! - truth.affectedUsers.percent)).toBeLessThanOrEqual(2);
    expect(users).toMatchObject({ basis: 'users', census: true, total: truth.affectedUsers.active });
    expect(report.impact.requests?.method).toMatch(/^metrics:/);
    expect(report.impact.requestsFromLogs?.method).toMatch(/^access logs: .*latency from rt= \(s\)/);
    expect(report.impact.slo).toMatchObject({ objectivePercent: 99.5, periodSeconds: 7 * 86_400 });
    const gaps = report.dataGaps.filter((gap) => gap.source === 'access-log');
    expect(gaps.every((gap) => / lines unreadable and skipped; the first at line \d+: neither JSON nor the common\/combined log format$/.test(gap.reason))).toBe(true);
    const brokenLine = (gap: { what: string; reason: string }) => [gap.what.slice(gap.what.lastIndexOf('/') + 1), Number(/at line (\d+)/.exec(gap.reason)?.[1])];
    expect(Object.fromEntries(gaps.map(brokenLine))).toEqual(Object.fromEntries(truth.malformed.map((broken) => [broken.file, broken.line])));
  }, 120_000);

  it('falls back to the share of requests when the logs carry no user ids, and says so', async () => {
    // The same requests with every user id blanked, as a proxy that does not log users would write them.
    const anonymous = join(dir, 'anonymous.log');
    const text = await readFile(join(dir, truth.folder, 'access.log'), 'utf8');
    await writeFile(anonymous, text.replace(/^(\S+ \S+) \S+ \[/gm, '$1 - ['));
    const run = await runCli(['reconstruct', '--bundle', BUNDLE, '--access-log', anonymous, '--format', 'json', '--quiet']);
    const report = JSON.parse(run.stdout) as ReportJson;
    expect(report.impact.affectedUsers?.basis).toBe('requests');
    expect(report.impact.affectedUsers?.method).toMatch(/^requests, not users: the access logs carry no user ids/);
    const markdown = await runCli(['reconstruct', '--bundle', BUNDLE, '--access-log', anonymous, '--quiet']);
    expect(markdown.stdout).toContain('requests failed or were slow (no user ids in the logs: requests, not users)');
  }, 120_000);

  it('refuses unusable log options with one line naming the flag (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['--access-log', join(dir, 'nothing-*.log')], /^incident-timeline: --access-log .*nothing-\*\.log matches no file: expected a request log/],
      [['--access-log', logs, '--failed-status', '5xx,oops'], /^incident-timeline: --failed-status: "oops" in "5xx,oops" is not a status/],
      [['--access-log', logs, '--segment', 'customer_type'], /^incident-timeline: --segment "customer_type": expected field=value/],
      [['--access-log', logs, '--sample-rate', '2'], /^incident-timeline: --sample-rate 2: expected the share of users/],
      [['--user-field', 'user_id'], /^incident-timeline: --user-field applies to request logs: add --access-log <file>/],
      [['--slo', '150'], /^incident-timeline: --slo "150": expected an objective in percent from 50/],
      [['--slow-threshold', '2s'], /^incident-timeline: --slow-threshold is fixed when the evidence is captured/],
    ];
    for (const [flags, message] of cases) {
      const run = await runCli(['reconstruct', '--bundle', BUNDLE, ...flags, '--quiet']);
      expect({ flags, code: run.code, lines: run.stderr.trimEnd().split('\n').length }).toEqual({ flags, code: 2, lines: 1 });
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
    }
  }, 300_000);
});
