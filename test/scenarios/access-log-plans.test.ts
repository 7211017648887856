import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { writeAccessLogs } from './_access-log.js';
import { ACCESS_LOG_PLANS } from './access-log-plans.js';
import { scenarioTruth } from './generate.js';

const seconds = (iso: string) => Date.parse(iso) / 1000;

describe('scenario request logs', () => {
  it('put the seeds\' shares in the truth: 65 % of new customers (auth-deadlock), 90 % of users (db-slow-query)', () => {
    expect(ACCESS_LOG_PLANS['auth-deadlock']!().truth.bySegment['customer_type=new']?.percent).toBe(65);
    expect(ACCESS_LOG_PLANS['db-slow-query']!().truth.affectedUsers.percent).toBe(90);
  });

  it('place every failed or slow request of the window between the scenario\'s onset and recovery', () => {
    for (const [name, plan] of Object.entries(ACCESS_LOG_PLANS)) {
      const truth = scenarioTruth(name);
      const [from, to] = [seconds(truth.window.from), seconds(truth.window.to)];
      const [onset, recovered] = [seconds(truth.phases.onset!), seconds(truth.phases.recovered!)];
      const bad = plan().requests.filter((r) => r.user !== null && r.time >= from && r.time <= to && (r.status >= 500 || r.latencySeconds > 1));
      expect(bad.length).toBeGreaterThan(0);
      expect(bad.filter((r) => r.time < onset || r.time > recovered)).toEqual([]);
    }
  });

  it('write one line per planned request, one of them cut short per file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scenario-logs-'));
    try {
      const plan = ACCESS_LOG_PLANS['auth-deadlock']!();
      const truth = await writeAccessLogs(plan, dir);
      let lines = 0;
      for (const file of truth.files) {
        const bytes = await readFile(join(dir, file));
        const text = file.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
        const fileLines = text.trimEnd().split('\n');
        lines += fileLines.length;
        const broken = truth.malformed.find((m) => m.file === file)!;
        expect(() => JSON.parse(fileLines[broken.line - 1]!)).toThrow();
        expect(fileLines.filter((line) => { try { JSON.parse(line); return false; } catch { return true; } })).toHaveLength(1);
      }
      expect(lines).toBe(plan.requests.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
