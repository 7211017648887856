import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensurePrometheusInstalled } from './ensure-installed.js';
import { writeOpenMetrics, type MetricFamily } from './openmetrics.js';

const run = promisify(execFile);
const BACKFILL_TIMEOUT_MS = 120_000;

/**
 * Writes the samples of an OpenMetrics file into TSDB blocks under `dataDir` with
 * `promtool tsdb create-blocks-from openmetrics`, so a Prometheus started on `dataDir` serves them as
 * history. Timestamps in the file must be unix seconds and the file must end with `# EOF` (see
 * `formatOpenMetrics`). Throws with promtool's output when it fails.
 *
 * @example
 * await backfill('/tmp/scenario.om', dataDir);
 */
export async function backfill(openMetricsFile: string, dataDir: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  try {
    await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', openMetricsFile, dataDir], {
      timeout: BACKFILL_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error: unknown) {
    const output =
      typeof error === 'object' && error !== null && 'stderr' in error ? `${String(error.stderr)}` : String(error);
    throw new Error(`promtool could not backfill ${openMetricsFile} into ${dataDir}:\n${output.trim().split('\n').slice(-15).join('\n')}`);
  }
}

/**
 * Writes `families` to an OpenMetrics file in a new temporary directory and backfills them into its
 * `data` subdirectory; returns both paths. The caller removes `dir` when done.
 *
 * @example
 * const { dir, dataDir } = await createBackfilledDataDir(exporterFamilies());
 */
export async function createBackfilledDataDir(families: readonly MetricFamily[]): Promise<{ dir: string; dataDir: string }> {
  ensurePrometheusInstalled();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'incident-timeline-backfill-'));
  const file = path.join(dir, 'data.om');
  writeOpenMetrics(file, families);
  const dataDir = path.join(dir, 'data');
  await backfill(file, dataDir);
  return { dir, dataDir };
}
