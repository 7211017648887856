/**
 * One CSV record on one line (RFC 4180 quoting: `"a, b"` and `""` inside quotes), or the reason it is
 * not one. Hand-written rather than a CSV library because a changes file must be read line by line:
 * a broken quote has to cost that one line, reported with its number, where a streaming parser would
 * run on into the next lines looking for the closing quote. Records spanning lines are therefore not
 * supported; CI logs write one change per line.
 *
 * @example splitCsvLine('2023-05-13 18:56,auth-service,"config, v2"') // { ok: true, fields: ['2023-05-13 18:56', 'auth-service', 'config, v2'] }
 */
export function splitCsvLine(line: string): { ok: true; fields: string[] } | { ok: false; reason: string } {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    // Spaces after a comma are common in hand-written files: `a, "b, c"`.
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return { ok: false, reason: 'a quoted field is not closed on its line' };
        const char = line[i] as string;
        if (char === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += char;
        i++;
      }
      while (line[i] === ' ' || line[i] === '\t') i++;
      if (i < line.length && line[i] !== ',') return { ok: false, reason: `text after a closing quote at column ${i + 1}` };
    } else {
      const end = line.indexOf(',', i);
      field = end === -1 ? line.slice(i) : line.slice(i, end);
      if (field.includes('"')) return { ok: false, reason: `a quote inside an unquoted field at column ${i + 1 + field.indexOf('"')}` };
      i = end === -1 ? line.length : end;
    }
    fields.push(field.trim());
    if (i >= line.length) return { ok: true, fields };
    i++; // the comma
  }
}
