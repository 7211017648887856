import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../test/servers/free-port.js';
import { pageForward, startRecordedLoki, type RecordedLoki, type RecordedLokiLine } from '../../test/servers/recorded-loki.js';
import { readLoki } from './read-loki.js';

// Grafana Loki is not packaged for Debian and cannot run on these machines. These tests run against
// test/servers/recorded-loki.ts, which answers in the format Loki's HTTP API documents for
// GET /loki/api/v1/query_range with a log query (resultType "streams", values [["<ns>", "<line>"], …])
// and pages like Loki, plus errors as Loki sends them (HTTP 400 with the parser's message as plain text).

const NS = 1_000_000_000n;
const T0 = 1_684_000_000n * NS; // 2023-05-13T17:46:40Z

const checkout = { app: 'shop', component: 'checkout', namespace: 'prod', pod: 'checkout-7d9f8b6c5-x2kqp' };
const payments = { app: 'shop', component: 'payments', namespace: 'prod', pod: 'payments-5f6d7c8b9-m4n2z' };

const LINES: readonly RecordedLokiLine[] = [
  { stream: checkout, ns: T0 + 1n * NS, line: 'level=info msg="order placed" order_id=88121 duration=112ms' },
  { stream: payments, ns: T0 + 2n * NS, line: '{"level":"info","msg":"charge ok","amount_cents":4599}' },
  { stream: checkout, ns: T0 + 3n * NS, line: 'level=info msg="order placed" order_id=88122 duration=98ms' },
  // Two streams at the very same nanosecond, which a page of 4 cuts in two.
  { stream: checkout, ns: T0 + 4n * NS + 250_000_123n, line: 'level=error msg="payment call failed" err="dial tcp 10.0.3.7:8443: connect: connection refused"' },
  { stream: payments, ns: T0 + 4n * NS + 250_000_123n, line: '{"level":"error","msg":"pq: sorry, too many clients already"}' },
  { stream: payments, ns: T0 + 5n * NS, line: '{"level":"error","msg":"pq: sorry, too many clients already"}' },
  { stream: checkout, ns: T0 + 6n * NS, line: 'level=error msg="payment call failed" err="context deadline exceeded"' },
  { stream: checkout, ns: T0 + 7n * NS, line: 'level=info msg="order placed" order_id=88123 duration=2412ms' },
  { stream: payments, ns: T0 + 9n * NS, line: '{"level":"warn","msg":"pool exhausted, waiting"}' },
];

describe('readLoki() against answers in Loki\'s documented query_range format', () => {
  let loki: RecordedLoki;
  let base: string;

  beforeAll(async () => {
    loki = await startRecordedLoki(LINES);
    base = loki.url;
  });
  afterAll(() => loki.stop());

  const from = Number(T0 / NS);
  const options = () => ({ apiBase: base, displayUrl: `${base}/`, authorization: null, timeoutMs: 5_000, from, to: from + 60 });

  it('pages forward from the last timestamp of a full page and drops the entries read twice at the boundary', async () => {
    loki.setHandler(null);
    loki.requests.length = 0;
    const { evidence, gaps } = await readLoki({ ...options(), queries: ['{app="shop"}'], pageLimit: 4 });
    expect(gaps).toEqual([]);
    const [result] = evidence?.queries ?? [];
    const read = result?.streams.flatMap((s) => s.entries.map((e) => `${s.labels['component']} ${e.ns} ${e.line}`)).sort();
    expect(read).toEqual(LINES.map((l) => `${l.stream.component} ${l.ns} ${l.line}`).sort());
    expect(result?.truncated).toBe(false);
    // Each stream's entries in time order.
    for (const stream of result?.streams ?? []) {
      const times = stream.entries.map((e) => BigInt(e.ns));
      expect(times).toEqual([...times].sort((a, b) => (a < b ? -1 : 1)));
    }
    const params = loki.requests.map((r) => Object.fromEntries(r.url.searchParams));
    expect(params.map((p) => [p['start'], p['limit'], p['direction'], p['end']])).toEqual([
      [T0.toString(), '4', 'forward', (T0 + 60n * NS).toString()],
      [(T0 + 4n * NS + 250_000_123n).toString(), '4', 'forward', (T0 + 60n * NS).toString()],
      [(T0 + 6n * NS).toString(), '4', 'forward', (T0 + 60n * NS).toString()],
    ]);
    expect(params[0]?.['query']).toBe('{app="shop"}');
  });

  it('sends credentials in the Authorization header and never names them in a gap', async () => {
    loki.setHandler((_url, response) => {
      response.statusCode = 401;
      response.end('authentication failed for token s3cr3t-t0ken\n');
    });
    loki.requests.length = 0;
    const { evidence, gaps } = await readLoki({ ...options(), authorization: 'Bearer s3cr3t-t0ken', queries: ['{app="shop"}'] });
    expect(loki.requests[0]?.headers.authorization).toBe('Bearer s3cr3t-t0ken');
    expect(evidence).toBeNull();
    expect(gaps).toEqual([{ source: 'loki', what: '{app="shop"}', reason: `Cannot read /loki/api/v1/query_range from Loki at ${base}/: HTTP 401 authentication failed for token ***` }]);
  });

  it('turns a query Loki refuses, and a metric query, into data gaps and still reads the other queries', async () => {
    loki.setHandler((url, response, lines) => {
      const query = url.searchParams.get('query') ?? '';
      if (query.startsWith('{app="shop"} |~ "(')) {
        response.statusCode = 400;
        response.end('parse error at line 1, col 15: syntax error: unexpected $end, expecting STRING\n');
      } else if (query.startsWith('rate(')) {
        response.setHeader('Content-Type', 'application/json');
        response.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { app: 'shop' }, values: [[1684000000, '0.5']] }] } }));
      } else pageForward(url, response, lines);
    });
    const queries = ['{app="shop"} |~ "(', 'rate({app="shop"}[1m])', '{app="shop", component="payments"}'];
    const { evidence, gaps } = await readLoki({ ...options(), queries });
    expect(gaps).toEqual([
      { source: 'loki', what: queries[0], reason: `Cannot read /loki/api/v1/query_range from Loki at ${base}/: HTTP 400 parse error at line 1, col 15: syntax error: unexpected $end, expecting STRING` },
      { source: 'loki', what: queries[1], reason: 'the query gives a matrix, not log lines: give a log query like {app="shop"} |= "error", not a metric query' },
    ]);
    // The tiny server ignores the selector: what matters is that the third query was still read.
    expect(evidence?.queries.map((q) => q.query)).toEqual([queries[2]]);
  });

  it('stops at the line cap and says so', async () => {
    loki.setHandler(null);
    const { evidence, gaps } = await readLoki({ ...options(), queries: ['{app="shop"}'], pageLimit: 4, maxLines: 5 });
    const lines = evidence?.queries[0]?.streams.reduce((n, s) => n + s.entries.length, 0);
    expect([lines, evidence?.queries[0]?.truncated]).toEqual([5, true]);
    expect(gaps[0]?.reason).toMatch(/^more than 5 lines: only the first ones were read/);
  });

  it('turns a Loki that is down into one data gap', async () => {
    const port = await findFreePort();
    const { evidence, gaps } = await readLoki({ ...options(), apiBase: `http://127.0.0.1:${port}`, displayUrl: `http://127.0.0.1:${port}/`, queries: ['{app="shop"}', '{app="auth"}'] });
    expect(evidence).toBeNull();
    expect(gaps).toEqual([{ source: 'loki', what: `http://127.0.0.1:${port}/ (all 2 queries)`, reason: `Cannot reach Loki at http://127.0.0.1:${port}/: connection refused` }]);
  });
});
