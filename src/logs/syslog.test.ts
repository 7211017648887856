import { describe, expect, it } from 'vitest';
import { decodeLines, utc } from './_testing.js';

// rsyslog's default file format (RFC 3164 without priority) on a Debian database host, in EAT.
const SYSLOG = `May 13 19:00:01 db1 CRON[23456]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)
May 13 19:00:03 db1 kernel: [12345.678901] Out of memory: Killed process 4123 (postgres) total-vm:8532104kB, anon-rss:6123456kB, file-rss:0kB, shmem-rss:0kB, UID:113 pgtables:12345kB oom_score_adj:0
May 13 19:00:04 db1 systemd[1]: postgresql@15-main.service: Main process exited, code=killed, status=9/KILL
May  3 09:05:00 db1 sshd[812]: error: kex_exchange_identification: Connection closed by remote host
`;

describe('syslogDecoder()', () => {
  it('reads RFC 3164 lines in --tz, with host, program and pid', () => {
    const { records, unreadable } = decodeLines('syslog', SYSLOG, { zone: 'Africa/Nairobi' });
    expect(unreadable).toEqual([]);
    expect(records.map((r) => [r.time, r.fields.app, r.fields.pid ?? null, r.level])).toEqual([
      [utc('2023-05-13T16:00:01Z'), 'CRON', '23456', 'unknown'],
      [utc('2023-05-13T16:00:03Z'), 'kernel', null, 'unknown'],
      [utc('2023-05-13T16:00:04Z'), 'systemd', '1', 'unknown'],
      [utc('2023-05-03T06:05:00Z'), 'sshd', '812', 'error'],
    ]);
    expect(records[1]!.message).toMatch(/^\[12345.678901\] Out of memory: Killed process 4123 \(postgres\)/);
    expect(records[0]!.fields.host).toBe('db1');
  });

  it('places a yearless line in the year nearest the window, across New Year', () => {
    const near = { from: utc('2023-12-31T22:00:00Z'), to: utc('2024-01-01T02:00:00Z') };
    const text = 'Dec 31 23:59:58 web1 nginx[90]: a\nJan  1 00:00:02 web1 nginx[90]: b\nDec 30 10:00:00 web1 nginx[90]: c';
    const { records } = decodeLines('syslog', text, { near });
    expect(records.map((r) => r.time)).toEqual([utc('2023-12-31T23:59:58Z'), utc('2024-01-01T00:00:02Z'), utc('2023-12-30T10:00:00Z')]);
  });

  it('reads RFC 5424 with structured data, a BOM, and the level from the priority', () => {
    const text = [
      '<165>1 2023-05-13T19:00:06.003+03:00 lb1 haproxy 2345 - - Connect from 10.0.0.9:51234 to 10.0.0.1:443 (https/HTTP)',
      '<11>1 2023-05-13T16:00:07.000Z app1 shop 777 ID47 [exampleSDID@32473 iut="3" eventSource="App\\]lication"][meta x="1"] \ufeffconnect ECONNREFUSED 10.0.0.3:5432',
      '<34>May 13 19:00:08 db1 su: \'su root\' failed for lonvick on /dev/pts/8',
    ].join('\n');
    const { records, unreadable } = decodeLines('syslog', text, { zone: 'Africa/Nairobi' });
    expect(unreadable).toEqual([]);
    expect(records.map((r) => [r.time, r.level, r.message])).toEqual([
      [utc('2023-05-13T16:00:06.003Z'), 'info', 'Connect from 10.0.0.9:51234 to 10.0.0.1:443 (https/HTTP)'],
      [utc('2023-05-13T16:00:07Z'), 'error', 'connect ECONNREFUSED 10.0.0.3:5432'],
      [utc('2023-05-13T16:00:08Z'), 'fatal', "'su root' failed for lonvick on /dev/pts/8"],
    ]);
    expect(records[1]!.fields).toEqual({ host: 'app1', app: 'shop', pid: '777', msgid: 'ID47' });
  });

  it('reads rsyslog RSYSLOG_FileFormat lines and counts what is not syslog', () => {
    const text = '2023-05-13T19:00:09.123456+03:00 db1 postgres[4300]: FATAL:  the database system is in recovery mode\nnot syslog at all';
    const { records, unreadable } = decodeLines('syslog', text);
    expect(records.map((r) => [r.time, r.level, r.fields.app])).toEqual([[utc('2023-05-13T16:00:09Z') + 0.123456, 'fatal', 'postgres']]);
    expect(unreadable).toEqual([{ line: 2, reason: 'not a syslog line (RFC 3164 or 5424)' }]);
  });
});
