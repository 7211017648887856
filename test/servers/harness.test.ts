import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatOpenMetrics } from './openmetrics.js';
import { isRunning, processState, waitForExit } from './process-exit.js';
import { startPrometheus } from './prometheus-server.js';
import { reapOrphanedServers, REGISTRY_DIR } from './server-registry.js';

describe('formatOpenMetrics()', () => {
  it('formatOpenMetrics() writes families with seconds timestamps and # EOF', () => {
    const text = formatOpenMetrics([
      { name: 'jobs_done', type: 'counter', help: 'Jobs.', samples: [{ labels: { queue: 'a"b' }, value: 3, timestamp: 1697328000 }] },
      { name: 'temperature', type: 'gauge', samples: [{ value: Number.NaN, timestamp: 1697328000.5 }, { value: Number.POSITIVE_INFINITY, timestamp: 1697328015 }] },
      { name: 'latency', type: 'histogram', samples: [{ suffix: '_bucket', labels: { le: '+Inf' }, value: 1, timestamp: 1697328000 }] },
    ]);
    expect(text).toBe(
      [
        '# TYPE jobs_done counter',
        '# HELP jobs_done Jobs.',
        'jobs_done_total{queue="a\\"b"} 3 1697328000',
        '# TYPE temperature gauge',
        'temperature NaN 1697328000.5',
        'temperature +Inf 1697328015',
        '# TYPE latency histogram',
        'latency_bucket{le="+Inf"} 1 1697328000',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('formatOpenMetrics() refuses millisecond timestamps', () => {
    expect(() => formatOpenMetrics([{ name: 'x', type: 'gauge', samples: [{ value: 1, timestamp: 1697328000000 }] }])).toThrow(RangeError);
  });
});

describe('startPrometheus()', () => {
  it('startPrometheus() serves, and stop() waits until the process is gone', async () => {
    const prometheus = await startPrometheus();
    expect(prometheus.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const cmdline = spawnSync('cat', [`/proc/${prometheus.pid}/cmdline`]).stdout.toString();
    expect(cmdline.split('\0')[0]).toBe('prometheus'); // the server itself, not a shell
    expect(cmdline).toContain('--storage.tsdb.retention.time=100y');
    expect(cmdline).toContain('--query.lookback-delta=1m');
    await prometheus.stop();
    const state = processState(prometheus.pid);
    expect(state === null || state === 'Z').toBe(true);
    const status = await new Promise<number>((resolve) => {
      http.get(`${prometheus.url}/-/ready`, (response) => resolve(response.statusCode ?? 0)).on('error', () => resolve(0));
    });
    expect(status).toBe(0);
    await prometheus.stop(); // idempotent
  });

  it("startPrometheus() fails with the end of the server's log", async () => {
    await expect(startPrometheus({ configYaml: 'global:\n  scrape_interval: banana\n' })).rejects.toThrow(/exited during start-up:[\s\S]*banana/);
  });
});

describe('reapOrphanedServers()', () => {
  it('reapOrphanedServers() kills a server whose owner died, and only if the marker matches', async () => {
    const marker = `incident-timeline-orphan-${process.pid}-${Date.now()}`;
    const orphan = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)', marker], { stdio: 'ignore' });
    const innocent = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    const deadOwner = spawnSync('true').pid; // a process that has already exited
    try {
      mkdirSync(REGISTRY_DIR, { recursive: true });
      writeFileSync(path.join(REGISTRY_DIR, `${orphan.pid}.json`), JSON.stringify({ pid: orphan.pid, ownerPid: deadOwner, marker }));
      writeFileSync(path.join(REGISTRY_DIR, `${innocent.pid}.json`), JSON.stringify({ pid: innocent.pid, ownerPid: deadOwner, marker }));
      reapOrphanedServers();
      expect(await waitForExit(orphan.pid!, 5_000)).toBe(true);
      expect(isRunning(innocent.pid!)).toBe(true);
    } finally {
      orphan.kill('SIGKILL');
      innocent.kill('SIGKILL');
    }
  });
});
