import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../reports/json.js';
import type { PhaseName } from '../../src/model/timeline.js';
import { runCli, type CliRun } from './_run-cli.js';
import { isCulprit, matchesRef, onsetToleranceSteps, onTruthGrid, phaseToleranceSteps } from '../scenarios/_truth-match.js';
import { seconds, startScenarioServer, type ScenarioServer } from './_scenario-server.js';

/** The phases issue 2 promises; trigger and mitigated need change evidence (issue 4). */
const PHASES: readonly PhaseName[] = ['onset', 'detected', 'recovered', 'resolved'];
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
    });

    it('ranks the culprit first', () => {
      const top = report.anomalies[0];
      expect(top?.rank).toBe(1);
      // Named in the failure message: what ranked first instead.
      const first = top === undefined ? 'nothing' : `${top.signal} ${JSON.stringify(top.labels)} (${top.query})`;
      expect({ first, isCulprit: top !== undefined && isCulprit(top, server.truth.culprit) }).toEqual({ first, isCulprit: true });
    });

    it('places onset, detected, recovered and resolved within two steps of the truth (or the truth\'s stated precision)', () => {
      // Every phase judged before comparing, so a failure shows them all.
      const judged = PHASES.map((phase) => {
        const truth = server.truth.phases[phase];
        const found = report.phases[phase];
        if (truth === null || found === null) return { phase, error: truth === found ? 'ok' : `${found ?? 'none'} vs ${truth ?? 'none'}` };
        const error = Math.abs(seconds(found) - onGrid(truth)) / step();
        const tolerance = phaseToleranceSteps(server.truth, phase);
        return { phase, error: error <= tolerance ? 'ok' : `${error} steps off (${found} vs ${truth})` };
      });
      expect(judged).toEqual(PHASES.map((phase) => ({ phase, error: 'ok' })));
    });

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
      for (const section of ['## Issue Summary', '## Timeline', '## Root cause', '## Resolution', '## Corrective and preventive measures', '## Checked and found normal']) {
        expect(markdown.stdout).toContain(section);
      }
      expect(markdown.stdout).toContain(`| Detected | ${detected.toFormat('yyyy-MM-dd HH:mm:ss')} `);
      // The zone as people read it, always with the numeric offset: `EAT (UTC+3)`, or `UTC-3` where
      // the zone has no abbreviation (reports/format-time.ts).
      expect(markdown.stdout).toContain(`UTC${detected.toFormat('Z')}`);
    });

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
