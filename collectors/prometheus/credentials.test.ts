import { describe, expect, it } from 'vitest';
import { resolvePrometheusCredentials, type ReadTextFile } from './credentials.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

/** A fake file system: missing paths throw like Node does. */
function files(contents: Record<string, string>): ReadTextFile {
  return (path) => {
    const text = contents[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    return text;
  };
}

describe('resolvePrometheusCredentials()', () => {
  it('resolvePrometheusCredentials() returns no auth when nothing is set', () => {
    expect(resolvePrometheusCredentials({}, {}, files({}))).toEqual({ ok: true, value: { auth: null, caCert: null } });
  });

  it('resolvePrometheusCredentials() reads a bearer token from the environment or a file, without the trailing newline', () => {
    expect(resolvePrometheusCredentials({}, { PROMETHEUS_BEARER_TOKEN: 'tok' }, files({}))).toEqual({ ok: true, value: { auth: { kind: 'bearer', token: 'tok' }, caCert: null } });
    expect(resolvePrometheusCredentials({}, { PROMETHEUS_BEARER_TOKEN_FILE: '/t' }, files({ '/t': 'from-file\n' }))).toEqual({
      ok: true,
      value: { auth: { kind: 'bearer', token: 'from-file' }, caCert: null },
    });
  });

  it('resolvePrometheusCredentials() prefers the flag to the environment', () => {
    const result = resolvePrometheusCredentials({ bearerTokenFile: '/flag' }, { PROMETHEUS_BEARER_TOKEN: 'env', PROMETHEUS_BEARER_TOKEN_FILE: '/env' }, files({ '/flag': 'flag-token\r\n', '/env': 'env-token' }));
    expect(result).toEqual({ ok: true, value: { auth: { kind: 'bearer', token: 'flag-token' }, caCert: null } });
  });

  it('resolvePrometheusCredentials() refuses two environment variables for one secret', () => {
    const result = resolvePrometheusCredentials({}, { PROMETHEUS_BEARER_TOKEN: 'a', PROMETHEUS_BEARER_TOKEN_FILE: '/t' }, files({ '/t': 'b' }));
    expect(result).toEqual({ ok: false, error: 'Both PROMETHEUS_BEARER_TOKEN and PROMETHEUS_BEARER_TOKEN_FILE are set; set only one' });
  });

  it('resolvePrometheusCredentials() builds basic auth from a user and a password file', () => {
    const result = resolvePrometheusCredentials({ basicAuthUser: 'alice', basicAuthPasswordFile: '/p' }, { PROMETHEUS_USERNAME: 'bob' }, files({ '/p': 'hunter2\n' }));
    expect(result).toEqual({ ok: true, value: { auth: { kind: 'basic', username: 'alice', password: 'hunter2' }, caCert: null } });
    expect(resolvePrometheusCredentials({}, { PROMETHEUS_USERNAME: 'bob', PROMETHEUS_PASSWORD: 'pw' }, files({}))).toEqual({
      ok: true,
      value: { auth: { kind: 'basic', username: 'bob', password: 'pw' }, caCert: null },
    });
  });

  it('resolvePrometheusCredentials() names a missing file, never a secret', () => {
    const result = resolvePrometheusCredentials({ basicAuthUser: 'alice', basicAuthPasswordFile: '/nope' }, {}, files({}));
    expect(result).toEqual({ ok: false, error: 'Cannot read the password file "/nope" (from --basic-auth-password-file): no such file' });
  });

  it('resolvePrometheusCredentials() refuses an empty secret file', () => {
    const result = resolvePrometheusCredentials({}, { PROMETHEUS_BEARER_TOKEN_FILE: '/t' }, files({ '/t': '\n' }));
    expect(result).toEqual({ ok: false, error: 'The bearer token file "/t" (from PROMETHEUS_BEARER_TOKEN_FILE) is empty' });
  });

  it('resolvePrometheusCredentials() refuses a user without a password and a password without a user', () => {
    expect(resolvePrometheusCredentials({ basicAuthUser: 'alice' }, {}, files({})).ok).toBe(false);
    const noUser = resolvePrometheusCredentials({}, { PROMETHEUS_PASSWORD: 'hunter2' }, files({}));
    expect(noUser.ok).toBe(false);
    expect(!noUser.ok && noUser.error).not.toContain('hunter2');
  });

  it('resolvePrometheusCredentials() refuses bearer and basic auth together', () => {
    const result = resolvePrometheusCredentials({}, { PROMETHEUS_BEARER_TOKEN: 't', PROMETHEUS_USERNAME: 'u', PROMETHEUS_PASSWORD: 'p' }, files({}));
    expect(result).toEqual({ ok: false, error: 'Both a bearer token and basic-auth credentials are given; use only one' });
  });

  it('resolvePrometheusCredentials() treats an empty environment variable as unset', () => {
    expect(resolvePrometheusCredentials({}, { PROMETHEUS_BEARER_TOKEN: '', PROMETHEUS_CA_FILE: '' }, files({}))).toEqual({ ok: true, value: { auth: null, caCert: null } });
  });

  it('resolvePrometheusCredentials() reads a CA file and checks it is PEM', () => {
    expect(resolvePrometheusCredentials({}, { PROMETHEUS_CA_FILE: '/ca' }, files({ '/ca': PEM }))).toEqual({ ok: true, value: { auth: null, caCert: PEM.trimEnd() } });
    expect(resolvePrometheusCredentials({ caFile: '/bad' }, {}, files({ '/bad': 'not a cert' }))).toEqual({
      ok: false,
      error: 'The CA certificate file "/bad" (from --ca-file) holds no PEM certificate',
    });
  });
});
