import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readAccessLogs } from '../../collectors/access-log/read-access-logs.js';
import { affectedUsersFromLogs } from '../../src/impact/affected-users.js';
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

  it('from 10 % samples of users, give Wilson 95 % intervals that hold the whole population\'s truth about 95 % of the time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scenario-logs-'));
    try {
      const plan = ACCESS_LOG_PLANS['auth-deadlock']!();
      const truth = await writeAccessLogs(plan, dir);
      const texts = await Promise.all(
        truth.files.map(async (file) => {
          const bytes = await readFile(join(dir, file));
          return (file.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8')).trimEnd().split('\n');
        }),
      );
      // Users sampled as a logger that keeps one user in ten by a hash of the id would: every line of
      // a kept user, none of the others' (lines without a user are kept). Ten disjoint samples.
      const bucket = (line: string): number | null => {
        const id = /"(?:user_id|userId)":"([^"]*)"/.exec(line)?.[1] ?? '';
        if (id === '') return null;
        let hash = 2166136261;
        for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
        return (hash >>> 0) % 10;
      };
      const scenario = scenarioTruth('auth-deadlock');
      const judged: { sample: number; scope: string; truth: number; low: number; high: number; census: boolean | undefined }[] = [];
      for (let sample = 0; sample < 10; sample++) {
        const files = await Promise.all(
          texts.map(async (lines, i) => {
            const path = join(dir, `sample-${sample}-${i}.log`);
            await writeFile(path, `${lines.filter((line) => [null, sample].includes(bucket(line))).join('\n')}\n`);
            return path;
          }),
        );
        const { evidence } = await readAccessLogs({
          files,
          window: { from: seconds(scenario.window.from), to: seconds(scenario.window.to) },
          zone: scenario.timezone,
          settings: { userField: null, failedStatus: '5xx', slowThresholdSeconds: 1, sampleRate: 0.1, segments: [...truth.segments] },
        });
        const { overall, segments } = affectedUsersFromLogs(evidence);
        for (const [scope, exact, found] of [
          ['everyone', truth.affectedUsers.percent, overall!] as const,
          ...segments.map((s) => [s.segment, truth.bySegment[s.segment]!.percent, s.affectedUsers] as const),
        ]) {
          judged.push({ sample, scope, truth: exact, low: found.low, high: found.high, census: found.census });
        }
      }
      expect(judged.every((j) => j.census === false)).toBe(true);
      const missed = judged.filter((j) => !(j.low <= j.truth && j.truth <= j.high));
      // 30 intervals at 95 %: 1.5 misses expected; 5 or more would happen with under 2 % probability
      // (binomial), so they would mean intervals too narrow. (3 today: samples 3 and 4.)
      expect({ intervals: judged.length, missed: missed.length <= 4 ? 'at most 4' : missed }).toEqual({ intervals: 30, missed: 'at most 4' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
