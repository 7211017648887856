import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEvidence } from '../../src/bundle/decode-evidence.js';
import { encodeEvidence } from '../../src/bundle/encode-evidence.js';
import { BUNDLE_VERSION } from '../../src/bundle/bundle-schema.js';
import { TOOL_VERSION } from '../../src/version.js';
import { buildCli, type BuiltCli } from './_built-cli.js';
import type { CliRun } from './_run-cli.js';

// Bundles go bad in the ways files do: cut short by a full disk, a flipped byte, a hand edit, a
// colleague's newer tool. Each is refused with one line naming the file and what is wrong, exit 2,
// and nothing is written to --out. Built from the real sample bundle of the slow-query outage.
const SAMPLE = 'samples/db-slow-query.evidence.json.gz';

let cli: BuiltCli;
let work: string;

type RawBundle = Record<string, unknown> & { window: Record<string, unknown>; gaps: { source: string; what: string; reason: string }[] };

/** The sample's JSON, parsed afresh. */
function sampleJson(): RawBundle {
  return JSON.parse(gunzipSync(readFileSync(SAMPLE)).toString('utf8')) as RawBundle;
}

/** The sample re-encoded by today's writer: the same evidence, with a sha256. */
function checksummedJson(): RawBundle {
  return JSON.parse(JSON.stringify(encodeEvidence(decodeEvidence(sampleJson(), SAMPLE)))) as RawBundle;
}

function writeBundle(name: string, content: object | Buffer): string {
  const path = join(work, name);
  writeFileSync(path, Buffer.isBuffer(content) ? content : gzipSync(JSON.stringify(content)));
  return path;
}

/** Runs reconstruct with --out over an existing report, checks the one-line refusal and that the report is untouched. */
async function refuse(bundle: string, extra: readonly string[] = []): Promise<string> {
  const folder = mkdtempSync(join(work, 'out-'));
  const out = join(folder, 'postmortem.md');
  writeFileSync(out, 'yesterday’s report\n');
  const run: CliRun = await cli.run(['reconstruct', '--bundle', bundle, '--out', out, ...extra]);
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
  expect(run.stderr).toMatch(/^incident-timeline: [^\n]+\n$/);
  expect(run.stderr).not.toMatch(/\bat .*:\d+:\d+|Error:/);
  // Nothing half-written: the old report stays whole and no temporary file is left beside it.
  expect(readdirSync(folder)).toEqual(['postmortem.md']);
  expect(readFileSync(out, 'utf8')).toBe('yesterday’s report\n');
  return run.stderr.slice('incident-timeline: '.length).trimEnd();
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'bundle-bad-input-'));
  cli = await buildCli();
}, 180_000);

afterAll(() => {
  cli?.remove();
  rmSync(work, { recursive: true, force: true });
});

describe('reconstruct --bundle with a bad bundle (exit 2, one line, nothing written)', () => {
  it('refuses a bundle with a byte changed inside its compressed data (gzip CRC)', async () => {
    const bytes = Buffer.from(readFileSync(SAMPLE));
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] as number) ^ 0x5a;
    const bundle = writeBundle('flipped.json.gz', bytes);
    expect(await refuse(bundle)).toMatch(new RegExp(`^--bundle ${bundle.replace(/[.]/g, '\\.')} is truncated or corrupt \\(gzip: [^)]+\\); expected an evidence bundle written by`));
  });

  it('refuses a bundle cut short', async () => {
    const bytes = readFileSync(SAMPLE);
    const bundle = writeBundle('cut.json.gz', bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    expect(await refuse(bundle)).toMatch(/ is truncated or corrupt \(gzip: unexpected end of file\)/);
  });

  it('refuses valid gzip whose JSON was edited out of the bundle layout, saying where', async () => {
    const edited = sampleJson();
    edited.window = { ...edited.window, stepSeconds: '15s' };
    const bundle = writeBundle('edited-layout.json.gz', edited);
    expect(await refuse(bundle)).toBe(`--bundle ${bundle} is damaged or incomplete at window.stepSeconds: Invalid input: expected number, received string; expected an evidence bundle written by \`incident-timeline capture\``);
  });

  it('refuses a checksummed bundle whose JSON was edited within the layout, naming the checksum', async () => {
    const edited = checksummedJson();
    edited.gaps = [...edited.gaps, { source: 'prometheus', what: 'up', reason: 'HTTP 503' }];
    const bundle = writeBundle('edited-values.json.gz', edited);
    expect(await refuse(bundle)).toBe(
      `--bundle ${bundle} does not match its sha256 checksum: the evidence bundle was changed or corrupted after capture (to read a deliberately edited bundle, delete its "sha256" field)`,
    );
  });

  it('refuses a bundle from a newer version, naming its writer and what this version reads', async () => {
    const newer = { ...sampleJson(), version: BUNDLE_VERSION + 1, toolVersion: '9.4.0', traces: [] };
    const bundle = writeBundle('newer.json.gz', newer);
    expect(await refuse(bundle)).toBe(
      `--bundle ${bundle} was written by incident-timeline 9.4.0 (evidence bundle format v${BUNDLE_VERSION + 1}); this version (${TOOL_VERSION}) reads up to v${BUNDLE_VERSION}: upgrade incident-timeline`,
    );
  });
});

describe('bundle compatibility', () => {
  it('reads the sample, written before checksums, and its re-encoding with one: the same report, byte for byte', async () => {
    expect('sha256' in sampleJson()).toBe(false);
    const checksummed = writeBundle('checksummed.json.gz', checksummedJson());
    const old = await cli.run(['reconstruct', '--bundle', SAMPLE, '--format', 'json', '--quiet']);
    const current = await cli.run(['reconstruct', '--bundle', checksummed, '--format', 'json', '--quiet']);
    expect({ code: old.code, stderr: old.stderr }).toEqual({ code: 0, stderr: '' });
    expect(current.code).toBe(0);
    expect(current.stdout).toBe(old.stdout);
  });
});

describe('an unwritable --out (exit 2, one line, nothing written)', () => {
  it('refuses --out under a file as if it were a folder, before reading the bundle', async () => {
    const file = join(work, 'a-file');
    writeFileSync(file, '');
    const run = await cli.run(['reconstruct', '--bundle', SAMPLE, '--out', join(file, 'report.md')]);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `incident-timeline: --out ${join(file, 'report.md')} cannot be written: a part of its path is a file, not a folder; expected a file path in an existing folder\n`,
    });
  });

  it('refuses capture --out into a missing folder before asking any server', async () => {
    const out = join(work, 'no-such-folder', 'outage.json.gz');
    // Port 9 (discard) would hang or refuse: the refusal must come first, from --out alone.
    const run = await cli.run(['capture', '--prometheus', 'http://127.0.0.1:9', '--from', '2023-05-13 19:00', '--to', '2023-05-13 21:00', '--out', out]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 2,
      stderr: `incident-timeline: --out ${out} cannot be written: its folder does not exist; expected a file path in an existing folder\n`,
    });
  });
});
