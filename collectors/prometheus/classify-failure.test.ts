import { describe, expect, it } from 'vitest';
import { classifyFailure } from './classify-failure.js';

const http = (status: number, errorType: string | null = null, error: string | null = null) =>
  classifyFailure({ type: 'http', status, errorType, error });
const network = (code: string | null) => classifyFailure({ type: 'network', code, timeoutMs: 60_000 });

describe('classifyFailure()', () => {
  it('classifyFailure() names a Prometheus syntax error bad_query with the server text, not retryable', () => {
    // Verbatim from Prometheus 2.42.
    expect(http(400, 'bad_data', 'invalid parameter "query": 1:11: parse error: unclosed left parenthesis')).toEqual({
      kind: 'bad_query',
      retryable: false,
      detail: 'HTTP 400 bad_data: 1:11: parse error: unclosed left parenthesis',
    });
  });

  it('classifyFailure() names a VictoriaMetrics 422 syntax error bad_query without repeating the status', () => {
    const failure = http(422, '422', 'error when executing query="rate(x[1m]" ...: argList: unexpected token ""');
    expect(failure.kind).toBe('bad_query');
    expect(failure.detail).toBe('HTTP 422: error when executing query="rate(x[1m]" ...: argList: unexpected token ""');
  });

  it('classifyFailure() recognises the sample limits of Prometheus and VictoriaMetrics', () => {
    expect(http(422, 'execution', 'query processing would load too many samples into memory in query execution').kind).toBe('too_many_samples');
    expect(http(422, '422', 'cannot select more than -search.maxSamplesPerQuery=10 samples; possible solutions: ...').kind).toBe('too_many_samples');
    expect(http(422, 'execution', 'query processing would load too many samples into memory in query execution').retryable).toBe(false);
  });

  it('classifyFailure() recognises the points-per-series limits', () => {
    expect(http(400, 'bad_data', 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)').kind).toBe('too_many_points');
    expect(http(422, '422', 'too many points for the given step=1000, start=0 and end=100000000: 100001; cannot exceed -search.maxPointsPerTimeseries=30000').kind).toBe('too_many_points');
  });

  it('classifyFailure() names 401, 403 and 404 and never retries them', () => {
    expect(http(401)).toMatchObject({ kind: 'unauthorized', retryable: false, detail: 'HTTP 401' });
    expect(http(403)).toMatchObject({ kind: 'forbidden', retryable: false });
    expect(http(404, null, '404 page not found')).toMatchObject({ kind: 'not_found', retryable: false, detail: 'HTTP 404: 404 page not found' });
  });

  it("classifyFailure() reads VictoriaMetrics' 400 for an unknown path as not_found", () => {
    expect(http(400, null, 'remoteAddr: "127.0.0.1:34934"; requestURI: /api/v1/nothing; unsupported path requested: "/api/v1/nothing"').kind).toBe('not_found');
  });

  it('classifyFailure() tells that plain HTTP was sent to an HTTPS server', () => {
    expect(http(400, null, 'Client sent an HTTP request to an HTTPS server.')).toEqual({
      kind: 'unreachable',
      retryable: false,
      detail: 'HTTP 400: Client sent an HTTP request to an HTTPS server. (use https:// in the URL)',
    });
  });

  it('classifyFailure() retries 429 and 5xx but no other 4xx', () => {
    expect(http(429)).toMatchObject({ kind: 'server', retryable: true });
    expect(http(500, 'internal', 'storage error')).toMatchObject({ kind: 'server', retryable: true });
    expect(http(502)).toMatchObject({ kind: 'server', retryable: true });
    expect(http(503, 'unavailable')).toMatchObject({ kind: 'server', retryable: true });
    expect(http(405)).toMatchObject({ kind: 'server', retryable: false });
    expect(http(413)).toMatchObject({ retryable: false });
  });

  it("classifyFailure() leaves the server's own query timeout to the planner instead of retrying it", () => {
    expect(http(503, 'timeout', 'query timed out in expression evaluation')).toMatchObject({ kind: 'timeout', retryable: false });
  });

  it('classifyFailure() retries network failures and client timeouts', () => {
    expect(network('ECONNREFUSED')).toEqual({ kind: 'unreachable', retryable: true, detail: 'connection refused' });
    expect(network('ENOTFOUND')).toMatchObject({ kind: 'unreachable', retryable: true, detail: 'host not found' });
    expect(network('ECONNRESET')).toMatchObject({ kind: 'unreachable', retryable: true, detail: 'connection reset' });
    expect(network('ECONNABORTED')).toEqual({ kind: 'timeout', retryable: true, detail: 'no answer within 60 s' });
    expect(network('ETIMEDOUT')).toMatchObject({ kind: 'timeout', retryable: true });
    expect(network(null)).toMatchObject({ kind: 'unreachable', retryable: true, detail: 'network error (unknown)' });
  });

  it('classifyFailure() does not retry certificate problems and says how to fix them', () => {
    const failure = network('SELF_SIGNED_CERT_IN_CHAIN');
    expect(failure).toMatchObject({ kind: 'unreachable', retryable: false });
    expect(failure.detail).toContain('PROMETHEUS_CA_FILE');
    expect(network('ERR_TLS_CERT_ALTNAME_INVALID').retryable).toBe(false);
  });

  it('classifyFailure() treats an answer too large to read like a sample limit', () => {
    expect(network('ERR_BAD_RESPONSE')).toMatchObject({ kind: 'too_many_samples', retryable: false });
  });

  it('classifyFailure() names a malformed body invalid_response', () => {
    expect(classifyFailure({ type: 'invalid_body', status: 200, detail: 'not JSON: <html>' })).toEqual({
      kind: 'invalid_response',
      retryable: false,
      detail: 'invalid response (HTTP 200): not JSON: <html>',
    });
  });

  it('classifyFailure() keeps server text on one line', () => {
    expect(http(400, 'bad_data', 'line one\nline two\t x').detail).toBe('HTTP 400 bad_data: line one line two x');
    expect(http(500, null, 'x'.repeat(2000)).detail.length).toBeLessThan(600);
  });
});
