import { describe, expect, it } from 'vitest';
import { parsePrometheusUrl } from './prometheus-url.js';

describe('parsePrometheusUrl()', () => {
  it('parsePrometheusUrl() keeps the path prefix and drops query string and fragment', () => {
    expect(parsePrometheusUrl('https://mon.example.com/prometheus/?x=1#top')).toEqual({
      ok: true,
      value: { displayUrl: 'https://mon.example.com/prometheus/', apiBase: 'https://mon.example.com/prometheus', isHttps: true, userInfo: null },
    });
    expect(parsePrometheusUrl('http://127.0.0.1:9090')).toMatchObject({ ok: true, value: { displayUrl: 'http://127.0.0.1:9090/', apiBase: 'http://127.0.0.1:9090' } });
  });

  it('parsePrometheusUrl() takes user info out, percent-decoded', () => {
    const parsed = parsePrometheusUrl('http://bob:p%40ss%3Aword@prom:9090/');
    expect(parsed).toEqual({
      ok: true,
      value: { displayUrl: 'http://prom:9090/', apiBase: 'http://prom:9090', isHttps: false, userInfo: { username: 'bob', password: 'p@ss:word' } },
    });
  });

  it('parsePrometheusUrl() refuses what is not an http(s) URL, without echoing a password', () => {
    expect(parsePrometheusUrl('prometheus:9090')).toEqual({ ok: false, error: 'Invalid Prometheus URL "prometheus:9090": expected http:// or https://' });
    const broken = parsePrometheusUrl('http://bob:secret@[bad');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.error).not.toContain('secret');
  });
});
