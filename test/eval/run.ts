/**
 * `npm run eval`: how well detection finds what changed, in numbers, through the same code path the
 * command uses.
 *   1. NAB standard-profile score on ../shared/data/nab-dev/, against the published detectors;
 *   2. the project's outage scenarios, run through the real CLI against a real Prometheus: culprit
 *      first, onset error, precision and recall, and false alarms per 1,000 calm series.
 * A measurement, not a test: it prints the figures beside their targets and exits 0 unless it could
 * not run.
 */
import { renderNabCategories, renderNabHeadline, runNabEval } from './nab/run-nab.js';
import { formatScenarioEval, runScenarioEval } from './scenarios/run-scenarios.js';

async function main(): Promise<number> {
  try {
    process.stderr.write('NAB: scoring the detectors on ../shared/data/nab-dev (no look-ahead)\n');
    const nab = await runNabEval();
    process.stdout.write(`${renderNabHeadline(nab)}\n\n${renderNabCategories(nab)}\n\n`);
    process.stderr.write('Scenarios: generating, backfilling (cached under .tmp/eval) and reconstructing each outage\n');
    const scenarios = await runScenarioEval({ log: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(formatScenarioEval(scenarios));
    return 0;
  } catch (error) {
    process.stderr.write(`Evaluation failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main();
