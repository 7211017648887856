import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDebianPackage } from './ensure-installed.js';
import { findFreePort } from './free-port.js';
import { reapOrphanedServers } from './server-registry.js';
import { spawnServer } from './spawn-server.js';

/** The Debian package's program name (upstream calls it `alertmanager`). */
const PROGRAM = 'prometheus-alertmanager';
const DEFAULT_READY_TIMEOUT_MS = 30_000;
const PORT_ATTEMPTS = 3;

/** One receiver that sends nowhere: the tests read Alertmanager's API, not notifications. */
const DEFAULT_CONFIG = ['route:', '  receiver: blackhole', '  group_wait: 1s', 'receivers:', '  - name: blackhole', ''].join('\n');

export interface StartAlertmanagerOptions {
  /** The whole alertmanager.yml. @default one route to a receiver that sends nowhere */
  readonly configYaml?: string;
  /** @default 30_000 */
  readonly readyTimeoutMs?: number;
}

/** An alert as `POST /api/v2/alerts` takes it (`postableAlert`). */
export interface PostableAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly generatorURL?: string;
}

/** A silence as `POST /api/v2/silences` takes it (`postableSilence`). */
export interface PostableSilence {
  readonly matchers: readonly { readonly name: string; readonly value: string; readonly isRegex: boolean; readonly isEqual?: boolean }[];
  readonly startsAt: string;
  readonly endsAt: string;
  readonly createdBy: string;
  readonly comment: string;
}

export interface RunningAlertmanager {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Posts alerts as Prometheus would. */
  postAlerts(alerts: readonly PostableAlert[]): Promise<void>;
  /** Creates a silence and returns its id. */
  postSilence(silence: PostableSilence): Promise<string>;
  stop(): Promise<void>;
}

function request(url: string, method: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method, headers: body === undefined ? {} : { 'Content-Type': 'application/json' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * Starts a real Alertmanager (Debian's `prometheus-alertmanager`, installed when missing) on a free
 * port of 127.0.0.1 with its own storage directory, clustering off (it would listen on 0.0.0.0:9094
 * otherwise), and resolves once `/-/ready` answers 200. Throws with the end of its log when it does
 * not start. See ../shared/notes/real-servers.md.
 *
 * @example
 * const am = await startAlertmanager();
 * await am.postAlerts([{ labels: { alertname: 'DiskFull', instance: 'db1:9100' } }]);
 */
export async function startAlertmanager(options: StartAlertmanagerOptions = {}): Promise<RunningAlertmanager> {
  ensureDebianPackage('prometheus-alertmanager', [PROGRAM]);
  reapOrphanedServers();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'incident-timeline-alertmanager-'));
  const configFile = path.join(workDir, 'alertmanager.yml');
  writeFileSync(configFile, options.configYaml ?? DEFAULT_CONFIG);
  let lastMessage = '';
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt += 1) {
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    const storage = path.join(workDir, 'data');
    const started = await spawnServer({
      command: PROGRAM,
      args: [
        `--config.file=${configFile}`,
        `--storage.path=${storage}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--web.external-url=${url}`,
        '--cluster.listen-address=',
      ],
      logFile: path.join(workDir, 'alertmanager.log'),
      marker: `--storage.path=${storage}`,
      readyUrl: `${url}/-/ready`,
      readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    });
    if (started.ok) {
      return {
        url,
        port,
        pid: started.server.pid,
        postAlerts: async (alerts) => {
          const posted = await request(`${url}/api/v2/alerts`, 'POST', JSON.stringify(alerts));
          if (posted.status !== 200) throw new Error(`Alertmanager refused the alerts: HTTP ${posted.status} ${posted.text}`);
        },
        postSilence: async (silence) => {
          const posted = await request(`${url}/api/v2/silences`, 'POST', JSON.stringify(silence));
          if (posted.status !== 200) throw new Error(`Alertmanager refused the silence: HTTP ${posted.status} ${posted.text}`);
          return (JSON.parse(posted.text) as { silenceID: string }).silenceID;
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
