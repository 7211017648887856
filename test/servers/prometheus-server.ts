import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensurePrometheusInstalled } from './ensure-installed.js';
import { findFreePort } from './free-port.js';
import { reapOrphanedServers } from './server-registry.js';
import { spawnServer, type Readiness } from './spawn-server.js';

export interface StartPrometheusOptions {
  /** TSDB directory, e.g. one filled by `backfill`. Left in place on stop. @default a fresh temporary directory, removed on stop */
  readonly dataDir?: string;
  /** The whole prometheus.yml. @default global settings only, no scrape jobs */
  readonly configYaml?: string;
  /** Rule files (paths) added to the configuration as `rule_files`. */
  readonly ruleFiles?: readonly string[];
  /** Rules as YAML text (`groups: …`), written to a file in the work directory and added to `rule_files`. */
  readonly rulesYaml?: string;
  /** More command-line flags, e.g. `--query.max-samples=2000`. */
  readonly extraArgs?: readonly string[];
  /** `--query.lookback-delta`: how long a series stays visible after its last sample. @default '1m' */
  readonly lookbackDelta?: string;
  /** A web configuration (basic_auth_users, tls_server_config) passed with `--web.config.file`. */
  readonly webConfigYaml?: string;
  /** How to reach `/-/ready` when the web configuration asks for credentials or TLS. */
  readonly readiness?: Readiness;
  /** @default 30_000 */
  readonly readyTimeoutMs?: number;
}

export interface RunningPrometheus {
  /** `http://127.0.0.1:PORT` (https when the web configuration sets up TLS), no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** PID of the prometheus process itself. */
  readonly pid: number;
  readonly dataDir: string;
  /** Where the server's stdout and stderr go (removed on stop). */
  readonly logFile: string;
  /** Stops the server and waits until the process has exited; removes the temporary files. Idempotent. */
  stop(): Promise<void>;
}

const DEFAULT_LOOKBACK_DELTA = '1m';
const DEFAULT_READY_TIMEOUT_MS = 30_000;
const PORT_ATTEMPTS = 3;
const DEFAULT_CONFIG = ['global:', '  scrape_interval: 15s', '  evaluation_interval: 15s', ''].join('\n');

function configWithRules(configYaml: string, ruleFiles: readonly string[]): string {
  if (ruleFiles.length === 0) return configYaml;
  // JSON strings are valid YAML scalars: paths with spaces or colons stay intact.
  const rules = ruleFiles.map((file) => `  - ${JSON.stringify(path.resolve(file))}`).join('\n');
  return `${configYaml.trimEnd()}\nrule_files:\n${rules}\n`;
}

/** Writes the configuration files into `workDir` and returns the flags (without the listen address). */
function prepare(options: StartPrometheusOptions, workDir: string, dataDir: string): { args: string[]; tls: boolean } {
  const configFile = path.join(workDir, 'prometheus.yml');
  const ruleFiles = [...(options.ruleFiles ?? [])];
  if (options.rulesYaml !== undefined) {
    ruleFiles.push(path.join(workDir, 'rules.yml'));
    writeFileSync(path.join(workDir, 'rules.yml'), options.rulesYaml);
  }
  writeFileSync(configFile, configWithRules(options.configYaml ?? DEFAULT_CONFIG, ruleFiles));
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${dataDir}`,
    // Retention counts back from the newest block: without this, old scenario data would be deleted.
    '--storage.tsdb.retention.time=100y',
    `--query.lookback-delta=${options.lookbackDelta ?? DEFAULT_LOOKBACK_DELTA}`,
  ];
  let tls = false;
  if (options.webConfigYaml !== undefined) {
    const webConfigFile = path.join(workDir, 'web.yml');
    writeFileSync(webConfigFile, options.webConfigYaml);
    args.push(`--web.config.file=${webConfigFile}`);
    tls = /^\s*tls_server_config\s*:/m.test(options.webConfigYaml);
  }
  args.push(...(options.extraArgs ?? []));
  return { args, tls };
}

/**
 * Starts a real Prometheus on a free port of 127.0.0.1 and resolves once `/-/ready` answers 200
 * (polled with a deadline). Uses `--storage.tsdb.retention.time=100y` so backfilled history survives,
 * and `--query.lookback-delta=1m` by default because backfilled data has no staleness markers.
 * Throws with the end of the server's log when it does not start. Call `stop()` in `afterAll`; a
 * normal exit of the test process kills forgotten servers, and servers left behind by a crashed run
 * are killed by the next start.
 *
 * @example
 * const prometheus = await startPrometheus({ dataDir, rulesYaml });
 * afterAll(() => prometheus.stop());
 */
export async function startPrometheus(options: StartPrometheusOptions = {}): Promise<RunningPrometheus> {
  ensurePrometheusInstalled();
  reapOrphanedServers();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'incident-timeline-prometheus-'));
  const dataDir = options.dataDir ?? path.join(workDir, 'data');
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true });
  const { args, tls } = prepare(options, workDir, dataDir);
  const logFile = path.join(workDir, 'prometheus.log');
  let lastMessage = '';
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt += 1) {
    const port = await findFreePort();
    const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    const started = await spawnServer({
      command: 'prometheus',
      args: [...args, `--web.listen-address=127.0.0.1:${port}`],
      logFile,
      marker: `--storage.tsdb.path=${dataDir}`,
      readyUrl: `${url}/-/ready`,
      readiness: options.readiness,
      readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    });
    if (started.ok) {
      const { pid } = started.server;
      return {
        url,
        port,
        pid,
        dataDir,
        logFile,
        stop: async () => {
          await started.server.stop();
          // The work directory holds the configuration and log, and the data only when we created it.
          rmSync(workDir, { recursive: true, force: true });
        },
      };
    }
    lastMessage = started.message;
    // Another process took the port between our check and the server's bind: pick another.
    if (!started.portTaken) break;
  }
  rmSync(workDir, { recursive: true, force: true });
  throw new Error(lastMessage);
}
