import { Marked, type Tokens } from 'marked';
import { escapeHtml } from './html-escape.js';

/** Links a report may hold: the Prometheus graph pages. Anything else (`javascript:`, `data:`) stays text. */
const SAFE_LINK = /^https?:\/\//i;
/** The tags the Markdown report writes itself (a collapsed list of queries), exactly as written. */
const ALLOWED_TAG = /&lt;(\/?)(details|summary)&gt;/g;

/**
 * One Markdown parser for the HTML report, configured so that untrusted text cannot become markup:
 * raw HTML in the Markdown is shown as text apart from bare `<details>`/`<summary>` (the Markdown
 * renderer already writes untrusted `<` as `&lt;`; this is the second guard), links only for http(s),
 * no images (nothing to fetch: the file works offline), and Mermaid blocks are left out because the
 * HTML report draws real charts instead.
 * `marked` (MIT, maintained, CommonMark + GFM tables) is used rather than a hand-written converter
 * because the Markdown report's tables, lists and code spans are exactly what it parses.
 */
const parser = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      // Untrusted text reaches the Markdown with `<` already written as `&lt;`, so only the Markdown
      // renderer's own tags arrive raw. Every tag is shown as text except the few it writes on purpose,
      // bare (no attributes, so nothing can ride along); entities are kept so `&lt;` still reads `<`.
      return text.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(ALLOWED_TAG, '<$1$2>');
    },
    image({ text }: Tokens.Image): string {
      return escapeHtml(text);
    },
    link(token: Tokens.Link): string {
      const inner = this.parser.parseInline(token.tokens);
      if (!SAFE_LINK.test(token.href)) return inner;
      return `<a href="${escapeHtml(token.href)}" rel="noopener noreferrer">${inner}</a>`;
    },
    code({ text, lang }: Tokens.Code): string {
      if (lang === 'mermaid') return '';
      const language = lang === undefined || lang === '' ? '' : ` class="language-${escapeHtml(lang)}"`;
      return `<pre><code${language}>${escapeHtml(text)}</code></pre>\n`;
    },
  },
});

/**
 * Markdown (as the Markdown report writes it) to an HTML fragment, with raw HTML and unsafe links
 * neutralised. Pure and deterministic.
 *
 * @example markdownToHtml('## Impact\n- 3 failed') // '<h2>Impact</h2>\n<ul>\n<li>3 failed</li>\n</ul>\n'
 */
export function markdownToHtml(markdown: string): string {
  return parser.parse(markdown, { async: false });
}
