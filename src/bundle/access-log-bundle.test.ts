import { describe, expect, it } from 'vitest';
import type { AccessLogEvidence } from '../model/access-log.js';
import type { Evidence } from '../model/evidence.js';
import { decodeEvidence } from './decode-evidence.js';
import { encodeEvidence } from './encode-evidence.js';

const accessLogs: AccessLogEvidence = {
  settings: { userField: null, failedStatus: '5xx,429', slowThresholdSeconds: 0.5, sampleRate: 0.25, segments: ['customer_type=new'] },
  files: [
    {
      path: '/var/log/nginx/access.log.1.gz', format: 'json', lines: 17_476, inWindow: 14_522, withoutUser: 600, unreadable: 1,
      firstUnreadable: { line: 10_299, reason: 'broken JSON (a truncated or unescaped line)' }, error: null, earliest: 1_683_990_000.5, latest: 1_683_997_200,
    },
    { path: '/var/log/nginx/empty.log', format: 'unknown', lines: 0, inWindow: 0, withoutUser: 0, unreadable: 0, firstUnreadable: null, error: 'permission denied', earliest: null, latest: null },
  ],
  userSource: 'user_id',
  latencySource: 'request_time (s)',
  requests: { total: 14_522, failed: 900, slow: 700, bad: 1_100 },
  users: { active: 1_380, affected: 420, withFailed: 300, withSlow: 200 },
  segments: [{ segment: 'customer_type=new', users: { active: 320, affected: 208, withFailed: 200, withSlow: 30 }, requests: { total: 3_000, failed: 400, slow: 50, bad: 420 } }],
};

function evidence(): Evidence {
  return {
    window: { from: 1_684_000_830, to: 1_684_000_860, lookbackFrom: 1_684_000_800, stepSeconds: 15, timezone: 'Africa/Nairobi' },
    source: { kind: 'prometheus', url: 'http://prometheus:9090', version: '2.42.0' },
    toolVersion: '0.1.0',
    signals: [],
    alerts: { alerts: [], forState: [], rules: [] },
    gaps: [],
  };
}

describe('bundles with request logs', () => {
  it('carry the logs\' counts and the slow threshold through JSON text unchanged', () => {
    const original: Evidence = { ...evidence(), slowThresholdSeconds: 0.5, accessLogs };
    const decoded = decodeEvidence(JSON.parse(JSON.stringify(encodeEvidence(original))), 'x.json');
    expect(decoded.accessLogs).toEqual(accessLogs);
    expect(decoded.slowThresholdSeconds).toBe(0.5);
  });

  it('read a bundle written before request logs existed as one without them', () => {
    const old = JSON.parse(JSON.stringify(encodeEvidence(evidence()))) as Record<string, unknown>;
    expect('accessLogs' in old).toBe(false);
    const decoded = decodeEvidence(old, 'old.json.gz');
    expect(decoded.accessLogs).toBeUndefined();
    expect(decoded.slowThresholdSeconds).toBeUndefined();
  });

  it('refuse damaged log counts, saying where', () => {
    const bundle = JSON.parse(JSON.stringify(encodeEvidence({ ...evidence(), accessLogs }))) as { accessLogs: { users: { active: unknown } } };
    bundle.accessLogs.users.active = 'many';
    expect(() => decodeEvidence(bundle, 'bad.json.gz')).toThrow(/bad\.json\.gz is damaged or incomplete at accessLogs\.users\.active/);
  });
});
