import { describe, expect, it } from 'vitest';
import type { AlertInterval, RankedAnomaly, Reconstruction, TimelineEvent } from '../src/model/index.js';
import { groupEpisodes } from '../src/timeline/episodes.js';
import { buildHypotheses } from '../src/timeline/hypotheses.js';
import { rankAnomalies } from '../src/timeline/rank.js';
import { renderMarkdown } from './markdown.js';
import { suggestMeasures } from './suggested-measures.js';
import { AUTH_WINDOW, anomaly, authDeadlock, emptyReconstruction, event, utc } from './_testing.js';

/** A reconstruction whose hypotheses and episodes are built from its anomalies, events and alerts, as the pipeline does. */
function rebuilt(overrides: Partial<Reconstruction>): Reconstruction {
  const base = emptyReconstruction(overrides);
  const anomalies = rankAnomalies(base.anomalies, base.window);
  return {
    ...base,
    anomalies,
    hypotheses: buildHypotheses({ anomalies, events: base.events, alerts: base.alerts, window: base.window, trigger: base.phases.trigger }),
    episodes: groupEpisodes(anomalies, base.window),
  };
}

function alert(alertname: string, labels: Record<string, string>, firingAt: number, forSeconds: number, expr: string): AlertInterval {
  return { alertname, labels: { alertname, ...labels }, pendingAt: firingAt - forSeconds, firingAt, resolvedAt: null, rule: { name: alertname, group: 'g', expr, forSeconds, labels: {}, annotations: {} } };
}

const onset = utc('2023-05-13T16:00:00Z');
const phases = (set: Partial<Reconstruction['phases']>): Reconstruction['phases'] => ({ trigger: null, onset, detected: null, mitigated: null, recovered: null, resolved: null, ...set });

describe('suggestMeasures()', () => {
  it('suggests, for the auth deadlock, reviewing the config change, one lock order, a sooner alert, a lasting fix and closing the gaps', () => {
    const measures = suggestMeasures(authDeadlock(), 'Africa/Nairobi');
    expect(measures.map((m) => m.kind)).toEqual(['change_review', 'lock_conflict', 'late_alert', 'lasting_fix', 'data_gaps']);
    // Each cites its finding, with the times in the report's zone.
    expect(measures[0]?.finding).toBe(
      'A change — Config reload on db1:9187: deadlock_timeout 1s → 50ms — at May 13, 2023, 6:40 PM EAT, 15m 30s before the onset of **Deadlocks on db1:9187 (auth)**.',
    );
    expect(measures[2]?.finding).toContain('fired at May 13, 2023, 7:05 PM EAT, 9m 30s after the onset at May 13, 2023, 6:55:30 PM EAT, 5m 30s more than its `for` explains');
    expect(measures[3]?.finding).toBe('Mitigated at May 13, 2023, 8:45 PM EAT by postgres restarted on db1:9187; recovered at May 13, 2023, 8:50 PM EAT.');
  });

  it('suggests a canary rollout when a new version went out at the onset of the errors', () => {
    const cart = { job: 'cart-api', instance: 'app1:8080' };
    const release = event({ time: onset, kind: 'change', source: 'prometheus', title: 'cart-api version 2.14.3 → 2.15.0, revision 9f1c2ab → e47d0c9 on app1:8080', labels: cart });
    const errors = anomaly({ signal: 'http_error_ratio', title: 'HTTP 5xx error ratio', category: 'errors', userFacing: true, unit: 'ratio', labels: { job: 'cart-api' }, onset });
    const [review] = suggestMeasures(rebuilt({ anomalies: [errors], events: [release], phases: phases({ trigger: onset }) }), 'Europe/Berlin');
    expect(review?.kind).toBe('change_review');
    expect(review?.action).toContain('a canary first');
    expect(review?.finding).toBe('A change — cart-api version 2.14.3 → 2.15.0, revision 9f1c2ab → e47d0c9 on app1:8080 — at May 13, 2023, 6:00 PM CEST, at the onset of **HTTP 5xx error ratio on cart-api**.');
  });

  it('does not call an alert late when it fired within its rule\'s `for` and an evaluation', () => {
    const db = { instance: 'db1:9187', job: 'postgres', datname: 'auth' };
    const reconstruction = rebuilt({
      anomalies: [anomaly({ labels: db, onset })],
      alerts: [alert('PostgresDeadlocks', { instance: 'db1:9187' }, onset + 360, 300, 'rate(pg_stat_database_deadlocks[5m]) > 0')],
      phases: phases({ detected: onset + 360 }),
    });
    expect(suggestMeasures(reconstruction, 'UTC').map((m) => m.kind)).toEqual(['lock_conflict']);
  });

  it('says when no alert fired at all', () => {
    const reconstruction = rebuilt({ anomalies: [anomaly({ onset })], phases: phases({}) });
    const noAlert = suggestMeasures(reconstruction, 'UTC').find((m) => m.kind === 'no_alert');
    expect(noAlert?.finding).toBe('No related alert fired between the onset at May 13, 2023, 4:00 PM UTC and the end of the window.');
  });

  it('asks for the plan of a statement that slowed by itself, not of one slowed by lock waits', () => {
    const statement = (overrides: Partial<RankedAnomaly>): RankedAnomaly =>
      anomaly({
        signal: 'pg_statement_mean_seconds',
        title: 'PostgreSQL statement mean time',
        unit: 'seconds',
        labels: { instance: 'db1:9187', job: 'postgres', datname: 'shop', queryid: '-4321783046937463871' },
        baseline: { value: 0.59, spread: 0.085, method: 'lookback', samples: 1251 },
        peak: { time: onset + 25_000, value: 11.3 },
        onset,
        ...overrides,
      });
    const alone = suggestMeasures(rebuilt({ anomalies: [statement({})], phases: phases({}) }), 'Africa/Johannesburg');
    expect(alone.find((m) => m.kind === 'slow_statement')).toEqual({
      kind: 'slow_statement',
      action: expect.stringContaining('(queryid `-4321783046937463871`) with `EXPLAIN (ANALYZE, BUFFERS)`: a missing index'),
      finding: '**PostgreSQL statement mean time on db1:9187 (shop, -4321783046937463871)** (rank 1) rose from 590 ms ± 85 ms to 11.3 s, starting May 13, 2023, 6:00 PM SAST.',
    });
    // Deadlocks first, the statement 30 s later on the same database: its slowness is an effect.
    const effect = suggestMeasures(rebuilt({ anomalies: [anomaly({ onset, labels: { instance: 'db1:9187', job: 'postgres', datname: 'shop' } }), statement({ onset: onset + 30 })], phases: phases({}) }), 'UTC');
    expect(effect.map((m) => m.kind)).toEqual(['lock_conflict', 'no_alert']);
  });

  it('suggests alerting on the predicted fill of the filesystem that filled, with its own selector', () => {
    const disk = anomaly({
      signal: 'filesystem_free_ratio',
      title: 'Filesystem space free',
      category: 'saturation',
      unit: 'ratio',
      direction: 'down',
      kind: 'trend',
      labels: { instance: 'ingest1:9100', job: 'node', device: '/dev/nvme0n1p1', mountpoint: '/' },
      baseline: { value: 0.298, spread: 0.0015, method: 'lookback', samples: 5760 },
      peak: { time: onset + 4000, value: 0 },
      onset,
    });
    const measure = suggestMeasures(rebuilt({ anomalies: [disk], phases: phases({}) }), 'Asia/Kolkata').find((m) => m.kind === 'disk_fill');
    expect(measure?.action).toContain('`predict_linear(node_filesystem_avail_bytes{instance="ingest1:9100", mountpoint="/"}[6h], 4 * 3600) < 0`');
    expect(measure?.finding).toContain('fell from 29.8 % ± 0.15 % to 0 %, starting May 13, 2023, 9:30 PM IST');
  });

  it('names the leak when resident memory grew until the pods restarted, and counts the restarts', () => {
    const pod = { instance: '10.42.1.23:8080', job: 'recommendations', pod: 'recommendations-7d9f-x2' };
    const memory = anomaly({ signal: 'process_memory', title: 'Process resident memory', category: 'process', unit: 'bytes', kind: 'trend', labels: pod, onset, end: null });
    const restarts: TimelineEvent[] = [1, 2].map((n) =>
      event({ time: onset + n * 3600, kind: 'restart', source: 'prometheus', title: `Restart of recommendations-7d9f-x2 (container restarts +1)`, labels: { pod: 'recommendations-7d9f-x2', namespace: 'shop' } }),
    );
    const measure = suggestMeasures(rebuilt({ anomalies: [memory], events: restarts, phases: phases({}) }), 'UTC').find((m) => m.kind === 'memory_leak');
    expect(measure?.finding).toContain('; 2 restarts of the same service followed, the first at May 13, 2023, 5:00 PM UTC.');
  });

  it('asks for timeouts and a circuit breaker when a dependency slowed', () => {
    const upstream = anomaly({ signal: 'upstream_latency_p99', title: 'Upstream call latency p99', category: 'dependency', unit: 'seconds', labels: { job: 'checkout-api', peer: 'payments' }, onset });
    const kinds = suggestMeasures(rebuilt({ anomalies: [upstream], phases: phases({}) }), 'UTC').map((m) => m.kind);
    expect(kinds).toEqual(['upstream_timeout', 'no_alert']);
  });

  it('does not ask for a lasting fix when the mitigating restart carried a change (a rollback)', () => {
    const rollback = event({ time: utc('2023-05-13T17:45:15Z'), kind: 'change', source: 'changes', title: 'Rollback of db1:9187 config', labels: { instance: 'db1:9187' } });
    const reconstruction = authDeadlock();
    const kinds = suggestMeasures({ ...reconstruction, events: [...reconstruction.events, rollback] }, 'UTC').map((m) => m.kind);
    expect(kinds).not.toContain('lasting_fix');
  });

  it('suggests nothing when nothing was found', () => {
    expect(suggestMeasures(emptyReconstruction(), 'UTC')).toEqual([]);
  });
});

describe('the measures section', () => {
  it('marks every suggestion as one, with its finding beneath it, and keeps the TODO lines for people', () => {
    const markdown = renderMarkdown(authDeadlock());
    const section = markdown.slice(markdown.indexOf('## Corrective and preventive measures'), markdown.indexOf('## Checked and found normal'));
    expect(section).toContain('> **Suggestions** generated from what the telemetry shows, each with the finding behind it.');
    const suggested = section.split('\n').filter((line) => line.startsWith('- [ ] **Suggested:**'));
    const findings = section.split('\n').filter((line) => line.startsWith('  - _Finding:_ '));
    expect(suggested).toHaveLength(5);
    expect(findings).toHaveLength(5);
    expect(section).toContain('- [ ] TODO: the lasting fix for the root cause (**Deadlocks on db1:9187 (auth)**)');
  });

  it('uses the window\'s zone, so the same evidence in New York reads in EDT', () => {
    const reconstruction = authDeadlock({ window: { ...AUTH_WINDOW, timezone: 'America/New_York' } });
    expect(renderMarkdown(reconstruction)).toContain('A change — Config reload on db1:9187: deadlock_timeout 1s → 50ms — at May 13, 2023, 11:40 AM EDT');
  });
});
