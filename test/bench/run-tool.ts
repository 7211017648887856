/**
 * Builds the CLI and runs it the way a user would (`node dist/src/cli/main.js reconstruct …`),
 * measuring its wall time and peak RSS.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './dataset.js';
import { LOOKBACK_FLAG, WINDOW_FROM, WINDOW_TO } from './fleet-plan.js';

const MAIN = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const TSC = path.join(ROOT, 'node_modules', '.bin', 'tsc');
/** The CLI's default `--concurrency`, passed explicitly so the curl replay can match it. */
export const TOOL_CONCURRENCY = 4;
/** File descriptor the child reports its resource usage on, apart from its stdout and stderr. */
const USAGE_FD = 3;
/**
 * Preloaded into the child: on exit, writes `process.resourceUsage()` (maxRSS in KiB, from getrusage)
 * to USAGE_FD. Exact, unlike polling /proc, and needs no GNU time.
 */
const USAGE_PRELOAD = `data:text/javascript,import{writeSync}from"node:fs";process.on("exit",()=>{try{writeSync(${USAGE_FD},JSON.stringify(process.resourceUsage()))}catch{}})`;

/** `tsc -p tsconfig.build.json`: dist must match the sources being benchmarked. */
export function buildCli(log: (line: string) => void): void {
  const result = spawnSync(TSC, ['-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status === 0) return;
  // tsc still emits on type errors (others may be mid-edit); benchmark what was emitted, but say so.
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(0, 10).join('\n');
  if (!existsSync(MAIN)) throw new Error(`The build failed and ${path.relative(ROOT, MAIN)} is missing:\n${output}`);
  log(`WARNING: the build reported errors; benchmarking the JavaScript it emitted:\n${output}`);
}

export interface ToolRun {
  readonly seconds: number;
  readonly exitCode: number | null;
  readonly peakRssBytes: number;
  readonly cpuSeconds: number;
  readonly stderr: string;
}

/**
 * Runs `reconstruct` against `prometheusUrl` over the bench window and waits for it to exit. `extraNodeArgs`
 * go before the script (e.g. `--cpu-prof`). The report goes to `outFile`, a real file, so writing it is
 * part of the measured run as it is for users.
 */
export function runTool(prometheusUrl: string, outFile: string, extraNodeArgs: readonly string[] = []): Promise<ToolRun> {
  const args = [
    '--import',
    USAGE_PRELOAD,
    ...extraNodeArgs,
    MAIN,
    'reconstruct',
    '--prometheus',
    prometheusUrl,
    '--from',
    new Date(WINDOW_FROM * 1000).toISOString(),
    '--to',
    new Date(WINDOW_TO * 1000).toISOString(),
    '--tz',
    'UTC',
    '--lookback',
    LOOKBACK_FLAG,
    '--concurrency',
    String(TOOL_CONCURRENCY),
    '--format',
    'json',
    '--out',
    outFile,
    '--quiet',
  ];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    const stderr: Buffer[] = [];
    const usage: Buffer[] = [];
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdio[USAGE_FD]?.on('data', (chunk: Buffer) => usage.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      let peakRssBytes = Number.NaN;
      let cpuSeconds = Number.NaN;
      try {
        const parsed = JSON.parse(Buffer.concat(usage).toString('utf8')) as { maxRSS: number; userCPUTime: number; systemCPUTime: number };
        peakRssBytes = parsed.maxRSS * 1024;
        cpuSeconds = (parsed.userCPUTime + parsed.systemCPUTime) / 1e6;
      } catch {
        // Killed before its exit handler ran: no figures, the table says n/a.
      }
      resolve({ seconds, exitCode: code, peakRssBytes, cpuSeconds, stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}
