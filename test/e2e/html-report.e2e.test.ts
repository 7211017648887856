import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './_run-cli.js';

// Debian's chromium (apt-get install chromium; .ci/run installs it), driven by playwright-core:
// no browser download, the same engine the readers of the report use.
const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = 'samples/db-slow-query.evidence.json.gz';
const HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=1">';

// Browser-side expressions, as text: the project's TypeScript has no DOM types, and these run in the page.
/** Per uPlot chart the page made: samples on the time axis and non-gap values of the series. */
const CHART_POINTS = `(window.incidentTimelineCharts || []).map((u) => ({
  points: u.data[0].length,
  finite: u.data[1].filter((v) => v !== null).length,
}))`;
/** Distinct RGBA colours on the first chart's canvas: a blank or one-colour canvas has a handful. */
const CANVAS_COLOURS = `(() => {
  const canvas = document.querySelector('#chart-1 canvas');
  if (canvas === null) return 0;
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const seen = new Set();
  for (let i = 0; i < pixels.length; i += 4) seen.add((pixels[i] << 24) | (pixels[i + 1] << 16) | (pixels[i + 2] << 8) | pixels[i + 3]);
  return seen.size;
})()`;

interface Opened {
  readonly page: Page;
  readonly consoleErrors: string[];
  readonly requests: string[];
}

let browser: Browser;
let dir: string;

/** Opens a report file as a reader would (file://), recording console errors and every request. */
async function open(file: string): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, consoleErrors, requests };
}

/** The sample bundle with a hostile value in the culprit's `datname` label (shop), as a rogue exporter could send. */
function hostileBundle(): string {
  const bundle = JSON.parse(gunzipSync(readFileSync(join(ROOT, BUNDLE))).toString('utf8'), (key, value: unknown) =>
    key === 'datname' && value === 'shop' ? HOSTILE : value,
  );
  const file = join(dir, 'hostile.evidence.json.gz');
  writeFileSync(file, gzipSync(JSON.stringify(bundle)));
  return file;
}

beforeAll(async () => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(ROOT, '.tmp', 'html-report-'));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('--format html: the report opened in headless Chromium', () => {
  it('renders the sample outage offline with charts that hold data, no console errors and no requests', async () => {
    const file = join(dir, 'db-slow-query.html');
    const run = await runCli(['reconstruct', '--bundle', BUNDLE, '--format', 'html', '--out', file, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { page, consoleErrors, requests } = await open(file);

    expect(await page.title()).toMatch(/^Postmortem: PostgreSQL statement mean time on db1:9187/);
    const headings = await page.locator('h2').allTextContents();
    for (const section of ['Issue Summary', 'Impact', 'Charts', 'Timeline', 'Phases', 'Root cause and resolution', 'Checked and found normal']) {
      expect(headings).toContain(section);
    }
    expect(await page.locator('main').textContent()).toContain('Times in Africa/Johannesburg (SAST = UTC+2)');
    // Each hypothesis's PromQL sits in a collapsed list, as on GitHub, and its graph links stay links.
    expect(await page.locator('details > summary').first().textContent()).toBe('Queries of this chain');
    expect(await page.locator('td a[href*="/graph?g0.expr="]').count()).toBeGreaterThan(0);

    // One uPlot chart per charted series, the culprit first, each with samples in view.
    const charts = (await page.evaluate(CHART_POINTS)) as { points: number; finite: number }[] | undefined;
    expect(charts?.length).toBeGreaterThanOrEqual(2);
    for (const chart of charts ?? []) {
      expect(chart.points).toBeGreaterThan(100);
      expect(chart.finite).toBeGreaterThan(100);
    }
    expect(await page.locator('figure.chart figcaption').first().textContent()).toMatch(/^Likely culprit: PostgreSQL statement mean time/);
    // The canvas really holds a drawing: many distinct colours (line, band, alert span, markers, text).
    const colours = (await page.evaluate(CANVAS_COLOURS)) as number;
    expect(colours).toBeGreaterThan(20);

    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);

    const screenshot = join(ROOT, '.tmp', 'html-report.png');
    const png = await page.screenshot({ path: screenshot, fullPage: true });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(50_000);
    await page.close();
  });

  it('shows a hostile label value and note as text: nothing in them runs', async () => {
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, `2023-10-15 08:20 DBA pasted a log line: ERROR ${HOSTILE}\n`);
    const file = join(dir, 'hostile.html');
    const run = await runCli(['reconstruct', '--bundle', hostileBundle(), '--notes', notes, '--format', 'html', '--out', file, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { page, consoleErrors, requests } = await open(file);

    expect(await page.evaluate('typeof window.pwned')).toBe('undefined');
    expect(await page.locator('main img').count()).toBe(0);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('DBA pasted a log line: ERROR <script>window.pwned=1</script>');
    expect(text).toContain('datname=<script>window.pwned=1</script><img src=x onerror="window.pwned=1">');
    // The charts still draw from the JSON block the hostile label sits in.
    const charts = (await page.evaluate('(window.incidentTimelineCharts || []).length')) as number;
    expect(charts).toBeGreaterThanOrEqual(2);
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.close();
  });
});
