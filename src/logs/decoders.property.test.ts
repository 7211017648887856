import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../model/log.js';
import { createDecoder, LOG_FORMATS } from './create-decoder.js';
import { detectFormat } from './detect-format.js';

/** Lines that look a little like logs, so the parsers' deeper branches are reached, and plain noise. */
const fragment = fc.constantFrom('{', '}', '"ts":', '"time":"2023-05-13T16:00:00Z"', ',', '[', ']', '<34>', 'May 13 19:00:01 ', '2023-05-13 16:00:01.234 UTC [42] ', 'ERROR:  ', '\t', '# Time: ', '# User@Host: a[a] @ h [] ', 'level=', 'msg="', '\\', ' ', '-', '"GET / HTTP/1.1" 200 1', '[13/May/2023:19:00:00 +0300]', '\u0000', '\ufffd');
const line = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join('')));

describe('every decoder on arbitrary lines', () => {
  it('never throws, and gives each entry a finite time and a line number it was fed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LOG_FORMATS), fc.array(line, { maxLength: 30 }), (format, lines) => {
        const records: LogRecord[] = [];
        const decoder = createDecoder(format, { source: 'fuzz.log', zone: 'Europe/Berlin', near: { from: 1683936000, to: 1684022400 } });
        const sink = { record: (r: LogRecord) => void records.push(r), unreadable: () => undefined };
        lines.forEach((text, i) => decoder.push(text, i + 1, sink));
        decoder.end(sink);
        expect(detectFormat(lines) === null || LOG_FORMATS.includes(detectFormat(lines)!)).toBe(true);
        for (const record of records) {
          expect(Number.isFinite(record.time)).toBe(true);
          expect(record.line).toBeGreaterThanOrEqual(1);
          expect(record.line).toBeLessThanOrEqual(lines.length);
        }
      }),
      { numRuns: 400, seed: 20230513 },
    );
  });
});
