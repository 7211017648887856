/**
 * The access-log read benchmark: a generated nginx JSON log (`log_format … escape=json`, the fields
 * of the auth-deadlock scenario's lb1) of about `sizeMb` MB, read by the same collector the CLI uses
 * (`readAccessLogs`) in a child process, so its peak RSS is the reader's alone. Reports MB/s, lines/s
 * and peak RSS; the memory should follow distinct users, not the file's size.
 *
 *   npx tsx test/bench/access-log.ts [size-MB]     # alone; npm run bench runs it after the rest
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Random } from '../scenarios/_random.js';
import { CACHE_DIR, ROOT } from './dataset.js';
import { formatBytes, formatCount, renderTable, type Row } from './table.js';

/** Bump when the generated lines change, so a cached file is rebuilt. */
const LOG_VERSION = 1;
export const DEFAULT_ACCESS_LOG_MB = 1024;
/** Distinct users in the generated log: memory should grow with these, not with lines. */
const USERS = 250_000;
/** Window read: the middle half of the log's 24 hours, so the reader also skips lines. */
const LOG_START = Date.parse('2023-05-13T00:00:00Z') / 1000;
const LOG_SECONDS = 86_400;
const WINDOW = { from: LOG_START + LOG_SECONDS / 4, to: LOG_START + (3 * LOG_SECONDS) / 4 };
const READER = fileURLToPath(new URL('./access-log-read.ts', import.meta.url));

export interface AccessLogBench {
  readonly bytes: number;
  readonly lines: number;
  readonly seconds: number;
  /** CPU seconds of the reader: on a busy machine a fairer speed than wall time. */
  readonly cpuSeconds: number;
  readonly peakRssBytes: number;
  readonly users: number;
  readonly generatedSeconds: number | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Writes the log unless a file of this version and size is cached; returns its path and the seconds spent. */
async function ensureLog(sizeMb: number, log: (line: string) => void): Promise<{ file: string; seconds: number | null }> {
  await mkdir(CACHE_DIR, { recursive: true });
  const file = path.join(CACHE_DIR, `access-v${LOG_VERSION}-${sizeMb}mb.log`);
  if (existsSync(file)) return { file, seconds: null };
  log(`Writing a ${sizeMb} MB nginx JSON access log (${path.relative(ROOT, file)})`);
  const started = performance.now();
  const random = new Random(`bench/access-log/v${LOG_VERSION}`);
  const target = sizeMb * 1024 * 1024;
  const out = createWriteStream(`${file}.partial`, { highWaterMark: 1 << 22 });
  let written = 0;
  let lines = 0;
  const estimatedLines = target / 330;
  while (written < target) {
    const chunk: string[] = [];
    for (let i = 0; i < 2000; i++) {
      // Times advance through the day with jitter: lines a little out of order, as workers write them.
      const time = LOG_START + ((lines + random.next() * 50) / estimatedLines) * LOG_SECONDS;
      const d = new Date((time + 3 * 3600) * 1000);
      const user = random.next() < 0.1 ? '' : `u${random.int(USERS)}`;
      const status = random.next() < 0.02 ? '500' : random.next() < 0.05 ? '404' : '200';
      const line = JSON.stringify({
        time_iso8601: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+03:00`,
        remote_addr: `41.90.${random.int(256)}.${random.int(256)}`,
        remote_user: '',
        request: `GET /api/products/${random.int(5000)} HTTP/1.1`,
        status,
        body_bytes_sent: String(200 + random.int(5000)),
        request_time: (random.next() < 0.03 ? 1 + random.next() * 3 : random.next() * 0.3).toFixed(3),
        http_referer: 'https://kimby.com/',
        http_user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/112.0.0.0 Safari/537.36',
        user_id: user,
        customer_type: random.next() < 0.2 ? 'new' : 'returning',
      });
      chunk.push(line);
      lines++;
    }
    const text = `${chunk.join('\n')}\n`;
    written += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const { rename } = await import('node:fs/promises');
  await rename(`${file}.partial`, file);
  return { file, seconds: (performance.now() - started) / 1000 };
}

/** Generates (or reuses) the log and reads it in a child process. */
export async function measureAccessLogRead(sizeMb: number, log: (line: string) => void): Promise<AccessLogBench> {
  const { file, seconds: generatedSeconds } = await ensureLog(sizeMb, log);
  log(`Reading it with readAccessLogs (the --access-log collector)`);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', READER, file, String(WINDOW.from), String(WINDOW.to)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`access-log reader exited with ${code}`))));
  });
  const result = JSON.parse(output) as { seconds: number; cpuSeconds: number; lines: number; users: number; maxRssKiB: number };
  return { bytes: statSync(file).size, lines: result.lines, seconds: result.seconds, cpuSeconds: result.cpuSeconds, peakRssBytes: result.maxRssKiB * 1024, users: result.users, generatedSeconds };
}

/** The benchmark's rows for the access-log reader. */
export function accessLogRows(bench: AccessLogBench): Row[] {
  const mb = bench.bytes / 1024 / 1024;
  return [
    { name: 'access log read (nginx JSON)', value: `${mb.toFixed(0)} MiB, ${formatCount(bench.lines)} lines` },
    { name: 'access log throughput (wall)', value: `${(mb / bench.seconds).toFixed(1)} MiB/s, ${formatCount(bench.lines / bench.seconds)} lines/s` },
    { name: 'access log throughput (per CPU second)', value: `${(mb / bench.cpuSeconds).toFixed(1)} MiB/s, ${formatCount(bench.lines / bench.cpuSeconds)} lines/s` },
    { name: 'access log reader peak RSS', value: `${formatBytes(bench.peakRssBytes)} (${formatCount(bench.users)} users in the window)`, target: '< 1 GiB', met: bench.peakRssBytes < 1024 ** 3 },
  ];
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const size = Number(process.argv[2] ?? DEFAULT_ACCESS_LOG_MB);
  const bench = await measureAccessLogRead(size, (line) => process.stderr.write(`${line}\n`));
  console.log(renderTable(accessLogRows(bench)));
}
