/**
 * Detector throughput, from the detectors' own micro-benchmark (src/detect/detect.bench.ts: 2,000
 * series × 1,920 points), run in a child process of its own so it has a quiet core and a fresh heap.
 */
import { spawn } from 'node:child_process';
import { ROOT } from './dataset.js';

const BENCH_FILE = 'src/detect/detect.bench.ts';
/** The line detect.bench.ts ends with: `best of 5: 190.0 ms → 20.2 M samples/s`. */
const THROUGHPUT = /([\d.]+)\s*M samples\/s/;

export interface DetectorThroughput {
  /** Samples per second, or NaN when the output could not be read. */
  readonly samplesPerSecond: number;
  /** Its own output, shown as is. */
  readonly output: string;
}

export function measureDetectorThroughput(): Promise<DetectorThroughput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BENCH_FILE], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', reject);
    child.on('close', () => {
      const output = Buffer.concat(out).toString('utf8').trim();
      const match = THROUGHPUT.exec(output);
      resolve({ samplesPerSecond: match?.[1] === undefined ? Number.NaN : Number(match[1]) * 1e6, output });
    });
  });
}
