import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogSettings } from '../../src/model/access-log.js';
import { AccessLogPathError, expandAccessLogPaths, readAccessLogs } from './read-access-logs.js';

const at = (iso: string) => Date.parse(iso) / 1000;
const window = { from: at('2023-05-13T16:00:00Z'), to: at('2023-05-13T18:00:00Z') };
const settings: AccessLogSettings = { userField: null, failedStatus: '5xx', slowThresholdSeconds: 1, sampleRate: 1, segments: ['customer_type=new'] };

function nginx(localTime: string, status: number, seconds: number, user: string, type = 'returning'): string {
  return JSON.stringify({ time_iso8601: `2023-05-13T${localTime}+03:00`, status: String(status), request_time: seconds.toFixed(3), user_id: user, customer_type: user === '' ? '' : type });
}

describe('readAccessLogs()', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'access-log-'));
    await mkdir(join(dir, 'nginx'));
    // Rotated and gzip'd: the window's first hour. Lines out of order, one cut in half, one before the window.
    const rotated = [
      nginx('19:10:00', 200, 0.05, 'u1', 'new'),
      nginx('19:05:00', 500, 1.05, 'u2', 'new'),
      nginx('18:55:00', 500, 0.01, 'u3'), // before the window: u3 is not affected by it
      '{"time_iso8601":"2023-05-13T19:20:00+03:00","status":"2',
      nginx('19:30:00', 200, 0.04, 'u3'),
      nginx('19:31:00', 500, 0.3, ''), // a bot: counts as a request, not as a user
    ];
    await writeFile(join(dir, 'nginx', 'access.log.1.gz'), gzipSync(`${rotated.join('\n')}\n`));
    const current = [
      nginx('20:10:00', 200, 2.5, 'u4'), // slow only
      nginx('20:11:00', 200, 1.0, 'u5'), // exactly the threshold: not slow
      nginx('20:12:00', 404, 0.01, 'u6', 'new'), // a 4xx is not a failure
      '',
      nginx('21:10:00', 500, 0.01, 'u6'), // after the window
    ];
    await writeFile(join(dir, 'nginx', 'access.log'), `${current.join('\r\n')}\r\n`);
    await writeFile(join(dir, 'anonymous.log'), `${[nginx('19:05:00', 500, 0.1, ''), nginx('19:06:00', 200, 0.1, ''), nginx('19:07:00', 200, 1.5, '')].join('\n')}\n`);
    await writeFile(join(dir, 'broken.log.gz'), gzipSync(`${nginx('19:05:00', 200, 0.1, 'u9')}\n`.repeat(2000)).subarray(0, 400));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('counts distinct users of the window with a failed or slow request, per segment, whatever the line order', async () => {
    const files = await expandAccessLogPaths([join(dir, 'nginx', 'access.log*')]);
    expect(files.map((f) => f.slice(dir.length))).toEqual(['/nginx/access.log', '/nginx/access.log.1.gz']);
    const { evidence, gaps } = await readAccessLogs({ files, window, zone: 'Africa/Nairobi', settings });
    expect(evidence.users).toEqual({ active: 6, affected: 2, withFailed: 1, withSlow: 2 });
    expect(evidence.requests).toEqual({ total: 7, failed: 2, slow: 2, bad: 3 });
    expect(evidence.segments).toEqual([{ segment: 'customer_type=new', users: { active: 3, affected: 1, withFailed: 1, withSlow: 1 }, requests: { total: 3, failed: 1, slow: 1, bad: 1 } }]);
    expect(evidence.userSource).toBe('user_id');
    const rotated = evidence.files.find((f) => f.path.endsWith('.gz'));
    expect(rotated).toMatchObject({ format: 'json', lines: 6, inWindow: 4, withoutUser: 1, unreadable: 1, firstUnreadable: { line: 4, reason: expect.stringMatching(/broken JSON/) }, error: null });
    expect(gaps).toEqual([
      { source: 'access-log', what: rotated!.path, reason: '1 of 6 lines unreadable and skipped; the first at line 4: broken JSON (a truncated or unescaped line)' },
    ]);
  });

  it('still counts requests when no line carries a user id', async () => {
    const { evidence } = await readAccessLogs({ files: [join(dir, 'anonymous.log')], window, zone: 'UTC', settings });
    expect(evidence.users.active).toBe(0);
    expect(evidence.userSource).toBeNull();
    expect(evidence.requests).toEqual({ total: 3, failed: 1, slow: 1, bad: 2 });
  });

  it('reports a truncated gzip as a gap with what was read, and logs that miss the window as a gap', async () => {
    const { evidence, gaps } = await readAccessLogs({ files: [join(dir, 'broken.log.gz')], window, zone: 'UTC', settings });
    expect(evidence.files[0]?.error).toMatch(/cannot be read/);
    expect(gaps.map((g) => g.reason).join('\n')).toMatch(/cannot be read: .*; read up to line \d+/);
    const outside = await readAccessLogs({ files: [join(dir, 'nginx', 'access.log')], window: { from: at('2023-05-14T16:00:00Z'), to: at('2023-05-14T18:00:00Z') }, zone: 'UTC', settings });
    expect(outside.gaps.map((g) => g.reason)).toEqual([expect.stringMatching(/^the logs cover 2023-05-13T17:10:00Z to 2023-05-13T18:10:00Z, not the whole window/)]);
  });

  it('skips a runaway line longer than 1 MiB as one unreadable line, and reads on', async () => {
    const file = join(dir, 'runaway.log');
    await writeFile(file, `${nginx('19:05:00', 500, 0.1, 'u1')}\n${'x'.repeat(3 * 1024 * 1024)}\n${nginx('19:06:00', 200, 0.1, 'u2')}\n`);
    const { evidence } = await readAccessLogs({ files: [file], window, zone: 'UTC', settings });
    expect(evidence.files[0]).toMatchObject({ lines: 3, unreadable: 1, firstUnreadable: { line: 2, reason: 'a line longer than 1 MiB (not a text log?)' } });
    expect(evidence.users.active).toBe(2);
  });

  it('refuses a pattern that matches nothing, and a folder, naming them', async () => {
    await expect(expandAccessLogPaths([join(dir, 'nope-*.log')])).rejects.toThrow(AccessLogPathError);
    await expect(expandAccessLogPaths([join(dir, 'nope-*.log')])).rejects.toThrow(/matches no file/);
    await expect(expandAccessLogPaths([join(dir, 'nginx')])).rejects.toThrow(/is a folder/);
  });
});
