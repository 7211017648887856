import { describe, expect, it } from 'vitest';
import { formatFailureMessage, quoteQuery } from './failure-message.js';
import { authorizationHeader } from './prometheus-auth.js';

describe('formatFailureMessage()', () => {
  const url = 'http://prom:9090/';
  it('formatFailureMessage() names queries by their PromQL and endpoints by path and server', () => {
    expect(formatFailureMessage({ kind: 'query', query: 'up' }, { kind: 'bad_query', detail: 'HTTP 400 bad_data: x' }, url, [])).toBe(
      'Cannot query Prometheus "up": HTTP 400 bad_data: x',
    );
    expect(formatFailureMessage({ kind: 'endpoint', path: '/api/v1/rules' }, { kind: 'server', detail: 'HTTP 502' }, url, [])).toBe(
      'Cannot read /api/v1/rules from Prometheus at http://prom:9090/: HTTP 502',
    );
  });

  it('formatFailureMessage() says where it looked when the server cannot be reached', () => {
    expect(formatFailureMessage({ kind: 'query', query: 'up' }, { kind: 'unreachable', detail: 'connection refused' }, url, [])).toBe(
      'Cannot reach Prometheus at http://prom:9090/: connection refused',
    );
  });

  it('formatFailureMessage() hides every secret it is given', () => {
    const message = formatFailureMessage({ kind: 'query', query: 'up{token="s3cr3t"}' }, { kind: 'bad_query', detail: 'echo s3cr3t' }, url, ['s3cr3t']);
    expect(message).toBe('Cannot query Prometheus "up{token="***"}": echo ***');
  });
});

describe('quoteQuery()', () => {
  it('quoteQuery() puts multi-line PromQL on one line and shortens long queries', () => {
    expect(quoteQuery('sum by (job) (\n  rate(x[5m])\n)')).toBe('"sum by (job) ( rate(x[5m]) )"');
    const long = quoteQuery('a'.repeat(1_000));
    expect(long.length).toBe(202);
    expect(long.endsWith('…"')).toBe(true);
  });
});

describe('authorizationHeader()', () => {
  it('authorizationHeader() builds bearer and basic headers', () => {
    expect(authorizationHeader({ kind: 'bearer', token: 'abc' })).toBe('Bearer abc');
    expect(authorizationHeader({ kind: 'basic', username: 'bob', password: 'pw' })).toBe('Basic Ym9iOnB3');
  });
});
