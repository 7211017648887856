import http from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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
