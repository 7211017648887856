/** The benchmark's closing output: the context lines, the result table with its targets, the raw rounds. */
import os from 'node:os';
import type { Dataset } from './dataset.js';
import type { DetectorThroughput } from './detector.js';
import { LOOKBACK_SECONDS, STEP_SECONDS, TAIL_SECONDS, WINDOW_SECONDS } from './fleet-plan.js';
import type { Replay, ResultSize } from './replay.js';
import { TOOL_CONCURRENCY, type ToolRun } from './run-tool.js';
import { formatBytes, formatCount, formatMillions, formatSeconds, renderTable, type Row } from './table.js';

// The issue's targets.
const TARGET_RATIO = 2;
const TARGET_PEAK_RSS_BYTES = 1024 ** 3;
/** Issue 3's detector target, on one core. */
const TARGET_DETECTOR_SAMPLES_PER_SECOND = 20e6;
/** The data set must make the tool move at least this many series, or the benchmark measures too little. */
const TARGET_SERIES = 2000;
/** Load average per core above which the figures are flagged as taken on a busy machine. */
const BUSY_LOAD_PER_CORE = 0.5;

export interface Measured<T> {
  readonly result: T;
  /** CPU seconds Prometheus spent during the phase. */
  readonly serverCpuSeconds: number;
}

export interface BenchResults {
  readonly dataset: Dataset;
  readonly size: ResultSize;
  readonly requests: number;
  readonly otherRequests: number;
  readonly acceptEncoding: string;
  readonly peakInFlight: number;
  readonly curlRuns: readonly Measured<Replay>[];
  /** Empty when the tool does not ask for gzip. */
  readonly gzipRuns: readonly Measured<Replay>[];
  readonly toolRuns: readonly Measured<ToolRun>[];
  readonly detector: DetectorThroughput;
  readonly loadAtStart: number;
  readonly compactions: number;
}

/** Best (fastest) of the rounds: noise only ever adds time. */
function best<T>(runs: readonly Measured<T>[], seconds: (t: T) => number): Measured<T> | undefined {
  return runs.reduce<Measured<T> | undefined>((a, b) => (a === undefined || seconds(b.result) < seconds(a.result) ? b : a), undefined);
}

const judged = (value: number, met: (v: number) => boolean): boolean | undefined => (Number.isFinite(value) ? met(value) : undefined);

function rows(r: BenchResults): Row[] {
  const curl = best(r.curlRuns, (x) => x.seconds);
  const gzip = best(r.gzipRuns, (x) => x.seconds);
  const tool = best(r.toolRuns, (x) => x.seconds);
  const curlSeconds = curl?.result.seconds ?? Number.NaN;
  const toolSeconds = tool?.result.seconds ?? Number.NaN;
  const ratio = toolSeconds / curlSeconds;
  const peakRss = Math.max(...r.toolRuns.map((run) => run.result.peakRssBytes));
  const rate = r.detector.samplesPerSecond;
  const rounds = r.toolRuns.length;
  const gzipOnly = (row: Row): Row[] => (gzip === undefined ? [] : [row]);
  const serverCpu = [curl, gzip, tool].filter((run) => run !== undefined).map((run) => formatSeconds(run.serverCpuSeconds));
  return [
    { name: 'series returned by query_range', value: formatCount(r.size.series), target: `≥ ${formatCount(TARGET_SERIES)}`, met: r.size.series >= TARGET_SERIES },
    { name: 'samples returned', value: formatMillions(r.size.samples) },
    { name: 'bytes fetched (uncompressed JSON)', value: formatBytes(curl?.result.bytes ?? Number.NaN) },
    ...gzipOnly({ name: 'bytes fetched (gzip, as the tool asks)', value: formatBytes(gzip?.result.bytes ?? Number.NaN) }),
    { name: `query_range requests (+ ${r.otherRequests} others)`, value: formatCount(r.requests) },
    { name: `curl replay, -P ${TOOL_CONCURRENCY} (best of ${rounds})`, value: formatSeconds(curlSeconds) },
    ...gzipOnly({ name: 'curl --compressed replay', value: formatSeconds(gzip?.result.seconds ?? Number.NaN) }),
    { name: `tool wall time (best of ${rounds})`, value: formatSeconds(toolSeconds) },
    { name: 'tool / curl', value: `${ratio.toFixed(2)}×`, target: `< ${TARGET_RATIO}×`, met: judged(ratio, (v) => v < TARGET_RATIO) },
    ...gzipOnly({ name: 'tool / curl --compressed', value: `${(toolSeconds / (gzip?.result.seconds ?? Number.NaN)).toFixed(2)}×` }),
    { name: 'tool peak RSS (max of runs)', value: formatBytes(peakRss), target: '< 1 GiB', met: judged(peakRss, (v) => v < TARGET_PEAK_RSS_BYTES) },
    { name: 'tool CPU (user + sys)', value: formatSeconds(tool?.result.cpuSeconds ?? Number.NaN) },
    { name: `Prometheus CPU during curl${gzip === undefined ? '' : ' / curl --compressed'} / tool`, value: serverCpu.join(' / ') },
    {
      name: 'detector throughput (1 core)',
      value: Number.isFinite(rate) ? `${(rate / 1e6).toFixed(1)} M samples/s` : 'n/a',
      target: '≥ 20 M/s',
      met: judged(rate, (v) => v >= TARGET_DETECTOR_SAMPLES_PER_SECOND),
    },
  ];
}

export function renderReport(r: BenchResults): string {
  const hours = (seconds: number) => `${seconds / 3600} h`;
  const times = (runs: readonly Measured<Replay | ToolRun>[]) => runs.map((run) => formatSeconds(run.result.seconds)).join(', ');
  const cores = os.cpus().length;
  const lines = [
    '',
    `incident-timeline benchmark: ${r.dataset.hosts} hosts, ${r.dataset.targets} targets, ${formatCount(r.dataset.rawSeries)} raw series, ${formatMillions(r.dataset.rawSamples)} raw samples`,
    `window ${hours(WINDOW_SECONDS)} + lookback ${hours(LOOKBACK_SECONDS)} + tail ${TAIL_SECONDS / 60} min at ${STEP_SECONDS} s; ` +
      `tool requests sent with Accept-Encoding: ${r.acceptEncoding}; ${r.peakInFlight} in flight at most`,
    '',
    renderTable(rows(r)),
    '',
    `rounds: curl ${times(r.curlRuns)}; ${r.gzipRuns.length === 0 ? '' : `curl --compressed ${times(r.gzipRuns)}; `}tool ${times(r.toolRuns)}`,
    r.loadAtStart > BUSY_LOAD_PER_CORE * cores
      ? `WARNING: load average ${r.loadAtStart.toFixed(1)} on ${cores} cores when the benchmark started: other work shares the CPU, figures are noisy`
      : `load average at start ${r.loadAtStart.toFixed(1)} on ${cores} cores`,
    ...(r.compactions > 0 ? [`note: Prometheus compacted blocks ${r.compactions} time(s) during the benchmark, which may have slowed a round`] : []),
    `detector bench: ${r.detector.output.replace(/\n/g, ' | ')}`,
  ];
  return lines.join('\n');
}
