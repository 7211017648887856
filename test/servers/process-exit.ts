import { readFileSync } from 'node:fs';

const POLL_MS = 20;

/**
 * The state letter of a process from `/proc/PID/stat` (`R`, `S`, `Z`, …), or null when it is gone.
 * `kill -0` is not enough here: an exited child whose parent does not reap it lingers as a zombie.
 */
export function processState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; the state follows the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) || null;
  } catch {
    return null;
  }
}

/** True while the process exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  const state = processState(pid);
  return state !== null && state !== 'Z' && state !== 'X';
}

/**
 * Waits until the process has really exited (gone, or a zombie), polling `/proc`. Resolves true when
 * it did within `timeoutMs`, false otherwise.
 *
 * @example
 * process.kill(pid, 'SIGTERM');
 * if (!(await waitForExit(pid, 5_000))) process.kill(pid, 'SIGKILL');
 */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}

/**
 * Stops a process we started: SIGTERM, then SIGKILL if it has not exited after `graceMs`, and waits
 * until it is really gone. Throws only if even SIGKILL does not end it.
 *
 * @example
 * await stopProcess(server.pid);
 */
export async function stopProcess(pid: number, graceMs = 5_000): Promise<void> {
  if (!isRunning(pid)) return;
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(pid, name);
    } catch {
      // Already gone between the check and the signal.
    }
  };
  signal('SIGTERM');
  if (await waitForExit(pid, graceMs)) return;
  signal('SIGKILL');
  if (!(await waitForExit(pid, 5_000))) throw new Error(`Process ${pid} did not exit after SIGKILL`);
}
