import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { isRunning, stopProcess } from './process-exit.js';
import { registerServer } from './server-registry.js';

/** How to reach a server's readiness endpoint when it asks for credentials or TLS. */
export interface Readiness {
  readonly headers?: Readonly<Record<string, string>>;
  readonly caCert?: string;
}

export interface SpawnServerOptions {
  readonly command: string;
  readonly args: readonly string[];
  /** Receives the server's stdout and stderr. */
  readonly logFile: string;
  /** Text of the command line that identifies this server (see server-registry.ts). */
  readonly marker: string;
  /** Polled until it answers 200. */
  readonly readyUrl: string;
  readonly readiness?: Readiness | undefined;
  readonly readyTimeoutMs: number;
}

export interface ServerProcess {
  readonly pid: number;
  /** Stops the process and waits until it has exited. Idempotent. */
  stop(): Promise<void>;
}

export type SpawnResult = { readonly ok: true; readonly server: ServerProcess } | { readonly ok: false; readonly portTaken: boolean; readonly message: string };

const READY_POLL_MS = 50;
const READY_PROBE_TIMEOUT_MS = 1_000;
const LOG_TAIL_LINES = 20;

/** The last lines a server wrote, for start-up errors. */
export function logTail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').trim().split('\n').slice(-LOG_TAIL_LINES).join('\n');
  } catch {
    return '(no output)';
  }
}

/** Status of one GET, or 0 when there was no HTTP answer. */
function probe(url: string, readiness: Readiness | undefined): Promise<number> {
  return new Promise((resolve) => {
    const client = url.startsWith('https:') ? https : http;
    const options = { headers: { ...readiness?.headers }, timeout: READY_PROBE_TIMEOUT_MS, ...(readiness?.caCert === undefined ? {} : { ca: readiness.caCert }) };
    const request = client.get(url, options, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

/**
 * Starts a server program directly (no shell, so the PID is the server's own), sends its output to a
 * log file, registers it for clean-up, and polls its readiness URL with a deadline. On failure the
 * result carries the end of the log, and whether the port was taken (the caller may retry elsewhere).
 *
 * @example
 * const started = await spawnServer({ command: 'prometheus', args, logFile, marker, readyUrl: `${url}/-/ready`, readyTimeoutMs: 30_000 });
 */
export async function spawnServer(options: SpawnServerOptions): Promise<SpawnResult> {
  const logFd = openSync(options.logFile, 'w');
  // Output goes to a file, not a pipe: the file outlives a failed start and ties no lifetimes together.
  const child = spawn(options.command, options.args, { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const spawnError = new Promise<string>((resolve) => child.once('error', (error) => resolve(error.message)));
  child.unref();
  const pid = child.pid;
  if (pid === undefined) return { ok: false, portTaken: false, message: `Cannot start ${options.command}: ${await spawnError}` };
  const forget = registerServer(pid, options.marker);

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await stopProcess(pid);
    forget();
  };

  const deadline = Date.now() + options.readyTimeoutMs;
  for (;;) {
    if (!isRunning(pid)) {
      await stop();
      const tail = logTail(options.logFile);
      return { ok: false, portTaken: /address already in use/.test(tail), message: `${options.command} exited during start-up:\n${tail}` };
    }
    if ((await probe(options.readyUrl, options.readiness)) === 200) return { ok: true, server: { pid, stop } };
    if (Date.now() >= deadline) {
      await stop();
      return { ok: false, portTaken: false, message: `${options.command} was not ready at ${options.readyUrl} in time:\n${logTail(options.logFile)}` };
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
}
