import { describe, expect, it } from 'vitest';
import { jsonForScript } from './html-escape.js';
import { markdownToHtml } from './html-markdown.js';

describe('markdownToHtml()', () => {
  it('renders the report tables, lists and graph links', () => {
    const html = markdownToHtml(
      '| Link | Graph |\n|---|---|\n| Cause | [graph](http://prometheus:9090/graph?g0.expr=rate(pg_stat_database_deadlocks_total%5B1m%5D)) |\n\n- [ ] **Suggested:** review',
    );
    expect(html).toContain('<th>Link</th>');
    expect(html).toContain('<a href="http://prometheus:9090/graph?g0.expr=rate(pg_stat_database_deadlocks_total%5B1m%5D)" rel="noopener noreferrer">graph</a>');
    expect(html).toContain('<strong>Suggested:</strong> review');
  });

  it('shows raw HTML as text and keeps links other than http(s) and images inert', () => {
    const html = markdownToHtml(
      '<script>window.pwned=1</script>\n\nLog: <img src=x onerror="window.pwned=1"> [click](javascript:window.pwned=1) ![x](http://evil.example/x.png)',
    );
    expect(html).not.toMatch(/<(script|img)\b/);
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt;');
    expect(html).toContain('click');
  });

  it('keeps the collapsed query list the Markdown report writes, but no tag with attributes', () => {
    const html = markdownToHtml('<details><summary>Queries of this chain</summary>\n\n```promql\nup == 0\n```\n\n</details>\n\n<details open ontoggle="window.pwned=1"><summary>x</summary>\n\n</details>');
    expect(html).toContain('<details><summary>Queries of this chain</summary>');
    expect(html).toContain('</details>');
    expect(html).not.toMatch(/<details [^>]*ontoggle/);
    expect(html).toContain('&lt;details open ontoggle=');
  });

  it('leaves Mermaid blocks out (the page draws charts) and escapes other code blocks', () => {
    const html = markdownToHtml('```mermaid\ngantt\n  title Phases\n```\n\n```promql\nup{job="<x>"} == 0\n```');
    expect(html).not.toContain('gantt');
    expect(html).toContain('<pre><code class="language-promql">up{job=&quot;&lt;x&gt;&quot;} == 0</code></pre>');
  });
});

describe('jsonForScript()', () => {
  it('keeps </script> and <!-- from ending the JSON block, and parses back to the same value', () => {
    const value = { label: '</script><script>window.pwned=1</script><!-- \u2028 &' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
