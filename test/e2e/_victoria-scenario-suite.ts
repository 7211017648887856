import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../reports/json.js';
import type { PhaseName } from '../../src/model/timeline.js';
import { writeScenarioFiles, type ScenarioTruth } from '../scenarios/generate.js';
import { PHASES_IN_METRICS } from '../scenarios/team-logs.js';
import { isCulprit, matchesRef, onsetToleranceSteps, onTruthGrid, phaseToleranceSteps } from '../scenarios/_truth-match.js';
import { findFreePort } from '../servers/free-port.js';
import { startVictoriaMetrics, startVmalert, type RunningVictoriaMetrics, type RunningVmalert } from '../servers/victoria-metrics-server.js';
import { runCli, type CliRun } from './_run-cli.js';
import { seconds } from './_scenario-server.js';

/** The phases the metrics show in every scenario; trigger and mitigated only in some (team-logs.ts). */
const PHASES: readonly PhaseName[] = ['onset', 'detected', 'recovered', 'resolved'];
const ALL_PHASES: readonly PhaseName[] = ['trigger', 'onset', 'detected', 'mitigated', 'recovered', 'resolved'];
/** Generating, importing and querying six scenarios of 3.5 million samples each on a busy two-core machine. */
const IMPORT_TIMEOUT_MS = 600_000;

/**
 * Reconstructs the seed outages through the real command line against ONE real VictoriaMetrics
 * holding all of them, and checks the reports against the scenarios' ground truth as the Prometheus
 * suite does (_scenario-suite.ts): culprit first, phases and onsets within two steps, quiet signals
 * checked and normal, alert history. The scenarios lie months apart, so each run's window and
 * baseline day see only its own scenario's series: one server and one import per scenario instead
 * of one server per scenario.
 *
 * VictoriaMetrics has no alerting rules of its own (they live in vmalert, and `/api/v1/rules`
 * answers an empty list unless `-vmalert.proxyURL` is set): the report lists the alerts from the
 * imported `ALERTS`/`ALERTS_FOR_STATE` history without expression or annotations, and that is not a
 * data gap. With `-vmalert.proxyURL` the rules come from a real vmalert: checked on a second, small
 * VictoriaMetrics holding only the first scenario's alert history (the scenarios' rules differ, one
 * vmalert cannot serve them all).
 */
export function describeScenariosOnVictoriaMetrics(names: readonly string[]): void {
  describe('incident-timeline reconstruct on the seed outages (real VictoriaMetrics)', () => {
    let vm: RunningVictoriaMetrics;
    let withRules: { vm: RunningVictoriaMetrics; vmalert: RunningVmalert; rulesFile: string } | undefined;
    let workDir: string;
    const truths = new Map<string, ScenarioTruth>();

    beforeAll(async () => {
      vm = await startVictoriaMetrics();
      workDir = await mkdtemp(join(tmpdir(), 'incident-timeline-victoria-scenarios-'));
      // One at a time: each OpenMetrics file is about 400 MB and is deleted once imported.
      for (const [index, name] of names.entries()) {
        const { paths, truth } = await writeScenarioFiles(name, join(workDir, name));
        await vm.importOpenMetricsFile(paths.openMetrics);
        if (index === 0) withRules = await startWithVmalert(paths.openMetrics, paths.rules);
        await rm(paths.openMetrics);
        truths.set(name, truth);
      }
    }, IMPORT_TIMEOUT_MS);

    afterAll(async () => {
      await vm?.stop();
      await withRules?.vm.stop();
      await withRules?.vmalert.stop();
      if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
    });

    names.forEach((name, index) => describeOne(name, index === 0, () => vm, () => truths.get(name)!, () => workDir));

    const first = names[0];
    if (first !== undefined) describe(`${first}: alert rules from vmalert (-vmalert.proxyURL)`, () => {
      it('shows each alert with its rule\'s expression and its annotations filled in', async () => {
        const truth = truths.get(first)!;
        const local = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(truth.timezone).toFormat('yyyy-MM-dd HH:mm');
        const run = await runCli(['reconstruct', '--prometheus', withRules!.vm.url, '--from', local(truth.window.from), '--to', local(truth.window.to), '--tz', truth.timezone, '--quiet', '--format', 'json']);
        const report = JSON.parse(run.stdout) as ReportJson;
        expect({ stderr: run.stderr, gaps: report.dataGaps }).toEqual({ stderr: '', gaps: [] });
        const rules = await readFile(withRules!.rulesFile, 'utf8');
        const related = truth.alerts.filter((alert) => alert.related);
        expect(related.map((alert) => typeof ruleExpression(rules, alert.alertname))).toEqual(related.map(() => 'string'));
        const shown = related.map((expected) => {
          const found = report.alerts.find((alert) => labelsKey(alert.labels) === labelsKey(expected.labels));
          const summary = found?.annotations?.['summary'] ?? '';
          return {
            alert: expected.alertname,
            times: [found?.pendingAt, found?.firingAt, found?.resolvedAt],
            expr: found?.rule?.expr,
            runbook: found?.annotations?.['runbook_url'],
            // Templates filled with the alert's own labels, as Prometheus's notifications show them.
            summaryFilled: !summary.includes('{{') && Object.values(expected.labels).some((value) => value !== expected.alertname && summary.includes(value)),
          };
        });
        expect(shown).toEqual(
          related.map((expected) => ({
            alert: expected.alertname,
            times: [expected.pendingAt, expected.firingAt, expected.resolvedAt],
            expr: ruleExpression(rules, expected.alertname),
            runbook: `https://runbooks.kimby.example/alerts/${expected.alertname}`,
            summaryFilled: true,
          })),
        );
      });
    });
  });
}

/** The expression of `alert` in a rules file as test/scenarios/_alerts.ts writes it (`expr: "<JSON string>"`). */
function ruleExpression(rulesFile: string, alert: string): string | undefined {
  const match = new RegExp(`- alert: ${alert}\\n\\s+expr: (".*")\\n`).exec(rulesFile);
  return match?.[1] === undefined ? undefined : (JSON.parse(match[1]) as string);
}

/**
 * A second VictoriaMetrics answering `/api/v1/rules` from a real vmalert serving `rulesFile`,
 * holding only the alert history of `openMetricsFile` (the rules attach to it; the metrics are not needed).
 */
async function startWithVmalert(openMetricsFile: string, rulesFile: string): Promise<{ vm: RunningVictoriaMetrics; vmalert: RunningVmalert; rulesFile: string }> {
  const port = await findFreePort();
  const vm = await startVictoriaMetrics({ extraArgs: [`-vmalert.proxyURL=http://127.0.0.1:${port}`] });
  try {
    await vm.importOpenMetricsFile(openMetricsFile, { onlyMetrics: new Set(['ALERTS', 'ALERTS_FOR_STATE', 'up']) });
    const vmalert = await startVmalert({ port, ruleFiles: [rulesFile], datasourceUrl: vm.url });
    return { vm, vmalert, rulesFile };
  } catch (error) {
    await vm.stop();
    throw error;
  }
}

/** Labels compared whatever their order (VictoriaMetrics does not sort them). */
function labelsKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function describeOne(name: string, withBundle: boolean, server: () => RunningVictoriaMetrics, scenario: () => ScenarioTruth, folder: () => string): void {
  describe(name, () => {
    let truth: ScenarioTruth;
    let args: string[];
    let run: CliRun;
    let report: ReportJson;
    const onGrid = (iso: string) => onTruthGrid(truth, iso);

    beforeAll(async () => {
      truth = scenario();
      // The window as the operator states it: wall-clock times in the seed's zone.
      const local = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(truth.timezone).toFormat('yyyy-MM-dd HH:mm');
      args = ['--prometheus', server().url, '--from', local(truth.window.from), '--to', local(truth.window.to), '--tz', truth.timezone, '--quiet'];
      run = await runCli(['reconstruct', ...args, '--format', 'json']);
      report = JSON.parse(run.stdout) as ReportJson;
    }, 120_000);

    it('exits 0 with a complete report naming VictoriaMetrics as the source, without a version', () => {
      expect({ code: run.code, stderr: run.stderr, gaps: report.dataGaps }).toEqual({ code: 0, stderr: '', gaps: [] });
      expect(report.source).toEqual({ kind: 'victoriametrics', url: `${server().url}/`, version: null });
    });

    it('ranks the culprit first', () => {
      const top = report.anomalies[0];
      const first = top === undefined ? 'nothing' : `${top.signal} ${JSON.stringify(top.labels)} (${top.query})`;
      expect({ first, isCulprit: top !== undefined && isCulprit(top, truth.culprit) }).toEqual({ first, isCulprit: true });
    });

    const phases = PHASES_IN_METRICS.has(name) ? ALL_PHASES : PHASES;
    it(`places ${phases.join(', ')} within two steps of the truth (or the truth's stated precision)`, () => {
      const judged = phases.map((phase) => {
        const expected = truth.phases[phase];
        const found = report.phases[phase];
        if (expected === null || found === null) return { phase, error: expected === found ? 'ok' : `${found ?? 'none'} vs ${expected ?? 'none'}` };
        const error = Math.abs(seconds(found) - onGrid(expected)) / truth.stepSeconds;
        return { phase, error: error <= phaseToleranceSteps(truth, phase) ? 'ok' : `${error} steps off (${found} vs ${expected})` };
      });
      expect(judged).toEqual(phases.map((phase) => ({ phase, error: 'ok' })));
    });

    it('finds every clearly perturbed series with its onset within two steps (or the truth\'s stated precision)', () => {
      const found = truth.anomalous
        .filter((a) => a.weak !== true)
        .map((expected) => {
          const errors = report.anomalies.filter((a) => matchesRef(a, expected)).map((a) => Math.abs(seconds(a.onset ?? '') - onGrid(expected.onset)) / truth.stepSeconds);
          const best = errors.length === 0 ? null : Math.min(...errors);
          const series = `${expected.signal} ${JSON.stringify(expected.labels)} at ${expected.onset}`;
          return { series, onset: best === null ? 'not found' : best <= onsetToleranceSteps(truth, expected) ? 'within two steps' : `${best} steps off` };
        });
      expect(found).toEqual(found.map(({ series }) => ({ series, onset: 'within two steps' })));
    });

    it('lists the signals that stayed quiet as checked and normal, not as anomalies', () => {
      const judged = truth.normal.map((quiet) => ({
        quiet,
        flagged: report.anomalies.filter((a) => matchesRef(a, quiet)).length,
        checked: report.checkedNormal.some((c) => matchesRef(c, quiet)),
      }));
      expect(judged).toEqual(truth.normal.map((quiet) => ({ quiet, flagged: 0, checked: true })));
    });

    it('shows the outage\'s alerts from the imported ALERTS history, to the second, without rule or annotations', () => {
      const related = truth.alerts.filter((alert) => alert.related);
      expect(related.length).toBeGreaterThan(0);
      const shown = related.map((expected) => {
        const found = report.alerts.find((alert) => labelsKey(alert.labels) === labelsKey(expected.labels));
        return {
          alert: JSON.stringify(expected.labels),
          times: found === undefined ? 'not shown' : [found.pendingAt, found.firingAt, found.resolvedAt],
          rule: found?.rule ?? null,
          annotations: found?.annotations ?? null,
        };
      });
      expect(shown).toEqual(
        related.map((expected) => ({ alert: JSON.stringify(expected.labels), times: [expected.pendingAt, expected.firingAt, expected.resolvedAt], rule: null, annotations: null })),
      );
    });

    // One scenario is enough for the round trip of the server kind through a bundle. Two live runs
    // against VictoriaMetrics may differ in the last bits of a few values: it sums series in parallel,
    // in no fixed order (1 - a/b of equal sums comes back as 0, 1.1e-16 or -2.2e-16). The evidence,
    // once captured, is what gives identical reports.
    if (withBundle) it('captures a bundle that keeps VictoriaMetrics as the source and gives the same report twice offline, the culprit still first', async () => {
      const bundle = join(folder(), `${name}.evidence.json.gz`);
      const capture = await runCli(['capture', ...args, '--out', bundle]);
      expect({ code: capture.code, stderr: capture.stderr }).toEqual({ code: 0, stderr: '' });
      const offline = await runCli(['reconstruct', '--bundle', bundle, '--format', 'json', '--quiet']);
      const again = await runCli(['reconstruct', '--bundle', bundle, '--format', 'json', '--quiet']);
      expect(offline.code).toBe(0);
      expect(again.stdout).toBe(offline.stdout);
      const json = JSON.parse(offline.stdout) as ReportJson;
      expect(json.source).toEqual(report.source);
      const top = json.anomalies[0];
      expect(top !== undefined && isCulprit(top, truth.culprit)).toBe(true);
      // The Markdown header names the server.
      const markdown = await runCli(['reconstruct', '--bundle', bundle, '--quiet']);
      expect(markdown.stdout).toMatch(new RegExp(`^> - Source: VictoriaMetrics at ${server().url}/`, 'm'));
    });
  });
}
