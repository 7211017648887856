/**
 * Backfilling a scenario into TSDB blocks with promtool, shared by the scenario checks, the
 * end-to-end tests and the evaluation.
 *
 * promtool's `create-blocks-from openmetrics` parses the whole input once per block it writes, and
 * its default block is 2 h long: a 27 h scenario is read fourteen times (about 28 s for 400 MB on
 * two cores). One block per day reads it twice and gives Prometheus the same samples (about 6 s).
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The promtool binary (`PROMTOOL` overrides, as for the scenario checks). */
export const PROMTOOL = process.env['PROMTOOL'] ?? 'promtool';
/** Longest block promtool writes; Prometheus serves blocks of any length up to its retention. */
export const BLOCK_DURATION = '24h';
/** A 1 GB scenario (the calm fleet, in parts) takes promtool well under a minute; allow for a busy machine. */
const BACKFILL_TIMEOUT_MS = 300_000;

/**
 * Writes the samples of `openMetricsFile` into blocks under `dataDir` (created if missing). Several
 * files may go into one directory: their blocks overlap in time and Prometheus merges them.
 *
 * @example
 * await backfillScenario('/tmp/bad-deploy.om', '/tmp/tsdb');
 */
export async function backfillScenario(openMetricsFile: string, dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  try {
    await run(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', `--max-block-duration=${BLOCK_DURATION}`, openMetricsFile, dataDir], {
      timeout: BACKFILL_TIMEOUT_MS,
      maxBuffer: 1 << 24,
    });
  } catch (error: unknown) {
    const output = typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr) : String(error);
    throw new Error(`promtool could not backfill ${openMetricsFile} into ${dataDir}:\n${output.trim().split('\n').slice(-15).join('\n')}`);
  }
}
