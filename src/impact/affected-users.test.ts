import { describe, expect, it } from 'vitest';
import type { AccessLogEvidence } from '../model/access-log.js';
import { affectedUsersFromLogs } from './affected-users.js';

function evidence(overrides: Partial<AccessLogEvidence> = {}): AccessLogEvidence {
  return {
    settings: { userField: null, failedStatus: '5xx', slowThresholdSeconds: 1, sampleRate: 1, segments: ['customer_type=new'] },
    files: [{ path: 'access.log', format: 'json', lines: 9000, inWindow: 8000, withoutUser: 400, unreadable: 0, firstUnreadable: null, error: null, earliest: 0, latest: 1 }],
    userSource: 'user_id',
    latencySource: 'request_time (s)',
    requests: { total: 8000, failed: 900, slow: 500, bad: 1200 },
    users: { active: 1912, affected: 620, withFailed: 500, withSlow: 200 },
    segments: [{ segment: 'customer_type=new', users: { active: 400, affected: 260, withFailed: 250, withSlow: 20 }, requests: { total: 1500, failed: 300, slow: 30, bad: 310 } }],
    ...overrides,
  };
}

describe('affectedUsersFromLogs()', () => {
  it('gives the exact share of a census, low = high, and says what was counted and left out', () => {
    const { overall, segments } = affectedUsersFromLogs(evidence());
    expect(overall).toMatchObject({ percent: 32.4, low: 32.4, high: 32.4, basis: 'users', affected: 620, total: 1912, census: true });
    expect(overall?.method).toContain('620 of 1,912 distinct users active in the window had a failed (5xx) or slower than 1 s request');
    expect(overall?.method).toContain('400 requests without a user id');
    expect(overall?.method).toContain('census');
    expect(segments).toEqual([{ segment: 'customer_type=new', affectedUsers: expect.objectContaining({ percent: 65, low: 65, high: 65, affected: 260, total: 400 }) }]);
  });

  it('gives a Wilson 95 % interval when the logs are a sample of users', () => {
    const sampled = evidence({ settings: { ...evidence().settings, sampleRate: 0.1 } });
    const { overall, segments } = affectedUsersFromLogs(sampled);
    expect(overall).toMatchObject({ percent: 32.4, census: false });
    expect(overall!.low).toBeLessThan(32.4);
    expect(overall!.high).toBeGreaterThan(32.4);
    // The segment is smaller: a wider interval.
    const seg = segments[0]!.affectedUsers;
    expect(seg.high - seg.low).toBeGreaterThan(overall!.high - overall!.low);
    expect(overall?.method).toMatch(/10 % sample of users .* Wilson score 95 % interval/);
  });

  it('falls back to the share of requests when no line carried a user id, and says so', () => {
    const anonymous = evidence({ userSource: null, users: { active: 0, affected: 0, withFailed: 0, withSlow: 0 }, segments: [] });
    const { overall } = affectedUsersFromLogs(anonymous);
    expect(overall).toMatchObject({ percent: 15, basis: 'requests', affected: 1200, total: 8000 });
    expect(overall?.method).toMatch(/^requests, not users: the access logs carry no user ids \(none of the usual user fields was present; name one with --user-field\)/);
  });

  it('is null when no request fell in the window', () => {
    expect(affectedUsersFromLogs(evidence({ requests: { total: 0, failed: 0, slow: 0, bad: 0 } })).overall).toBeNull();
  });
});
