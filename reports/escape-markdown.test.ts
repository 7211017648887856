import { describe, expect, it } from 'vitest';
import { codeBlock, codeSpan, escapeMarkdown, truncate } from './escape-markdown.js';

describe('escapeMarkdown()', () => {
  it('escapeMarkdown() turns HTML into entities', () => {
    expect(escapeMarkdown('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeMarkdown('a & b')).toBe('a &amp; b');
  });

  it('escapeMarkdown() escapes pipes, backticks, emphasis and links', () => {
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('`x`')).toBe('\\`x\\`');
    expect(escapeMarkdown('*bold* [link](u) ~strike~ $x$')).toBe('\\*bold\\* \\[link\\](u) \\~strike\\~ \\$x\\$');
    expect(escapeMarkdown('back\\slash')).toBe('back\\\\slash');
  });

  it('escapeMarkdown() leaves intraword underscores alone and escapes the others', () => {
    expect(escapeMarkdown('http_requests_total')).toBe('http_requests_total');
    expect(escapeMarkdown('_private_ __init__')).toBe('\\_private\\_ \\_\\_init\\_\\_');
  });

  it('escapeMarkdown() flattens line breaks so a list item or table row cannot end early', () => {
    expect(escapeMarkdown('line one\nline two\r\n| x |')).toBe('line one line two \\| x \\|');
  });
});

describe('code', () => {
  it('codeSpan() uses a fence longer than any backtick run inside', () => {
    expect(codeSpan('rate(x[5m])')).toBe('`rate(x[5m])`');
    expect(codeSpan('a `b` c')).toBe('``a `b` c``');
    expect(codeSpan('`edge`')).toBe('`` `edge` ``');
  });

  it('codeBlock() cannot be closed by its content', () => {
    expect(codeBlock('up == 0', 'promql')).toBe('```promql\nup == 0\n```');
    expect(codeBlock('a ``` b', 'promql')).toBe('````promql\na ``` b\n````');
  });

  it('truncate() cuts long text with an ellipsis and leaves short text alone', () => {
    expect(truncate('a very long log line', 6)).toBe('a ver…');
    expect(truncate('short', 6)).toBe('short');
    expect(truncate('😀😀😀', 2)).toBe('😀…');
  });
});
