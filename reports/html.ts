import { createHash } from 'node:crypto';
import type { Reconstruction } from '../src/model/index.js';
import { chartPayload } from './chart-data.js';
import { CHART_SCRIPT } from './chart-script.js';
import { resolveZone } from './format-time.js';
import { escapeHtml, jsonForScript } from './html-escape.js';
import { markdownToHtml } from './html-markdown.js';
import { renderMarkdown, type MarkdownOptions } from './markdown.js';
import { HTML_STYLE } from './html-style.js';

/**
 * The chart library inlined into the page, so it opens without a network. The renderer stays pure:
 * the CLI reads these files (uPlot from node_modules) and passes their text in.
 */
export interface ChartLibrary {
  /** uPlot's IIFE build, defining the global `uPlot`. */
  readonly script: string;
  readonly style: string;
}

export interface HtmlOptions extends MarkdownOptions {
  readonly chartLibrary: ChartLibrary;
}

/** CSP source for an inline block: the page may run exactly these scripts and styles, nothing else. */
function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Where the charts go: after the summary and impact, before the timeline they illustrate. */
const CHARTS_BEFORE = '<h2>Timeline</h2>';

function chartsSection(reconstruction: Reconstruction, zone: string): { html: string; json: string } | null {
  const payload = chartPayload(reconstruction, zone);
  if (payload.charts.length === 0) return null;
  const figures = payload.charts
    .map((chart) => {
      const role = chart.role === 'culprit' ? 'Likely culprit' : 'Symptom';
      return `<figure class="chart"><figcaption><strong>${role}:</strong> ${escapeHtml(chart.label)}</figcaption><div class="chart-canvas" id="${chart.id}"></div></figure>`;
    })
    .join('\n');
  const key =
    '<p class="chart-key"><span class="key-band"></span> baseline (centre ± spread) <span class="key-span"></span> alert firing <span class="key-line"></span> phase</p>';
  return { html: `<h2>Charts</h2>\n${key}\n${figures}\n`, json: jsonForScript(payload) };
}

/** The page title: the Markdown report's `# …` line as plain text (still entity-escaped, as `<title>` needs). */
function pageTitle(body: string): string {
  const match = /<h1>([\s\S]*?)<\/h1>/.exec(body);
  return match === null ? 'Postmortem' : (match[1] as string).replace(/<[^>]*>/g, '');
}

/**
 * The reconstruction as one self-contained HTML page: the same sections as the Markdown report
 * (title, summary, impact, timeline with episodes, phases, hypotheses with evidence and graph links,
 * measures, checked normal, data gaps), plus charts of the likely culprit and the top symptoms with
 * their baseline band, phase markers and alert spans, drawn by the inlined uPlot. Untrusted text is
 * escaped (the Markdown escapes it, the Markdown-to-HTML step shows any raw HTML as text, chart data
 * sits in a JSON block that `</script>` cannot end), and a Content-Security-Policy lets only the two
 * inlined scripts run, by hash, and no request leave the page. Pure and deterministic: the same
 * reconstruction and library give byte-identical HTML.
 *
 * @example renderHtml(reconstruction, { chartLibrary }).startsWith('<!doctype html>') // true
 */
export function renderHtml(reconstruction: Reconstruction, options: HtmlOptions): string {
  const { chartLibrary, ...markdownOptions } = options;
  const { zone } = resolveZone(reconstruction.window.timezone);
  let body = markdownToHtml(renderMarkdown(reconstruction, markdownOptions));
  const charts = chartsSection(reconstruction, zone);
  if (charts !== null) {
    const at = body.indexOf(CHARTS_BEFORE);
    body = at === -1 ? `${body}${charts.html}` : `${body.slice(0, at)}${charts.html}${body.slice(at)}`;
  }
  // The library is inlined as given; a `</script` inside it would end the block early, so it is split.
  const libraryScript = chartLibrary.script.replace(/<\/script/gi, '<\\/script');
  const scripts = charts === null ? [] : [libraryScript, CHART_SCRIPT];
  const styles = [chartLibrary.style, HTML_STYLE];
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.length === 0 ? "'none'" : scripts.map(hashSource).join(' ')}`,
    `style-src ${styles.map(hashSource).join(' ')}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const head = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Only fixed keywords and base64 hashes: nothing to escape, and `'` must stay readable.
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${pageTitle(body)}</title>`,
    ...styles.map((style) => `<style>${style}</style>`),
    '</head>',
    '<body>',
    '<main>',
  ];
  const tail = [
    '</main>',
    ...(charts === null ? [] : [`<script type="application/json" id="chart-data">${charts.json}</script>`]),
    ...scripts.map((script) => `<script>${script}</script>`),
    '</body>',
    '</html>',
  ];
  return `${head.join('\n')}\n${body}${tail.join('\n')}\n`;
}
