import { describe, expect, it } from 'vitest';
import { decodeLines, utc } from './_testing.js';
import { parseLogfmt } from './logfmt.js';

describe('parseLogfmt()', () => {
  it('reads bare, quoted and escaped values and bare keys', () => {
    expect(parseLogfmt('level=warn msg="disk \\"/\\" 91% full" debug path=/var')).toEqual([
      ['level', 'warn'],
      ['msg', 'disk "/" 91% full'],
      ['debug', 'true'],
      ['path', '/var'],
    ]);
    expect(parseLogfmt('msg="never closed')).toBeNull();
    expect(parseLogfmt('')).toBeNull();
  });
});

describe('logfmtDecoder()', () => {
  it('reads Prometheus and Loki lines', () => {
    const text = [
      'ts=2023-05-13T16:00:00.123Z caller=scrape.go:1313 level=warn component="scrape manager" scrape_pool=node target=http://db1:9100/metrics msg="Append failed" err="out of bounds"',
      'level=error ts=2023-05-13T16:00:01.5Z caller=manager.go:108 msg="Error on ingesting samples" api_key=s3cr3t',
    ].join('\n');
    const { records, unreadable } = decodeLines('logfmt', text);
    expect(unreadable).toEqual([]);
    expect(records.map((r) => [r.time, r.level, r.message])).toEqual([
      [utc('2023-05-13T16:00:00.123Z'), 'warning', 'Append failed'],
      [utc('2023-05-13T16:00:01.500Z'), 'error', 'Error on ingesting samples'],
    ]);
    expect(records[0]!.fields).toEqual({ caller: 'scrape.go:1313', component: 'scrape manager', scrape_pool: 'node', target: 'http://db1:9100/metrics', err: 'out of bounds' });
    expect(records[1]!.fields).toEqual({ caller: 'manager.go:108' });
  });
});
