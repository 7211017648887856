import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureDebianPackage } from './ensure-installed.js';
import { findFreePort } from './free-port.js';
import { isRunning, stopProcess } from './process-exit.js';
import { registerServer, reapOrphanedServers } from './server-registry.js';

/** Debian's PostgreSQL 15 programs (not on PATH: Debian puts only its wrappers there). */
export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';
const PG_CTL_TIMEOUT_MS = 60_000;
const PORT_ATTEMPTS = 3;
const SQL_TIMEOUT_MS = 60_000;

/** Server settings the tests rely on; `settings` adds to or overrides them. */
const DEFAULT_SETTINGS: Readonly<Record<string, string>> = {
  // The prefix of ../shared/notes/real-servers.md: time with milliseconds, pid, user@database/application.
  log_line_prefix: '%m [%p] %q%u@%d/%a ',
  log_timezone: 'UTC',
  log_min_duration_statement: '100ms',
  // A deadlock is found after this wait; short so a test sees it at once.
  deadlock_timeout: '200ms',
  shared_preload_libraries: 'pg_stat_statements',
  fsync: 'off',
};

export interface StartPostgresOptions {
  /** More server settings (`-c name=value`), e.g. `{ log_min_duration_statement: '250ms' }`. */
  readonly settings?: Readonly<Record<string, string>>;
}

export interface SqlOptions {
  /** @default 'postgres' */
  readonly database?: string;
  /** `application_name`, shown in the log line prefix (`%a`). */
  readonly application?: string;
}

export interface RunningPostgres {
  /** Port on 127.0.0.1 (and of the socket in `socketDir`). */
  readonly port: number;
  /** Holds the Unix socket; the exporter connects there. */
  readonly socketDir: string;
  /** The server's log (stderr), as `pg_ctl -l` writes it. */
  readonly logFile: string;
  /** PID of the postmaster. */
  readonly pid: number;
  /** Runs SQL in one psql session as user postgres (statements one per line), resolving with its output; rejects on an error. */
  sql(sql: string, options?: SqlOptions): Promise<string>;
  /** Like `sql` but resolves even when the session fails (a deadlock victim), with psql's exit status. */
  session(sql: string, options?: SqlOptions): Promise<{ code: number; output: string }>;
  /** Stops the server (fast shutdown), waits, removes the directory. Idempotent. */
  stop(): Promise<void>;
}

const asPostgres = (program: string, args: readonly string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', program, ...args], { stdio: 'pipe', timeout: PG_CTL_TIMEOUT_MS });

function outputOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { stdout, stderr } = error as { stdout?: unknown; stderr?: unknown };
  return `${String(stdout ?? '')}${String(stderr ?? '')}`.trim();
}

function settingsArgs(settings: Readonly<Record<string, string>>): string {
  // pg_ctl passes -o through a shell: single quotes keep spaces and % intact.
  return Object.entries(settings)
    .map(([name, value]) => `-c ${name}='${value.replaceAll("'", "''")}'`)
    .join(' ');
}

/**
 * Starts a throwaway PostgreSQL 15 cluster (Debian's `postgresql-15`, installed when missing):
 * `initdb` and `pg_ctl` run as the `postgres` user (initdb refuses root) in a fresh temporary
 * directory that also holds the socket; the server listens on a free port of 127.0.0.1, logs to a
 * file with `log_line_prefix='%m [%p] %q%u@%d/%a '` in UTC, logs statements slower than 100 ms, and
 * detects deadlocks after 200 ms. pg_stat_statements is preloaded (create the extension to use it).
 * The postmaster is registered for clean-up like the other test servers. See
 * ../shared/notes/real-servers.md.
 *
 * @example
 * const pg = await startPostgres();
 * await pg.sql('CREATE TABLE t (id int)');
 * afterAll(() => pg.stop());
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<RunningPostgres> {
  ensureDebianPackage('postgresql-15', ['psql']);
  reapOrphanedServers();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'incident-timeline-postgres-'));
  // mkdtemp makes 0700 directories: the postgres user must own it to create the cluster and socket.
  chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  chmodSync(dir, 0o755);
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgresql.log');
  try {
    asPostgres(`${POSTGRES_BIN}/initdb`, ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  } catch (error: unknown) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed:\n${outputOf(error)}`);
  }
  let lastMessage = '';
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt += 1) {
    const port = await findFreePort();
    const settings = { listen_addresses: '127.0.0.1', port: String(port), unix_socket_directories: dir, ...DEFAULT_SETTINGS, ...options.settings };
    try {
      asPostgres(`${POSTGRES_BIN}/pg_ctl`, ['-D', dataDir, '-l', logFile, '-o', settingsArgs(settings), '-w', 'start']);
    } catch (error: unknown) {
      lastMessage = `pg_ctl start failed:\n${outputOf(error)}\n${tail(logFile)}`;
      if (/already in use/.test(lastMessage)) continue;
      break;
    }
    return running(dir, dataDir, logFile, port);
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(lastMessage);
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

function running(dir: string, dataDir: string, logFile: string, port: number): RunningPostgres {
  // postmaster.pid: first line is the PID; the command line holds `-D <dataDir>`, our marker.
  const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const forget = registerServer(pid, dataDir);
  const psqlArgs = (options: SqlOptions | undefined) => {
    const conninfo = `host=${dir} port=${port} user=postgres dbname=${options?.database ?? 'postgres'} application_name=${options?.application ?? 'psql'}`;
    // -v ON_ERROR_STOP: a failed statement fails the session, as an application's transaction would.
    return ['-u', 'postgres', '--', `${POSTGRES_BIN}/psql`, conninfo, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-f', '-'];
  };
  const session = (sql: string, options?: SqlOptions) =>
    new Promise<{ code: number; output: string }>((resolve) => {
      const child = execFile('runuser', psqlArgs(options), { timeout: SQL_TIMEOUT_MS }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, output: `${stdout}${stderr}` });
      });
      child.stdin?.end(sql);
    });
  let stopped = false;
  return {
    port,
    socketDir: dir,
    logFile,
    pid,
    session,
    sql: async (sql, options) => {
      const result = await session(sql, options);
      if (result.code !== 0) throw new Error(`psql failed (${result.code}) on ${JSON.stringify(sql.slice(0, 80))}:\n${result.output}`);
      return result.output;
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      try {
        await promisify(execFile)('runuser', ['-u', 'postgres', '--', `${POSTGRES_BIN}/pg_ctl`, '-D', dataDir, '-m', 'fast', '-w', 'stop'], { timeout: PG_CTL_TIMEOUT_MS });
      } catch {
        // Fall through to a signal: the server must not outlive the test.
      }
      if (isRunning(pid)) await stopProcess(pid);
      forget();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
