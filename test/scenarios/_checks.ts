/**
 * The checks every scenario must pass, shared by the per-scenario test files (one file per scenario,
 * so vitest runs them in parallel): determinism, promtool backfill, shape of the data, alerts, impact
 * and truth against the seed.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeScenarioFiles } from './generate.js';
import { PROMTOOL, backfillScenario } from './_promtool.js';
import type { ScenarioFiles } from './generate.js';
import { increaseBetween, readOpenMetrics } from './_readback.js';
import type { ReadBack, ReadBackSeries } from './_readback.js';
import type { ScenarioTruth } from './truth.js';

const run = promisify(execFile);
const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STEP = 15;
/** Onsets in the truth are exact; the contract accepts a detector within two steps. */
const ONSET_TOLERANCE_SECONDS = 2 * STEP;
const MIN_DISTRACTOR_SERIES = 200;
const MIN_LOOKBACK_SECONDS = 24 * 3600;
/** Backfilling some 3.5 million samples takes promtool 20–30 s on two cores. */
const BACKFILL_TIMEOUT_MS = 300_000;
const SETUP_TIMEOUT_MS = 240_000;

export const unix = (iso: string): number => Date.parse(iso) / 1000;

export interface ScenarioRun {
  readonly truth: ScenarioTruth;
  readonly files: ScenarioFiles;
  readonly readBack: ReadBack;
  /** The collected series of one sample name whose labels include `match`. */
  series(name: string, match?: Readonly<Record<string, string>>): ReadBackSeries[];
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Series the shared checks read in full. */
function sharedCollect(name: string, labels: Readonly<Record<string, string>>): boolean {
  return (
    name === 'ALERTS' ||
    name === 'ALERTS_FOR_STATE' ||
    name === 'http_requests_total' ||
    (name === 'http_request_duration_seconds_bucket' && (labels['le'] === '1' || labels['le'] === '+Inf')) ||
    name.startsWith('node_network_')
  );
}

/** `for:` of each alert in a rules file written by renderRulesFile. */
function forSecondsByAlert(rulesText: string): Map<string, number> {
  const out = new Map<string, number>();
  let alert: string | null = null;
  for (const line of rulesText.split('\n')) {
    const name = /^\s*- alert: (\S+)/.exec(line);
    if (name !== null) alert = name[1] as string;
    const duration = /^\s*for: (\d+)([smh])$/.exec(line);
    if (duration !== null && alert !== null) {
      const unitSeconds = { s: 1, m: 60, h: 3600 }[duration[2] as 's' | 'm' | 'h'];
      out.set(alert, Number(duration[1]) * unitSeconds);
    }
  }
  return out;
}

/** Contiguous runs of a series' timestamps (a gap longer than one step starts a new run). */
function runsOf(series: ReadBackSeries): { from: number; to: number; values: number[] }[] {
  const runs: { from: number; to: number; values: number[] }[] = [];
  series.timestamps.forEach((time, i) => {
    const last = runs[runs.length - 1];
    if (last !== undefined && time - last.to === STEP) {
      last.to = time;
      last.values.push(series.values[i] as number);
    } else {
      runs.push({ from: time, to: time, values: [series.values[i] as number] });
    }
  });
  return runs;
}

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keysA = Object.keys(a).sort();
  const keysB = Object.keys(b).sort();
  return keysA.length === keysB.length && keysA.every((key, i) => key === keysB[i] && a[key] === b[key]);
}

function valueAt(path: string, truth: ScenarioTruth): string | null {
  let node: unknown = truth;
  for (const part of path.split('.')) node = (node as Record<string, unknown>)[part];
  return typeof node === 'string' ? node : null;
}

/**
 * Declares the shared checks for scenario `name`, generated once into a temporary directory, and then
 * the scenario's own `specifics`, which read the run through `current()`. `collect` names further
 * series to read back in full.
 */
export function describeScenario(
  name: string,
  collect: (name: string, labels: Readonly<Record<string, string>>) => boolean,
  specifics: (current: () => ScenarioRun) => void,
): void {
  let runState: ScenarioRun | null = null;
  let dir = '';
  /** Hashes of a second, independent run (its files are deleted at once: each .om is ~400 MB). */
  let secondRun: Record<'openMetrics' | 'rules' | 'truth', string> | null = null;
  const current = (): ScenarioRun => {
    if (runState === null) throw new Error(`Scenario ${name} was not generated`);
    return runState;
  };

  describe(`scenario ${name}`, () => {
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), `${name}-`));
      const started = performance.now();
      const files = await writeScenarioFiles(name, join(dir, 'first'));
      const generationSeconds = (performance.now() - started) / 1000;
      const second = await writeScenarioFiles(name, join(dir, 'second'));
      secondRun = {
        openMetrics: await sha256(second.paths.openMetrics),
        rules: await sha256(second.paths.rules),
        truth: await sha256(second.paths.truth),
      };
      await rm(join(dir, 'second'), { recursive: true, force: true });
      const readBack = await readOpenMetrics(files.paths.openMetrics, (metric, labels) => sharedCollect(metric, labels) || collect(metric, labels));
      const size = (await stat(files.paths.openMetrics)).size;
      console.log(
        `${name}: generated in ${generationSeconds.toFixed(1)} s, ${(size / 1e6).toFixed(1)} MB, ` +
          `${files.stats.series} series, ${files.stats.samples} samples`,
      );
      runState = {
        truth: files.truth,
        files,
        readBack,
        series: (metric, match = {}) =>
          readBack.collected.filter((one) => one.name === metric && Object.entries(match).every(([key, value]) => one.labels[key] === value)),
      };
    }, SETUP_TIMEOUT_MS);

    afterAll(async () => {
      if (dir !== '') await rm(dir, { recursive: true, force: true });
    });

    it('is deterministic: two runs write byte-identical files', async () => {
      const { files } = current();
      for (const key of ['openMetrics', 'rules', 'truth'] as const) {
        expect(secondRun?.[key], key).toBe(await sha256(files.paths[key]));
      }
    });

    it(
      'is accepted by promtool tsdb create-blocks-from openmetrics',
      async () => {
        const { files } = current();
        const blocks = join(dir, 'tsdb');
        const started = performance.now();
        // One block per day instead of promtool's default 2 h (see _promtool.ts): the same input, a
        // fifth of the time.
        await backfillScenario(files.paths.openMetrics, blocks);
        console.log(`${name}: promtool backfill took ${((performance.now() - started) / 1000).toFixed(1)} s`);
      },
      BACKFILL_TIMEOUT_MS,
    );

    it('has a rules file promtool accepts', async () => {
      const { stdout } = await run(PROMTOOL, ['check', 'rules', current().files.paths.rules]);
      expect(stdout).toContain('SUCCESS');
    });

    it('has at least 200 healthy distractor series and 24 h of data before the window', () => {
      const { truth, readBack } = current();
      const perturbed = truth.anomalous.flatMap((one) => [one.labels['instance'], one.labels['job']]).filter((x) => x !== undefined);
      const healthy = [...readBack.seriesLabels.values()].filter(
        (labels) => labels['instance'] !== undefined && !perturbed.includes(labels['instance']) && !perturbed.includes(labels['job'] ?? ''),
      );
      expect(healthy.length).toBeGreaterThanOrEqual(MIN_DISTRACTOR_SERIES);
      expect(unix(truth.window.from) - readBack.minTime).toBeGreaterThanOrEqual(MIN_LOOKBACK_SECONDS);
      expect(readBack.minTime).toBe(unix(truth.dataFrom));
      expect(readBack.maxTime).toBe(unix(truth.dataTo));
      expect(readBack.maxTime - unix(truth.window.to)).toBeGreaterThanOrEqual(3600);
    });

    it('writes each series in strictly increasing time, each family in one piece, and ends with # EOF', () => {
      const { readBack } = current();
      expect(readBack.outOfOrder).toEqual([]);
      expect(readBack.splitFamilies).toEqual([]);
      expect(readBack.endsWithEof).toBe(true);
      // Names as the real exporters spell them.
      const names = new Set([...readBack.seriesLabels.keys()].map((key) => key.replace(/\{.*/, '')));
      for (const expected of ['node_cpu_seconds_total', 'node_memory_MemAvailable_bytes', 'node_filesystem_avail_bytes', 'node_network_receive_bytes_total', 'node_load1', 'pg_stat_database_deadlocks', 'pg_stat_activity_count', 'pg_locks_count', 'pg_stat_statements_seconds_total', 'http_requests_total', 'http_request_duration_seconds_bucket', 'http_request_duration_seconds_sum', 'process_start_time_seconds', 'up', 'ALERTS', 'ALERTS_FOR_STATE']) {
        expect(names, expected).toContain(expected);
      }
    });

    it('lets counters fall only where their process restarted', () => {
      const { readBack, truth } = current();
      const unexplained = readBack.counterDecreases.filter(
        (fall) =>
          !truth.restarts.some(
            (restart) =>
              restart.labels['instance'] === fall.labels['instance'] &&
              restart.labels['job'] === fall.labels['job'] &&
              unix(restart.at) > fall.previousTime &&
              unix(restart.at) <= fall.time,
          ),
      );
      expect(unexplained).toEqual([]);
      // Each restart did reset something.
      for (const restart of truth.restarts) {
        expect(readBack.counterDecreases.some((fall) => fall.labels['instance'] === restart.labels['instance']), restart.at).toBe(true);
      }
    });

    it('keeps truth times inside the data and in phase order', () => {
      const { truth } = current();
      const from = unix(truth.dataFrom);
      const to = unix(truth.dataTo);
      const phases = truth.phases;
      for (const [phase, time] of Object.entries(phases)) if (time !== null) expect(unix(time), phase).toBeGreaterThanOrEqual(from);
      for (const [phase, time] of Object.entries(phases)) if (time !== null) expect(unix(time), phase).toBeLessThanOrEqual(to);
      const order = [phases.onset, phases.detected, phases.recovered, phases.resolved].map((t) => unix(t ?? ''));
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      if (phases.trigger !== null) expect(unix(phases.trigger)).toBeLessThanOrEqual(unix(phases.onset ?? ''));
      if (phases.mitigated !== null) expect(unix(phases.mitigated)).toBeLessThanOrEqual(unix(phases.recovered ?? ''));
      for (const anomaly of truth.anomalous) {
        expect(unix(anomaly.onset), anomaly.signal).toBeGreaterThanOrEqual(unix(truth.window.from) - 600);
        expect(unix(anomaly.onset), anomaly.signal).toBeLessThanOrEqual(unix(truth.window.to));
      }
      for (const benign of truth.benign) expect(unix(benign.to), benign.description).toBeLessThan(unix(truth.window.from));
    });

    it('writes ALERTS consistent with the rules and the truth', async () => {
      const { truth, files } = current();
      const forSeconds = forSecondsByAlert(await readFile(files.paths.rules, 'utf8'));
      const forState = current().series('ALERTS_FOR_STATE');
      const seen: { alertname: string; pendingAt: number }[] = [];
      for (const series of forState) {
        const alertname = series.labels['alertname'] as string;
        const hold = forSeconds.get(alertname);
        expect(hold, alertname).toBeDefined();
        const states = (state: string): Set<number> =>
          new Set(current().series('ALERTS', { ...series.labels, alertstate: state }).flatMap((one) => one.timestamps));
        const pending = states('pending');
        const firing = states('firing');
        for (const activeRun of runsOf(series)) {
          // ALERTS_FOR_STATE holds the activeAt of its run: the run's first evaluation.
          expect(new Set(activeRun.values), alertname).toEqual(new Set([activeRun.from]));
          for (let t = activeRun.from; t <= activeRun.to; t += STEP) {
            const shouldFire = t - activeRun.from >= (hold ?? 0);
            expect(firing.has(t), `${alertname} ${t} firing`).toBe(shouldFire);
            expect(pending.has(t), `${alertname} ${t} pending`).toBe(!shouldFire);
          }
          const inTruth = truth.alerts.find((alert) => sameLabels(alert.labels, series.labels) && unix(alert.pendingAt) === activeRun.from);
          expect(inTruth, `${alertname} at ${activeRun.from}`).toBeDefined();
          expect(unix(inTruth?.resolvedAt ?? '') - STEP).toBe(activeRun.to);
          seen.push({ alertname, pendingAt: activeRun.from });
        }
      }
      expect(seen.length).toBe(truth.alerts.length);
      expect(truth.alerts.some((alert) => !alert.related && alert.firingAt !== null), 'an unrelated alert fires elsewhere').toBe(true);
      const firstFiring = Math.min(...truth.alerts.filter((a) => a.related && a.firingAt !== null).map((a) => unix(a.firingAt ?? '')));
      expect(firstFiring).toBe(unix(truth.phases.detected ?? ''));
    });

    it('counts the impact from the generated counters', () => {
      const { truth } = current();
      const from = unix(truth.window.from);
      const to = unix(truth.window.to);
      for (const job of truth.impact.jobs) {
        const requests = current().series('http_requests_total', { job });
        const total = requests.reduce((sum, one) => sum + increaseBetween(one, from, to), 0);
        const failed = requests.filter((one) => (one.labels['code'] ?? '').startsWith('5')).reduce((sum, one) => sum + increaseBetween(one, from, to), 0);
        const all = current().series('http_request_duration_seconds_bucket', { job, le: '+Inf' }).reduce((sum, one) => sum + increaseBetween(one, from, to), 0);
        const fast = current().series('http_request_duration_seconds_bucket', { job, le: '1' }).reduce((sum, one) => sum + increaseBetween(one, from, to), 0);
        expect(truth.impact.byJob[job]).toEqual({ total, failed, slow: all - fast });
      }
      const jobs = truth.impact.jobs.map((job) => truth.impact.byJob[job]);
      expect(truth.impact.requestsTotal).toBe(jobs.reduce((sum, one) => sum + (one?.total ?? 0), 0));
      expect(truth.impact.requestsFailed).toBe(jobs.reduce((sum, one) => sum + (one?.failed ?? 0), 0));
      expect(truth.impact.requestsSlow).toBe(jobs.reduce((sum, one) => sum + (one?.slow ?? 0), 0));
    });

    it('states the seed facts in the seed time zone (scenarios with a seed postmortem)', async () => {
      const { truth } = current();
      // The issue-3 kinds have no published postmortem: their schedule is the whole story.
      if (truth.seed === null) return;
      const seed = await readFile(join(REPOSITORY_ROOT, truth.seed.file), 'utf8');
      expect(truth.seed.facts.length).toBeGreaterThan(0);
      for (const fact of truth.seed.facts) {
        expect(seed, fact.quote).toContain(fact.quote);
        const instant = valueAt(fact.field, truth);
        expect(instant, fact.field).not.toBeNull();
        expect(DateTime.fromISO(instant ?? '', { zone: truth.timezone }).toFormat("yyyy-MM-dd'T'HH:mm"), fact.field).toBe(fact.local);
      }
    });

    it('leaves the normal network series as they were the day before', () => {
      const { truth } = current();
      const from = unix(truth.window.from);
      const to = unix(truth.window.to);
      const day = 86_400;
      const metric = { network_receive_bytes: 'node_network_receive_bytes_total', network_transmit_bytes: 'node_network_transmit_bytes_total' } as const;
      const checked = truth.normal.filter((one): one is typeof one & { signal: keyof typeof metric } => one.signal in metric);
      expect(checked.length).toBeGreaterThan(0);
      for (const normal of checked) {
        const [series] = current().series(metric[normal.signal], normal.labels);
        if (series === undefined) throw new Error(`no ${normal.signal} for ${JSON.stringify(normal.labels)}`);
        const ratio = increaseBetween(series, from, to) / increaseBetween(series, from - day, to - day);
        expect(ratio, `${normal.signal} ${normal.labels['instance']}`).toBeGreaterThan(0.8);
        expect(ratio, `${normal.signal} ${normal.labels['instance']}`).toBeLessThan(1.25);
      }
    });

    specifics(current);
  });
}

/** The first instant at or after `searchFrom` (in time order) whose value exceeds `threshold`. */
export function firstCrossing(values: ReadonlyMap<number, number>, searchFrom: number, threshold: number): number | null {
  const times = [...values.keys()].filter((time) => time >= searchFrom).sort((a, b) => a - b);
  return times.find((time) => (values.get(time) ?? Number.NaN) > threshold) ?? null;
}

/** Median of the values at instants in [from, to). */
export function medianBetween(values: ReadonlyMap<number, number>, from: number, to: number): number {
  const inside = [...values].filter(([time, value]) => time >= from && time < to && Number.isFinite(value)).map(([, value]) => value);
  inside.sort((a, b) => a - b);
  return inside[Math.floor(inside.length / 2)] ?? Number.NaN;
}

/** Ratio of two per-instant maps where the denominator is positive. */
export function ratioOf(numerator: ReadonlyMap<number, number>, denominator: ReadonlyMap<number, number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const [time, value] of denominator) if (value > 0) out.set(time, (numerator.get(time) ?? 0) / value);
  return out;
}

export { ONSET_TOLERANCE_SECONDS, STEP };
