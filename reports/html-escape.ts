/**
 * Text as HTML character data or a quoted attribute value: `&`, `<`, `>`, `"` and `'` become
 * entities, so a label value like `<img src=x onerror=…>` is shown as text and never parsed as markup.
 *
 * @example escapeHtml('<script>alert(1)</script>') // '&lt;script&gt;alert(1)&lt;/script&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * A value as JSON that is safe inside `<script type="application/json">`: `<`, `>` and `&` are
 * written as `\u003c`, `\u003e`, `\u0026` (still the same JSON), so neither `</script>` nor `<!--`
 * in a label can end the block early, and U+2028/U+2029 cannot break older parsers.
 *
 * @example jsonForScript({ a: '</script>' }) // '{"a":"\\u003c/script\\u003e"}'
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
