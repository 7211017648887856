/**
 * Child process of the access-log benchmark: reads one file with the CLI's collector over a window
 * and prints wall and CPU seconds, lines, users and its own peak RSS as JSON.
 *
 *   node --import tsx test/bench/access-log-read.ts <file> <from> <to>
 */
import { readAccessLogs } from '../../collectors/access-log/read-access-logs.js';

const [file, from, to] = process.argv.slice(2);
const started = performance.now();
const cpuBefore = process.cpuUsage();
const { evidence } = await readAccessLogs({
  files: [file as string],
  window: { from: Number(from), to: Number(to) },
  zone: 'Africa/Nairobi',
  settings: { userField: null, failedStatus: '5xx', slowThresholdSeconds: 1, sampleRate: 1, segments: ['customer_type=new'] },
});
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(JSON.stringify({ seconds, cpuSeconds, lines: evidence.files[0]?.lines ?? 0, users: evidence.users.active, maxRssKiB: process.resourceUsage().maxRSS }));
