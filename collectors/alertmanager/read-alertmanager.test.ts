import { describe, expect, it } from 'vitest';
import type { ApiCall, RawAnswer } from '../prometheus/http-transport.js';
import { readAlertmanager } from './read-alertmanager.js';

// The happy path and an unreachable server run against a real Alertmanager (test/e2e/alertmanager.e2e.test.ts);
// these are the answers a real one does not give on demand: proxies' error pages, other APIs, old versions.

const base = { apiBase: 'http://am:9093', displayUrl: 'http://am:9093/', authorization: null, timeoutMs: 1_000, from: 1_684_000_000, to: 1_684_007_200, now: 1_684_010_000 };

function answering(answers: Readonly<Record<string, RawAnswer>>): (call: ApiCall) => Promise<RawAnswer> {
  return async (call) => answers[call.path] ?? { type: 'response', status: 404, body: '404 page not found', retryAfter: null };
}

const json = (body: unknown): RawAnswer => ({ type: 'response', status: 200, body: JSON.stringify(body), retryAfter: null });

describe('readAlertmanager()', () => {
  it('keeps the silences touching the window, in time order, with Alertmanager 0.21 matchers (no isEqual) read as equal', async () => {
    const silence = (id: string, startsAt: string, endsAt: string) => ({
      id, status: { state: 'expired' }, updatedAt: endsAt, comment: 'deploy of 2.14.0', createdBy: 'ci-bot', startsAt, endsAt,
      matchers: [{ name: 'job', value: 'shop-api', isRegex: false }],
    });
    const { evidence, gaps } = await readAlertmanager({
      ...base,
      send: answering({
        '/api/v2/alerts': json([]),
        '/api/v2/silences': json([
          silence('b-late', '2023-05-13T18:30:00.000Z', '2023-05-13T19:00:00.000Z'),
          silence('a-early', '2023-05-13T17:50:00.000Z', '2023-05-13T18:10:00.000Z'),
          silence('before', '2023-05-12T10:00:00.000Z', '2023-05-12T11:00:00.000Z'),
        ]),
      }),
    });
    expect(gaps).toEqual([]);
    expect(evidence?.silences.map((s) => [s.id, s.matchers[0]?.isEqual])).toEqual([['a-early', true], ['b-late', true]]);
  });

  it('turns an error page, a body that is not JSON and another API\'s answer into data gaps naming the endpoint', async () => {
    const { evidence, gaps } = await readAlertmanager({
      ...base,
      send: answering({
        '/api/v2/alerts': { type: 'response', status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', retryAfter: null },
        '/api/v2/silences': json({ status: 'success', data: [] }),
      }),
    });
    expect(evidence).toMatchObject({ alerts: [], silences: [] });
    expect(gaps).toEqual([
      { source: 'alertmanager', what: '/api/v2/alerts', reason: 'Cannot read /api/v2/alerts from Alertmanager at http://am:9093/: HTTP 502 <html><body><h1>502 Bad Gateway</h1></body></html>' },
      { source: 'alertmanager', what: '/api/v2/silences', reason: "unexpected answer at (root): Invalid input: expected array, received object (expected Alertmanager's v2 API)" },
    ]);
    const notJson = await readAlertmanager({ ...base, send: answering({ '/api/v2/alerts': { type: 'response', status: 200, body: 'Alertmanager is Healthy.', retryAfter: null }, '/api/v2/silences': json([]) }) });
    expect(notJson.gaps).toEqual([{ source: 'alertmanager', what: '/api/v2/alerts', reason: 'Cannot read /api/v2/alerts from Alertmanager at http://am:9093/: the answer is not JSON (is the URL right?)' }]);
  });

  it('never names the credentials, even when a proxy echoes them', async () => {
    const { gaps } = await readAlertmanager({
      ...base,
      authorization: 'Bearer am-t0ken-123',
      send: answering({
        '/api/v2/alerts': { type: 'response', status: 401, body: 'invalid token am-t0ken-123', retryAfter: null },
        '/api/v2/silences': { type: 'response', status: 401, body: 'invalid header Bearer am-t0ken-123', retryAfter: null },
      }),
    });
    expect(gaps.map((g) => g.reason).join('\n')).not.toContain('am-t0ken-123');
    expect(gaps).toHaveLength(2);
  });
});
