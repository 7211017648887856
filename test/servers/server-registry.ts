import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isRunning } from './process-exit.js';

// Test servers are separate processes: a test run that crashes or is killed would leave them behind,
// holding ports and memory. Two guards: an 'exit' hook kills this process' servers on a normal exit,
// and every start first kills the servers of earlier runs whose owner process is gone, found through
// one small record per server in a shared directory.

/** Where the records live; exported for tests. */
export const REGISTRY_DIR = path.join(os.tmpdir(), 'incident-timeline-test-servers');

interface ServerRecord {
  readonly pid: number;
  readonly ownerPid: number;
  /** Text that must appear in the process' command line, so a recycled PID is never killed. */
  readonly marker: string;
}

const ownServers = new Map<number, string>();
let exitHookInstalled = false;

function recordFile(pid: number): string {
  return path.join(REGISTRY_DIR, `${pid}.json`);
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function killIfOurs(pid: number, marker: string): void {
  if (isRunning(pid) && commandLine(pid).includes(marker)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}

/**
 * Kills servers started by earlier test processes that have since died, and forgets their records.
 * Only processes whose command line still holds the recorded marker are touched.
 */
export function reapOrphanedServers(): void {
  let names: string[];
  try {
    names = readdirSync(REGISTRY_DIR);
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(REGISTRY_DIR, name);
    let record: ServerRecord;
    try {
      record = JSON.parse(readFileSync(file, 'utf8')) as ServerRecord;
    } catch {
      rmSync(file, { force: true });
      continue;
    }
    if (isRunning(record.ownerPid)) continue;
    killIfOurs(record.pid, record.marker);
    rmSync(file, { force: true });
  }
}

/**
 * Records a server this process started, so it is killed when this process exits (or by a later run
 * if this one dies without exiting cleanly). Returns the function that forgets it after a clean stop.
 *
 * @example
 * const forget = registerServer(child.pid, `--storage.tsdb.path=${dataDir}`);
 */
export function registerServer(pid: number, marker: string): () => void {
  mkdirSync(REGISTRY_DIR, { recursive: true });
  const record: ServerRecord = { pid, ownerPid: process.pid, marker };
  writeFileSync(recordFile(pid), JSON.stringify(record));
  ownServers.set(pid, marker);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Only synchronous work is possible in 'exit': signal and forget.
    process.on('exit', () => {
      for (const [serverPid, serverMarker] of ownServers) {
        killIfOurs(serverPid, serverMarker);
        rmSync(recordFile(serverPid), { force: true });
      }
    });
  }
  return () => {
    ownServers.delete(pid);
    rmSync(recordFile(pid), { force: true });
  };
}
