import { describe, expect, it } from 'vitest';
import { renderJson } from './json.js';
import { anomaly, authDeadlock, emptyReconstruction, event, reverseKeys, utc } from './_testing.js';

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

type Json = Record<string, unknown>;

function parse(text: string): Json {
  return JSON.parse(text) as Json;
}

function objects(value: unknown): Json[] {
  return value as Json[];
}

describe('renderJson()', () => {
  it('renderJson() writes the contract fields with their types', () => {
    const text = renderJson(authDeadlock());
    expect(text.endsWith('}\n')).toBe(true);
    const report = parse(text);
    expect(report['schemaVersion']).toBe(1);
    expect(report['window']).toEqual({
      from: '2023-05-13T16:00:00Z',
      to: '2023-05-13T18:00:00Z',
      lookbackFrom: '2023-05-13T14:00:00Z',
      timezone: 'Africa/Nairobi',
      stepSeconds: 15,
    });

    const [top] = objects(report['anomalies']);
    expect(top).toMatchObject({
      rank: 1,
      signal: 'pg_deadlocks',
      labels: { datname: 'auth', instance: 'db1:9187', job: 'postgres' },
      kind: 'level_shift',
      direction: 'up',
      onset: '2023-05-13T15:55:30Z',
      end: '2023-05-13T17:50:00Z',
      peak: { time: '2023-05-13T16:12:00Z', value: 2.4 },
      baseline: { value: 0, spread: 0.01 },
      score: 41.2,
    });
    expect(typeof top?.['query']).toBe('string');

    for (const item of objects(report['events'])) {
      expect(item['time']).toMatch(ISO_Z);
      expect(Object.keys(item)).toEqual(['time', 'kind', 'source', 'title', 'labels', 'evidence']);
    }
    expect(Object.keys(report['phases'] as Json)).toEqual(['trigger', 'onset', 'detected', 'mitigated', 'recovered', 'resolved']);
    expect(report['phases']).toMatchObject({ detected: '2023-05-13T16:05:00Z' });
    expect(report['impact']).toMatchObject({
      affectedUsers: { percent: 64.8, low: 62.1, high: 67.4 },
      requests: { total: 120345, failed: 40211, slow: 3020 },
      segments: [{ segment: 'customer_type=new' }],
    });
    expect(objects(report['checkedNormal'])[0]).toMatchObject({ signal: 'load1', labels: { instance: 'web1:9100', job: 'node' } });
    expect(report['dataGaps']).toEqual([{ source: 'rules', what: '/api/v1/rules', reason: 'HTTP 403 Forbidden' }]);
  });

  it('renderJson() writes anomalies in rank order and events in time order whatever the input order', () => {
    const reconstruction = authDeadlock();
    const shuffled = authDeadlock({ anomalies: [...reconstruction.anomalies].reverse(), events: [...reconstruction.events].reverse() });
    const report = parse(renderJson(shuffled));
    expect(objects(report['anomalies']).map((a) => a['rank'])).toEqual([1, 2, 3, 4, 5]);
    const times = objects(report['events']).map((e) => e['time'] as string);
    expect(times).toEqual([...times].sort());
    expect(renderJson(shuffled)).toBe(renderJson(reconstruction));
  });

  it('renderJson() writes null for NaN and infinities, and stays valid JSON', () => {
    const reconstruction = authDeadlock({
      anomalies: [
        anomaly({
          peak: { time: utc('2023-05-13T16:12:00Z'), value: Number.NaN },
          baseline: { value: Number.NEGATIVE_INFINITY, spread: Number.NaN, method: 'window', samples: 0 },
          score: Number.POSITIVE_INFINITY,
          end: Number.NaN,
        }),
      ],
      events: [event({ evidence: { value: Number.NaN, note: 'x', ok: true } })],
    });
    const text = renderJson(reconstruction);
    expect(text).not.toMatch(/NaN|Infinity/);
    const [top] = objects(parse(text)['anomalies']);
    expect(top).toMatchObject({ peak: { value: null }, baseline: { value: null, spread: null }, score: null, end: null });
    expect(objects(parse(text)['events'])[0]?.['evidence']).toEqual({ note: 'x', ok: true, value: null });
  });

  it('renderJson() sorts label keys and ignores their order in the input', () => {
    const reconstruction = authDeadlock();
    const reordered = authDeadlock({
      anomalies: reconstruction.anomalies.map((a) => ({ ...a, labels: reverseKeys(a.labels) })),
      events: reconstruction.events.map((e) => ({ ...e, labels: reverseKeys(e.labels) })),
      checkedNormal: reconstruction.checkedNormal.map((c) => ({ ...c, labels: reverseKeys(c.labels) })),
    });
    expect(renderJson(reordered)).toBe(renderJson(reconstruction));
    const labels = objects(parse(renderJson(reordered))['anomalies'])[0]?.['labels'] as Json;
    expect(Object.keys(labels)).toEqual(['datname', 'instance', 'job']);
  });

  it('renderJson() floors fractional times to the second', () => {
    const report = parse(renderJson(authDeadlock({ events: [event({ time: utc('2023-05-13T16:05:00Z') + 0.75 })] })));
    expect(objects(report['events'])[0]?.['time']).toBe('2023-05-13T16:05:00Z');
  });

  it('renderJson() writes an empty reconstruction with every phase null', () => {
    const report = parse(renderJson(emptyReconstruction()));
    expect(report['anomalies']).toEqual([]);
    expect(report['phases']).toEqual({ trigger: null, onset: null, detected: null, mitigated: null, recovered: null, resolved: null });
    expect(report['impact']).toEqual({ affectedUsers: null, requests: null, segments: [], requestsFromLogs: null, traffic: null, slo: null, accessLogs: [] });
  });

  it('renderJson() adds the hypotheses, each link with its query, onset, value, baseline and graph link, and the episodes', () => {
    const reconstruction = authDeadlock();
    const report = parse(renderJson(reconstruction));
    const [first] = objects(report['hypotheses']);
    expect(first).toMatchObject({ rank: 1, summary: reconstruction.hypotheses?.[0]?.summary });
    const chain = objects(first?.['chain']);
    expect(chain.map((link) => link['role'])).toEqual(['trigger', 'cause', 'effect', 'symptom', 'symptom', 'alert']);
    expect(chain[1]).toMatchObject({
      role: 'cause',
      signal: 'pg_deadlocks',
      labels: { datname: 'auth', instance: 'db1:9187', job: 'postgres' },
      query: 'sum by (instance, job, datname) (rate(pg_stat_database_deadlocks{datname="auth"}[1m]))',
      onset: '2023-05-13T15:55:30Z',
      rank: 1,
      value: 2.4,
      baseline: { value: 0, spread: 0.01, method: 'lookback', samples: 480 },
    });
    expect(new URL(String(chain[1]?.['graph'])).searchParams.get('g0.expr')).toBe(chain[1]?.['query']);
    // A change from a file has no query, so no graph; every time is ISO UTC.
    expect(chain[0]).toMatchObject({ role: 'trigger', query: null, graph: null, value: null, baseline: null, onset: '2023-05-13T15:40:00Z' });
    expect(chain.every((link) => ISO_Z.test(String(link['onset'])))).toBe(true);
    expect(objects(report['episodes']).map((e) => [e['id'], e['incident'], e['from'], e['ranks']])).toEqual([
      [1, true, '2023-05-13T15:55:30Z', [1, 2, 3, 5]],
      [2, false, '2023-05-13T16:20:00Z', [4]],
    ]);
    expect(parse(renderJson(emptyReconstruction()))).toMatchObject({ hypotheses: [], episodes: [] });
  });
  it('renderJson() cites the event behind each phase beside phaseCauses, and null where there is none', () => {
    const rollback = event({
      time: utc('2023-05-13T17:45:00.4Z'), kind: 'change', source: 'changes', title: 'Rollback of auth-service: config back to a41f9c2e',
      labels: { target: 'auth-service' }, evidence: { line: 5, file: 'deploys.csv', version: '5.2.0' },
    });
    const json = parse(renderJson(authDeadlock({ phaseEvidence: { trigger: null, onset: null, detected: null, mitigated: rollback, recovered: null, resolved: null } })));
    const cited = json['phaseEvidence'] as Record<string, Json | null>;
    expect(Object.keys(cited)).toEqual(['trigger', 'onset', 'detected', 'mitigated', 'recovered', 'resolved']);
    expect(cited['mitigated']).toEqual({
      time: '2023-05-13T17:45:00Z', kind: 'change', source: 'changes', title: 'Rollback of auth-service: config back to a41f9c2e',
      labels: { target: 'auth-service' }, evidence: { file: 'deploys.csv', line: 5, version: '5.2.0' },
    });
    expect(cited['trigger']).toBeNull();
    // A reconstruction without citations (built before they existed) still gives the field, all null.
    const older = parse(renderJson(authDeadlock()));
    expect(Object.values(older['phaseEvidence'] as Record<string, unknown>)).toEqual([null, null, null, null, null, null]);
    expect((older['phaseCauses'] as Json)['mitigated']).toBe(authDeadlock().phaseCauses.mitigated);
  });
});
