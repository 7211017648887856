import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format.js';

const SAMPLES: Record<string, string[]> = {
  postgres: ['2023-05-13 16:00:00.012 UTC [27] LOG:  checkpoint starting: time', '\tcontinued', '2023-05-13 16:00:01.234 UTC [4123] auth@auth ERROR:  deadlock detected'],
  'postgres-json': ['{"timestamp":"2023-05-13 16:00:01.234 UTC","pid":4123,"error_severity":"LOG","message":"checkpoint starting: time"}'],
  journald: ['{"__REALTIME_TIMESTAMP":"1683993603123456","PRIORITY":"3","MESSAGE":"x","_SYSTEMD_UNIT":"a.service"}'],
  json: ['{"level":"info","ts":1683993601.5,"msg":"started"}', '{"level":"error","ts":1683993602.5,"msg":"boom"}'],
  'mysql-slow': ['/usr/sbin/mysqld, Version: 8.0.33 (MySQL Community Server - GPL). started with:', '# Time: 2023-05-13T16:00:05.123456Z', '# User@Host: shop[shop] @ app1 [10.0.0.5]  Id:    42', 'SELECT 1;'],
  syslog: ['May 13 19:00:01 db1 CRON[23456]: (root) CMD (true)', '<165>1 2023-05-13T19:00:06.003+03:00 lb1 haproxy 2345 - - Connect'],
  combined: ['10.0.0.9 - - [13/May/2023:16:00:01 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.27"', '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326'],
  common: ['127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326'],
  logfmt: ['ts=2023-05-13T16:00:00.123Z caller=scrape.go:1313 level=warn msg="Append failed"'],
};

describe('detectFormat()', () => {
  for (const [format, lines] of Object.entries(SAMPLES)) {
    it(`tells ${format} from its first lines`, () => {
      expect(detectFormat(lines)).toBe(format);
    });
  }

  it('goes by the majority when a file mixes formats, and gives null for prose or garbage', () => {
    expect(detectFormat([...SAMPLES.json!, ...SAMPLES.json!, SAMPLES.syslog![0]!, 'panic: runtime error'])).toBe('json');
    expect(detectFormat(['Starting up…', '\u0000\u0001\u0002ELF', '{"no":"time"}'])).toBeNull();
    expect(detectFormat([])).toBeNull();
  });
});
