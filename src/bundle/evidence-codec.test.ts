import { describe, expect, it } from 'vitest';
import type { Evidence } from '../model/evidence.js';
import { decodeEvidence } from './decode-evidence.js';
import { encodeEvidence } from './encode-evidence.js';
import { BUNDLE_VERSION } from './bundle-schema.js';
import { TOOL_VERSION } from '../version.js';

const grid = Float64Array.from({ length: 5 }, (_, i) => 1_684_000_800 + 15 * i);

function evidence(): Evidence {
  return {
    window: { from: 1_684_000_830, to: 1_684_000_860, lookbackFrom: 1_684_000_800, stepSeconds: 15, timezone: 'Africa/Nairobi' },
    source: { kind: 'prometheus', url: 'http://prometheus:9090', version: '2.42.0' },
    toolVersion: '0.1.0',
    signals: [
      {
        signal: 'pg_deadlocks', title: 'PostgreSQL deadlocks', query: 'sum by (instance) (rate(pg_stat_database_deadlocks[1m]))',
        category: 'database', unit: 'per_second', badDirection: 'up', userFacing: false, role: 'level',
        series: [
          { labels: { instance: 'db1:9187', datname: 'auth' }, timestamps: grid, values: Float64Array.of(0, 0, NaN, 0.05, 0.0666666) },
          { labels: { instance: 'db1:9187', datname: 'shop' }, timestamps: grid, values: Float64Array.of(0, Infinity, -Infinity, 0, 0) },
        ],
      },
      {
        signal: 'memory_available_ratio', title: 'Memory available', query: 'x', category: 'saturation', unit: 'ratio',
        badDirection: 'down', userFacing: false, role: 'level', limit: 1,
        series: [{ labels: { instance: 'db1:9100' }, timestamps: grid, values: Float64Array.of(0.5, 0.5, 0.5, 0.5, 0.5) }],
      },
    ],
    alerts: {
      alerts: [{ labels: { __name__: 'ALERTS', alertname: 'AuthErrors', alertstate: 'firing' }, timestamps: Float64Array.of(1_684_000_812.3, 1_684_000_827.3), values: Float64Array.of(1, 1) }],
      forState: [],
      rules: [{ name: 'AuthErrors', group: 'auth', expr: 'x > 0.05', forSeconds: 120, labels: { severity: 'page' }, annotations: { summary: 'Logins failing' } }],
    },
    gaps: [{ source: 'prometheus', what: 'up', reason: 'HTTP 503' }],
  };
}

describe('encodeEvidence() / decodeEvidence()', () => {
  it('round-trips values exactly, NaN and infinities included, through JSON text', () => {
    const original = evidence();
    const decoded = decodeEvidence(JSON.parse(JSON.stringify(encodeEvidence(original))), 'x.json');
    expect(decoded.window).toEqual(original.window);
    expect(Array.from(decoded.signals[0]!.series[0]!.values)).toEqual([0, 0, NaN, 0.05, 0.0666666]);
    expect(Array.from(decoded.signals[0]!.series[1]!.values)).toEqual([0, Infinity, -Infinity, 0, 0]);
    expect(Array.from(decoded.alerts.alerts[0]!.timestamps)).toEqual([1_684_000_812.3, 1_684_000_827.3]);
    expect(decoded.signals[1]!.limit).toBe(1);
    expect(decoded.alerts.rules).toEqual(original.alerts.rules);
    expect(decoded.gaps).toEqual(original.gaps);
  });

  it('round-trips raw info series, changes and notes, and reads a bundle without them as none given', () => {
    const raw = Float64Array.of(1_684_000_801.003, 1_684_000_816.004, 1_684_000_846.002);
    const original: Evidence = {
      ...evidence(),
      signals: [
        ...evidence().signals,
        {
          signal: 'info_labels', title: 'Info labels', query: 'auth_service_config_info', category: 'change', unit: 'other', badDirection: 'both', userFacing: false, role: 'info',
          series: [{ labels: { __name__: 'auth_service_config_info', instance: 'auth1:8080', config_hash: '7d03b5e1' }, timestamps: raw, values: Float64Array.of(1, 1, 1) }],
        },
      ],
      changes: [{ file: 'deploys.csv', line: 2, time: 1_684_000_560, target: 'auth-service', kind: 'config', description: 'session upsert order', fields: { change_id: 'CHG-4412' } }],
      notes: [{ file: 'notes.txt', line: 4, time: 1_684_000_800, text: 'DBAs alerted' }],
    };
    const encoded = JSON.parse(JSON.stringify(encodeEvidence(original)));
    const decoded = decodeEvidence(encoded, 'x.json');
    expect(decoded.changes).toEqual(original.changes);
    expect(decoded.notes).toEqual(original.notes);
    expect(decoded.signals[2]?.role).toBe('info');
    expect(Array.from(decoded.signals[2]!.series[0]!.timestamps)).toEqual(Array.from(raw));
    // A bundle of before changes, notes and checksums.
    delete encoded.changes;
    delete encoded.notes;
    delete encoded.sha256;
    const older = decodeEvidence(encoded, 'old.json');
    expect('changes' in older || 'notes' in older).toBe(false);
  });

  it('round-trips seasonal references on the run\'s own grid', () => {
    const original = evidence();
    const [deadlocks, ...rest] = original.signals;
    const dayBefore = [{ labels: { instance: 'db1:9187', datname: 'auth' }, timestamps: grid, values: Float64Array.of(NaN, 0, 0, 0.01, 0) }];
    const withReferences = { ...original, signals: [{ ...deadlocks!, seasonal: { dayBefore, weekBefore: [] } }, ...rest] };
    const encoded = encodeEvidence(withReferences);
    expect(encoded.signals[0]?.seasonal?.dayBefore[0]?.grid).toBe(0);
    const decoded = decodeEvidence(JSON.parse(JSON.stringify(encoded)), 'x.json');
    expect(Array.from(decoded.signals[0]!.seasonal!.dayBefore[0]!.values)).toEqual([NaN, 0, 0, 0.01, 0]);
    expect(decoded.signals[0]!.seasonal!.dayBefore[0]!.timestamps).toBe(decoded.signals[0]!.series[0]!.timestamps);
    expect(decoded.signals[1]!.seasonal).toBeUndefined();
  });

  it('stores a shared grid once and shares it again after decoding', () => {
    const encoded = encodeEvidence(evidence());
    expect(encoded.grids.filter((g) => 'step' in g && g.count === 5)).toEqual([{ start: 1_684_000_800, step: 15, count: 5 }]);
    expect(encoded.signals.flatMap((s) => s.series.map((x) => x.grid))).toEqual([0, 0, 0]);
    const decoded = decodeEvidence(encoded, 'x.json');
    expect(decoded.signals[0]!.series[0]!.timestamps).toBe(decoded.signals[1]!.series[0]!.timestamps);
    expect(Array.from(decoded.signals[0]!.series[0]!.timestamps)).toEqual(Array.from(grid));
  });

  it('refuses other files, newer versions and damaged bundles with one line naming the file', () => {
    expect(() => decodeEvidence({ hello: 1 }, 'notes.json')).toThrow('notes.json is not an incident-timeline evidence bundle');
    const newer = { ...encodeEvidence(evidence()), version: 99, toolVersion: '7.2.0' };
    expect(() => decodeEvidence(newer, 'b.json.gz')).toThrow(
      `b.json.gz was written by incident-timeline 7.2.0 (evidence bundle format v99); this version (${TOOL_VERSION}) reads up to v${BUNDLE_VERSION}: upgrade incident-timeline`,
    );
    const damaged = encodeEvidence(evidence()) as unknown as { window: { to: unknown } };
    damaged.window.to = 'soon';
    expect(() => decodeEvidence(damaged, 'b.json.gz')).toThrow(/b\.json\.gz is damaged or incomplete at window\.to/);
    const truncated = encodeEvidence(evidence());
    truncated.signals[0]!.series[0]!.values.pop();
    expect(() => decodeEvidence(truncated, 'b.json.gz')).toThrow(/b\.json\.gz does not match its sha256 checksum/);
    // Without a checksum (a bundle of before checksums), the short series is still caught.
    delete (truncated as { sha256?: string }).sha256;
    expect(() => decodeEvidence(truncated, 'b.json.gz')).toThrow(/damaged: a series of 4 values refers to grid 0/);
  });

  it('writes a sha256 of the content, and a bundle read back from its JSON text matches it', () => {
    const bundle = encodeEvidence(evidence());
    expect(Object.keys(bundle).slice(0, 3)).toEqual(['format', 'version', 'sha256']);
    expect(bundle.sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = decodeEvidence(JSON.parse(JSON.stringify(bundle)), 'b.json.gz');
    expect(again.alerts.rules[0]?.annotations).toEqual({ summary: 'Logins failing' });
  });

  it('names a bundle changed after capture, even when the change still fits the schema', () => {
    const bundle = JSON.parse(JSON.stringify(encodeEvidence(evidence()))) as { gaps: { reason: string }[]; alerts: { rules: { forSeconds: number }[] } };
    bundle.alerts.rules[0]!.forSeconds = 60;
    expect(() => decodeEvidence(bundle, 'b.json.gz')).toThrow(/^b\.json\.gz does not match its sha256 checksum: the evidence bundle was changed or corrupted after capture/);
    const reason = JSON.parse(JSON.stringify(encodeEvidence(evidence()))) as { gaps: { reason: string }[] };
    reason.gaps[0]!.reason = 'HTTP 502';
    expect(() => decodeEvidence(reason, 'b.json.gz')).toThrow(/does not match its sha256 checksum/);
  });

  it('reads a bundle without a checksum (written before it existed, or deliberately edited with the field deleted)', () => {
    const { sha256, ...old } = JSON.parse(JSON.stringify(encodeEvidence(evidence()))) as { sha256: string; gaps: { reason: string }[] };
    expect(sha256).toHaveLength(64);
    old.gaps[0]!.reason = 'HTTP 502';
    expect(decodeEvidence(old, 'old.json.gz').gaps).toEqual([{ source: 'prometheus', what: 'up', reason: 'HTTP 502' }]);
  });
});
