import { codeSpan, escapeMarkdown, truncate } from './escape-markdown.js';
import { formatZonedTime } from './format-time.js';
import { formatCount, formatSignificant } from './format-value.js';
import type { MarkdownContext } from './markdown-context.js';

/** Template and statement text kept short enough for a table cell. */
const CELL_CHARS = 160;

/** Seconds as people read a statement's time: `850 ms`, `12.4 s`, `3.2 min`. */
function seconds(value: number): string {
  if (value < 1) return `${formatSignificant(value * 1000, 3)} ms`;
  if (value < 120) return `${formatSignificant(value, 3)} s`;
  return `${formatSignificant(value / 60, 3)} min`;
}

/** Text for a table cell: one line, escaped, pipes harmless (escapeMarkdown handles them). */
const cell = (text: string): string => escapeMarkdown(truncate(text.replace(/\s+/g, ' '), CELL_CHARS));

/**
 * `## What the logs say`, only with `--logs`: the files read (format, lines), the message templates
 * new in the window or grown most against the lookback (a first error nobody had seen before is
 * often the best lead), and the statements logged as slow in the window, by total time.
 *
 * @example logsSection(context) // '' without --logs
 */
export function logsSection(context: MarkdownContext): string {
  const logs = context.reconstruction.logs;
  if (logs === undefined) return '';
  const out = ['## What the logs say', ''];
  for (const file of logs.files) {
    const unread = file.unreadable === 0 ? '' : `, ${formatCount(file.unreadable)} unreadable (see data gaps)`;
    out.push(`- ${codeSpan(file.path)}: ${file.format === 'unknown' ? 'format not recognised' : escapeMarkdown(file.format)}, ${formatCount(file.lines)} lines, ${formatCount(file.kept)} in the window and lookback${unread}`);
  }
  const templates = logs.templates;
  if (templates !== null) {
    out.push('', `Message templates: ${formatCount(templates.distinct)} distinct${templates.overflowLines === 0 ? '' : `; ${formatCount(templates.overflowLines)} lines past the template cap counted but not mined`}.`);
    if (templates.new.length > 0) {
      out.push('', '**New in the window** (never seen in the lookback):', '', '| Lines | Template | Example |', '|---|---|---|');
      for (const t of templates.new) out.push(`| ${formatCount(t.window)} | ${cell(t.template)} | ${cell(t.example)} |`);
    }
    if (templates.grown.length > 0) {
      out.push('', '**Grew most** (lines per second in the window against the lookback):', '', '| Growth | Lines (window / lookback) | Template |', '|---|---|---|');
      for (const t of templates.grown) out.push(`| ×${formatSignificant(t.growth, 3)} | ${formatCount(t.window)} / ${formatCount(t.lookback)} | ${cell(t.template)} |`);
    }
    if (templates.new.length === 0 && templates.grown.length === 0) out.push('', 'No template is new in the window or grew threefold against the lookback.');
  }
  if (logs.slowStatements.length > 0) {
    out.push('', '**Slow statements logged in the window**, by total time:', '', '| Total | Calls | Longest | First | Statement |', '|---|---|---|---|---|');
    for (const s of logs.slowStatements) {
      out.push(`| ${seconds(s.totalSeconds)} | ${formatCount(s.calls)} | ${seconds(s.maxSeconds)} | ${formatZonedTime(s.first, context.zone)} | ${cell(s.statement)} |`);
    }
  }
  return out.join('\n');
}
