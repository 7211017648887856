import { describe, expect, it } from 'vitest';
import { prometheusGraphUrl } from './graph-link.js';
import { AUTH_WINDOW, utc } from './_testing.js';

describe('prometheusGraphUrl()', () => {
  it('prometheusGraphUrl() encodes the query and covers the window with a lead-in', () => {
    const url = prometheusGraphUrl('http://prometheus.internal:9090/', 'rate(x{a="b"}[5m])', AUTH_WINDOW);
    expect(url).toBe(
      'http://prometheus.internal:9090/graph?g0.expr=rate%28x%7Ba%3D%22b%22%7D%5B5m%5D%29&g0.tab=0&g0.range_input=4h&g0.end_input=2023-05-13%2018%3A00%3A00',
    );
    expect(new URL(url).searchParams.get('g0.expr')).toBe('rate(x{a="b"}[5m])');
  });

  it('prometheusGraphUrl() shows only the lookback there is', () => {
    const window = { ...AUTH_WINDOW, lookbackFrom: AUTH_WINDOW.from };
    expect(prometheusGraphUrl('http://p', 'up', window)).toContain('g0.range_input=2h&');
    const short = { ...AUTH_WINDOW, lookbackFrom: utc('2023-05-13T15:30:00Z') };
    expect(prometheusGraphUrl('http://p', 'up', short)).toContain('g0.range_input=150m&');
  });

  it('prometheusGraphUrl() keeps characters that end a Markdown link out of the URL', () => {
    const url = prometheusGraphUrl('http://host/prom (eu)', 'sum(up) > 0', AUTH_WINDOW);
    expect(url).not.toMatch(/[()<> ]/);
    expect(url.startsWith('http://host/prom%20%28eu%29/graph?')).toBe(true);
  });
});
