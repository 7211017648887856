/**
 * Child process of the log-read benchmark: reads one file with the `--logs` collector over a window
 * and prints wall and CPU seconds, lines, records kept and its own peak RSS as JSON.
 *
 *   node --import tsx test/bench/logs-read.ts <file> <lookbackFrom> <to>
 */
import { readLogs } from '../../collectors/logs/read-logs.js';

const [file, from, to] = process.argv.slice(2);
const started = performance.now();
const cpuBefore = process.cpuUsage();
const logs = readLogs({ files: [file as string], format: null, zone: 'UTC', window: { lookbackFrom: Number(from), to: Number(to) } });
let kept = 0;
let errors = 0;
let step = await logs.next();
for (; !step.done; step = await logs.next()) {
  kept += step.value.length;
  // Touch every record as a consumer would, so the benchmark cannot skip building them.
  for (const record of step.value) if (record.level === 'error') errors++;
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const report = step.value.files[0];
process.stdout.write(
  JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, lines: report?.lines ?? 0, kept, errors, format: report?.format, unreadable: report?.unreadable ?? 0, maxRssKiB: process.resourceUsage().maxRSS }),
);
