/**
 * Characters that start or end Markdown inline syntax on GitHub: emphasis, code, links, strike,
 * math (`$`), table cells (`|`), and the backslash itself. Block syntax (`#`, `-`, `>`) only matters
 * at the start of a line, and the renderers never put untrusted text there. `_` is handled apart.
 */
const INLINE_SYNTAX = /[\\`*[\]|~$]/g;

/**
 * An underscore that could open or close emphasis: one not between two letters or digits. GFM never
 * reads an intraword `_` as emphasis, so `http_requests_total` stays readable in the raw text.
 */
const EMPHASIS_UNDERSCORE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

/** Line breaks and other control characters would end a list item or table row early. */
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/**
 * Makes untrusted text (label values, log lines, alert names) safe to place inside Markdown prose or
 * a table cell: inline syntax is backslash-escaped (so `|` cannot split a table cell), `&`, `<` and
 * `>` become entities (so `<script>` is shown, never run), and line breaks become spaces.
 *
 * @example escapeMarkdown('a|b <script>') // 'a\\|b &lt;script&gt;'
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(CONTROL, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(INLINE_SYNTAX, (character) => `\\${character}`)
    .replace(EMPHASIS_UNDERSCORE, '\\_');
}

/**
 * Untrusted text as an inline code span for prose and lists (not tables: GitHub needs `\|` inside
 * code in a table, which would print a backslash elsewhere). The fence is one backtick longer than
 * any run of backticks inside, so a backtick in the text cannot close the span early.
 *
 * @example codeSpan('rate(x[5m])') // '`rate(x[5m])`'
 */
export function codeSpan(text: string): string {
  const flat = text.replace(CONTROL, ' ');
  const longestRun = Math.max(0, ...Array.from(flat.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  // A span that starts or ends with a backtick needs a space so the fence is not read as longer.
  const padded = flat.startsWith('`') || flat.endsWith('`') ? ` ${flat} ` : flat;
  return `${fence}${padded}${fence}`;
}

/**
 * Text as a fenced code block with an info string (e.g. `promql`). The fence is longer than any
 * backtick run inside, so the block cannot be closed by the text it holds.
 *
 * @example codeBlock('up == 0', 'promql') // '```promql\nup == 0\n```'
 */
export function codeBlock(text: string, language: string): string {
  const longestRun = Math.max(0, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}

/**
 * Shortens text for one timeline line or table cell, cutting at `max` characters (not inside a
 * surrogate pair) and marking the cut with `…`. Applied before escaping, so no escape is cut in half.
 *
 * @example truncate('a very long log line', 6) // 'a ver…'
 */
export function truncate(text: string, max: number): string {
  const characters = Array.from(text);
  return characters.length <= max ? text : `${characters.slice(0, Math.max(0, max - 1)).join('')}…`;
}
