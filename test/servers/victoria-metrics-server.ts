import http from 'node:http';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureVictoriaMetricsInstalled } from './ensure-installed.js';
import { findFreePort } from './free-port.js';
import type { MetricFamily } from './openmetrics.js';
import { reapOrphanedServers } from './server-registry.js';
import { spawnServer } from './spawn-server.js';

export interface StartVictoriaMetricsOptions {
  /** Storage directory. @default a fresh temporary directory, removed on stop */
  readonly dataDir?: string;
  /** More flags, e.g. `-search.maxSamplesPerQuery=1000`. */
  readonly extraArgs?: readonly string[];
  /** @default 30_000 */
  readonly readyTimeoutMs?: number;
}

export interface RunningVictoriaMetrics {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly dataDir: string;
  /** Imports the samples of `families` (finite values only: JSON has no NaN) and flushes them to search. */
  importFamilies(families: readonly MetricFamily[]): Promise<void>;
  /**
   * Imports an OpenMetrics file written for promtool (timestamps in seconds, `# EOF`), streamed and
   * converted to the Prometheus text VictoriaMetrics takes (millisecond timestamps), then flushes it.
   * `onlyMetrics` keeps the series of those metric names alone.
   */
  importOpenMetricsFile(file: string, options?: { readonly onlyMetrics?: ReadonlySet<string> }): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_READY_TIMEOUT_MS = 30_000;
const PORT_ATTEMPTS = 3;

/** One JSON line per series in the format of `/api/v1/import` (millisecond timestamps). */
function importLines(families: readonly MetricFamily[]): string {
  const series = new Map<string, { metric: Record<string, string>; values: number[]; timestamps: number[] }>();
  for (const family of families) {
    const defaultSuffix = family.type === 'counter' ? '_total' : '';
    for (const sample of family.samples) {
      if (!Number.isFinite(sample.value)) continue;
      const metric = { __name__: `${family.name}${sample.suffix ?? defaultSuffix}`, ...sample.labels };
      const key = JSON.stringify(Object.entries(metric).sort());
      let entry = series.get(key);
      if (entry === undefined) {
        entry = { metric, values: [], timestamps: [] };
        series.set(key, entry);
      }
      entry.values.push(sample.value);
      entry.timestamps.push(Math.round(sample.timestamp * 1000));
    }
  }
  return [...series.values()].map((entry) => JSON.stringify(entry)).join('\n');
}

/**
 * OpenMetrics sample lines with timestamps in seconds → Prometheus text lines with milliseconds;
 * comments (`# TYPE`, `# EOF`) dropped. VictoriaMetrics reads every exposition timestamp as
 * milliseconds, so an unconverted file lands in January 1970 and is dropped by the retention.
 * Works on chunks, not a line reader: the files are a few hundred megabytes.
 */
function secondsToMilliseconds(onlyMetrics: ReadonlySet<string> | undefined): Transform {
  let rest = '';
  const convert = (line: string): string => {
    if (line === '' || line.startsWith('#')) return '';
    if (onlyMetrics !== undefined && !onlyMetrics.has(/^[^{ ]*/.exec(line)?.[0] ?? '')) return '';
    const space = line.lastIndexOf(' ');
    // A sample line is `name{labels} value timestamp`; a label value may hold spaces, the timestamp cannot.
    return `${line.slice(0, space)} ${Math.round(Number(line.slice(space + 1)) * 1000)}\n`;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      done(null, lines.map(convert).join(''));
    },
    flush(done: TransformCallback) {
      done(null, convert(rest));
    },
  });
}

/** POSTs an OpenMetrics file converted on the fly (chunked body), resolving with the answer. */
async function postOpenMetrics(url: string, file: string, onlyMetrics: ReadonlySet<string> | undefined): Promise<{ status: number; text: string }> {
  const outgoing = http.request(url, { method: 'POST' });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
  });
  await pipeline(createReadStream(file), secondsToMilliseconds(onlyMetrics), outgoing);
  return answer;
}

function request(url: string, method: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * Starts a real VictoriaMetrics single-node server on a free port of 127.0.0.1 with a 100-year
 * retention (the default month would drop old imported rows with a 204) and no search latency offset,
 * and resolves once `/health` answers 200. Throws with the end of its log when it does not start.
 *
 * @example
 * const vm = await startVictoriaMetrics();
 * await vm.importFamilies(exporterFamilies());
 */
export async function startVictoriaMetrics(options: StartVictoriaMetricsOptions = {}): Promise<RunningVictoriaMetrics> {
  ensureVictoriaMetricsInstalled();
  reapOrphanedServers();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'incident-timeline-victoria-metrics-'));
  const dataDir = options.dataDir ?? path.join(workDir, 'data');
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true });
  let lastMessage = '';
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt += 1) {
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    const started = await spawnServer({
      command: 'victoria-metrics',
      args: [
        `-storageDataPath=${dataDir}`,
        `-httpListenAddr=127.0.0.1:${port}`,
        '-retentionPeriod=100y',
        '-search.latencyOffset=0s',
        ...(options.extraArgs ?? []),
      ],
      logFile: path.join(workDir, 'victoria-metrics.log'),
      marker: `-storageDataPath=${dataDir}`,
      readyUrl: `${url}/health`,
      readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    });
    if (started.ok) {
      return {
        url,
        port,
        pid: started.server.pid,
        dataDir,
        importFamilies: async (families) => {
          const imported = await request(`${url}/api/v1/import`, 'POST', importLines(families));
          if (imported.status !== 204) throw new Error(`VictoriaMetrics refused the import: HTTP ${imported.status} ${imported.text}`);
          await request(`${url}/internal/force_flush`, 'GET');
        },
        importOpenMetricsFile: async (file, importOptions) => {
          const imported = await postOpenMetrics(`${url}/api/v1/import/prometheus`, file, importOptions?.onlyMetrics);
          if (imported.status !== 204) throw new Error(`VictoriaMetrics refused the import of ${file}: HTTP ${imported.status} ${imported.text}`);
          await request(`${url}/internal/force_flush`, 'GET');
        },
        stop: async () => {
          await started.server.stop();
          rmSync(workDir, { recursive: true, force: true });
        },
      };
    }
    lastMessage = started.message;
    if (!started.portTaken) break;
  }
  rmSync(workDir, { recursive: true, force: true });
  throw new Error(lastMessage);
}

export interface RunningVmalert {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts a real vmalert on `port` of 127.0.0.1 serving `ruleFiles` (its `/api/v1/rules` answers in
 * Prometheus's format) and evaluating them against `datasourceUrl`; resolves once `/health` answers.
 * A VictoriaMetrics started with `-vmalert.proxyURL=http://127.0.0.1:PORT` answers its own
 * `/api/v1/rules` from it. Notifications go nowhere: port 9 of 127.0.0.1 (discard) refuses them.
 */
export async function startVmalert(options: { readonly port: number; readonly ruleFiles: readonly string[]; readonly datasourceUrl: string }): Promise<RunningVmalert> {
  ensureVictoriaMetricsInstalled();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'incident-timeline-vmalert-'));
  const url = `http://127.0.0.1:${options.port}`;
  const started = await spawnServer({
    command: 'vmalert',
    args: [...options.ruleFiles.map((file) => `-rule=${file}`), `-datasource.url=${options.datasourceUrl}`, '-notifier.url=http://127.0.0.1:9', `-httpListenAddr=127.0.0.1:${options.port}`],
    logFile: path.join(workDir, 'vmalert.log'),
    marker: `-httpListenAddr=127.0.0.1:${options.port}`,
    readyUrl: `${url}/health`,
    readyTimeoutMs: DEFAULT_READY_TIMEOUT_MS,
  });
  if (!started.ok) {
    rmSync(workDir, { recursive: true, force: true });
    throw new Error(started.message);
  }
  return {
    url,
    stop: async () => {
      await started.server.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
