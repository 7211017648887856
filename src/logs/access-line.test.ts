import { describe, expect, it } from 'vitest';
import { decodeLines, utc } from './_testing.js';

describe('accessLineDecoder()', () => {
  it('reads nginx combined and Apache common lines; level from status, no query string', () => {
    const text = [
      '41.90.12.7 - - [13/May/2023:19:00:00 +0300] "POST /api/login?token=abc123 HTTP/1.1" 502 157 "https://kimby.com/" "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/113.0"',
      '10.0.0.9 - - [13/May/2023:16:00:01 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.27"',
      '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 404 -',
      '10.0.0.9 - - [13/May/2023:16:00:02 +0000] "\\x16\\x03\\x01" 400 157 "-" "-"',
    ].join('\n');
    const { records, unreadable } = decodeLines('combined', text);
    expect(unreadable).toEqual([]);
    expect(records.map((r) => [r.time, r.level, r.message])).toEqual([
      [utc('2023-05-13T16:00:00Z'), 'error', 'POST /api/login 502'],
      [utc('2023-05-13T16:00:01Z'), 'info', 'GET /healthz 200'],
      [utc('2000-10-10T20:55:36Z'), 'warning', 'GET /apache_pb.gif 404'],
      [utc('2023-05-13T16:00:02Z'), 'warning', '\\x16\\x03\\x01 400'],
    ]);
    expect(records[0]!.fields).toEqual({ status: '502', method: 'POST', path: '/api/login', bytes: '157' });
  });

  it('counts lines that are not access-log lines or have a broken time', () => {
    const text = '2023/05/13 19:00:00 [error] 1234#1234: *5 connect() failed (111: Connection refused)\n10.0.0.9 - - [13/Mai/2023:16:00:02 +0000] "GET / HTTP/1.1" 200 1';
    const { unreadable } = decodeLines('combined', text);
    expect(unreadable.map((u) => u.line)).toEqual([1, 2]);
    expect(unreadable[1]!.reason).toContain('time [13/Mai/2023:16:00:02 +0000] not understood');
  });
});
