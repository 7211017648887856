/**
 * The scenario half of `npm run eval` (issue 3, item 5): every outage scenario and the calm fleet,
 * backfilled into a real Prometheus, reconstructed by the real command line, scored against the truth.
 *
 *   npx tsx test/eval/scenarios/run-scenarios.ts [--json] [--only bad-deploy,calm-fleet]
 *
 * Same code path as a user: `incident-timeline reconstruct --prometheus … --from … --to … --tz …
 * --format json` in a child process (test/e2e/_run-cli.ts), defaults for everything else.
 *
 * Backfilled data is cached under `.tmp/eval/scenarios/<name>/` (gitignored) with a manifest keyed
 * by DATA_VERSION and a hash of the generator sources, like test/bench/dataset.ts: the first run
 * generates and backfills (about a minute and a half on two cores), later runs only start Prometheus
 * and the tool (about a minute).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReportJson } from '../../../reports/json.js';
import { runCli } from '../../e2e/_run-cli.js';
import { SCENARIO_NAMES, writeScenarioFiles } from '../../scenarios/generate.js';
import { BLOCK_DURATION, backfillScenario } from '../../scenarios/_promtool.js';
import type { ScenarioTruth } from '../../scenarios/truth.js';
import { ensurePrometheusInstalled, startPrometheus } from '../../servers/index.js';
import { CALM_FLEET, CALM_FLEET_NAME, writeCalmFleet } from './calm-fleet.js';
import type { CalmFleetFacts } from './calm-fleet.js';
import { median, scoreCalm, scoreScenario } from './score.js';
import type { CalmScore, ScenarioScore } from './score.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CACHE_DIR = join(ROOT, '.tmp', 'eval', 'scenarios');
/** Changing how datasets are built without changing a generator source still rebuilds them. */
const DATA_VERSION = 'eval-scenarios-v1';
/** The generators: every source of test/scenarios but the tests, and the calm fleet. */
const GENERATOR_DIRS = ['test/scenarios', 'test/eval/scenarios'];
const NOT_GENERATOR = /(\.test\.ts|_checks\.ts|_readback\.ts|run-scenarios\.ts|score\.ts)$/;

/** Issue 3's targets. */
export const TARGETS = {
  /** The culprit ranks first in every scenario. */
  culpritFirstShare: 1,
  medianOnsetErrorSteps: 1,
  alarmsPerThousandCalmSeries: 1,
} as const;

export interface ScenarioRun extends ScenarioScore {
  readonly window: { readonly from: string; readonly to: string };
  readonly exitCode: number | null;
  readonly toolSeconds: number;
}

export interface CalmRun extends CalmScore {
  readonly window: { readonly from: string; readonly to: string };
  readonly exitCode: number | null;
  readonly toolSeconds: number;
}

export interface ScenarioEvalResult {
  readonly toolVersion: string;
  readonly scenarios: readonly ScenarioRun[];
  readonly calm: readonly CalmRun[];
  readonly summary: {
    readonly culpritFirst: number;
    readonly scenarios: number;
    /** Median over the onset errors of every truth anomaly found, all scenarios pooled. */
    readonly medianOnsetErrorSteps: number | null;
    readonly calmAlarms: number;
    readonly calmSeries: number;
    readonly alarmsPerThousandCalmSeries: number;
    readonly meets: { readonly culprit: boolean; readonly onset: boolean; readonly calm: boolean };
  };
  /** Datasets built by this run (the others came from the cache). */
  readonly built: readonly string[];
  readonly seconds: number;
}

export interface ScenarioEvalOptions {
  /** Scenario names (and `calm-fleet`) to run. @default all */
  readonly only?: readonly string[];
  /** Progress lines. @default nothing */
  readonly log?: (line: string) => void;
}

interface Dataset {
  readonly dataDir: string;
  readonly rules: string;
  readonly built: boolean;
}

function sourcesKey(name: string): string {
  const hash = createHash('sha256').update(`${DATA_VERSION}\0${BLOCK_DURATION}\0${name}`);
  for (const dir of GENERATOR_DIRS) {
    for (const file of readdirSync(join(ROOT, dir)).filter((one) => one.endsWith('.ts') && !NOT_GENERATOR.test(one)).sort()) {
      hash.update(`\0${dir}/${file}\0`).update(readFileSync(join(ROOT, dir, file)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The cached TSDB of one dataset, built first when missing or stale. The manifest is written last,
 * so an interrupted build is redone rather than half used.
 */
async function ensureDataset(name: string, log: (line: string) => void): Promise<Dataset> {
  const dir = join(CACHE_DIR, name);
  const manifest = join(dir, 'manifest.json');
  const key = sourcesKey(name);
  const dataDir = join(dir, 'data');
  const rules = join(dir, `${name}.rules.yml`);
  try {
    const cached = JSON.parse(await readFile(manifest, 'utf8')) as { key?: string };
    if (cached.key === key && existsSync(dataDir) && existsSync(rules)) return { dataDir, rules, built: false };
  } catch {
    // No manifest: build.
  }
  const started = performance.now();
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  let summary: string;
  if (name === CALM_FLEET_NAME) {
    const files = await writeCalmFleet(dir, async (part) => {
      await backfillScenario(part, dataDir);
      await rm(part);
    });
    await writeFile(join(dir, 'facts.json'), `${JSON.stringify(CALM_FLEET, null, 2)}\n`);
    summary = `${files.stats.series} series, ${(files.stats.samples / 1e6).toFixed(1)} M samples`;
  } else {
    const files = await writeScenarioFiles(name, dir);
    await backfillScenario(files.paths.openMetrics, dataDir);
    await rm(files.paths.openMetrics);
    summary = `${files.stats.series} series, ${(files.stats.samples / 1e6).toFixed(1)} M samples`;
  }
  await writeFile(manifest, `${JSON.stringify({ key, name }, null, 2)}\n`);
  log(`  built ${relative(ROOT, dir)} (${summary}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { dataDir, rules, built: true };
}

/** Runs `incident-timeline reconstruct … --format json` against the dataset, as a user would. */
async function reconstructOn(dataset: Dataset, window: { from: string; to: string }, timezone: string): Promise<{ report: ReportJson; exitCode: number | null; seconds: number }> {
  const prometheus = await startPrometheus({ dataDir: dataset.dataDir, ruleFiles: [dataset.rules] });
  try {
    const started = performance.now();
    const run = await runCli(['reconstruct', '--prometheus', prometheus.url, '--from', window.from, '--to', window.to, '--tz', timezone, '--format', 'json', '--quiet']);
    const seconds = (performance.now() - started) / 1000;
    // 3 is "written, with data gaps": still a report to score.
    if (run.code !== 0 && run.code !== 3) throw new Error(`reconstruct exited ${String(run.code)}: ${run.stderr.trim()}`);
    return { report: JSON.parse(run.stdout) as ReportJson, exitCode: run.code, seconds };
  } finally {
    await prometheus.stop();
  }
}

/**
 * Runs the scenario evaluation: every outage scenario (culprit, onsets, precision and recall) and the
 * calm fleet (alarms per 1,000 series), each against its own backfilled Prometheus.
 *
 * @example
 * const result = await runScenarioEval();
 * process.stdout.write(formatScenarioEval(result));
 */
export async function runScenarioEval(options: ScenarioEvalOptions = {}): Promise<ScenarioEvalResult> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  ensurePrometheusInstalled();
  const wanted = (name: string): boolean => options.only === undefined || options.only.includes(name);
  const unknown = (options.only ?? []).filter((name) => name !== CALM_FLEET_NAME && !SCENARIO_NAMES.includes(name));
  if (unknown.length > 0) throw new RangeError(`Unknown scenario ${unknown.join(', ')}: expected ${[...SCENARIO_NAMES, CALM_FLEET_NAME].join(', ')}`);
  const built: string[] = [];
  const scenarios: ScenarioRun[] = [];
  let toolVersion = 'unknown';
  for (const name of SCENARIO_NAMES.filter(wanted)) {
    log(`${name}`);
    const dataset = await ensureDataset(name, log);
    if (dataset.built) built.push(name);
    const truth = JSON.parse(await readFile(join(CACHE_DIR, name, `${name}.truth.json`), 'utf8')) as ScenarioTruth;
    const { report, exitCode, seconds } = await reconstructOn(dataset, truth.window, truth.timezone);
    toolVersion = report.toolVersion;
    scenarios.push({ ...scoreScenario(truth, report), window: truth.window, exitCode, toolSeconds: seconds });
  }
  const calm: CalmRun[] = [];
  if (wanted(CALM_FLEET_NAME)) {
    log(CALM_FLEET_NAME);
    const dataset = await ensureDataset(CALM_FLEET_NAME, log);
    if (dataset.built) built.push(CALM_FLEET_NAME);
    const facts: CalmFleetFacts = CALM_FLEET;
    const { report, exitCode, seconds } = await reconstructOn(dataset, facts.window, facts.timezone);
    toolVersion = report.toolVersion;
    calm.push({ ...scoreCalm(CALM_FLEET_NAME, report), window: facts.window, exitCode, toolSeconds: seconds });
  }
  const culpritFirst = scenarios.filter((one) => one.culprit.first).length;
  const pooled = median(scenarios.flatMap((one) => one.onsetErrorsSteps));
  const calmAlarms = calm.reduce((sum, one) => sum + one.alarms, 0);
  const calmSeries = calm.reduce((sum, one) => sum + one.judgedSeries, 0);
  const perThousand = calmSeries === 0 ? Number.NaN : (1000 * calmAlarms) / calmSeries;
  return {
    toolVersion,
    scenarios,
    calm,
    summary: {
      culpritFirst,
      scenarios: scenarios.length,
      medianOnsetErrorSteps: pooled,
      calmAlarms,
      calmSeries,
      alarmsPerThousandCalmSeries: perThousand,
      meets: {
        culprit: scenarios.length > 0 && culpritFirst / scenarios.length >= TARGETS.culpritFirstShare,
        onset: pooled !== null && pooled <= TARGETS.medianOnsetErrorSteps,
        calm: perThousand <= TARGETS.alarmsPerThousandCalmSeries,
      },
    },
    built,
    seconds: (performance.now() - started) / 1000,
  };
}

const number = (value: number | null, digits = 0): string => (value === null || Number.isNaN(value) ? '—' : value.toFixed(digits));
const verdict = (met: boolean): string => (met ? 'met' : 'NOT MET');
const steps = (value: number): string => `${Number.isInteger(value) ? value : value.toFixed(1)} ${value === 1 ? 'step' : 'steps'}`;

function table(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

/** The evaluation as the table `npm run eval` prints, targets beside the numbers, then the details. */
export function formatScenarioEval(result: ScenarioEvalResult): string {
  const { summary } = result;
  const lines: string[] = [`Outage scenarios (incident-timeline ${result.toolVersion}; matching and definitions: test/eval/scenarios/score.ts)`, ''];
  lines.push(
    table([
      ['scenario', 'culprit first', 'ranked first instead', 'culprit onset err', 'median onset err (n found)', 'precision (TP/in window)', 'recall (clear; weak)', 'phases within 2 steps*'],
      ...result.scenarios.map((one) => {
        return [
          one.name,
          one.culprit.first ? 'yes' : `no (culprit ${one.culprit.rank === null ? 'not found' : `#${one.culprit.rank}`})`,
          one.culprit.first ? '' : (one.culprit.firstRanked ?? 'nothing'),
          one.culprit.onsetErrorSteps === null ? '—' : steps(one.culprit.onsetErrorSteps),
          `${one.medianOnsetErrorSteps === null ? '—' : steps(one.medianOnsetErrorSteps)} (${one.onsetErrorsSteps.length})`,
          `${number(one.precision, 2)} (${one.truePositives}/${one.inWindow})`,
          `${number(one.recall, 2)} (${one.clearFound}/${one.clearTotal}; weak ${one.weakFound}/${one.weakTotal})`,
          `${one.phasesWithin}/${one.phasesScored}`,
        ];
      }),
    ]),
  );
  lines.push(
    '* or the precision a truth states for a phase it can only date coarsely (memory-leak onset: a slope change in a sawtooth, 2 min);',
    '  errors are measured against the first scrape that could show a truth instant.',
    '',
    `culprit ranked first: ${summary.culpritFirst}/${summary.scenarios}   target: every scenario   ${verdict(summary.meets.culprit)}`,
    `median onset error, all truth anomalies found: ${summary.medianOnsetErrorSteps === null ? '—' : steps(summary.medianOnsetErrorSteps)}   target: ≤ ${steps(TARGETS.medianOnsetErrorSteps)}   ${verdict(summary.meets.onset)}`,
  );
  if (result.calm.length > 0) {
    lines.push('', 'Calm windows (nothing happens; every anomaly is a false alarm)', '');
    lines.push(
      table([
        ['window', 'series judged', 'alarms', 'per 1,000 series', 'alarms'],
        ...result.calm.map((one) => [
          `${one.name} ${one.window.from} – ${one.window.to}`,
          String(one.judgedSeries),
          String(one.alarms),
          number(one.alarmsPerThousandSeries, 1),
          countBySignal(one.alarmSignals),
        ]),
      ]),
      '',
      `false alarms per 1,000 calm series: ${number(summary.alarmsPerThousandCalmSeries, 1)}   target: ≤ ${TARGETS.alarmsPerThousandCalmSeries}   ${verdict(summary.meets.calm)}`,
    );
  }
  lines.push('', 'Details');
  for (const one of result.scenarios) {
    if (one.falseAlarms.length === 0 && one.missed.length === 0) continue;
    lines.push(`  ${one.name}`);
    for (const missed of one.missed) lines.push(`    missed: ${missed}`);
    for (const alarm of one.falseAlarms) lines.push(`    not in the truth: ${alarm}`);
  }
  for (const one of result.calm) for (const alarm of one.alarmSignals) lines.push(`  ${one.name} alarm: ${alarm}`);
  lines.push('', `${result.seconds.toFixed(0)} s${result.built.length > 0 ? `; built ${result.built.join(', ')} (cached in .tmp/eval/scenarios for the next run)` : '; all data from the cache'}`);
  return `${lines.join('\n')}\n`;
}

/** `target_up ×6, cpu_mode ×1` from alarm descriptions. */
function countBySignal(alarms: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const alarm of alarms) {
    const signal = alarm.slice(0, alarm.indexOf(' '));
    counts.set(signal, (counts.get(signal) ?? 0) + 1);
  }
  return [...counts].map(([signal, count]) => `${signal} ×${count}`).join(', ');
}

async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? '').split(',').filter((name) => name !== '') : undefined;
  try {
    const result = await runScenarioEval({ ...(only === undefined ? {} : { only }), log: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : formatScenarioEval(result));
    return 0;
  } catch (error) {
    process.stderr.write(`Scenario evaluation failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}

