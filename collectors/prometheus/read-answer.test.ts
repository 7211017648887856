import { describe, expect, it } from 'vitest';
import type { RawAnswer } from './http-transport.js';
import { readAnswer } from './read-answer.js';
import { buildInfoSchema, instantDataSchema, matrixSchema, metadataSchema, rulesSchema, stringListSchema } from './response-schemas.js';

const NOW = Date.UTC(2023, 9, 15);
const response = (status: number, body: unknown, retryAfter: string | null = null): RawAnswer => ({
  type: 'response',
  status,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  retryAfter,
});

describe('readAnswer()', () => {
  it('readAnswer() converts a matrix straight into typed arrays, special values included', () => {
    const answer = readAnswer(
      response(200, {
        status: 'success',
        data: { resultType: 'matrix', result: [{ metric: { job: 'node', __name__: 'up' }, values: [[1697328000, '1'], [1697328015.5, 'NaN'], [1697328030, '+Inf'], [1697328045, '-Inf']] }] },
      }),
      matrixSchema,
      60_000,
      NOW,
    );
    if (!answer.ok) throw new Error(answer.failure.detail);
    const [series] = answer.value.result;
    expect(Object.keys(series?.metric ?? {})).toEqual(['__name__', 'job']); // sorted
    expect(series?.values?.timestamps).toEqual(Float64Array.of(1697328000, 1697328015.5, 1697328030, 1697328045));
    expect(series?.values?.values).toEqual(Float64Array.of(1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY));
  });

  it('readAnswer() says exactly where a body is malformed', () => {
    const answer = readAnswer(
      response(200, { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1, '1'], [2, 'oops']] }] } }),
      matrixSchema,
      60_000,
      NOW,
    );
    expect(answer).toMatchObject({
      ok: false,
      retryable: false,
      failure: { kind: 'invalid_response', status: 200, detail: 'invalid response (HTTP 200): data.result[0].values[1][1]: expected a sample value as a numeric string' },
    });
  });

  it('readAnswer() rejects a success status with a body that is not JSON (a login page)', () => {
    const answer = readAnswer(response(200, '<html><body>Sign in</body></html>'), stringListSchema, 60_000, NOW);
    expect(answer).toMatchObject({ ok: false, failure: { kind: 'invalid_response' } });
    expect(!answer.ok && answer.failure.detail).toContain('not JSON: <html>');
  });

  it("readAnswer() classifies an error envelope by the server's errorType and text", () => {
    const answer = readAnswer(
      response(422, { status: 'error', errorType: 'execution', error: 'query processing would load too many samples into memory in query execution' }),
      matrixSchema,
      60_000,
      NOW,
    );
    expect(answer).toMatchObject({ ok: false, retryable: false, failure: { kind: 'too_many_samples', status: 422 } });
  });

  it('readAnswer() uses the first line of a plain-text error body and ignores HTML ones', () => {
    expect(readAnswer(response(404, '404 page not found\n'), stringListSchema, 60_000, NOW)).toMatchObject({
      failure: { kind: 'not_found', detail: 'HTTP 404: 404 page not found' },
    });
    expect(readAnswer(response(502, '<html>Bad Gateway</html>'), stringListSchema, 60_000, NOW)).toMatchObject({
      retryable: true,
      failure: { kind: 'server', detail: 'HTTP 502' },
    });
  });

  it('readAnswer() honours Retry-After on 429 and 503 only', () => {
    expect(readAnswer(response(429, '', '3'), stringListSchema, 60_000, NOW)).toMatchObject({ retryable: true, retryAfterMs: 3_000 });
    expect(readAnswer(response(503, '', '0'), stringListSchema, 60_000, NOW)).toMatchObject({ retryable: true, retryAfterMs: 0 });
    expect(readAnswer(response(500, '', '3'), stringListSchema, 60_000, NOW)).toMatchObject({ retryable: true, retryAfterMs: null });
  });

  it('readAnswer() classifies a network failure', () => {
    expect(readAnswer({ type: 'network', code: 'ECONNREFUSED' }, stringListSchema, 60_000, NOW)).toMatchObject({
      ok: false,
      retryable: true,
      failure: { kind: 'unreachable', status: null, detail: 'connection refused' },
    });
  });

  it('readAnswer() reads every instant result type', () => {
    const read = (data: unknown) => readAnswer(response(200, { status: 'success', data }), instantDataSchema, 60_000, NOW);
    expect(read({ resultType: 'scalar', result: [1697328000, '2.5'] })).toEqual({ ok: true, value: { resultType: 'scalar', result: { time: 1697328000, value: 2.5 } } });
    expect(read({ resultType: 'string', result: [1697328000, 's'] })).toEqual({ ok: true, value: { resultType: 'string', result: [1697328000, 's'] } });
    expect(read({ resultType: 'vector', result: [{ metric: { a: '1' }, value: [1697328000, '7'] }] })).toEqual({
      ok: true,
      value: { resultType: 'vector', result: [{ metric: { a: '1' }, value: { time: 1697328000, value: 7 } }] },
    });
    expect(read({ resultType: 'table', result: [] }).ok).toBe(false);
  });

  it('readAnswer() reads null lists, metadata without unit, VictoriaMetrics build info and rules', () => {
    const ok = (data: unknown, schema: Parameters<typeof readAnswer>[1]) => readAnswer(response(200, { status: 'success', data }), schema, 60_000, NOW);
    expect(ok(null, stringListSchema)).toEqual({ ok: true, value: [] });
    expect(ok({ up: [{ type: 'gauge', help: 'h' }] }, metadataSchema)).toEqual({ ok: true, value: { up: [{ type: 'gauge', help: 'h', unit: '' }] } });
    expect(ok({}, buildInfoSchema)).toEqual({ ok: true, value: null });
    expect(ok({ version: '2.42.0' }, buildInfoSchema)).toEqual({ ok: true, value: { version: '2.42.0' } });
    expect(ok({ groups: [{ name: 'g', rules: [{ type: 'recording', name: 'r', query: 'x' }] }] }, rulesSchema)).toEqual({
      ok: true,
      value: { groups: [{ name: 'g', rules: [{ type: 'recording', name: 'r', query: 'x', labels: {}, annotations: {} }] }] },
    });
  });
});
