import { Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { RankedAnomaly, Reconstruction, TimelineEvent } from '../src/model/index.js';
import { buildHypotheses } from '../src/timeline/hypotheses.js';
import { renderMarkdown } from './markdown.js';
import { AUTH_WINDOW, anomaly, authDeadlock, emptyReconstruction, event, reverseKeys, utc } from './_testing.js';

const SECTIONS = [
  '# Postmortem: ',
  '## Issue Summary',
  '## Timeline',
  '### Alerts',
  '## Phases',
  '## Root cause and resolution',
  '### Hypotheses, most likely first',
  '### Resolution',
  '## Corrective and preventive measures',
  '## Checked and found normal',
  '## Data gaps',
];

function timelineOf(markdown: string): string[] {
  const start = markdown.indexOf('## Timeline');
  const end = markdown.indexOf('### Alerts');
  // Rows of the per-day tables, without the header and its rule.
  return markdown.slice(start, end).split('\n').filter((line) => line.startsWith('| ') && line !== '| Time | What happened |');
}

/** Pipes that split a table cell: not escaped by a backslash (itself not escaped). */
function cellPipes(line: string): number {
  let count = 0;
  for (let i = 0; i < line.length; i += 1) {
    if (line[i] === '\\') i += 1;
    else if (line[i] === '|') count += 1;
  }
  return count;
}

/** Every table keeps the column count of its header on every row. */
function expectWellFormedTables(markdown: string): void {
  for (const block of markdown.split('\n\n')) {
    const rows = block.split('\n').filter((line) => line.startsWith('|'));
    if (rows.length === 0) continue;
    const columns = cellPipes(rows[0] ?? '');
    for (const row of rows) expect(cellPipes(row), row).toBe(columns);
  }
}

/** Markdown outside fenced code blocks, where raw HTML would be rendered. */
function outsideCode(markdown: string): string {
  return markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
}

describe('renderMarkdown()', () => {
  it('renderMarkdown() writes every section in order, titled after the top anomaly', () => {
    const markdown = renderMarkdown(authDeadlock());
    const positions = SECTIONS.map((heading) => markdown.indexOf(`${heading}`));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(markdown.startsWith('# Postmortem: Deadlocks on db1:9187 (auth)\n')).toBe(true);
    expect(markdown).toContain('**Draft generated from telemetry**');
    expect(markdown).toContain('http://prometheus.internal:9090');
    expect(markdown).toContain('### Other anomalies (likely symptoms)');
    expect(markdown.endsWith('_\n')).toBe(true);
    expect(markdown).not.toMatch(/NaN|undefined|\[object Object\]|Invalid DateTime/);
  });

  it('renderMarkdown() prints Nairobi times as people write them: 7:05 PM EAT, with the offset stated once', () => {
    const markdown = renderMarkdown(authDeadlock());
    const lines = timelineOf(markdown);
    // The alert fired at 16:05 UTC: 7:05 PM in Nairobi; the deadlocks began at 15:55:30 UTC, off the minute.
    expect(lines).toContain('| 7:05 PM EAT | **Detected** · Alert firing: AuthHighErrorRate firing |');
    expect(lines).toContain('| 7:01 PM EAT | Alert pending: AuthHighErrorRate pending |');
    expect(lines).toContain('| 6:55:30 PM EAT | **Onset** · Anomaly: Deadlocks on db1:9187 (auth) rose above baseline (rank 1; peak 2.4/s vs baseline 0/s ± 0.01/s) |');
    expect(lines[0]).toMatch(/^\| 6:40 PM EAT \| \*\*Trigger\*\* · Change: /);
    expect(markdown).toContain('Times in Africa/Nairobi (EAT = UTC+3). Bold marks the events that set a phase.\n');
    expect(markdown).toContain('**Saturday, May 13, 2023**\n\n| Time | What happened |\n|---|---|\n| 6:40 PM EAT');
    expect(markdown).toContain('| Detected | May 13, 2023, 7:05 PM EAT | AuthHighErrorRate firing |');
    expect(markdown).toContain('- **Time to detect** (onset → detected): 9m 30s');
    expect(markdown).toContain('- **Duration:** 1h 54m (May 13, 2023, 6:55:30 PM → 8:50 PM EAT), from onset to recovery.');
    expect(markdown).not.toMatch(/\d{2}:\d{2}:\d{2} EAT|\(UTC\+3\)/);
  });

  it('renderMarkdown() states impact with percentages, and the root cause with its evidence', () => {
    const markdown = renderMarkdown(authDeadlock());
    expect(markdown).toContain('120,345 in the window, 40,211 failed (33.4 %), 3,020 slower than 1 s (2.51 %)');
    expect(markdown).toMatch(/- \*\*Users affected:\*\* 64\.8 %[^\n]*62\.1 % – 67\.4 %/);
    expect(markdown).toContain('rose from its baseline of 0/s ± 0.01/s starting May 13, 2023, 6:55:30 PM EAT, reaching 2.4/s (240× its usual spread) at 7:12 PM EAT');
    expect(markdown).toContain('| Peak | 2.4/s at May 13, 2023, 7:12 PM EAT |');
    expect(markdown).toContain('```promql\nsum by (instance, job, datname) (rate(pg_stat_database_deadlocks{datname="auth"}[1m]))\n```');
    expect(markdown).toContain('Why it ranks first: earliest onset in the incident cluster; cause-type signal (database).');
    expect(markdown).toContain('| 2 | 5xx ratio (level shift) | auth-service | May 13, 2023, 7:00:15 PM EAT | ↑ 64.8 % vs 0.4 % ± 0.2 % | 35.7 |');
    expect(markdown).toContain('(12 series, all with device=eth0)');
  });

  it('renderMarkdown() calls a baseline that never moved constant instead of quoting the detector floor', () => {
    const reconstruction = authDeadlock();
    const [top, ...rest] = reconstruction.anomalies;
    const constant = { ...reconstruction, anomalies: [{ ...top!, baseline: { ...top!.baseline, spread: 1e-9 } }, ...rest] };
    const markdown = renderMarkdown(constant);
    expect(markdown).toContain('rose from a constant 0/s starting');
    expect(markdown).not.toMatch(/0\.000000001|its usual spread\)/);
    expect(markdown).toContain('| Score | 41.2 |');
  });

  it('renderMarkdown() links the top query to the Prometheus graph over the window, URL-encoded', () => {
    const reconstruction = authDeadlock();
    const markdown = renderMarkdown(reconstruction);
    const link = /\[Open this query in Prometheus\]\(([^)\s]+)\)/.exec(markdown)?.[1] ?? '';
    expect(link.startsWith('http://prometheus.internal:9090/graph?g0.expr=sum%20by%20%28')).toBe(true);
    const url = new URL(link);
    expect(url.searchParams.get('g0.expr')).toBe(reconstruction.anomalies[0]?.query);
    expect(url.searchParams.get('g0.tab')).toBe('0');
    expect(url.searchParams.get('g0.range_input')).toBe('4h');
    expect(url.searchParams.get('g0.end_input')).toBe('2023-05-13 18:00:00');
  });

  it('renderMarkdown() tells the repeated autumn hour apart and skips the lost spring hour, in Berlin and New York', () => {
    const zoned = (timezone: string, from: string, to: string, times: readonly string[]): Reconstruction =>
      emptyReconstruction({
        window: { from: utc(from), to: utc(to), lookbackFrom: utc(from) - 3600, stepSeconds: 15, timezone },
        events: times.map((time, i) => event({ time: utc(time), title: `note ${i + 1}` })),
      });
    // 2:30 AM happens twice in Berlin on 2023-10-29: first in CEST, then in CET.
    const october = renderMarkdown(zoned('Europe/Berlin', '2023-10-29T00:00:00Z', '2023-10-29T02:00:00Z', ['2023-10-29T00:30:00Z', '2023-10-29T01:30:00Z']));
    expect(timelineOf(october)).toEqual(['| 2:30 AM CEST | Note: note 1 |', '| 2:30 AM CET | Note: note 2 |']);
    expect(october).toContain('Times in Europe/Berlin (CEST = UTC+2, CET = UTC+1).');
    expect(october).toContain('- Window: October 29, 2023, 2:00 AM CEST → 3:00 AM CET;');
    // Berlin skips 2:00–2:59 AM on 2023-03-26: 1:59:59 AM CET is followed by 3:00 AM CEST.
    const march = renderMarkdown(zoned('Europe/Berlin', '2023-03-26T00:00:00Z', '2023-03-26T02:00:00Z', ['2023-03-26T00:59:59Z', '2023-03-26T01:00:00Z', '2023-03-26T01:30:00Z']));
    expect(timelineOf(march)).toEqual(['| 1:59:59 AM CET | Note: note 1 |', '| 3:00 AM CEST | Note: note 2 |', '| 3:30 AM CEST | Note: note 3 |']);
    expect(march).toContain('March 26, 2023, 1:00 AM CET → 4:00 AM CEST');
    // New York repeats 1:00–1:59 AM on 2023-11-05: EDT, then EST.
    const november = renderMarkdown(zoned('America/New_York', '2023-11-05T05:00:00Z', '2023-11-05T07:00:00Z', ['2023-11-05T05:45:00Z', '2023-11-05T06:15:00Z']));
    expect(timelineOf(november)).toEqual(['| 1:45 AM EDT | Note: note 1 |', '| 1:15 AM EST | Note: note 2 |']);
    expect(november).toContain('(EDT = UTC-4, EST = UTC-5)');
  });

  it('renderMarkdown() heads each day of the timeline with its date', () => {
    const markdown = renderMarkdown(
      emptyReconstruction({
        events: [event({ time: utc('2023-05-13T20:59:00Z'), title: 'late' }), event({ time: utc('2023-05-13T21:01:00Z'), title: 'after midnight' })],
      }),
    );
    expect(timelineOf(markdown)).toEqual(['| 11:59 PM EAT | Note: late |', '| 12:01 AM EAT | Note: after midnight |']);
    expect(markdown).toContain('**Saturday, May 13, 2023**\n\n| Time | What happened |\n|---|---|\n| 11:59 PM EAT | Note: late |\n\n**Sunday, May 14, 2023**\n\n| Time | What happened |\n|---|---|\n| 12:01 AM EAT | Note: after midnight |');
  });

  it('renderMarkdown() is deterministic: same input, same bytes, whatever the key and array order', () => {
    const reconstruction = authDeadlock();
    const reordered = authDeadlock({
      anomalies: [...reconstruction.anomalies].reverse().map((a) => ({ ...a, labels: reverseKeys(a.labels) })),
      events: [...reconstruction.events].reverse().map((e) => ({ ...e, labels: reverseKeys(e.labels) })),
      checkedNormal: [...reconstruction.checkedNormal].reverse().map((c) => ({ ...c, labels: reverseKeys(c.labels) })),
      unjudged: [...reconstruction.unjudged].reverse(),
    });
    const first = renderMarkdown(reconstruction);
    expect(renderMarkdown(reconstruction)).toBe(first);
    expect(renderMarkdown(reordered)).toBe(first);
  });

  it('renderMarkdown() does not follow the machine\'s locale or zone', () => {
    const expected = renderMarkdown(authDeadlock());
    const { defaultLocale, defaultZone, defaultNumberingSystem } = Settings;
    try {
      Settings.defaultLocale = 'ar-EG';
      Settings.defaultNumberingSystem = 'arab';
      Settings.defaultZone = 'America/New_York';
      expect(renderMarkdown(authDeadlock())).toBe(expected);
    } finally {
      Settings.defaultLocale = defaultLocale;
      Settings.defaultNumberingSystem = defaultNumberingSystem;
      Settings.defaultZone = defaultZone;
    }
  });

  it('renderMarkdown() escapes pipes, backticks and HTML in labels and log text', () => {
    const evil = { instance: 'db1|x:9187', datname: '<script>alert(1)</script>', route: '`rm -rf`|*x*' };
    const reconstruction = authDeadlock({
      anomalies: [
        anomaly({ labels: evil, title: 'Dead|locks <b>' }),
        anomaly({ rank: 2, labels: evil, title: 'Errors `x` | y', signal: 'errors' }),
      ],
      events: [
        event({ kind: 'log', source: 'logs', title: 'ERROR <img src=x onerror=alert(1)> | `code` *bold*', labels: evil }),
        event({ kind: 'anomaly_start', source: 'prometheus', time: utc('2023-05-13T15:55:30Z'), title: 'Deadlocks <script>', labels: evil }),
      ],
      checkedNormal: [{ signal: 'net|work', title: 'Net <i>', category: 'network', labels: evil }],
      dataGaps: [{ source: 'logs', what: '/var/log/`app`.log', reason: 'permission <denied> | EACCES' }],
    });
    const markdown = renderMarkdown(reconstruction);
    const prose = outsideCode(markdown);
    expect(prose).not.toMatch(/<script|<img|<b>|<i>/);
    expect(markdown).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markdown).toContain('db1\\|x:9187');
    expect(markdown).toContain('\\`rm -rf\\`\\|\\*x\\*');
    expect(markdown.startsWith('# Postmortem: Dead\\|locks &lt;b&gt; on db1\\|x:9187')).toBe(true);
    expectWellFormedTables(markdown);
  });

  it('renderMarkdown() renders a sensible report when nothing was found', () => {
    const markdown = renderMarkdown(emptyReconstruction());
    expect(markdown.startsWith('# Postmortem: Incident May 13, 2023, 7:00 PM → 9:00 PM EAT\n')).toBe(true);
    expect(markdown).toContain('No events were found in the window');
    expect(markdown).toContain('No alert was pending or firing in the window.');
    expect(markdown).toContain('No anomaly was found');
    expect(markdown).toContain('- **Requests:** not measured');
    expect(markdown).toContain('- **Users affected:** not measured');
    expect(markdown).toContain('| Onset | — | not seen in the telemetry |');
    expect(markdown).not.toContain('## Data gaps');
    expect(markdown).not.toMatch(/NaN|undefined|null|Invalid/);
    expectWellFormedTables(markdown);
  });

  it('renderMarkdown() groups alike events and folds long timelines, counting what it folded', () => {
    const base = authDeadlock();
    const network: RankedAnomaly[] = Array.from({ length: 12 }, (_, i) =>
      anomaly({
        rank: 6 + i,
        signal: 'network_receive_bytes',
        title: 'Network receive',
        unit: 'bytes',
        category: 'network',
        labels: { instance: `web${i + 1}:9100`, job: 'node' },
        onset: utc('2023-05-13T16:10:00Z') + i * 15,
      }),
    );
    const other: RankedAnomaly[] = Array.from({ length: 150 }, (_, i) =>
      anomaly({ rank: 18 + i, signal: `custom_${i}`, title: `Custom ${i}`, labels: { instance: `app${i}:8080` }, onset: utc('2023-05-13T16:30:00Z') + i * 30 }),
    );
    const startEvent = (a: RankedAnomaly): TimelineEvent =>
      event({ time: a.onset, kind: 'anomaly_start', source: 'prometheus', title: `${a.title} on ${a.labels['instance'] ?? ''} rose`, labels: a.labels });
    const logs = Array.from({ length: 30 }, (_, i) => event({ time: utc('2023-05-13T16:40:00Z') + i * 600, kind: 'log', source: 'logs', title: `ERROR worker ${i} timed out` }));
    const events = [...base.events, ...network.map(startEvent), ...other.map(startEvent), ...logs];
    const reconstruction = authDeadlock({ anomalies: [...base.anomalies, ...network, ...other], events });
    const markdown = renderMarkdown(reconstruction);
    const lines = timelineOf(markdown);

    expect(lines).toContain(
      '| 7:10 PM EAT | Anomaly ×12: Network receive rose on web1:9100, web2:9100, web3:9100, web4:9100 and 8 more (12 events, until 7:12:45 PM EAT) |',
    );
    // At most maxTimelineLines (60) lines, plus, for each run of minor lines, its fold line (or the one line it would hide).
    const runs = lines.filter((line) => line.startsWith('| | … ')).length;
    expect(lines.length).toBeLessThanOrEqual(60 + runs + 1);
    // Every event is accounted for: shown alone, inside a group, or counted in a fold.
    const represented = lines.reduce((sum, line) => {
      const group = /×(\d+):/.exec(line);
      const fold = /^\| \| … (\d+) more events?/.exec(line);
      return sum + (fold !== null ? Number(fold[1]) : group !== null ? Number(group[1]) : 1);
    }, 0);
    expect(represented).toBe(events.length);
    expect(lines.some((line) => line.startsWith('| | … '))).toBe(true);
    expect(markdown).toContain(`_${events.length} events in all; 12 grouped into 1 line;`);
    // Phase-setting events and alerts survive folding.
    expect(lines).toContain('| 7:05 PM EAT | **Detected** · Alert firing: AuthHighErrorRate firing |');
    expect(lines.some((line) => line.includes('**Resolved**'))).toBe(true);
    // Other anomalies table is capped with a count.
    expect(markdown).toContain('… and 156 more anomalies of lower rank, listed in the JSON report.');
  });

  it('renderMarkdown() marks the event a free-text cause names among several at the same instant', () => {
    const time = utc('2023-05-13T15:55:30Z');
    const labels = { instance: 'db1:9187', job: 'postgres', datname: 'auth' };
    const reconstruction = emptyReconstruction({
      events: [
        event({ time, kind: 'anomaly_start', source: 'prometheus', title: 'Deadlocks rose on db1:9187', labels, evidence: { signal: 'pg_deadlocks' } }),
        event({ time, kind: 'anomaly_start', source: 'prometheus', title: 'Lock waits rose on db1:9187', labels, evidence: { signal: 'pg_locks_waiting' } }),
      ],
      phases: { trigger: null, onset: time, detected: null, mitigated: null, recovered: null, resolved: null },
      phaseCauses: { trigger: null, onset: 'Lock waits left its baseline (pg_locks_waiting)', detected: null, mitigated: null, recovered: null, resolved: null },
    });
    expect(timelineOf(renderMarkdown(reconstruction))).toEqual([
      '| 6:55:30 PM EAT | Anomaly: Deadlocks rose on db1:9187 |',
      '| 6:55:30 PM EAT | **Onset** · Anomaly: Lock waits rose on db1:9187 |',
    ]);
  });

  it('renderMarkdown() gives a phase without an event a line of its own', () => {
    const reconstruction = emptyReconstruction({
      phases: { trigger: null, onset: null, detected: utc('2023-05-13T16:30:00Z'), mitigated: null, recovered: null, resolved: null },
      phaseCauses: { trigger: null, onset: null, detected: 'Customer reports in #support', mitigated: null, recovered: null, resolved: null },
    });
    const lines = timelineOf(renderMarkdown(reconstruction));
    expect(lines).toEqual(['| 7:30 PM EAT | **Detected** · Customer reports in #support |']);
  });

  it('renderMarkdown() falls back to UTC for an unknown zone and says so', () => {
    const markdown = renderMarkdown(authDeadlock({ window: { ...AUTH_WINDOW, timezone: 'Mars/Olympus' } }));
    expect(markdown).toContain('Time zone "Mars/Olympus" is unknown, so times are shown in UTC.');
    expect(markdown).toContain('| 4:05 PM UTC | **Detected**');
  });
});

describe('root cause, hypotheses and episodes in the Markdown report', () => {
  it('renderMarkdown() says the root cause in two sentences in the Issue Summary: the chain, then the evidence', () => {
    const summary = /- \*\*Likely root cause:\*\* ([^\n]+)/.exec(renderMarkdown(authDeadlock()))?.[1] ?? '';
    expect(summary).toBe(
      'A change (Config reload on db1:9187: deadlock_timeout 1s → 50ms) at 6:40 PM EAT, then **Deadlocks on db1:9187 (auth)** rose from 6:55:30 PM EAT, followed by Lock waits on db1:9187 (auth); ' +
        'users saw it as 5xx ratio on auth-service and p99 latency on auth-service (/login) from 7:00:15 PM EAT. ' +
        'It went from 0/s ± 0.01/s to 2.4/s (240× its usual spread), and ranks first: earliest onset in the incident cluster; cause-type signal (database).',
    );
    expect(summary.split('. ').length).toBe(2);
  });

  it('renderMarkdown() shows each hypothesis as its chain with a link per row: when, value vs baseline, graph of its query', () => {
    const reconstruction = authDeadlock();
    const markdown = renderMarkdown(reconstruction);
    expect(markdown).toContain(
      '#### 1. Deadlocks on db1:9187 (auth) (most likely)\n\nConfig reload on db1:9187: deadlock_timeout 1s → 50ms → **Deadlocks on db1:9187 (auth)** → Lock waits on db1:9187 (auth) → 5xx ratio on auth-service → p99 latency on auth-service (/login) → Alert AuthHighErrorRate firing on auth-service',
    );
    const hypotheses = markdown.slice(markdown.indexOf('### Hypotheses'), markdown.indexOf('### Evidence for the likely root cause'));
    const rows = hypotheses.split('\n').filter((line) => /^\| (Trigger|Cause|Effect|Symptom|Alert) \|/.test(line));
    expect(rows.map((row) => row.split(' | ')[0])).toEqual(['| Trigger', '| Cause', '| Effect', '| Symptom', '| Symptom', '| Alert']);
    expect(rows[1]).toMatch(/^\| Cause \| Deadlocks on db1:9187 \(auth\) \(rank 1\) \| 6:55:30 PM EAT \| ↑ 2\.4\/s vs 0\/s ± 0\.01\/s \| \[graph\]\(http:\/\/prometheus\.internal:9090\/graph\?/);
    // Every graph link opens its own link's query.
    const graphs = rows.map((row) => /\[graph\]\(([^)]+)\)/.exec(row)?.[1] ?? null);
    const queries = reconstruction.hypotheses?.[0]?.chain.map((link) => link.query) ?? [];
    expect(graphs.map((url) => (url === null ? null : new URL(url).searchParams.get('g0.expr')))).toEqual(queries);
    expect(markdown).toContain("Why it ranks first: blames the rank-1 anomaly (earliest onset in the incident cluster; cause-type signal (database)); a change 930 s before the cause's onset");
    expect(markdown).toContain('# cause: Deadlocks on db1:9187 (auth)\nsum by (instance, job, datname) (rate(pg_stat_database_deadlocks{datname="auth"}[1m]))');
    expectWellFormedTables(markdown);
  });

  it('renderMarkdown() lists the episodes and puts a cascade of an episode on one line, after the lines it follows from', () => {
    const web = { job: 'shop-api' };
    const db = { instance: 'db1:9187', job: 'postgres', datname: 'shop' };
    const onset = utc('2023-05-13T16:00:00Z');
    const anomalies: RankedAnomaly[] = [
      anomaly({ rank: 1, signal: 'pg_statement_mean_seconds', title: 'Statement mean time', labels: { ...db, queryid: '42' }, onset }),
      ...['pg_connections', 'pg_active_sessions', 'pg_locks', 'pg_max_tx_duration', 'cpu_utilization', 'load_per_cpu'].map((signal, i) =>
        anomaly({ rank: 2 + i, signal, title: signal, labels: signal.startsWith('pg_') ? db : { instance: 'db1:9100', job: 'node' }, onset: onset + 60 }),
      ),
      anomaly({ rank: 8, signal: 'http_latency_p99', title: 'p99 latency', category: 'latency', userFacing: true, labels: web, onset: onset + 60 }),
    ];
    const events = anomalies.map((a) => event({ time: a.onset, kind: 'anomaly_start', source: 'prometheus', title: `${a.title} rose`, labels: a.labels, evidence: { signal: a.signal } }));
    const reconstruction = emptyReconstruction({
      anomalies,
      events,
      episodes: [{ id: 1, incident: true, from: onset, to: onset + 3600, ranks: anomalies.map((a) => a.rank), title: 'Statement mean time on db1:9187 (shop, 42)' }],
      phases: { trigger: null, onset, detected: null, mitigated: null, recovered: null, resolved: null },
      phaseCauses: { trigger: null, onset: 'Statement mean time left its baseline (pg_statement_mean_seconds)', detected: null, mitigated: null, recovered: null, resolved: null },
    });
    const markdown = renderMarkdown(reconstruction);
    expect(markdown).toContain('1. **The incident** · May 13, 2023, 7:00 PM → 8:00 PM EAT: Statement mean time on db1:9187 (shop, 42) (rank 1) and 7 related anomalies.');
    expect(timelineOf(markdown)).toEqual([
      '| 7:00 PM EAT | **Onset** · Anomaly: Statement mean time rose (rank 1; peak 2.4/s vs baseline 0/s ± 0.01/s) |',
      // Same instant: anomalies in rank order, the likely cause first.
      '| 7:01 PM EAT | Anomaly: pg_connections rose (rank 2; peak 2.4/s vs baseline 0/s ± 0.01/s) |',
      '| 7:01 PM EAT | Anomaly: pg_active_sessions rose (rank 3; peak 2.4/s vs baseline 0/s ± 0.01/s) |',
      '| 7:01 PM EAT | Anomaly: pg_locks rose (rank 4; peak 2.4/s vs baseline 0/s ± 0.01/s) |',
      '| 7:01 PM EAT | Anomaly: pg_max_tx_duration rose (rank 5; peak 2.4/s vs baseline 0/s ± 0.01/s) |',
      '| 7:01 PM EAT | Anomaly ×3: related anomalies of the incident — cpu_utilization, load_per_cpu, p99 latency on db1:9100, shop-api (3 events) |',
    ]);
    // With the chain known, what users felt (p99 latency, rank 8) is a link of it and keeps its own line.
    const withChain = { ...reconstruction, hypotheses: buildHypotheses({ anomalies, events, alerts: [], window: AUTH_WINDOW }) };
    const lines = timelineOf(renderMarkdown(withChain));
    expect(lines).toContain('| 7:01 PM EAT | Anomaly: p99 latency rose (rank 8; peak 2.4/s vs baseline 0/s ± 0.01/s) |');
    expect(lines[lines.length - 1]).toBe('| 7:01 PM EAT | Anomaly ×2: related anomalies of the incident — cpu_utilization, load_per_cpu on db1:9100 (2 events) |');
  });
});

describe('an incident across the end of summer time (Europe/Berlin, 2023-10-29)', () => {
  it('renderMarkdown() keeps the order and the durations right when the wall clock goes back an hour', () => {
    // Onset 2:50 AM CEST, clocks go back at 3:00 AM CEST to 2:00 AM CET, recovery 2:20 AM CET: 30 minutes.
    const onset = utc('2023-10-29T00:50:00Z');
    const recovered = utc('2023-10-29T01:20:00Z');
    const window = { from: utc('2023-10-29T00:30:00Z'), to: utc('2023-10-29T01:30:00Z'), lookbackFrom: utc('2023-10-28T00:30:00Z'), stepSeconds: 15, timezone: 'Europe/Berlin' };
    const culprit = anomaly({ onset, end: recovered, peak: { time: utc('2023-10-29T01:05:00Z'), value: 2.4 } });
    const reconstruction = emptyReconstruction({
      window,
      anomalies: [culprit],
      events: [
        event({ time: onset, kind: 'anomaly_start', source: 'prometheus', title: 'Deadlocks rose', labels: culprit.labels, evidence: { signal: 'pg_deadlocks' } }),
        event({ time: utc('2023-10-29T00:55:00Z'), kind: 'alert_firing', source: 'alerts', title: 'PostgresDeadlocks firing', labels: { alertname: 'PostgresDeadlocks' } }),
        event({ time: recovered, kind: 'anomaly_end', source: 'prometheus', title: 'Deadlocks back to baseline', labels: culprit.labels, evidence: { signal: 'pg_deadlocks' } }),
      ],
      phases: { trigger: null, onset, detected: utc('2023-10-29T00:55:00Z'), mitigated: null, recovered, resolved: recovered },
      phaseCauses: { trigger: null, onset: 'Deadlocks rose', detected: 'PostgresDeadlocks firing', mitigated: null, recovered: 'Deadlocks back to baseline', resolved: null },
    });
    const markdown = renderMarkdown(reconstruction);
    expect(markdown).toContain('- **Duration:** 30m (October 29, 2023, 2:50 AM CEST → 2:20 AM CET), from onset to recovery.');
    expect(timelineOf(markdown)).toEqual([
      '| 2:50 AM CEST | **Onset** · Anomaly: Deadlocks rose (rank 1; peak 2.4/s vs baseline 0/s ± 0.01/s) |',
      '| 2:55 AM CEST | **Detected** · Alert firing: PostgresDeadlocks firing |',
      '| 2:20 AM CET | **Recovered, Resolved** · Back to baseline: Deadlocks back to baseline (rank 1) |',
    ]);
    expect(markdown).toContain('reaching 2.4/s (240× its usual spread) at 2:05 AM CET');
    expect(markdown).toContain('Times in Europe/Berlin (CEST = UTC+2, CET = UTC+1)');
  });
});
