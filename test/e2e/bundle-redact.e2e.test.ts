import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEvidence } from '../../src/bundle/decode-evidence.js';
import { encodeEvidence } from '../../src/bundle/encode-evidence.js';
import { runCli } from './_run-cli.js';

// Secrets reach a report through what people and tools wrote during the outage: the incident
// channel's notes and the CI's change log, kept in the bundle. The report masks them by default in
// every format; --no-redact keeps them for a reader who needs the raw text.
const SAMPLE = 'samples/db-slow-query.evidence.json.gz';
const SECRETS = ['Pa55-w0rd!', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvcHMifQ.c2lnbmF0dXJlMTIz', 'sre.oncall', 'AKIAZ3KXEXAMPLE7Q2WE'];

let work: string;
let bundle: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bundle-redact-'));
  const evidence = decodeEvidence(JSON.parse(gunzipSync(readFileSync(SAMPLE)).toString('utf8')), SAMPLE);
  const at = (minutes: number) => evidence.window.from + minutes * 60;
  const withSecrets = {
    ...evidence,
    notes: [
      { file: 'incident-channel.txt', line: 3, time: at(10), text: 'psql postgres://shop:Pa55-w0rd!@db1:5432/shop works from the bastion' },
      { file: 'incident-channel.txt', line: 7, time: at(20), text: 'paged sre.oncall@shop.example.com, curl -H "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvcHMifQ.c2lnbmF0dXJlMTIz"' },
    ],
    changes: [
      { file: 'deploys.csv', line: 2, time: at(-5), target: 'shop-api', kind: 'config' as const, description: 'rotate backup key AKIAZ3KXEXAMPLE7Q2WE', fields: {} },
    ],
  };
  bundle = join(work, 'with-secrets.json.gz');
  writeFileSync(bundle, gzipSync(JSON.stringify(encodeEvidence(withSecrets))));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('redaction of the report (--no-redact to keep secrets)', () => {
  for (const format of ['markdown', 'json', 'html'] as const) {
    it(`masks passwords in URLs, Authorization headers, API keys and e-mail addresses in ${format}; --no-redact keeps them`, async () => {
      const [redacted, raw] = await Promise.all([
        runCli(['reconstruct', '--bundle', bundle, '--format', format, '--quiet']),
        runCli(['reconstruct', '--bundle', bundle, '--format', format, '--quiet', '--no-redact']),
      ]);
      expect([redacted.code, raw.code]).toEqual([0, 0]);
      for (const secret of SECRETS) {
        expect({ secret, inRaw: raw.stdout.includes(secret), inRedacted: redacted.stdout.includes(secret) }).toEqual({ secret, inRaw: true, inRedacted: false });
      }
      // The rest of each line stays: whom was paged (the domain), which database, which key was rotated.
      expect(redacted.stdout).toContain('shop.example.com');
      expect(redacted.stdout).toContain('db1:5432/shop');
      expect(redacted.stdout).toContain('rotate backup key');
    });
  }
});
