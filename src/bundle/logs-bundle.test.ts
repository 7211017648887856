import { describe, expect, it } from 'vitest';
import type { Evidence, LogEvidence } from '../model/evidence.js';
import { decodeEvidence } from './decode-evidence.js';
import { encodeEvidence } from './encode-evidence.js';

const T0 = 1_684_000_800;
const logs: LogEvidence = {
  files: [
    { path: '/var/log/postgresql/postgresql-15-main.log', format: 'postgres', lines: 48_211, kept: 9_804, unreadable: 1 },
    { path: '/var/log/auth/app.jsonl', format: 'unknown', lines: 0, kept: 0, unreadable: 0 },
  ],
  events: [
    {
      time: T0 + 41.207, kind: 'log', source: 'logs', title: 'Log: deadlock ×3 (postgresql-15-main.log)',
      labels: { failure: 'deadlock', file: '/var/log/postgresql/postgresql-15-main.log' },
      evidence: { file: '/var/log/postgresql/postgresql-15-main.log', count: 3, first_line: 1_207, statement_1: "UPDATE sessions SET seen = now() WHERE id = $1" },
    },
  ],
};

function evidence(): Evidence {
  const timestamps = Float64Array.from({ length: 5 }, (_, i) => T0 + 15 * i);
  return {
    window: { from: T0 + 30, to: T0 + 60, lookbackFrom: T0, stepSeconds: 15, timezone: 'Africa/Nairobi' },
    source: { kind: 'prometheus', url: 'http://prometheus:9090', version: '2.42.0' },
    toolVersion: '0.1.0',
    signals: [
      {
        signal: 'log_error_lines', title: 'Error log lines', query: 'logs: error and fatal lines per second, per file (--logs)', category: 'errors',
        unit: 'per_second', badDirection: 'up', userFacing: false, role: 'level',
        series: [{ labels: { source: '/var/log/postgresql/postgresql-15-main.log' }, timestamps, values: Float64Array.from([0, 0.2, Number.NaN, 3.4, 0]) }],
      },
    ],
    alerts: { alerts: [], forState: [], rules: [] },
    gaps: [],
  };
}

describe('bundles with --logs findings', () => {
  it('carry the files read, the episodes and the error-line rates through JSON text unchanged', () => {
    const original: Evidence = { ...evidence(), logs };
    const decoded = decodeEvidence(JSON.parse(JSON.stringify(encodeEvidence(original))), 'x.json');
    expect(decoded.logs).toEqual(logs);
    expect(decoded.signals).toEqual(original.signals);
  });

  it('read a bundle written before --logs existed as one without them', () => {
    const old = JSON.parse(JSON.stringify(encodeEvidence(evidence()))) as Record<string, unknown>;
    expect('logs' in old).toBe(false);
    expect(decodeEvidence(old, 'old.json.gz').logs).toBeUndefined();
  });

  it('refuse a damaged episode, saying where', () => {
    const bundle = JSON.parse(JSON.stringify(encodeEvidence({ ...evidence(), logs }))) as { logs: { events: { kind: unknown }[] } };
    bundle.logs.events[0]!.kind = 'gossip';
    expect(() => decodeEvidence(bundle, 'bad.json.gz')).toThrow(/bad\.json\.gz is damaged or incomplete at logs\.events\.0\.kind/);
  });
});
