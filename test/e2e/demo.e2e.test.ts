import { describe, expect, it } from 'vitest';
import { scenarioTruth } from '../scenarios/generate.js';
import type { ReportJson } from '../../reports/json.js';
import { runCli } from './_run-cli.js';
import { reportSchemaProblems } from '../golden/_validate-report.js';
import { hasLabels, seconds } from './_scenario-server.js';

// The bundle `npm run demo` reads was captured from a real Prometheus holding the db-slow-query
// scenario (npm run samples). It must still reconstruct that outage with today's code.
const BUNDLE = 'samples/db-slow-query.evidence.json.gz';

describe('npm run demo: the bundled slow-query outage, offline', () => {
  it('reconstructs the culprit and the phases of the scenario from the saved evidence, no server needed', async () => {
    const truth = scenarioTruth('db-slow-query');
    const run = await runCli(['reconstruct', '--bundle', BUNDLE, '--format', 'json', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ReportJson;
    // The report fits reports/report.schema.json, the contract's JSON Schema.
    expect(reportSchemaProblems(report)).toEqual([]);
    expect(report.window.from).toBe(truth.window.from.replace('.000', ''));
    expect(truth.culprit.signals).toContain(report.anomalies[0]?.signal);
    expect(hasLabels(report.anomalies[0]!.labels, truth.culprit.labels)).toBe(true);
    const step = report.window.stepSeconds ?? Number.NaN;
    for (const phase of ['onset', 'detected', 'recovered', 'resolved'] as const) {
      const error = Math.abs(seconds(report.phases[phase]!) - seconds(truth.phases[phase]!)) / step;
      expect({ phase, withinTwoSteps: error <= 2 }).toEqual({ phase, withinTwoSteps: true });
    }
  });

  it('prints the Markdown postmortem, as the README shows', async () => {
    const run = await runCli(['reconstruct', '--bundle', BUNDLE]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# Postmortem: PostgreSQL statement mean time on db1:9187/);
    expect(run.stdout).toContain('Times in Africa/Johannesburg (SAST = UTC+2)');
    expect(run.stdout).toContain('- **Likely root cause:** **PostgreSQL statement mean time on db1:9187');
    expect(run.stdout).toContain('### Hypotheses, most likely first');
    expect(run.stdout).toContain('- [ ] **Suggested:** Check the plan of this statement');
  });
});
