/**
 * `npm run bench` — the speed benchmark of the issue: the whole `reconstruct` run on a backfilled
 * Prometheus holding a 2,000-series fleet, 8 h at 15 s, against the time curl needs for the same
 * `query_range` responses (target < 2×), its peak RSS (target < 1 GiB), and detector throughput.
 *
 *   npm run bench [-- --rounds N] [-- --cpu-prof]
 *
 * Steps: build the CLI; build or reuse the data set in `.tmp/bench/`; start Prometheus on it; run the
 * tool once through a recording proxy (which also warms the server) to learn its exact requests; then
 * N rounds of {curl replay of those requests, tool run straight against Prometheus}, best of each;
 * finally the detector micro-benchmark. The target compares with plain curl (no compression); when
 * the tool asks for gzip, a second replay with `curl --compressed` shows what that choice costs.
 * The machine should be otherwise idle: two cores are easily shared with a test run, so the load
 * average is printed and the best of the rounds is kept. A missed target prints MISSED; the exit
 * status stays 0 so the figures are always reported. `--cpu-prof` adds a profiled run (`.tmp/bench/profile/*.cpuprofile`).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startFaultProxy, startPrometheus, type FaultProxy } from '../servers/index.js';
import { CACHE_DIR, ensureDataset, ROOT } from './dataset.js';
import { accessLogRows, DEFAULT_ACCESS_LOG_MB, measureAccessLogRead } from './access-log.js';
import { DEFAULT_LOGS_MB, logsRows, measureLogsRead } from './logs.js';
import { measureDetectorThroughput } from './detector.js';
import { processCpuSeconds } from './process-cpu.js';
import { countResults, QUERY_RANGE_PATH, replayWithCurl, toRecorded, type Replay } from './replay.js';
import { renderReport, type Measured } from './report.js';
import { buildCli, runTool, TOOL_CONCURRENCY, type ToolRun } from './run-tool.js';
import { formatBytes, formatCount, formatMillions, formatSeconds, renderTable } from './table.js';

const DEFAULT_ROUNDS = 2;
/** 0 report written, 3 report written with data gaps: both are complete runs. */
const COMPLETED_EXIT_CODES = new Set([0, 3]);
const REPORT_FILE = path.join(CACHE_DIR, 'report.json');
const REPLAY_DIR = path.join(CACHE_DIR, 'replay');
const PROFILE_DIR = path.join(CACHE_DIR, 'profile');

const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function measured<T>(serverPid: number, phase: () => Promise<T>): Promise<Measured<T>> {
  const before = processCpuSeconds(serverPid);
  const result = await phase();
  return { result, serverCpuSeconds: processCpuSeconds(serverPid) - before };
}

function checkCompleted(run: ToolRun, where: string): void {
  if (run.exitCode === null || !COMPLETED_EXIT_CODES.has(run.exitCode)) {
    throw new Error(`incident-timeline exited with ${run.exitCode} ${where}:\n${run.stderr.trim().slice(-2000)}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      // Size of the generated access log read by the --access-log benchmark; `--access-log-only` skips the rest.
      'access-log-mb': { type: 'string' },
      'access-log-only': { type: 'boolean', default: false },
      // Size of the generated nginx combined log read by the --logs benchmark; `--logs-only` skips the rest.
      'logs-mb': { type: 'string' },
      'logs-only': { type: 'boolean', default: false },
    },
  });
  const accessLogMb = Number(values['access-log-mb'] ?? DEFAULT_ACCESS_LOG_MB);
  if (!Number.isInteger(accessLogMb) || accessLogMb < 1) throw new Error(`--access-log-mb ${values['access-log-mb']} must be a whole number of MB`);
  const logsMb = Number(values['logs-mb'] ?? DEFAULT_LOGS_MB);
  if (!Number.isInteger(logsMb) || logsMb < 1) throw new Error(`--logs-mb ${values['logs-mb']} must be a whole number of MB`);
  if (values['logs-only']) {
    console.log(renderTable(logsRows(await measureLogsRead(logsMb, log))));
    return;
  }
  if (values['access-log-only']) {
    console.log(renderTable(accessLogRows(await measureAccessLogRead(accessLogMb, log))));
    return;
  }
  const rounds = Number(values.rounds ?? DEFAULT_ROUNDS);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds ${values.rounds} must be a whole number of at least 1`);

  const loadAtStart = os.loadavg()[0] ?? 0;
  log('Building the CLI (tsc -p tsconfig.build.json)');
  buildCli(log);
  const dataset = await ensureDataset(log);
  log(`Data set: ${formatCount(dataset.rawSeries)} raw series, ${formatMillions(dataset.rawSamples)} samples (${dataset.built ? `built in ${formatSeconds(dataset.buildSeconds)}` : 'cached'})`);

  const prometheus = await startPrometheus({ dataDir: dataset.dataDir });
  let proxy: FaultProxy | undefined;
  try {
    log(`Prometheus ${prometheus.url} (pid ${prometheus.pid}); recording the tool's requests through a proxy`);
    proxy = await startFaultProxy({ target: prometheus.url });
    const recording = await runTool(proxy.url, REPORT_FILE);
    checkCompleted(recording, 'through the recording proxy');
    const rangeRequests = proxy.requests.filter((request) => request.path === QUERY_RANGE_PATH);
    const requests = rangeRequests.map(toRecorded);
    const otherRequests = proxy.requests.length - rangeRequests.length;
    const acceptEncoding = String(rangeRequests[0]?.headers['accept-encoding'] ?? '(none)');
    const toolAsksGzip = /\bgzip\b/.test(acceptEncoding);
    const peakInFlight = proxy.peakInFlight;
    await proxy.stop();
    proxy = undefined;

    log(`Counting what ${requests.length} query_range requests return`);
    const size = await countResults(prometheus.url, requests);

    const curlRuns: Measured<Replay>[] = [];
    const gzipRuns: Measured<Replay>[] = [];
    const toolRuns: Measured<ToolRun>[] = [];
    const replay = (compressed: boolean) =>
      measured(prometheus.pid, () => replayWithCurl(prometheus.url, requests, { concurrency: TOOL_CONCURRENCY, compressed, workDir: REPLAY_DIR }));
    for (let round = 1; round <= rounds; round++) {
      const curl = await replay(false);
      const gzip = toolAsksGzip ? await replay(true) : undefined;
      const tool = await measured(prometheus.pid, () => runTool(prometheus.url, REPORT_FILE));
      checkCompleted(tool.result, `in round ${round}`);
      curlRuns.push(curl);
      if (gzip !== undefined) gzipRuns.push(gzip);
      toolRuns.push(tool);
      const gzipText = gzip === undefined ? '' : `, curl --compressed ${formatSeconds(gzip.result.seconds)}`;
      log(`Round ${round}/${rounds}: curl ${formatSeconds(curl.result.seconds)}${gzipText}, tool ${formatSeconds(tool.result.seconds)} (peak RSS ${formatBytes(tool.result.peakRssBytes)})`);
    }
    if (values['cpu-prof']) {
      log(`Profiled run: ${path.relative(ROOT, PROFILE_DIR)}/`);
      await runTool(prometheus.url, REPORT_FILE, ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`]);
    }
    const compactions = (readFileSync(prometheus.logFile, 'utf8').match(/compact blocks/g) ?? []).length;

    log('Detector micro-benchmark (src/detect/detect.bench.ts)');
    await prometheus.stop(); // a quiet machine for the single-core figure
    const detector = await measureDetectorThroughput();
    log(`Access-log read benchmark (${accessLogMb} MB nginx JSON)`);
    const accessLog = await measureAccessLogRead(accessLogMb, log);
    log(`Log read benchmark (${logsMb} MB nginx combined, --logs)`);
    const logs = await measureLogsRead(logsMb, log);

    console.log(
      renderReport({
        dataset,
        size,
        requests: requests.length,
        otherRequests,
        acceptEncoding,
        peakInFlight,
        curlRuns,
        gzipRuns,
        toolRuns,
        detector,
        loadAtStart,
        compactions,
      }),
    );
    console.log(`\n${renderTable(accessLogRows(accessLog))}`);
    console.log(`\n${renderTable(logsRows(logs))}`);
  } finally {
    await proxy?.stop();
    await prometheus.stop();
  }
}

main().catch((error: unknown) => {
  log(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
