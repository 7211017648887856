import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvidenceBundle } from '../../collectors/bundle/read-bundle.js';
import type { Evidence } from '../../src/model/evidence.js';
import { createBackfilledDataDir, startPrometheus, type MetricFamily, type OpenMetricsSample, type RunningPrometheus } from '../servers/index.js';
import { runCli } from './_run-cli.js';

// Eight days of a gauge whose value encodes its own time, so the day-before and week-before
// references can be checked sample by sample against what Prometheus holds.
const STEP = 60;
const WINDOW_FROM = Date.UTC(2023, 9, 15, 10, 0) / 1000;
const WINDOW_TO = WINDOW_FROM + 3600;
const DATA_FROM = WINDOW_FROM - 8 * 86_400;
const valueAt = (t: number) => (t - DATA_FROM) / STEP;

function families(): MetricFamily[] {
  const samples: OpenMetricsSample[] = [];
  for (let t = DATA_FROM; t <= WINDOW_TO + 3600; t += STEP) samples.push({ labels: { job: 'clock', instance: 'c1:9000' }, value: valueAt(t), timestamp: t });
  return [{ name: 'clock_tick', type: 'gauge', samples }];
}

describe('seasonal references (real Prometheus)', () => {
  let dir: string;
  let prometheus: RunningPrometheus;
  let evidence: Evidence;

  beforeAll(async () => {
    const backfilled = await createBackfilledDataDir(families());
    dir = backfilled.dir;
    prometheus = await startPrometheus({ dataDir: backfilled.dataDir });
    const bundle = join(dir, 'evidence.json.gz');
    const run = await runCli([
      'capture', '--prometheus', prometheus.url, '--from', String(WINDOW_FROM), '--to', String(WINDOW_TO),
      '--lookback', '6h', '--step', '1m', '--select', 'clock_tick', '--only-select', '--quiet', '--out', bundle,
    ]);
    expect(run.stderr).toBe('');
    evidence = await readEvidenceBundle(bundle);
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('holds, at each instant of the window and its lead, the value one day and one week earlier', () => {
    const [signal] = evidence.signals;
    const main = signal!.series[0]!;
    const day = signal!.seasonal!.dayBefore[0]!;
    const week = signal!.seasonal!.weekBefore[0]!;
    expect(day.labels).toEqual(main.labels);
    expect(day.timestamps).toBe(main.timestamps);
    let checked = 0;
    for (let i = 0; i < main.timestamps.length; i++) {
      const t = main.timestamps[i]!;
      if (t < WINDOW_FROM - 3600) {
        expect(Number.isNaN(day.values[i]!)).toBe(true);
        continue;
      }
      expect(main.values[i]).toBe(valueAt(t));
      expect(day.values[i]).toBe(valueAt(t - 86_400));
      expect(week.values[i]).toBe(valueAt(t - 7 * 86_400));
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(120);
  });

  it('skips them with --no-seasonal', async () => {
    const bundle = join(dir, 'plain.json.gz');
    const run = await runCli([
      'capture', '--prometheus', prometheus.url, '--from', String(WINDOW_FROM), '--to', String(WINDOW_TO),
      '--lookback', '6h', '--select', 'clock_tick', '--only-select', '--no-seasonal', '--quiet', '--out', bundle,
    ]);
    expect(run.code).toBe(0);
    expect((await readEvidenceBundle(bundle)).signals[0]?.seasonal).toBeUndefined();
  });
});
