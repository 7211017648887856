/**
 * The log-read benchmark of issue 5: a generated nginx access log in the default `combined` format
 * of about `sizeMb` MB, read by the `--logs` collector (format detection, line splitting, decoding,
 * window filter) in a child process, so its peak RSS is the reader's alone. Target: at least
 * 100 MB/s on one core, memory flat (the reader holds one chunk, not the file).
 *
 *   npx tsx test/bench/logs.ts [size-MB]     # alone; npm run bench runs it after the rest
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Random } from '../scenarios/_random.js';
import { CACHE_DIR, ROOT } from './dataset.js';
import { formatBytes, formatCount, renderTable, type Row } from './table.js';

/** Bump when the generated lines change, so a cached file is rebuilt. */
const LOG_VERSION = 1;
export const DEFAULT_LOGS_MB = 1024;
/** The issue's target, in MB (10^6 bytes) per second of one core. */
const TARGET_MB_PER_SECOND = 100;
/** Peak RSS that still counts as flat for a reader of a 1 GB file. */
const FLAT_RSS_BYTES = 256 * 1024 * 1024;
const LOG_START = Date.parse('2023-05-13T00:00:00Z') / 1000;
const LOG_SECONDS = 86_400;
/** Window plus lookback read: the middle half of the log's day, so the reader also skips lines. */
const WINDOW = { lookbackFrom: LOG_START + LOG_SECONDS / 4, to: LOG_START + (3 * LOG_SECONDS) / 4 };
const READER = fileURLToPath(new URL('./logs-read.ts', import.meta.url));
const MONTH = 'May';
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/112.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 16_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.4 Mobile/15E148 Safari/604.1',
  'kube-probe/1.27',
  'okhttp/4.10.0',
];
const PATHS = ['/api/products/', '/api/cart/', '/api/login', '/static/app.js', '/healthz'];

export interface LogsBench {
  readonly bytes: number;
  readonly lines: number;
  readonly kept: number;
  readonly unreadable: number;
  readonly format: string;
  readonly seconds: number;
  /** CPU seconds of the reader: on a busy machine a fairer speed than wall time. */
  readonly cpuSeconds: number;
  readonly peakRssBytes: number;
  readonly generatedSeconds: number | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Writes the log unless a file of this version and size is cached; returns its path and the seconds spent. */
async function ensureLog(sizeMb: number, log: (line: string) => void): Promise<{ file: string; seconds: number | null }> {
  await mkdir(CACHE_DIR, { recursive: true });
  const file = path.join(CACHE_DIR, `nginx-combined-v${LOG_VERSION}-${sizeMb}mb.log`);
  if (existsSync(file)) return { file, seconds: null };
  log(`Writing a ${sizeMb} MB nginx combined access log (${path.relative(ROOT, file)})`);
  const started = performance.now();
  const random = new Random(`bench/logs/v${LOG_VERSION}`);
  const target = sizeMb * 1e6;
  const out = createWriteStream(`${file}.partial`, { highWaterMark: 1 << 22 });
  let written = 0;
  let lines = 0;
  const estimatedLines = target / 210;
  while (written < target) {
    const chunk: string[] = [];
    for (let i = 0; i < 2000; i++) {
      // Times advance through the day with jitter: lines a little out of order, as nginx workers write them.
      const time = LOG_START + ((lines + random.next() * 50) / estimatedLines) * LOG_SECONDS;
      const d = new Date(time * 1000);
      const stamp = `${pad(d.getUTCDate())}/${MONTH}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
      const status = random.next() < 0.02 ? 502 : random.next() < 0.05 ? 404 : 200;
      const route = PATHS[random.int(PATHS.length)] as string;
      const target = route.endsWith('/') ? `${route}${random.int(5000)}${random.next() < 0.3 ? `?ref=home&page=${random.int(9)}` : ''}` : route;
      chunk.push(
        `41.90.${random.int(256)}.${random.int(256)} - - [${stamp}] "${random.next() < 0.8 ? 'GET' : 'POST'} ${target} HTTP/1.1" ${status} ${200 + random.int(5000)} "https://kimby.com/" "${AGENTS[random.int(AGENTS.length)]}"`,
      );
      lines++;
    }
    const text = `${chunk.join('\n')}\n`;
    written += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  await rename(`${file}.partial`, file);
  return { file, seconds: (performance.now() - started) / 1000 };
}

/** Generates (or reuses) the log and reads it in a child process. */
export async function measureLogsRead(sizeMb: number, log: (line: string) => void): Promise<LogsBench> {
  const { file, seconds: generatedSeconds } = await ensureLog(sizeMb, log);
  log('Reading it with readLogs (the --logs collector)');
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', READER, file, String(WINDOW.lookbackFrom), String(WINDOW.to)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`log reader exited with ${code}`))));
  });
  const result = JSON.parse(output) as { seconds: number; cpuSeconds: number; lines: number; kept: number; unreadable: number; format: string; maxRssKiB: number };
  return { bytes: statSync(file).size, ...result, peakRssBytes: result.maxRssKiB * 1024, generatedSeconds };
}

/** The benchmark's rows for the log reader. */
export function logsRows(bench: LogsBench): Row[] {
  const mb = bench.bytes / 1e6;
  const perCpu = mb / bench.cpuSeconds;
  return [
    { name: 'logs read (nginx combined)', value: `${mb.toFixed(0)} MB, ${formatCount(bench.lines)} lines, ${formatCount(bench.kept)} kept, ${formatCount(bench.unreadable)} unreadable (${bench.format})` },
    { name: 'logs throughput (wall)', value: `${(mb / bench.seconds).toFixed(1)} MB/s, ${formatCount(bench.lines / bench.seconds)} lines/s` },
    { name: 'logs throughput (per CPU second)', value: `${perCpu.toFixed(1)} MB/s`, target: `≥ ${TARGET_MB_PER_SECOND} MB/s`, met: perCpu >= TARGET_MB_PER_SECOND },
    { name: 'logs reader peak RSS', value: formatBytes(bench.peakRssBytes), target: `< ${formatBytes(FLAT_RSS_BYTES)}`, met: bench.peakRssBytes < FLAT_RSS_BYTES },
  ];
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const size = Number(process.argv[2] ?? DEFAULT_LOGS_MB);
  const bench = await measureLogsRead(size, (line) => process.stderr.write(`${line}\n`));
  console.log(renderTable(logsRows(bench)));
}
