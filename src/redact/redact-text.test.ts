import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASK, redactText } from './redact-text.js';

describe('redactText()', () => {
  it.each([
    ['a password in a URL', 'dial tcp: postgres://app:s3cr3t-Pw@db1.internal:5432/shop failed', 'postgres://app:***@db1.internal:5432/shop', 's3cr3t-Pw'],
    ['an Authorization header (Bearer)', 'upstream said 401 to Authorization: Bearer 9f8e7d6c5b4a3f2e1d0c', 'Authorization: Bearer ***', '9f8e7d6c5b4a3f2e1d0c'],
    ['an Authorization header (Basic, JSON)', '{"headers":{"authorization":"Basic YWxpY2U6aHVudGVyMg=="}}', '"authorization":"Basic ***"', 'YWxpY2U6aHVudGVyMg=='],
    ['a password field in a query string', 'GET /login?user=ann&password=hunter2&next=%2F HTTP/1.1', 'password=***&next', 'hunter2'],
    ['an access token in a query string', 'GET /api/v1/orders?access_token=ya29.a0AfH6SMB HTTP/2.0', 'access_token=***', 'ya29.a0AfH6SMB'],
    ['an API key field (JSON)', '{"level":"error","api_key":"k_live_51HqLy2","msg":"quota"}', '"api_key":"***"', 'k_live_51HqLy2'],
    ['an X-API-Key header', 'X-Api-Key: 4f1c2d3e4f5a6b7c', 'X-Api-Key: ***', '4f1c2d3e4f5a6b7c'],
    ['a client secret (logfmt)', 'level=warn client_secret=Zx9!qQ2 msg="token refresh"', 'client_secret=***', 'Zx9!qQ2'],
    ['a JWT on its own', 'rejected eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.dBjftJeZ4CVPmB92K27uhbUJU1p1r', 'rejected ***', 'eyJhbGciOiJIUzI1NiJ9'],
    ['an AWS access key id', 'S3 PutObject denied for AKIAIOSFODNN7EXAMPLE', 'denied for ***', 'AKIAIOSFODNN7EXAMPLE'],
    ['a GitHub token', 'clone with ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R', 'clone with ***', 'ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R'],
    ['a Slack token', 'notify via xoxb-123456789012-abcdefABCDEF', 'notify via ***', 'xoxb-123456789012'],
    ['an e-mail address', 'login failed for jane.doe+ops@example.co.uk from 10.0.0.7', 'for ***@example.co.uk from 10.0.0.7', 'jane.doe'],
  ])('masks %s', (_kind, text, kept, secret) => {
    const redacted = redactText(text);
    expect(redacted).toContain(kept);
    expect(redacted).not.toContain(secret);
  });

  it.each([
    ['a PostgreSQL log prefix user@database', '2023-05-13 16:05:01.123 UTC [4242] app@shop ERROR:  deadlock detected'],
    ['versions and hashes', 'deploy auth-service v2.4.1 → v2.4.2 (config_hash a41f9c2e → 7d03b5e1) on auth1:8080'],
    ['query ids and durations', 'duration: 1834.221 ms  queryid=-6812355452143417912 statement: SELECT * FROM orders WHERE id = $1'],
    ['metric and field names that contain a secret word', 'password_resets_total rose; tokens_used=5120 token_bucket_size 40 session_count=3'],
    ['PromQL with label matchers', 'rate(pg_stat_statements_calls_total{datname="shop",queryid="123"}[5m])'],
    ['a URL without a password', 'GET https://api.example.com/v1/orders?page=2 → 503'],
    ['a user name in a URL without a password', 'redis://cache@redis1:6379/0 timed out'],
    ['an alert annotation', 'High error rate on auth-service: 58 % of requests failed for 5m'],
  ])('leaves %s as it is', (_kind, text) => {
    expect(redactText(text)).toBe(text);
  });

  it('is idempotent, never grows a mask, and leaves text without secret markers unchanged', () => {
    // Text from letters, digits, spaces and ordinary punctuation, with no "@", "=", ":" or key word.
    const plain = fc.stringMatching(/^[a-zA-Z0-9 .,()\[\]{}_\-→%]{0,80}$/).filter((s) => !/pass|pwd|secret|token|key|auth|bearer|cookie|session|credential|eyJ|AKIA|ASIA|gh[pousr]_|xox|AIza|[sr]k_/i.test(s));
    fc.assert(fc.property(plain, (text) => redactText(text) === text));
    const anything = fc.string({ maxLength: 120 });
    fc.assert(fc.property(anything, (text) => redactText(redactText(text)) === redactText(text)));
    expect(redactText(`password=${MASK}`)).toBe(`password=${MASK}`);
  });
});
