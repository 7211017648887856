import { describe, expect, it } from 'vitest';
import { decodeLines, utc } from './_testing.js';

// PostgreSQL 15 on Debian, log_line_prefix = '%m [%p] %q%u@%d ', as a real deadlock prints it.
const LOG = `2023-05-13 16:00:00.012 UTC [27] LOG:  checkpoint starting: time
2023-05-13 16:00:01.234 UTC [4123] auth@auth ERROR:  deadlock detected
2023-05-13 16:00:01.234 UTC [4123] auth@auth DETAIL:  Process 4123 waits for ShareLock on transaction 748; blocked by process 4124.
	Process 4124 waits for ShareLock on transaction 747; blocked by process 4123.
	Process 4123: UPDATE accounts SET balance = balance - 100 WHERE id = 1;
	Process 4124: UPDATE accounts SET balance = balance + 100 WHERE id = 2;
2023-05-13 16:00:01.234 UTC [4123] auth@auth HINT:  See server log for query details.
2023-05-13 16:00:01.234 UTC [4123] auth@auth CONTEXT:  while updating tuple (0,1) in relation "accounts"
2023-05-13 16:00:01.234 UTC [4123] auth@auth STATEMENT:  UPDATE accounts SET balance = balance - 100 WHERE id = 1;
2023-05-13 16:00:02.511 UTC [4200] auth@auth LOG:  duration: 2513.204 ms  statement: SELECT s.id, s.user_id
	FROM sessions s
	WHERE s.user_id = 42
2023-05-13 16:00:03.001 UTC [4201] [unknown]@[unknown] LOG:  connection received: host=10.0.0.7 port=51234
2023-05-13 16:00:03.100 UTC [4201] shop@shop FATAL:  sorry, too many clients already
`;

describe('postgresStderrDecoder()', () => {
  it('reads a deadlock report as one entry with both processes and the statement', () => {
    const { records, unreadable } = decodeLines('postgres', LOG);
    expect(unreadable).toEqual([]);
    expect(records.map((r) => [r.line, r.level])).toEqual([
      [1, 'info'],
      [2, 'error'],
      [10, 'info'],
      [13, 'info'],
      [14, 'fatal'],
    ]);
    const deadlock = records[1]!;
    expect(deadlock.time).toBe(utc('2023-05-13T16:00:01.234Z'));
    expect(deadlock.message).toBe('deadlock detected');
    expect(deadlock.fields).toMatchObject({ pid: '4123', user: 'auth', database: 'auth', hint: 'See server log for query details.' });
    expect(deadlock.fields.detail?.split('\n')).toEqual([
      'Process 4123 waits for ShareLock on transaction 748; blocked by process 4124.',
      'Process 4124 waits for ShareLock on transaction 747; blocked by process 4123.',
      'Process 4123: UPDATE accounts SET balance = balance - 100 WHERE id = 1;',
      'Process 4124: UPDATE accounts SET balance = balance + 100 WHERE id = 2;',
    ]);
    expect(deadlock.fields.statement).toBe('UPDATE accounts SET balance = balance - 100 WHERE id = 1;');
    expect(deadlock.fields.context).toBe('while updating tuple (0,1) in relation "accounts"');
  });

  it('joins tab-continued lines to the message and leaves unknown users out', () => {
    const { records } = decodeLines('postgres', LOG);
    expect(records[2]!.message).toBe('duration: 2513.204 ms  statement: SELECT s.id, s.user_id\nFROM sessions s\nWHERE s.user_id = 42');
    expect(records[3]!.fields).toEqual({ pid: '4201' });
    expect(records[4]!.fields).toEqual({ pid: '4201', user: 'shop', database: 'shop' });
  });

  it('reads a zone abbreviation other than UTC in --tz, and a numeric one as written', () => {
    const text = `2023-05-13 19:00:01.000 EAT [4123] LOG:  a\n2023-05-13 19:00:01.000 +03 [4123] LOG:  b\n2023-05-13 19:00:01 GMT [4123] LOG:  c`;
    const { records } = decodeLines('postgres', text, { zone: 'Africa/Nairobi' });
    expect(records.map((r) => r.time)).toEqual([utc('2023-05-13T16:00:01Z'), utc('2023-05-13T16:00:01Z'), utc('2023-05-13T19:00:01Z')]);
  });

  it("keeps a DETAIL of another process apart, and counts lines that are not PostgreSQL's", () => {
    const text = `2023-05-13 16:00:01.000 UTC [1] ERROR:  x\n2023-05-13 16:00:01.000 UTC [2] DETAIL:  y\n\tz\nGarbage here\n\tcontinued`;
    const { records, unreadable } = decodeLines('postgres', text);
    expect(records.map((r) => r.message)).toEqual(['x', 'DETAIL: y\nz']);
    expect(unreadable).toEqual([
      { line: 4, reason: expect.stringContaining('not a PostgreSQL log line') },
      { line: 5, reason: expect.stringContaining('without an entry before it') },
    ]);
  });

  it('bounds a runaway multi-line statement', () => {
    const huge = `2023-05-13 16:00:01.000 UTC [1] LOG:  statement: INSERT INTO t VALUES\n${'\t(1, 2, 3),\n'.repeat(20_000)}`;
    const { records } = decodeLines('postgres', huge);
    expect(records).toHaveLength(1);
    expect(records[0]!.message.length).toBeLessThanOrEqual(16 * 1024);
    expect(records[0]!.message.endsWith('…')).toBe(true);
  });
});
