/**
 * Writes an outage scenario as the Prometheus data real exporters would have produced, plus its rules
 * and ground truth:
 *
 *   npx tsx test/scenarios/generate.ts <scenario-name> <out-dir>
 *
 * gives `<out-dir>/<name>.om` (OpenMetrics for `promtool tsdb create-blocks-from openmetrics`),
 * `<out-dir>/<name>.rules.yml` and `<out-dir>/<name>.truth.json`. Deterministic: the same name gives
 * the same bytes, on any machine, at any time.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAccessLogs } from './_access-log.js';
import { renderRulesFile } from './_alerts.js';
import { writeOpenMetrics } from './_openmetrics.js';
import type { WriteStats } from './_openmetrics.js';
import { STEP_SECONDS } from './_world.js';
import type { ScenarioDefinition } from './_world.js';
import { ACCESS_LOG_PLANS } from './access-log-plans.js';
import { authDeadlock } from './auth-deadlock.js';
import { badDeploy } from './bad-deploy.js';
import { dbSlowQuery } from './db-slow-query.js';
import { diskFull } from './disk-full.js';
import { memoryLeak } from './memory-leak.js';
import { slowUpstream } from './slow-upstream.js';
import type { ScenarioTruth } from './truth.js';

export type { ScenarioTruth, TruthAnomaly, TruthAlert, TruthSeriesRef, SeedFact } from './truth.js';

const SCENARIOS: readonly ScenarioDefinition[] = [dbSlowQuery, authDeadlock, badDeploy, memoryLeak, diskFull, slowUpstream];

/** Names accepted by `writeScenario`. */
export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((scenario) => scenario.name);

/** Where a scenario's files were written, and what they hold. */
export interface ScenarioFiles {
  readonly paths: { readonly openMetrics: string; readonly rules: string; readonly truth: string };
  readonly stats: WriteStats;
  readonly truth: ScenarioTruth;
}

/**
 * Builds scenario `name` and writes its three files into `outDir` (created if missing); returns the truth.
 *
 * @example
 * const truth = await writeScenario('auth-deadlock', '/tmp/scenarios');
 * // /tmp/scenarios/auth-deadlock.om, .rules.yml, .truth.json
 */
export async function writeScenario(name: string, outDir: string): Promise<ScenarioTruth> {
  return (await writeScenarioFiles(name, outDir)).truth;
}

/** A scenario's ground truth alone, without writing its data (for checking saved evidence of it). */
export function scenarioTruth(name: string): ScenarioTruth {
  const scenario = SCENARIOS.find((one) => one.name === name);
  if (scenario === undefined) throw new RangeError(`Unknown scenario "${name}": expected one of ${SCENARIO_NAMES.join(', ')}`);
  return scenario.build().truth;
}

/**
 * Writes the scenario's request logs (when it has any) into `<outDir>/<folder>/` and returns their
 * truth; undefined for scenarios without logs.
 */
export async function writeScenarioAccessLogs(name: string, outDir: string): Promise<ScenarioTruth['accessLog']> {
  const plan = ACCESS_LOG_PLANS[name]?.();
  return plan === undefined ? undefined : writeAccessLogs(plan, join(outDir, plan.truth.folder));
}

/** As `writeScenario`, also returning the file paths and sizes. */
export async function writeScenarioFiles(name: string, outDir: string): Promise<ScenarioFiles> {
  const scenario = SCENARIOS.find((one) => one.name === name);
  if (scenario === undefined) throw new RangeError(`Unknown scenario "${name}": expected one of ${SCENARIO_NAMES.join(', ')}`);
  await mkdir(outDir, { recursive: true });
  const built = scenario.build();
  const paths = {
    openMetrics: join(outDir, `${name}.om`),
    rules: join(outDir, `${name}.rules.yml`),
    truth: join(outDir, `${name}.truth.json`),
  };
  const stats = await writeOpenMetrics(paths.openMetrics, built.store.grid, built.store.allFamilies());
  await writeFile(paths.rules, renderRulesFile(built.rules, STEP_SECONDS));
  const accessLog = await writeScenarioAccessLogs(name, outDir);
  const truth: ScenarioTruth = accessLog === undefined ? built.truth : { ...built.truth, accessLog };
  await writeFile(paths.truth, JSON.stringify(truth, null, 2) + '\n');
  return { paths, stats, truth };
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, outDir] = argv;
  if (name === undefined || outDir === undefined || argv.length !== 2) {
    process.stderr.write(`Usage: npx tsx test/scenarios/generate.ts <${SCENARIO_NAMES.join('|')}> <out-dir>\n`);
    return 2;
  }
  const started = performance.now();
  try {
    const files = await writeScenarioFiles(name, resolve(outDir));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(
      `${files.paths.openMetrics}: ${files.stats.series} series, ${files.stats.samples} samples, ` +
        `${(files.stats.bytes / 1e6).toFixed(1)} MB in ${seconds} s\n${files.paths.rules}\n${files.paths.truth}\n`,
    );
    return 0;
  } catch (error: unknown) {
    process.stderr.write(`Cannot generate scenario "${name}": ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
