import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDebianPackage } from './ensure-installed.js';
import { findFreePort } from './free-port.js';
import type { RunningPostgres } from './postgres-server.js';
import { reapOrphanedServers } from './server-registry.js';
import { spawnServer } from './spawn-server.js';

/** Debian's program name (upstream calls it `postgres_exporter`). */
const PROGRAM = 'prometheus-postgres-exporter';
const READY_TIMEOUT_MS = 30_000;
const PORT_ATTEMPTS = 3;

/**
 * Statement statistics as Debian's example queries file reads them, fixed for PostgreSQL 13+ (the
 * packaged example still reads `total_time`, which became `total_exec_time`, and fails). The exporter
 * names the series `<query name>_<column>`: `pg_stat_statements_calls` and
 * `pg_stat_statements_total_time_seconds`, counters, by `datname` and `queryid`. Only the 50 costliest
 * statements, so the label set stays bounded.
 */
export const STAT_STATEMENTS_QUERIES = `pg_stat_statements:
  query: "SELECT t2.rolname, t3.datname, queryid, calls, total_exec_time / 1000 AS total_time_seconds, rows FROM pg_stat_statements t1 JOIN pg_roles t2 ON (t1.userid = t2.oid) JOIN pg_database t3 ON (t1.dbid = t3.oid) ORDER BY total_exec_time DESC LIMIT 50"
  master: true
  metrics:
    - rolname:
        usage: "LABEL"
        description: "Name of user"
    - datname:
        usage: "LABEL"
        description: "Name of database"
    - queryid:
        usage: "LABEL"
        description: "Query ID"
    - calls:
        usage: "COUNTER"
        description: "Number of times executed"
    - total_time_seconds:
        usage: "COUNTER"
        description: "Total time spent in the statement, in seconds"
    - rows:
        usage: "COUNTER"
        description: "Total number of rows retrieved or affected by the statement"
`;

export interface RunningPostgresExporter {
  /** `127.0.0.1:PORT`, the scrape target. */
  readonly target: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Starts postgres_exporter (Debian's `prometheus-postgres-exporter` 0.11, installed when missing)
 * against `postgres` over its Unix socket as user postgres, on a free port of 127.0.0.1, with
 * `STAT_STATEMENTS_QUERIES` as its custom queries file (the server must preload pg_stat_statements
 * and have the extension created in database `postgres`). Resolves once `/metrics` answers.
 *
 * @example
 * const exporter = await startPostgresExporter(pg);
 * // scrape exporter.target
 */
export async function startPostgresExporter(postgres: RunningPostgres): Promise<RunningPostgresExporter> {
  ensureDebianPackage('prometheus-postgres-exporter', [PROGRAM]);
  reapOrphanedServers();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'incident-timeline-pg-exporter-'));
  const queries = path.join(workDir, 'queries.yaml');
  writeFileSync(queries, STAT_STATEMENTS_QUERIES);
  const dataSource = `host=${postgres.socketDir} port=${postgres.port} user=postgres dbname=postgres sslmode=disable`;
  let lastMessage = '';
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt += 1) {
    const port = await findFreePort();
    // The exporter reads its connection from the environment only; `env` sets it and execs the
    // exporter, so the PID stays the exporter's own.
    const started = await spawnServer({
      command: 'env',
      args: [`DATA_SOURCE_NAME=${dataSource}`, PROGRAM, `--web.listen-address=127.0.0.1:${port}`, `--extend.query-path=${queries}`],
      logFile: path.join(workDir, 'exporter.log'),
      marker: `--extend.query-path=${queries}`,
      readyUrl: `http://127.0.0.1:${port}/metrics`,
      readyTimeoutMs: READY_TIMEOUT_MS,
    });
    if (started.ok) {
      return {
        target: `127.0.0.1:${port}`,
        pid: started.server.pid,
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
