/**
 * Regenerates samples/db-slow-query.evidence.json.gz, the evidence `npm run demo` analyses: the
 * db-slow-query scenario backfilled into a real Prometheus and captured by the real `capture` command,
 * exactly as a user would keep the evidence of an outage.
 *
 *   npm run samples
 *
 * At a 1 min step so the file stays small enough to keep in the repository (about a megabyte).
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { runCli } from '../e2e/_run-cli.js';
import { startScenarioServer } from '../e2e/_scenario-server.js';

const SCENARIO = 'db-slow-query';
const OUT = fileURLToPath(new URL(`../../samples/${SCENARIO}.evidence.json.gz`, import.meta.url));
/** Coarser than the scenario's 15 s scrape: a quarter of the size, onsets to the minute. */
const DEMO_STEP = '1m';

async function main(): Promise<number> {
  const server = await startScenarioServer(SCENARIO);
  try {
    const { truth } = server;
    const local = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(truth.timezone).toFormat('yyyy-MM-dd HH:mm');
    await mkdir(fileURLToPath(new URL('../../samples/', import.meta.url)), { recursive: true });
    const run = await runCli([
      'capture',
      '--prometheus', server.prometheus.url,
      '--from', local(truth.window.from),
      '--to', local(truth.window.to),
      '--tz', truth.timezone,
      '--step', DEMO_STEP,
      '--out', OUT,
    ]);
    process.stderr.write(run.stderr);
    return run.code ?? 1;
  } finally {
    await server.stop();
  }
}

process.exitCode = await main();
