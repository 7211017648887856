import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../reports/json.js';
import { findFreePort, startFaultProxy, type FaultProxy, type ProxiedRequest } from '../servers/index.js';
import { startSmallPrometheus, type SmallPrometheus } from './_bad-input-server.js';
import { buildCli, type BuiltCli } from './_built-cli.js';
import type { CliRun } from './_run-cli.js';

// The issue's "Bad input" list, through the real command line against a real Prometheus: every
// unusable input is refused with one line on stderr naming the input, no stack trace, and nothing
// left at --out; a source that answers partly still gives a report, with the gaps listed.

type Expect = typeof expect;

/** The outage as the operator states it, inside the backfilled history (2023-10-15 00:00–04:00 UTC). */
const WINDOW = ['--from', '2023-10-15 03:00', '--to', '2023-10-15 03:45', '--lookback', '2h'];
const RIGHT_TOKEN = 'right-token-7Qx9';
const WRONG_TOKEN = 'wrong-token-K2m4';
const URL_PASSWORD = 's3cret';
const ENV_PASSWORD = 'correct horse: battery/staple';
const FILE_PASSWORD = 'tr0ub4dor&3-from-file';

/** The command line as shipped (compiled), run in a child process. */
let cli: BuiltCli;
let server: SmallPrometheus;
let workDir: string;
/** Demands `Authorization: Bearer RIGHT_TOKEN`, like an authenticating reverse proxy. */
let tokenProxy: FaultProxy;
/** Answers every request 401 and echoes the credentials it got, like a careless proxy would. */
let echoProxy: FaultProxy;
/** Fails every range query of network metrics with 503: a source that answers partly. */
let flakyProxy: FaultProxy;
/** Forwards everything; used by one test only, which checks that no request was sent. */
let untouchedProxy: FaultProxy;
let bundle: string;

const isNetworkRangeQuery = (request: ProxiedRequest) =>
  request.path === '/api/v1/query_range' && (request.params.get('query') ?? '').includes('node_network');

function echoCredentials(request: ProxiedRequest) {
  const authorization = request.headers.authorization ?? '(none)';
  const basic = /^Basic (.+)$/.exec(authorization);
  const decoded = basic?.[1] === undefined ? '' : Buffer.from(basic[1], 'base64').toString('utf8');
  const error = `credentials refused: ${authorization} ${decoded}`;
  return { kind: 'respond' as const, status: 401, body: JSON.stringify({ status: 'error', errorType: 'unauthorized', error }) };
}

beforeAll(async () => {
  [server, cli] = await Promise.all([startSmallPrometheus(), buildCli()]);
  const target = server.prometheus.url;
  [tokenProxy, echoProxy, flakyProxy, untouchedProxy] = await Promise.all([
    startFaultProxy({ target, bearerToken: RIGHT_TOKEN }),
    startFaultProxy({ target, fault: echoCredentials }),
    startFaultProxy({ target, fault: (request) => (isNetworkRangeQuery(request) ? { kind: 'respond', status: 503 } : undefined) }),
    startFaultProxy({ target }),
  ]);
  workDir = mkdtempSync(join(tmpdir(), 'incident-timeline-bad-input-'));
  bundle = join(workDir, 'evidence.json.gz');
  const capture = await cli.run(['capture', '--prometheus', target, ...WINDOW, '--quiet', '--out', bundle]);
  if (capture.code !== 0) throw new Error(`capture for the bundle cases failed: ${capture.stderr}`);
});

afterAll(async () => {
  await Promise.all([tokenProxy?.stop(), echoProxy?.stop(), flakyProxy?.stop(), untouchedProxy?.stop()]);
  await server?.stop();
  cli?.remove();
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
});

/** A fresh, empty folder for one run's --out, so anything left in it (the report, a temp file) shows. */
function outFolder(): string {
  return mkdtempSync(join(workDir, 'out-'));
}

/**
 * Checks the contract for unusable input: the exit status, nothing on stdout, exactly one line on
 * stderr naming the problem, no stack frames. Returns the line without the program name.
 */
function expectOneLineRefusal(expect: Expect, run: CliRun, code: number): string {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code, stdout: '' });
  expect(run.stderr).toMatch(/^incident-timeline: [^\n]+\n$/);
  expect(run.stderr).not.toMatch(/\bat .*:\d+:\d+|Error:|internal error/);
  return run.stderr.slice('incident-timeline: '.length).trimEnd();
}

/**
 * Runs `reconstruct` with `--out` into a fresh folder (and progress on, so stray progress lines would
 * show) and checks the refusal; also that the folder is still empty afterwards.
 */
async function refuse(expect: Expect, args: readonly string[], code: number, env: Readonly<Record<string, string>> = {}): Promise<string> {
  const folder = outFolder();
  const run = await cli.run(['reconstruct', ...args, '--out', join(folder, 'report.md')], env);
  const line = expectOneLineRefusal(expect, run, code);
  expect(readdirSync(folder)).toEqual([]);
  return line;
}

/** Everything a run showed, for secret checks. */
const shown = (run: CliRun) => `${run.stdout}\n${run.stderr}`;

/** The forms a secret could leak in: as is, URL-encoded, inside a basic-auth header. */
function leakedForms(user: string, secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(`${user}:${secret}`).toString('base64')];
}

describe.concurrent('an unusable Prometheus (exit 1)', () => {
  it('refuses an unreachable server with one line naming its URL', async ({ expect }) => {
    const port = await findFreePort(); // free, so nothing listens on it
    const line = await refuse(expect, ['--prometheus', `http://127.0.0.1:${port}`, ...WINDOW], 1);
    expect(line).toContain(`Cannot reach Prometheus at http://127.0.0.1:${port}/: connection refused`);
    expect(line).toContain('--prometheus');
  });

  it('refuses a URL whose path is not a Prometheus API, saying it was not found', async ({ expect }) => {
    const url = `${server.prometheus.url}/nothing-here`;
    const line = await refuse(expect, ['--prometheus', url, ...WINDOW], 1);
    expect(line).toContain(`at ${url}: HTTP 404`);
    expect(line).toMatch(/not found/i);
    expect(line).toMatch(/expected .*base URL/);
  });

  it('refuses a server that wants a bearer token when none is given, and says which variable to set', async ({ expect }) => {
    const line = await refuse(expect, ['--prometheus', tokenProxy.url, ...WINDOW], 1);
    expect(line).toContain('HTTP 401');
    expect(line).toContain('PROMETHEUS_BEARER_TOKEN');
  });

  it('refuses a wrong bearer token without ever showing it', async ({ expect }) => {
    const folder = outFolder();
    const run = await cli.run(['reconstruct', '--prometheus', tokenProxy.url, ...WINDOW, '--out', join(folder, 'r.md')], { PROMETHEUS_BEARER_TOKEN: WRONG_TOKEN });
    expect(expectOneLineRefusal(expect, run, 1)).toContain('HTTP 401: Unauthorized (the server refused the credentials given)');
    expect(shown(run)).not.toContain(WRONG_TOKEN);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('writes the report with the right bearer token, stdout empty, token not shown', async ({ expect }) => {
    const out = join(outFolder(), 'report.json');
    const run = await cli.run(['reconstruct', '--prometheus', tokenProxy.url, ...WINDOW, '--format', 'json', '--out', out], { PROMETHEUS_BEARER_TOKEN: RIGHT_TOKEN });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: '' });
    expect(shown(run)).not.toContain(RIGHT_TOKEN);
    expect((JSON.parse(readFileSync(out, 'utf8')) as ReportJson).anomalies.length).toBeGreaterThan(0);
  });

  it('refuses basic auth from the URL through a proxy that answers 401, never showing the password', async ({ expect }) => {
    const withUserInfo = echoProxy.url.replace('http://', `http://bob:${URL_PASSWORD}@`);
    const folder = outFolder();
    const run = await cli.run(['reconstruct', '--prometheus', withUserInfo, ...WINDOW, '--out', join(folder, 'r.md')]);
    const line = expectOneLineRefusal(expect, run, 1);
    expect(line).toContain(`at ${echoProxy.url}/: HTTP 401`);
    for (const leak of [...leakedForms('bob', URL_PASSWORD), `bob:${URL_PASSWORD}@`]) expect(shown(run)).not.toContain(leak);
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe.concurrent('secrets never shown, even on errors', () => {
  it('hides PROMETHEUS_PASSWORD when the server echoes the credentials in its 401', async ({ expect }) => {
    const run = await cli.run(['reconstruct', '--prometheus', echoProxy.url, ...WINDOW], { PROMETHEUS_USERNAME: 'bob', PROMETHEUS_PASSWORD: ENV_PASSWORD });
    expect(expectOneLineRefusal(expect, run, 1)).toContain('HTTP 401');
    expect(echoProxy.requests.some((r) => r.headers.authorization === `Basic ${Buffer.from(`bob:${ENV_PASSWORD}`).toString('base64')}`)).toBe(true);
    for (const leak of leakedForms('bob', ENV_PASSWORD)) expect(shown(run)).not.toContain(leak);
  });

  it('hides the content of --basic-auth-password-file when the server echoes it', async ({ expect }) => {
    const passwordFile = join(workDir, 'password');
    writeFileSync(passwordFile, `${FILE_PASSWORD}\n`);
    const run = await cli.run(['reconstruct', '--prometheus', echoProxy.url, ...WINDOW, '--basic-auth-user', 'bob', '--basic-auth-password-file', passwordFile]);
    expect(expectOneLineRefusal(expect, run, 1)).toContain('HTTP 401');
    for (const leak of leakedForms('bob', FILE_PASSWORD)) expect(shown(run)).not.toContain(leak);
  });

  it('hides a bearer token the server echoes back', async ({ expect }) => {
    const run = await cli.run(['reconstruct', '--prometheus', echoProxy.url, ...WINDOW], { PROMETHEUS_BEARER_TOKEN: RIGHT_TOKEN });
    expect(expectOneLineRefusal(expect, run, 1)).toContain('HTTP 401');
    expect(shown(run)).not.toContain(RIGHT_TOKEN);
  });

  it('keeps user info of the URL out of the report and the progress', async ({ expect }) => {
    const withUserInfo = server.prometheus.url.replace('http://', `http://bob:${URL_PASSWORD}@`);
    const run = await cli.run(['reconstruct', '--prometheus', withUserInfo, ...WINDOW, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ReportJson;
    expect(report.source).toMatchObject({ kind: 'prometheus', url: `${server.prometheus.url}/` });
    expect(run.stderr).toContain(`on ${server.prometheus.url}/`);
    for (const leak of [...leakedForms('bob', URL_PASSWORD), 'bob:']) expect(shown(run)).not.toContain(leak);
  });
});

describe.concurrent('PromQL and selectors (exit 2)', () => {
  it('refuses an unbalanced selector, naming it', async ({ expect }) => {
    const line = await refuse(expect, ['--prometheus', server.prometheus.url, ...WINDOW, '--select', 'up{job="x"'], 2);
    expect(line).toMatch(/^--select "up\{job="x"" is not a series selector: expected /);
  });

  it('refuses a function call where a selector is expected', async ({ expect }) => {
    const line = await refuse(expect, ['--prometheus', server.prometheus.url, ...WINDOW, '--select', 'rate(x[5m])'], 2);
    expect(line).toMatch(/^--select "rate\(x\[5m\]\)" is not a series selector/);
  });

  it('passes on the server\'s parse error for a selector only the server can judge', async ({ expect }) => {
    const line = await refuse(expect, ['--prometheus', server.prometheus.url, ...WINDOW, '--select', '{job=~"("}'], 2);
    expect(line).toMatch(/^--select \{job=~"\("\}: .*HTTP 400 bad_data: .*parse error/);
  });

  it('refuses a selector that matches nothing, naming the selector', async ({ expect }) => {
    const line = await refuse(expect, ['--prometheus', server.prometheus.url, ...WINDOW, '--select', 'checkout_orders_total{job="shop"}'], 2);
    expect(line).toBe(`--select checkout_orders_total{job="shop"} matches no series between --from and --to on ${server.prometheus.url}/`);
  });
});

describe.concurrent('times, zones, durations and flags (exit 2)', () => {
  const prometheus = () => ['--prometheus', server.prometheus.url];

  it('refuses --from after --to', async ({ expect }) => {
    const line = await refuse(expect, [...prometheus(), '--from', '2023-10-15 03:00', '--to', '2023-10-15 02:00'], 2);
    expect(line).toBe('--from (2023-10-15 03:00) must be before --to (2023-10-15 02:00)');
  });

  it('refuses a window in the future', async ({ expect }) => {
    const line = await refuse(expect, [...prometheus(), '--from', 'now+1h', '--to', 'now+2h'], 2);
    expect(line).toBe('--from (now+1h) is in the future: the window must have started already');
  });

  it('refuses an unknown time zone', async ({ expect }) => {
    const line = await refuse(expect, [...prometheus(), ...WINDOW, '--tz', 'Mars/Olympus'], 2);
    expect(line).toMatch(/^--tz "Mars\/Olympus" is not a time zone: expected an IANA name/);
  });

  it('refuses a malformed time, saying which forms are read', async ({ expect }) => {
    const line = await refuse(expect, [...prometheus(), '--from', '2023-10-15 25:61', '--to', '2023-10-15 03:45'], 2);
    expect(line).toMatch(/^--from: "2023-10-15 25:61" is not a time: expected ISO-8601/);
  });

  it('refuses a malformed --lookback', async ({ expect }) => {
    const line = await refuse(expect, [...prometheus(), '--from', '2023-10-15 03:00', '--to', '2023-10-15 03:45', '--lookback', '5x'], 2);
    expect(line).toMatch(/^--lookback: "5x" is not a duration: expected /);
  });

  it('refuses a single-valued flag given twice instead of tripping over it', async ({ expect }) => {
    const line = await refuse(expect, [...prometheus(), ...WINDOW, '--lookback', '6h'], 2);
    expect(line).toBe('--lookback is given 2 times ("2h", "6h"): give it once');
  });

  it('refuses a zero --timeout as input, not as an internal error', async ({ expect }) => {
    const line = await refuse(expect, [...prometheus(), ...WINDOW, '--timeout', '0'], 2);
    expect(line).toBe('--timeout "0" must be longer than 0, e.g. 30s or 2m');
  });

  it('refuses a run without --prometheus or PROMETHEUS_URL', async ({ expect }) => {
    const line = await refuse(expect, WINDOW, 2);
    expect(line).toMatch(/^--prometheus is required \(or set PROMETHEUS_URL\)/);
  });

  it('refuses an unknown flag with one line and a pointer to --help, not the usage block', async ({ expect }) => {
    const line = await refuse(expect, [...prometheus(), ...WINDOW, '--frmo', 'now-1h'], 2);
    expect(line).toBe('unknown option --frmo (see incident-timeline reconstruct --help)');
  });

  it('refuses an unquoted time with a space, saying to quote it', async ({ expect }) => {
    const line = await refuse(expect, [...prometheus(), '--from', '2023-10-15', '03:00', '--to', '2023-10-15 03:45'], 2);
    expect(line).toMatch(/^unexpected argument "03:00" \(quote values that contain spaces/);
  });

  it('refuses an unknown --format on one line', async ({ expect }) => {
    const line = await refuse(expect, [...prometheus(), ...WINDOW, '--format', 'xml'], 2);
    expect(line).toBe('--format "xml" is not one of the choices: expected "markdown", "json" or "html" (see incident-timeline reconstruct --help)');
  });
});

describe.concurrent('--out (exit 2, before any query)', () => {
  it('refuses a folder that does not exist before asking Prometheus anything', async ({ expect }) => {
    const missing = join(workDir, 'no-such-folder', 'report.md');
    const run = await cli.run(['reconstruct', '--prometheus', untouchedProxy.url, ...WINDOW, '--out', missing]);
    expect(expectOneLineRefusal(expect, run, 2)).toBe(`--out ${missing} cannot be written: its folder does not exist; expected a file path in an existing folder`);
    expect(untouchedProxy.requests).toEqual([]);
    expect(existsSync(join(workDir, 'no-such-folder'))).toBe(false);
  });

  it('refuses an existing folder and leaves it as it was', async ({ expect }) => {
    const folder = outFolder();
    const run = await cli.run(['reconstruct', '--prometheus', server.prometheus.url, ...WINDOW, '--out', folder]);
    expect(expectOneLineRefusal(expect, run, 2)).toBe(`--out ${folder} cannot be written: it is a folder; expected a file path in an existing folder`);
    expect(statSync(folder).isDirectory()).toBe(true);
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe.concurrent('reconstruct --bundle with a bad file (exit 2)', () => {
  it('refuses a missing file, naming it', async ({ expect }) => {
    const missing = join(workDir, 'missing.json.gz');
    expect(await refuse(expect, ['--bundle', missing], 2)).toBe(`--bundle ${missing} does not exist; expected an evidence bundle written by \`incident-timeline capture\``);
  });

  it('refuses a truncated gzip of a real bundle, naming it', async ({ expect }) => {
    const bytes = readFileSync(bundle);
    const half = join(workDir, 'half.json.gz');
    writeFileSync(half, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await refuse(expect, ['--bundle', half], 2)).toMatch(new RegExp(`^--bundle ${half.replace(/[.]/g, '\\.')} is truncated or corrupt`));
  });

  it('refuses JSON that is not a bundle, naming it', async ({ expect }) => {
    const notBundle = join(workDir, 'not-a-bundle.json');
    writeFileSync(notBundle, JSON.stringify({ status: 'success', data: [] }));
    expect(await refuse(expect, ['--bundle', notBundle], 2)).toBe(`--bundle ${notBundle} is not an incident-timeline evidence bundle`);
  });

  it('refuses a text file, naming it', async ({ expect }) => {
    const text = join(workDir, 'notes.txt');
    writeFileSync(text, 'the database fell over at 03:05\n');
    expect(await refuse(expect, ['--bundle', text], 2)).toBe(`--bundle ${text} is not an incident-timeline evidence bundle (not JSON)`);
  });

  it('refuses a folder, naming it', async ({ expect }) => {
    const folder = join(workDir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    expect(await refuse(expect, ['--bundle', folder], 2)).toMatch(/ is a folder: expected an evidence bundle/);
  });
});

describe.concurrent('a source that answers partly (exit 3)', () => {
  it('writes the JSON report to stdout, lists each failed query with the server\'s reason, and warns once', async ({ expect }) => {
    const run = await cli.run(['reconstruct', '--prometheus', flakyProxy.url, ...WINDOW, '--format', 'json', '--quiet']);
    expect(run.code).toBe(3);
    // Two queries fail (receive and transmit), each for the window and for its seasonal references.
    expect(run.stderr).toBe('warning: 6 piece(s) of evidence could not be collected; the report lists them under data gaps\n');
    const report = JSON.parse(run.stdout) as ReportJson;
    const failed = [...new Set(flakyProxy.requests.filter(isNetworkRangeQuery).map((r) => r.params.get('query') ?? ''))].sort();
    expect(failed).toHaveLength(2);
    const expectedGaps = failed.flatMap((query) => [query, `${query} (one day earlier, for the seasonal baseline)`, `${query} (one week earlier, for the seasonal baseline)`]);
    expect(report.dataGaps.map((gap) => gap.what).sort()).toEqual(expectedGaps.sort());
    for (const gap of report.dataGaps) {
      expect(gap.source).toBe('prometheus');
      expect(gap.reason).toContain('HTTP 503 unavailable: injected HTTP 503');
    }
    expect(report.anomalies.length).toBeGreaterThan(0);
  });

  it('writes the Markdown report to --out with a data gaps section, stdout empty', async ({ expect }) => {
    const out = join(outFolder(), 'report.md');
    const run = await cli.run(['reconstruct', '--prometheus', flakyProxy.url, ...WINDOW, '--out', out]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 3, stdout: '' });
    expect(run.stderr).toMatch(/^warning: 6 piece\(s\) of evidence could not be collected/m);
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toContain('## Data gaps');
    expect(markdown).toContain('injected HTTP 503');
  });
});

describe.concurrent('help, commands and progress', () => {
  it('shows the reconstruct help with its examples on stdout and exits 0', async ({ expect }) => {
    const run = await cli.run(['reconstruct', '--help']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    // Each example is a comment line and a command that can be copied whole.
    for (const example of ['Postmortem draft of a two-hour outage', 'JSON report of an outage earlier today', 'Also scan every series of job "shop"', 'Re-analyse saved evidence offline']) {
      expect(run.stdout).toContain(example);
    }
    expect(run.stdout).toMatch(/Examples:\n {2}# Postmortem draft[^\n]*\n {2}incident-timeline reconstruct --prometheus http:\/\/prometheus:9090 \\\n/);
    expect(run.stdout).toContain("  incident-timeline reconstruct --from now-2h --to now --select '{job=\"shop\"}' --lookback 6h\n");
    expect(run.stdout).toContain('Exit status: 0 report written, 1 Prometheus unusable, 2 bad input, 3 report written with data gaps.');
  });

  it('refuses a missing command with one line', async ({ expect }) => {
    expect(expectOneLineRefusal(expect, await cli.run([]), 2)).toBe('Name a command: reconstruct or capture (see incident-timeline --help)');
  });

  it('refuses an unknown command with one line naming it', async ({ expect }) => {
    expect(expectOneLineRefusal(expect, await cli.run(['reconstruc']), 2)).toBe('unknown command "reconstruc": expected reconstruct or capture (see incident-timeline --help)');
  });

  it('puts progress on stderr only, so stdout is the report alone', async ({ expect }) => {
    const run = await cli.run(['reconstruct', ...WINDOW, '--format', 'json'], { PROMETHEUS_URL: server.prometheus.url });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as ReportJson).window.from).toBe('2023-10-15T03:00:00Z');
    expect(run.stderr).toMatch(/^Found \d+ metrics on http:\/\/127\.0\.0\.1:\d+\/ \(version 2\.42\.0/);
    expect(run.stderr).toContain('Analysing');
  });

  it('is silent on stderr with --quiet', async ({ expect }) => {
    const run = await cli.run(['reconstruct', '--prometheus', server.prometheus.url, ...WINDOW, '--quiet']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^# Postmortem: /);
  });

  it('leaves stdout empty with --out and writes only the report there', async ({ expect }) => {
    const folder = outFolder();
    const run = await cli.run(['reconstruct', '--prometheus', server.prometheus.url, ...WINDOW, '--out', join(folder, 'report.md')]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: '' });
    expect(run.stderr).toContain(`Report written to ${join(folder, 'report.md')}`);
    expect(readdirSync(folder)).toEqual(['report.md']);
  });
});

describe.concurrent('changes and notes files (--changes, --notes)', () => {
  const prometheus = () => ['--prometheus', server.prometheus.url];
  const write = (name: string, text: string) => {
    const path = join(outFolder(), name);
    writeFileSync(path, text);
    return path;
  };

  it('refuses a missing notes file before asking Prometheus anything, naming it', async ({ expect }) => {
    const missing = join(workDir, 'no-such-notes.txt');
    const line = await refuse(expect, ['--prometheus', untouchedProxy.url, ...WINDOW, '--notes', missing], 2);
    expect(line).toBe(`--notes ${missing} does not exist: expected a readable text file of notes, one "19:05 text" per line`);
    expect(untouchedProxy.requests).toEqual([]);
  });

  it('refuses a changes file whose header names no time column, naming the file and line', async ({ expect }) => {
    const changes = write('deploys.csv', '# export\nwhen_done,service,kind\n2023-10-15 02:40,api,deploy\n');
    const line = await refuse(expect, [...prometheus(), ...WINDOW, '--changes', changes], 2);
    expect(line).toMatch(new RegExp(`^--changes ${changes.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2: the header has no time column: expected CSV with a header`));
  });

  it('skips each malformed line with one warning naming file and line, lists it as a data gap, and uses the rest', async ({ expect }) => {
    const notes = write('notes.txt', '03:05 Users report errors on the API\nchecking db1\n03:20 Restarted api1, errors gone\n');
    const changes = write('deploys.csv', 'time,service,kind,description\n2023-10-15 02:58,api,deploy,"v1.8.0\n2023-10-15 02:59,api,deploy,v1.8.1\n');
    const run = await cli.run(['reconstruct', ...prometheus(), ...WINDOW, '--changes', changes, '--notes', notes, '--format', 'json', '--quiet']);
    expect(run.code).toBe(3);
    expect(run.stderr.split('\n').filter((line) => line !== '')).toEqual([
      `warning: --changes ${changes}:2: a quoted field is not closed on its line; line skipped`,
      `warning: --notes ${notes}:2: expected a time first, like "19:05", "7:05 PM" or "2023-05-13 19:05"; line skipped`,
      'warning: 2 piece(s) of evidence could not be collected; the report lists them under data gaps',
    ]);
    const report = JSON.parse(run.stdout) as ReportJson;
    expect(report.dataGaps.map((gap) => [gap.source, gap.what])).toEqual([
      ['changes', `${changes}:2`],
      ['notes', `${notes}:2`],
    ]);
    const given = report.events.filter((event) => event.source === 'changes' || event.source === 'notes');
    expect(given.map((event) => [event.time, event.kind, event.title, event.evidence['line']])).toEqual([
      ['2023-10-15T02:59:00Z', 'change', 'Deploy of api: v1.8.1', 3],
      ['2023-10-15T03:05:00Z', 'note', 'Users report errors on the API', 1],
      ['2023-10-15T03:20:00Z', 'note', 'Restarted api1, errors gone', 3],
    ]);
  });
});
