/**
 * The baseline: the tool's own `/api/v1/query_range` requests, replayed with curl at the tool's
 * concurrency (`xargs -P`), bodies discarded. Whatever the tool spends beyond this is its own cost.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ProxiedRequest } from '../servers/index.js';

export const QUERY_RANGE_PATH = '/api/v1/query_range';

/** A request as recorded by the proxy, reduced to what is needed to send it again. */
export interface RecordedRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** `application/x-www-form-urlencoded` parameters: the query string for GET, the body for POST. */
  readonly encoded: string;
}

export function toRecorded(request: ProxiedRequest): RecordedRequest {
  return { method: request.method === 'POST' ? 'POST' : 'GET', path: request.path, encoded: request.params.toString() };
}

export interface Replay {
  readonly seconds: number;
  readonly bytes: number;
  readonly requests: number;
}

/**
 * A curl config file (`curl -K`): quoted values, which URL-encoded text never needs escaping in.
 * `compressed` asks for gzip as the tool's HTTP client does, and inflates what arrives.
 */
function curlConfig(baseUrl: string, request: RecordedRequest, compressed: boolean): string {
  const lines = ['silent', 'show-error', 'output = "/dev/null"', 'write-out = "%{http_code} %{size_download}\\n"'];
  if (compressed) lines.push('compressed');
  if (request.method === 'GET') lines.push(`url = "${baseUrl}${request.path}?${request.encoded}"`);
  else lines.push(`url = "${baseUrl}${request.path}"`, `data-binary = "${request.encoded}"`);
  return `${lines.join('\n')}\n`;
}

export interface ReplayOptions {
  readonly concurrency: number;
  /** Ask for gzip (then `bytes` counts compressed bytes). */
  readonly compressed: boolean;
  /** Scratch directory for the curl config files; emptied first. */
  readonly workDir: string;
}

/**
 * Replays `requests` against `baseUrl` with `concurrency` curls at a time and times the whole batch.
 * Throws when a request does not answer 200: the timing would not compare like with like.
 */
export async function replayWithCurl(baseUrl: string, requests: readonly RecordedRequest[], options: ReplayOptions): Promise<Replay> {
  const { concurrency, compressed, workDir } = options;
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const configs = requests.map((request, i) => {
    const file = path.join(workDir, `${String(i).padStart(4, '0')}.curl`);
    writeFileSync(file, curlConfig(baseUrl, request, compressed));
    return file;
  });
  const list = path.join(workDir, 'list');
  writeFileSync(list, `${configs.join('\n')}\n`);

  const started = performance.now();
  const { code, stdout, stderr } = await run('xargs', ['-a', list, '-d', '\\n', '-P', String(concurrency), '-n', '1', 'curl', '-K']);
  const seconds = (performance.now() - started) / 1000;
  const answers = stdout.trim().split('\n').filter((line) => line !== '');
  const failed = answers.filter((line) => !line.startsWith('200 '));
  if (code !== 0 || answers.length !== requests.length || failed.length > 0) {
    throw new Error(`curl replay failed (exit ${code}, ${answers.length}/${requests.length} answers, ${failed.length} not 200): ${stderr.trim().slice(0, 500)} ${failed.slice(0, 3).join('; ')}`);
  }
  const bytes = answers.reduce((sum, line) => sum + Number(line.split(' ')[1]), 0);
  return { seconds, bytes, requests: requests.length };
}

function run(command: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

export interface ResultSize {
  readonly series: number;
  readonly samples: number;
}

/**
 * What the range queries return, counted by fetching each once more (untimed): distinct series per
 * query (a query split into time chunks returns its series in every chunk) and samples.
 */
export async function countResults(baseUrl: string, requests: readonly RecordedRequest[]): Promise<ResultSize> {
  const seriesByQuery = new Map<string, Set<string>>();
  let samples = 0;
  for (const request of requests) {
    const response =
      request.method === 'GET'
        ? await fetch(`${baseUrl}${request.path}?${request.encoded}`)
        : await fetch(`${baseUrl}${request.path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: request.encoded });
    const body = (await response.json()) as { data?: { result?: { metric?: unknown; values?: unknown[] }[] } };
    const query = new URLSearchParams(request.encoded).get('query') ?? '';
    const seen = seriesByQuery.get(query) ?? new Set<string>();
    seriesByQuery.set(query, seen);
    for (const one of body.data?.result ?? []) {
      seen.add(JSON.stringify(one.metric));
      samples += one.values?.length ?? 0;
    }
  }
  let series = 0;
  for (const seen of seriesByQuery.values()) series += seen.size;
  return { series, samples };
}
