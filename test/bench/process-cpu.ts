import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in hundredths of a second. */
const CLOCK_TICKS_PER_SECOND = 100;
/** utime and stime are fields 14 and 15 of /proc/<pid>/stat: indices 11 and 12 of the fields after `(comm)`, which start at field 3. */
const UTIME_AFTER_COMM = 11;

/**
 * CPU seconds (user + system) a running process has used so far, or NaN off Linux. Read before and
 * after a phase, it shows how much of the phase's work was the server's.
 */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: split after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[UTIME_AFTER_COMM]) + Number(fields[UTIME_AFTER_COMM + 1])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}
