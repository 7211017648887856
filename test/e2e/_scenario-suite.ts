import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../reports/json.js';
import type { PhaseName } from '../../src/model/timeline.js';
import { runCli, type CliRun } from './_run-cli.js';
import { reportSchemaProblems } from '../golden/_validate-report.js';
import { ACCESS_LOG_PLANS } from '../scenarios/access-log-plans.js';
import { PHASES_IN_METRICS, TEAM_LOGS } from '../scenarios/team-logs.js';
import { isCulprit, matchesRef, onsetToleranceSteps, onTruthGrid, phaseToleranceSteps } from '../scenarios/_truth-match.js';
import { seconds, startScenarioServer, type ScenarioServer } from './_scenario-server.js';

/** The phases issue 2 promises; trigger and mitigated need change evidence (issue 4). */
const PHASES: readonly PhaseName[] = ['onset', 'detected', 'recovered', 'resolved'];
/** Every phase: judged where the metrics show the changes, and with the team's change log and notes. */
const ALL_PHASES: readonly PhaseName[] = ['trigger', 'onset', 'detected', 'mitigated', 'recovered', 'resolved'];
/** Requests are integrated from rates; the truth counts the raw counters. */
const REQUESTS_RELATIVE_TOLERANCE = 0.01;

/**
 * Reconstructs one seed outage through the real command line, against a real Prometheus holding the
 * scenario's backfilled data, and checks the report against the scenario's ground truth.
 */
export function describeScenario(name: string): void {
  describe(`incident-timeline reconstruct on the ${name} outage (real Prometheus)`, () => {
    let server: ScenarioServer;
    let args: string[];
    let run: CliRun;
    let report: ReportJson;
    const step = () => server.truth.stepSeconds;
    const onGrid = (iso: string) => onTruthGrid(server.truth, iso);

    beforeAll(async () => {
      server = await startScenarioServer(name);
      const { truth } = server;
      // The window as the operator states it: wall-clock times in the seed's zone.
      const local = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(truth.timezone).toFormat('yyyy-MM-dd HH:mm');
      args = ['--prometheus', server.prometheus.url, '--from', local(truth.window.from), '--to', local(truth.window.to), '--tz', truth.timezone, '--quiet'];
      run = await runCli(['reconstruct', ...args, '--format', 'json']);
      report = JSON.parse(run.stdout) as ReportJson;
    }, 300_000);

    afterAll(async () => {
      await server?.stop();
    });

    it('exits 0 with a complete report and nothing on stderr', () => {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(report.dataGaps).toEqual([]);
      expect(report.window.timezone).toBe(server.truth.timezone);
      expect(reportSchemaProblems(report)).toEqual([]);
    });

    it('ranks the culprit first', () => {
      const top = report.anomalies[0];
      expect(top?.rank).toBe(1);
      // Named in the failure message: what ranked first instead.
      const first = top === undefined ? 'nothing' : `${top.signal} ${JSON.stringify(top.labels)} (${top.query})`;
      expect({ first, isCulprit: top !== undefined && isCulprit(top, server.truth.culprit) }).toEqual({ first, isCulprit: true });
    });

    /** Every phase judged before comparing, so a failure shows them all. */
    const judgePhases = (json: ReportJson, phases: readonly PhaseName[]) =>
      phases.map((phase) => {
        const truth = server.truth.phases[phase];
        const found = json.phases[phase];
        if (truth === null || found === null) return { phase, error: truth === found ? 'ok' : `${found ?? 'none'} vs ${truth ?? 'none'}` };
        const error = Math.abs(seconds(found) - onGrid(truth)) / step();
        const tolerance = phaseToleranceSteps(server.truth, phase);
        return { phase, error: error <= tolerance ? 'ok' : `${error} steps off (${found} vs ${truth})` };
      });
    const plainPhases = PHASES_IN_METRICS.has(name) ? ALL_PHASES : PHASES;

    it(`places ${plainPhases.join(', ')} within two steps of the truth (or the truth's stated precision)`, () => {
      expect(judgePhases(report, plainPhases)).toEqual(plainPhases.map((phase) => ({ phase, error: 'ok' })));
    });

    // Only the scenarios whose team kept a change log or notes (test/scenarios/team-logs.ts).
    const teamLogs = TEAM_LOGS[name];
    if (teamLogs !== undefined) it('reads the team\'s change log and notes: every phase within two steps, trigger and mitigation citing their lines, the same from a bundle', async () => {
      const logArgs = [...teamLogs.changes.flatMap((file) => ['--changes', file]), ...teamLogs.notes.flatMap((file) => ['--notes', file])];
      const withLogs = await runCli(['reconstruct', ...args, ...logArgs, '--format', 'json']);
      expect({ code: withLogs.code, stderr: withLogs.stderr }).toEqual({ code: 0, stderr: '' });
      const json = JSON.parse(withLogs.stdout) as ReportJson;
      expect(judgePhases(json, ALL_PHASES)).toEqual(ALL_PHASES.map((phase) => ({ phase, error: 'ok' })));
      // A phase the metrics could not show cites the line of the log that did, by file and line.
      for (const phase of ['trigger', 'mitigated'] as const) {
        const cited = json.phaseEvidence[phase];
        if (report.phases[phase] === null && json.phases[phase] !== null) {
          expect({ phase, source: cited?.source, file: typeof cited?.evidence['file'], line: typeof cited?.evidence['line'] }).toEqual({ phase, source: 'changes', file: 'string', line: 'number' });
        }
        if (cited !== null) expect(json.phaseCauses[phase]).toBe(cited.title);
      }
      // Every change and note given is on the timeline, with its file and line, none more than once.
      const fromFiles = json.events.filter((event) => event.source === 'changes' || event.source === 'notes');
      const keys = fromFiles.map((event) => `${String(event.evidence['file'])}:${String(event.evidence['line'])}`);
      expect(new Set(keys).size).toBe(keys.length);
      const noteLines = teamLogs.notes.flatMap((file) => readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#')));
      expect(fromFiles.filter((event) => event.source === 'notes').map((event) => event.title)).toEqual(noteLines.map((line) => line.replace(/^\d{1,2}:\d{2} /, '')));

      // The bundle carries the parsed changes and notes: offline is byte-identical to live.
      const bundle = join(server.workDir, 'evidence-with-team-logs.json.gz');
      const capture = await runCli(['capture', ...args, ...logArgs, '--out', bundle]);
      expect(capture.code).toBe(0);
      const offline = await runCli(['reconstruct', '--bundle', bundle, '--format', 'json', '--quiet']);
      expect(offline.stdout).toBe(withLogs.stdout);
    }, 120_000);

    it('finds every clearly perturbed series with its onset within two steps (or the truth\'s stated precision)', () => {
      // Every series judged before comparing, so a failure lists all the misses, not the first.
      const found = server.truth.anomalous
        .filter((a) => a.weak !== true)
        .map((truth) => {
          const matches = report.anomalies.filter((a) => matchesRef(a, truth));
          const errors = matches.map((a) => Math.abs(seconds(a.onset ?? '') - onGrid(truth.onset)) / step());
          const best = errors.length === 0 ? null : Math.min(...errors);
          const series = `${truth.signal} ${JSON.stringify(truth.labels)}${truth.metric === undefined ? '' : ` from ${truth.metric}`} at ${truth.onset}`;
          const tolerance = onsetToleranceSteps(server.truth, truth);
          return { series, onset: best === null ? 'not found' : best <= tolerance ? 'within two steps' : `${best} steps off` };
        });
      expect(found).toEqual(found.map(({ series }) => ({ series, onset: 'within two steps' })));
    });

    it('lists the signals that stayed quiet as checked and normal, not as anomalies', () => {
      const judged = server.truth.normal.map((quiet) => ({
        quiet,
        flagged: report.anomalies.filter((a) => matchesRef(a, quiet)).length,
        checked: report.checkedNormal.some((c) => matchesRef(c, quiet)),
      }));
      expect(judged).toEqual(server.truth.normal.map((quiet) => ({ quiet, flagged: 0, checked: true })));
    });

    it('does not blame the benign events of the lookback', () => {
      for (const benign of server.truth.benign) {
        const blamed = report.anomalies.filter((a) => seconds(a.onset ?? '') >= seconds(benign.from) && seconds(a.onset ?? '') <= seconds(benign.to));
        expect({ benign: benign.description, blamed: blamed.map((a) => a.signal) }).toEqual({ benign: benign.description, blamed: [] });
      }
    });

    it('counts total, failed and slow requests as the counters do', () => {
      const { impact } = server.truth;
      const requests = report.impact.requests;
      expect(requests).not.toBeNull();
      const near = (found: number | null, truth: number) => found !== null && Math.abs(found - truth) <= REQUESTS_RELATIVE_TOLERANCE * truth;
      expect({ total: near(requests!.total, impact.requestsTotal), failed: near(requests!.failed, impact.requestsFailed), slow: near(requests!.slow, impact.requestsSlow) }).toEqual({
        total: true,
        failed: true,
        slow: true,
      });
    });

    it('writes the Markdown postmortem with every time in the operator\'s zone', async () => {
      const markdown = await runCli(['reconstruct', ...args]);
      expect(markdown.code).toBe(0);
      const { truth } = server;
      const detected = DateTime.fromISO(report.phases.detected!, { zone: 'utc' }).setZone(truth.timezone);
      expect(markdown.stdout).toMatch(/^# Postmortem: /);
      for (const section of ['## Issue Summary', '## Timeline', '## Root cause and resolution', '### Hypotheses', '### Resolution', '## Corrective and preventive measures', '## Checked and found normal']) {
        expect(markdown.stdout).toContain(section);
      }
      // Times as people write them (reports/format-time.ts): `May 13, 2023, 7:05 PM`, seconds only off the minute.
      const clock = detected.second === 0 ? 'h:mm a' : 'h:mm:ss a';
      expect(markdown.stdout).toContain(`| Detected | ${detected.setLocale('en-US').toFormat(`LLLL d, yyyy, ${clock}`)} `);
      // The zone's abbreviation with its offset stated once (`EAT = UTC+3`), or the offset on each
      // time (`(GMT-3)`) where the zone has no abbreviation.
      expect(markdown.stdout).toMatch(new RegExp(`[A-Z]{2,5} = UTC\\${detected.toFormat('Z')}\\b|\\(GMT\\${detected.toFormat('Z')}\\)`));
    });

    // Only the scenarios whose request logs are planned (test/scenarios/access-log-plans.ts).
    if (name in ACCESS_LOG_PLANS) it('estimates users affected from the request logs within 2 points of the truth, overall and per segment, and says how', async () => {
      const logs = server.truth.accessLog!;
      const logArgs = ['--access-log', join(server.workDir, logs.glob), ...logs.segments.flatMap((segment) => ['--segment', segment]), '--slo', '99.9'];
      const withLogs = await runCli(['reconstruct', ...args, ...logArgs, '--format', 'json']);
      // The one broken line per file is a data gap (exit 3), named with its line number; nothing else is missing.
      expect(withLogs.code).toBe(3);
      const json = JSON.parse(withLogs.stdout) as ReportJson;
      expect(json.dataGaps.map((gap) => `${gap.what.slice(gap.what.lastIndexOf('/') + 1)}: ${/first at line (\d+)/.exec(gap.reason)?.[1]}`).sort()).toEqual(
        logs.malformed.map((broken) => `${broken.file}: ${broken.line}`).sort(),
      );
      const users = json.impact.affectedUsers;
      expect(users?.basis).toBe('users');
      expect(Math.abs((users?.percent ?? NaN) - logs.affectedUsers.percent)).toBeLessThanOrEqual(2);
      expect(users?.method).toMatch(/^access logs: .* distinct users/);
      const segments = Object.fromEntries(json.impact.segments.map((s) => [s.segment, s.affectedUsers.percent]));
      for (const [segment, truth] of Object.entries(logs.bySegment)) {
        expect({ segment, off: Math.abs((segments[segment] ?? NaN) - truth.percent) <= 2 }).toEqual({ segment, off: true });
      }
      // Both methods, each named: requests from the metrics and from the logs; the SLO budget from the metrics.
      expect(json.impact.requests?.method).toMatch(/^metrics:/);
      expect(json.impact.requestsFromLogs?.method).toMatch(/^access logs:/);
      expect(json.impact.slo?.burnedPercent).toBeGreaterThan(0);
      expect(json.impact.traffic?.reference).toBe('day_before');

      // The bundle carries the logs' counts, not the logs: the offline report is the same, byte for byte.
      const bundle = join(server.workDir, 'evidence-with-logs.json.gz');
      const capture = await runCli(['capture', ...args, ...logArgs.slice(0, -2), '--out', bundle]);
      expect(capture.code).toBe(3);
      const offline = await runCli(['reconstruct', '--bundle', bundle, '--slo', '99.9', '--format', 'json', '--quiet']);
      expect(offline.stdout).toBe(withLogs.stdout);
      const markdown = await runCli(['reconstruct', '--bundle', bundle, '--slo', '99.9', '--quiet']);
      expect(markdown.stdout).toContain('## Impact');
      expect(markdown.stdout).toContain(`- **Users affected:** ${String(users?.percent)} % of `);
    }, 240_000);

    it('gives a byte-identical report again, and from a captured evidence bundle', async () => {
      const again = await runCli(['reconstruct', ...args, '--format', 'json']);
      expect(again.stdout).toBe(run.stdout);
      const bundle = join(server.workDir, 'evidence.json.gz');
      const capture = await runCli(['capture', ...args, '--out', bundle]);
      expect(capture.code).toBe(0);
      const offline = await runCli(['reconstruct', '--bundle', bundle, '--format', 'json', '--quiet']);
      expect(offline.code).toBe(0);
      expect(offline.stdout).toBe(run.stdout);
    });
  });
}
