import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../reports/html.js';
import { renderJson } from '../../reports/json.js';
import { renderMarkdown } from '../../reports/markdown.js';
import { anomaly, authDeadlock, event, utc } from '../../reports/_testing.js';
import type { Reconstruction } from '../model/index.js';
import { redactReconstruction } from './redact-reconstruction.js';

/** Each kind of secret, where it turns up in an outage's evidence, and the part that must not show. */
const SECRETS = [
  { kind: 'url password', secret: 'Zq7-hunter2', line: 'pool: cannot connect to postgres://auth:Zq7-hunter2@db1:5432/auth: too many clients' },
  { kind: 'authorization header', secret: 'c2VydmljZTpzM2NyM3Q=', line: 'upstream 401, request had Authorization: Basic c2VydmljZTpzM2NyM3Q=' },
  { kind: 'token field', secret: 'tok_8f2b1c9e7d', line: 'level=error msg="refresh failed" refresh_token=tok_8f2b1c9e7d' },
  { kind: 'API key', secret: 'AKIAJ7Q2EXAMPLE4QXYZ', line: 'backup upload denied for AKIAJ7Q2EXAMPLE4QXYZ' },
  { kind: 'e-mail address', secret: 'oncall.lead', line: 'paged oncall.lead@shop.example.com' },
] as const;

/** The auth-deadlock outage with every secret in a log event's title and evidence, a label and an annotation. */
function withSecrets(): Reconstruction {
  const base = authDeadlock();
  const logs = SECRETS.map((entry, i) =>
    event({
      time: utc('2023-05-13T16:01:00Z') + i * 60,
      kind: 'log',
      source: 'logs',
      title: `Log: ${entry.line}`,
      labels: { app: 'auth-service', stream: entry.line },
      evidence: { line: entry.line, file: '/var/log/auth/app.log' },
    }),
  );
  const top = anomaly({ rank: 1, labels: { instance: 'db1:9187', job: 'postgres', datname: 'auth', dsn: 'postgres://auth:Zq7-hunter2@db1:5432/auth' } });
  return { ...base, anomalies: [top, ...base.anomalies.slice(1)], events: [...base.events, ...logs] };
}

const FORMATS = {
  markdown: (r: Reconstruction) => renderMarkdown(r),
  json: (r: Reconstruction) => renderJson(r),
  html: (r: Reconstruction) => renderHtml(r, { chartLibrary: { script: '', style: '' } }),
} as const;

describe('redactReconstruction()', () => {
  for (const [format, render] of Object.entries(FORMATS)) {
    it(`masks every kind of secret in the ${format} report`, () => {
      const raw = render(withSecrets());
      const redacted = render(redactReconstruction(withSecrets()));
      for (const { kind, secret } of SECRETS) {
        // Unredacted, the secret is there (the test would prove nothing otherwise); redacted, it is not.
        expect({ kind, format, shownRaw: raw.includes(secret) }).toEqual({ kind, format, shownRaw: true });
        expect({ kind, format, shownRedacted: redacted.includes(secret) }).toEqual({ kind, format, shownRedacted: false });
      }
      // What surrounds a secret stays readable.
      expect(redacted).toContain('shop.example.com');
      expect(redacted).toContain('db1:5432/auth');
    });
  }

  it('changes nothing in an outage without secrets, and leaves its input untouched', () => {
    const clean = authDeadlock();
    const before = JSON.stringify(clean);
    expect(renderJson(redactReconstruction(clean))).toBe(renderJson(clean));
    expect(renderMarkdown(redactReconstruction(clean))).toBe(renderMarkdown(clean));
    const dirty = withSecrets();
    const dirtyBefore = renderJson(dirty);
    redactReconstruction(dirty);
    expect(renderJson(dirty)).toBe(dirtyBefore);
    expect(JSON.stringify(clean)).toBe(before);
  });
});
