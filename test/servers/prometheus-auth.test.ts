import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient, resolvePrometheusCredentials } from '../../collectors/prometheus/index.js';
import { FIXTURE_END, FIXTURE_START } from './exporter-fixture.js';
import { startFixturePrometheus, type FixturePrometheus } from './fixture-prometheus.js';
import { createTestCertificates, type TestCertificates } from './tls-certificates.js';

// Prometheus 2.42's own basic auth and TLS (`--web.config.file`), with a private CA.

const USER = 'alice';
const PASSWORD = 'correct horse battery staple';
// bcrypt of PASSWORD at cost 6, made once with glibc's crypt(3) (Python: crypt.crypt(PASSWORD,
// crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=64))): Node has no bcrypt and a fixed test hash does
// not justify a dependency.
const PASSWORD_BCRYPT = '$2b$06$YAydYL51x3YMuFLIz3al2e0COtDFuycfMObiKplOfgLaexuR.t7AK';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const noWait = { sleep: async () => {} };

let dir: string;
let certs: TestCertificates;
let fixture: FixturePrometheus;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'incident-timeline-auth-'));
  certs = createTestCertificates(dir);
  const webConfigYaml = [
    'tls_server_config:',
    `  cert_file: ${JSON.stringify(certs.certFile)}`,
    `  key_file: ${JSON.stringify(certs.keyFile)}`,
    'basic_auth_users:',
    `  ${USER}: ${JSON.stringify(PASSWORD_BCRYPT)}`,
    '',
  ].join('\n');
  fixture = await startFixturePrometheus({ webConfigYaml, readiness: { headers: { Authorization: BASIC }, caCert: certs.caCert } });
  url = fixture.prometheus.url;
});
afterAll(async () => {
  await fixture?.cleanup();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('basic auth on real Prometheus', () => {
  it('is unauthorized without credentials', async () => {
    const client = createPrometheusClient({ url, caCert: certs.caCert, retry: noWait });
    expect(await client.labelNames(FIXTURE_START, FIXTURE_END)).toEqual({
      ok: false,
      error: { kind: 'unauthorized', status: 401, message: `Cannot read /api/v1/labels from Prometheus at ${url}/: HTTP 401: Unauthorized` },
    });
  });

  it('succeeds with the credentials as an option', async () => {
    const client = createPrometheusClient({ url, caCert: certs.caCert, auth: { kind: 'basic', username: USER, password: PASSWORD } });
    const answer = await client.queryRange('up', { start: FIXTURE_START, end: FIXTURE_END, step: 60 });
    expect(answer.ok && answer.value.series).toHaveLength(3);
  });

  it('succeeds with the credentials in the URL, and shows the URL without them', async () => {
    const withUserInfo = url.replace('https://', `https://${USER}:${encodeURIComponent(PASSWORD)}@`);
    const client = createPrometheusClient({ url: withUserInfo, caCert: certs.caCert });
    expect(client.displayUrl).toBe(`${url}/`);
    expect((await client.labelValues('job', FIXTURE_START, FIXTURE_END)).ok).toBe(true);
  });

  it('never shows a wrong password in the error', async () => {
    const wrongPassword = `${PASSWORD} (old)`;
    const viaOption = createPrometheusClient({ url, caCert: certs.caCert, auth: { kind: 'basic', username: USER, password: wrongPassword } });
    const viaUrl = createPrometheusClient({ url: url.replace('https://', `https://${USER}:${encodeURIComponent(wrongPassword)}@`), caCert: certs.caCert });
    for (const answer of [await viaOption.queryRange('up', { start: FIXTURE_START, end: FIXTURE_END, step: 60 }), await viaUrl.rules()]) {
      expect(!answer.ok && answer.error.kind).toBe('unauthorized');
      const shown = JSON.stringify(answer);
      for (const secret of [wrongPassword, encodeURIComponent(wrongPassword), 'old', Buffer.from(`${USER}:${wrongPassword}`).toString('base64')]) {
        expect(shown).not.toContain(secret);
      }
    }
  });

  it('works end to end with credentials resolved from files', async () => {
    const passwordFile = path.join(dir, 'password');
    writeFileSync(passwordFile, `${PASSWORD}\n`);
    const credentials = resolvePrometheusCredentials({ basicAuthUser: USER, basicAuthPasswordFile: passwordFile }, { PROMETHEUS_CA_FILE: certs.caCertFile });
    if (!credentials.ok) throw new Error(credentials.error);
    const { auth, caCert } = credentials.value;
    const client = createPrometheusClient({ url, ...(auth === null ? {} : { auth }), ...(caCert === null ? {} : { caCert }) });
    expect(await client.buildInfo()).toMatchObject({ ok: true, value: { version: expect.stringMatching(/^2\.42\./) } });
  });
});

describe('TLS with a private CA on real Prometheus', () => {
  it('refuses a server whose CA it was not given, at once, saying how to fix it', async () => {
    let attempts = 0;
    const client = createPrometheusClient({ url, auth: { kind: 'basic', username: USER, password: PASSWORD }, onRequestDone: (info) => (attempts = info.attempts) });
    expect(await client.labelNames(FIXTURE_START, FIXTURE_END)).toEqual({
      ok: false,
      error: {
        kind: 'unreachable',
        status: null,
        message: `Cannot reach Prometheus at ${url}/: TLS certificate not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE); give its CA certificate with PROMETHEUS_CA_FILE`,
      },
    });
    expect(attempts).toBe(1);
  });

  it('explains plain http sent to the TLS port', async () => {
    const client = createPrometheusClient({ url: url.replace('https://', 'http://'), retry: noWait });
    const answer = await client.labelNames(FIXTURE_START, FIXTURE_END);
    expect(!answer.ok && answer.error).toMatchObject({ kind: 'unreachable', status: 400 });
    expect(!answer.ok && answer.error.message).toContain('use https://');
  });
});
