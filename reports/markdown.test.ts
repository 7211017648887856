import { Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { RankedAnomaly, Reconstruction, TimelineEvent } from '../src/model/index.js';
import { renderMarkdown } from './markdown.js';
import { AUTH_WINDOW, anomaly, authDeadlock, emptyReconstruction, event, reverseKeys, utc } from './_testing.js';

const SECTIONS = [
  '# Postmortem: ',
  '## Issue Summary',
  '## Timeline',
  '### Alerts',
  '## Phases',
  '## Root cause',
  '## Resolution',
  '## Corrective and preventive measures',
  '## Checked and found normal',
  '## Data gaps',
];

function timelineOf(markdown: string): string[] {
  const start = markdown.indexOf('## Timeline');
  const end = markdown.indexOf('### Alerts');
  return markdown.slice(start, end).split('\n').filter((line) => line.startsWith('- '));
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

  it('renderMarkdown() prints Nairobi times as local time with EAT and the +3 offset', () => {
    const markdown = renderMarkdown(authDeadlock());
    const lines = timelineOf(markdown);
    // The alert fired at 16:05 UTC: 19:05 in Nairobi.
    expect(lines).toContain('- 19:05:00 EAT (UTC+3) — **Detected** · Alert firing: AuthHighErrorRate firing');
    expect(lines).toContain('- 19:01:00 EAT (UTC+3) — Alert pending: AuthHighErrorRate pending');
    expect(lines[0]).toMatch(/^- 2023-05-13 18:40:00 EAT \(UTC\+3\) — \*\*Trigger\*\* · Change: /);
    expect(markdown).toContain('| Detected | 2023-05-13 19:05:00 EAT (UTC+3) | AuthHighErrorRate firing |');
    expect(markdown).toContain('- **Time to detect** (onset → detected): 9m 30s');
    expect(markdown).toContain('- **Duration:** 1h 54m (2023-05-13 18:55:30 → 20:50:00 EAT (UTC+3)), from onset to recovery.');
  });

  it('renderMarkdown() states impact with percentages, and the root cause with its evidence', () => {
    const markdown = renderMarkdown(authDeadlock());
    expect(markdown).toContain('120,345 in the window, 40,211 failed (33.4 %), 3,020 slower than 1 s (2.51 %)');
    expect(markdown).toContain('- **Users affected:** 64.8 % (62.1 % – 67.4 %, access log');
    expect(markdown).toContain('rose from its baseline of 0/s ± 0.01/s starting 2023-05-13 18:55:30 EAT (UTC+3), reaching 2.4/s (240× its usual spread)');
    expect(markdown).toContain('| Peak | 2.4/s at 2023-05-13 19:12:00 EAT (UTC+3) |');
    expect(markdown).toContain('```promql\nsum by (instance, job, datname) (rate(pg_stat_database_deadlocks{datname="auth"}[1m]))\n```');
    expect(markdown).toContain('Why it ranks first: earliest onset in the incident cluster; cause-type signal (database).');
    expect(markdown).toContain('| 2 | 5xx ratio (level shift) | auth-service | 2023-05-13 19:00:15 EAT (UTC+3) | ↑ 64.8 % vs 0.4 % ± 0.2 % | 35.7 |');
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

  it('renderMarkdown() shows the right offset on each side of a DST change', () => {
    const berlin = (from: string, to: string, times: readonly string[]): Reconstruction =>
      emptyReconstruction({
        window: { from: utc(from), to: utc(to), lookbackFrom: utc(from) - 3600, stepSeconds: 15, timezone: 'Europe/Berlin' },
        events: times.map((time, i) => event({ time: utc(time), title: `note ${i + 1}` })),
      });
    const october = timelineOf(renderMarkdown(berlin('2023-10-29T00:00:00Z', '2023-10-29T02:00:00Z', ['2023-10-29T00:30:00Z', '2023-10-29T01:30:00Z'])));
    expect(october).toEqual([
      '- 2023-10-29 02:30:00 CEST (UTC+2) — Note: note 1',
      '- 02:30:00 CET (UTC+1) — Note: note 2',
    ]);
    const march = renderMarkdown(berlin('2023-03-26T00:00:00Z', '2023-03-26T02:00:00Z', ['2023-03-26T00:30:00Z', '2023-03-26T01:30:00Z']));
    expect(timelineOf(march)).toEqual(['- 2023-03-26 01:30:00 CET (UTC+1) — Note: note 1', '- 03:30:00 CEST (UTC+2) — Note: note 2']);
    expect(march).toContain('2023-03-26 01:00:00 CET (UTC+1) → 2023-03-26 04:00:00 CEST (UTC+2)');
  });

  it('renderMarkdown() shows the date again when it changes', () => {
    const lines = timelineOf(
      renderMarkdown(
        emptyReconstruction({
          events: [event({ time: utc('2023-05-13T20:59:00Z'), title: 'late' }), event({ time: utc('2023-05-13T21:01:00Z'), title: 'after midnight' })],
        }),
      ),
    );
    expect(lines).toEqual(['- 2023-05-13 23:59:00 EAT (UTC+3) — Note: late', '- 2023-05-14 00:01:00 EAT (UTC+3) — Note: after midnight']);
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
    expect(markdown.startsWith('# Postmortem: Incident 2023-05-13 19:00:00 → 21:00:00 EAT (UTC+3)\n')).toBe(true);
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
      '- 19:10:00 EAT (UTC+3) — Anomaly ×12: Network receive rose on web1:9100, web2:9100, web3:9100, web4:9100 and 8 more (12 events, until 19:12:45 EAT (UTC+3))',
    );
    // At most maxTimelineLines (60) lines, plus, for each run of minor lines, its fold line (or the one line it would hide).
    const runs = lines.filter((line) => line.startsWith('- … ')).length;
    expect(lines.length).toBeLessThanOrEqual(60 + runs + 1);
    // Every event is accounted for: shown alone, inside a group, or counted in a fold.
    const represented = lines.reduce((sum, line) => {
      const group = /×(\d+):/.exec(line);
      const fold = /^- … (\d+) more events?/.exec(line);
      return sum + (fold !== null ? Number(fold[1]) : group !== null ? Number(group[1]) : 1);
    }, 0);
    expect(represented).toBe(events.length);
    expect(lines.some((line) => line.startsWith('- … '))).toBe(true);
    expect(markdown).toContain(`_${events.length} events in all; 12 grouped into 1 line;`);
    // Phase-setting events and alerts survive folding.
    expect(lines).toContain('- 19:05:00 EAT (UTC+3) — **Detected** · Alert firing: AuthHighErrorRate firing');
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
      '- 2023-05-13 18:55:30 EAT (UTC+3) — Anomaly: Deadlocks rose on db1:9187',
      '- 18:55:30 EAT (UTC+3) — **Onset** · Anomaly: Lock waits rose on db1:9187',
    ]);
  });

  it('renderMarkdown() gives a phase without an event a line of its own', () => {
    const reconstruction = emptyReconstruction({
      phases: { trigger: null, onset: null, detected: utc('2023-05-13T16:30:00Z'), mitigated: null, recovered: null, resolved: null },
      phaseCauses: { trigger: null, onset: null, detected: 'Customer reports in #support', mitigated: null, recovered: null, resolved: null },
    });
    const lines = timelineOf(renderMarkdown(reconstruction));
    expect(lines).toEqual(['- 2023-05-13 19:30:00 EAT (UTC+3) — **Detected** · Customer reports in #support']);
  });

  it('renderMarkdown() falls back to UTC for an unknown zone and says so', () => {
    const markdown = renderMarkdown(authDeadlock({ window: { ...AUTH_WINDOW, timezone: 'Mars/Olympus' } }));
    expect(markdown).toContain('Time zone "Mars/Olympus" is unknown, so times are shown in UTC.');
    expect(markdown).toContain('- 16:05:00 UTC — **Detected**');
  });
});
