import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../reports/json.js';
import type { PhaseName } from '../../src/model/timeline.js';
import { writeScenarioFiles, type ScenarioTruth } from '../scenarios/generate.js';
import { PHASES_IN_METRICS } from '../scenarios/team-logs.js';
import { isCulprit, matchesRef, onsetToleranceSteps, onTruthGrid, phaseToleranceSteps } from '../scenarios/_truth-match.js';
import { startVictoriaMetrics, type RunningVictoriaMetrics } from '../servers/victoria-metrics-server.js';
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
 * data gap.
 */
export function describeScenariosOnVictoriaMetrics(names: readonly string[]): void {
  describe('incident-timeline reconstruct on the seed outages (real VictoriaMetrics)', () => {
    let vm: RunningVictoriaMetrics;
    let workDir: string;
    const truths = new Map<string, ScenarioTruth>();

    beforeAll(async () => {
      vm = await startVictoriaMetrics();
      workDir = await mkdtemp(join(tmpdir(), 'incident-timeline-victoria-scenarios-'));
      // One at a time: each OpenMetrics file is about 400 MB and is deleted once imported.
      for (const name of names) {
        const { paths, truth } = await writeScenarioFiles(name, join(workDir, name));
        await vm.importOpenMetricsFile(paths.openMetrics);
        await rm(paths.openMetrics);
        truths.set(name, truth);
      }
    }, IMPORT_TIMEOUT_MS);

    afterAll(async () => {
      await vm?.stop();
      if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
    });

    for (const name of names) describeOne(name, () => vm, () => truths.get(name)!, () => workDir);
  });
}

/** Labels compared whatever their order (VictoriaMetrics does not sort them). */
function labelsKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function describeOne(name: string, server: () => RunningVictoriaMetrics, scenario: () => ScenarioTruth, folder: () => string): void {
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

    it('gives a byte-identical report from a captured evidence bundle', async () => {
      const bundle = join(folder(), `${name}.evidence.json.gz`);
      const capture = await runCli(['capture', ...args, '--out', bundle]);
      expect(capture.code).toBe(0);
      const offline = await runCli(['reconstruct', '--bundle', bundle, '--format', 'json', '--quiet']);
      expect(offline.stdout).toBe(run.stdout);
    });
  });
}
