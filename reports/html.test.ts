import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChartSeries, Reconstruction } from '../src/model/index.js';
import { renderHtml } from './html.js';
import { AUTH_WINDOW, anomaly, authDeadlock, event, reverseKeys, utc } from './_testing.js';

// A stand-in for uPlot: the renderer inlines whatever library text it is given, byte for byte.
const LIBRARY = { script: 'window.uPlot = function () {};', style: '.uplot { display: block; }' };

const STEP = 15;

/** Deadlocks per second on db1 around the auth outage: calm at 0, a jump at 16:00, a scrape gap. */
function deadlockChart(overrides: Partial<ChartSeries> = {}): ChartSeries {
  const timestamps: number[] = [];
  const values: (number | null)[] = [];
  for (let t = utc('2023-05-13T15:00:00Z'); t <= AUTH_WINDOW.to; t += STEP) {
    timestamps.push(t);
    const inGap = t >= utc('2023-05-13T16:30:00Z') && t < utc('2023-05-13T16:31:00Z');
    values.push(inGap ? null : t < utc('2023-05-13T15:55:30Z') ? 0 : 2.4 + ((t / STEP) % 7) * 0.05);
  }
  return {
    rank: 1,
    signal: 'pg_deadlocks',
    title: 'Deadlocks',
    labels: { job: 'postgres', instance: 'db1:9187', datname: 'auth' },
    unit: 'per_second',
    role: 'culprit',
    timestamps,
    values,
    baseline: { value: 0, spread: 0.01 },
    onset: utc('2023-05-13T15:55:30Z'),
    end: utc('2023-05-13T17:50:00Z'),
    ...overrides,
  };
}

function withCharts(overrides: Partial<Reconstruction> = {}): Reconstruction {
  return authDeadlock({ charts: [deadlockChart()], ...overrides });
}

/** The JSON block the page script reads. */
function chartJson(html: string): { zone: string; charts: { label: string; x: number[]; y: (number | null)[]; band: number[] }[]; markers: { label: string }[]; spans: { label: string }[] } {
  const match = /<script type="application\/json" id="chart-data">([\s\S]*?)<\/script>/.exec(html);
  if (match === null) throw new Error('no chart data block');
  return JSON.parse(match[1] as string);
}

describe('renderHtml()', () => {
  it('holds the sections of the Markdown report and the charts, before the timeline', () => {
    const html = renderHtml(withCharts(), { chartLibrary: LIBRARY });
    const headings = Array.from(html.matchAll(/<h2>([^<]*)<\/h2>/g), (m) => m[1]);
    expect(headings).toEqual([
      'Issue Summary',
      'Impact',
      'Charts',
      'Timeline',
      'Phases',
      'Root cause and resolution',
      'Corrective and preventive measures',
      'Checked and found normal',
      'Data gaps',
    ]);
    expect(html).toMatch(/<title>Postmortem: Deadlocks on db1:9187 \(auth\)<\/title>/);
    // Times in the operator's zone with the Markdown's time style.
    expect(html).toContain('Times in Africa/Nairobi (EAT = UTC+3)');
    // The hypothesis evidence keeps its link to the Prometheus graph.
    expect(html).toMatch(/<a href="http:\/\/[^"]*\/graph\?g0\.expr=/);
  });

  it('embeds the chart samples with the baseline band, the phases in the report zone and the alert spans', () => {
    const payload = chartJson(renderHtml(withCharts(), { chartLibrary: LIBRARY }));
    expect(payload.zone).toBe('Africa/Nairobi');
    const [chart] = payload.charts;
    expect(chart?.label).toBe('Deadlocks (datname=auth, instance=db1:9187, job=postgres)');
    expect(chart?.x.length).toBe(deadlockChart().timestamps.length);
    expect(chart?.y.filter((v) => v === null)).toHaveLength(4);
    expect(chart?.band).toEqual([-0.01, 0.01]);
    expect(payload.markers.map((m) => m.label)).toContain('Onset 6:55:30 PM EAT');
    expect(payload.spans.map((s) => s.label)).toContain('AuthHighErrorRate');
  });

  it('shows hostile label values, alert names and log lines as text and keeps them out of the scripts', () => {
    const hostile = '<script>window.pwned=1</script><img src=x onerror="window.pwned=1">';
    const reconstruction = withCharts({
      anomalies: [anomaly({ labels: { job: 'postgres', instance: 'db1:9187', datname: hostile } })],
      events: [event({ kind: 'note', title: `Log: ${hostile}`, time: utc('2023-05-13T16:10:00Z') })],
      charts: [deadlockChart({ labels: { datname: hostile, instance: 'db1:9187' }, title: '</script><script>window.pwned=1</script>' })],
    });
    const html = renderHtml(reconstruction, { chartLibrary: LIBRARY });
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<script>window\.pwned/);
    expect(html).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt;');
    // Only the JSON block and the two inlined scripts are script elements.
    expect(html.match(/<script[\s>]/g)).toHaveLength(3);
    // The JSON block still holds the exact text, for the chart caption drawn on the canvas.
    expect(chartJson(html).charts[0]?.label).toContain(hostile);
  });

  it('lets only its own inlined scripts and styles run, by hash, and nothing load from the network', () => {
    const html = renderHtml(withCharts(), { chartLibrary: LIBRARY });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    const scripts = Array.from(html.matchAll(/<script>([\s\S]*?)<\/script>/g), (m) => m[1] as string);
    expect(scripts[0]).toBe(LIBRARY.script);
    for (const script of scripts) {
      expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    }
    expect(csp).not.toContain('unsafe-inline');
    expect(html).not.toMatch(/\b(?:src|href)="(?!http:\/\/prometheus)/);
  });

  it('gives byte-identical HTML for the same reconstruction, whatever the order of its input', () => {
    const base = withCharts();
    const shuffled: Reconstruction = {
      ...base,
      anomalies: [...base.anomalies].reverse().map((a) => ({ ...a, labels: reverseKeys(a.labels) })),
      events: [...base.events].reverse(),
      charts: [...(base.charts ?? [])].map((c) => ({ ...c, labels: reverseKeys(c.labels) })).reverse(),
    };
    expect(renderHtml(shuffled, { chartLibrary: LIBRARY })).toBe(renderHtml(base, { chartLibrary: LIBRARY }));
  });

  it('leaves the scripts out when there is nothing to chart', () => {
    const html = renderHtml(authDeadlock({ charts: [] }), { chartLibrary: LIBRARY });
    expect(html).not.toContain('<h2>Charts</h2>');
    expect(html).not.toContain('<script');
    expect(html).toContain("script-src 'none'");
  });
});
