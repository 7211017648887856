import { describe, expect, it } from 'vitest';
import { decodeLines, utc } from './_testing.js';

describe('jsonDecoder()', () => {
  it('reads zap, pino, logrus and ECS lines: their time, level and message keys', () => {
    const text = [
      '{"level":"error","ts":1683993601.5,"caller":"db/pool.go:88","msg":"dial tcp 10.0.0.3:5432: connect: connection refused","service":"auth"}',
      '{"level":50,"time":1683993602000,"pid":4242,"hostname":"auth1","msg":"upstream timed out"}',
      '{"level":"warning","msg":"retrying","time":"2023-05-13T19:00:03+03:00","attempt":2}',
      '{"@timestamp":"2023-05-13T16:00:04.250Z","log.level":"WARN","message":"pool 90% used","ecs.version":"1.6.0"}',
      '{"@timestamp":"2023-05-13T16:00:05Z","log":{"level":"info"},"message":"nested level"}',
      '{"time":"2023-05-13 19:00:06","level":"INFO","message":"local time","password":"hunter2","authorization":"Bearer x"}',
    ].join('\n');
    const { records, unreadable } = decodeLines('json', text, { zone: 'Africa/Nairobi' });
    expect(unreadable).toEqual([]);
    expect(records.map((r) => [r.time, r.level, r.message])).toEqual([
      [1683993601.5, 'error', 'dial tcp 10.0.0.3:5432: connect: connection refused'],
      [1683993602, 'error', 'upstream timed out'],
      [utc('2023-05-13T16:00:03Z'), 'warning', 'retrying'],
      [utc('2023-05-13T16:00:04.250Z'), 'warning', 'pool 90% used'],
      [utc('2023-05-13T16:00:05Z'), 'info', 'nested level'],
      [utc('2023-05-13T16:00:06Z'), 'info', 'local time'],
    ]);
    expect(records[0]!.fields).toEqual({ caller: 'db/pool.go:88', service: 'auth' });
    expect(records[1]!.fields).toEqual({ pid: '4242', hostname: 'auth1' });
    expect(records[5]!.fields).toEqual({});
  });

  it('reads nginx JSON access logs (escape=json): message from request and status, level from status', () => {
    const text = [
      '{"time_iso8601":"2023-05-13T19:00:00+03:00","remote_addr":"41.90.3.7","request":"POST /api/login?token=abc HTTP/1.1","status":"502","request_time":"0.004"}',
      '{"time_local":"13/May/2023:19:00:01 +0300","request":"GET /healthz HTTP/1.1","status":200}',
    ].join('\n');
    const { records, unreadable } = decodeLines('json', text);
    expect(unreadable).toEqual([]);
    expect(records.map((r) => [r.time, r.level, r.message])).toEqual([
      [utc('2023-05-13T16:00:00Z'), 'error', 'POST /api/login 502'],
      [utc('2023-05-13T16:00:01Z'), 'info', 'GET /healthz 200'],
    ]);
    expect(records[0]!.fields).toEqual({ status: '502', request_time: '0.004' });
  });

  it('counts broken JSON, a line without time and an unreadable time, and goes on', () => {
    const text = '{"ts":"2023-05-13T16:00:00Z","msg":"ok"}\n{"ts":"2023-05-13T16:00:0\n{"msg":"no time"}\n{"ts":"yesterday","msg":"x"}\n[1,2]';
    const { records, unreadable } = decodeLines('json', text);
    expect(records.map((r) => r.message)).toEqual(['ok']);
    expect(unreadable.map((u) => [u.line, u.reason])).toEqual([
      [2, 'not a JSON object'],
      [3, 'no time field (time, timestamp, ts, @timestamp)'],
      [4, 'time yesterday in "ts" not understood'],
      [5, 'not a JSON object'],
    ]);
  });
});

describe('postgresJsonDecoder()', () => {
  // PostgreSQL 15 jsonlog, the deadlock of the stderr test; query_id beyond 2^53.
  const LINE =
    '{"timestamp":"2023-05-13 16:00:01.234 UTC","user":"auth","dbname":"auth","pid":4123,"remote_host":"10.0.0.7","remote_port":51234,"session_id":"645fb2a1.101b","line_num":5,"ps":"UPDATE","session_start":"2023-05-13 15:59:29 UTC","vxid":"3/1234","txid":748,"error_severity":"ERROR","state_code":"40P01","message":"deadlock detected","detail":"Process 4123 waits for ShareLock on transaction 748; blocked by process 4124.\\nProcess 4124 waits for ShareLock on transaction 747; blocked by process 4123.\\nProcess 4123: UPDATE accounts SET balance = balance - 100 WHERE id = 1;\\nProcess 4124: UPDATE accounts SET balance = balance + 100 WHERE id = 2;","hint":"See server log for query details.","context":"while updating tuple (0,1) in relation \\"accounts\\"","statement":"UPDATE accounts SET balance = balance - 100 WHERE id = 1;","application_name":"auth-service","backend_type":"client backend","query_id":-2835399305386018931}';

  it('keeps the 64-bit query_id exact and the session fields', () => {
    const { records, unreadable } = decodeLines('postgres-json', LINE);
    expect(unreadable).toEqual([]);
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(record).toMatchObject({ time: utc('2023-05-13T16:00:01.234Z'), level: 'error', message: 'deadlock detected' });
    expect(record.fields.query_id).toBe('-2835399305386018931');
    expect(String(JSON.parse(LINE).query_id)).not.toBe('-2835399305386018931'); // why it is read from the text
    expect(record.fields).toMatchObject({ pid: '4123', user: 'auth', dbname: 'auth', state_code: '40P01', statement: 'UPDATE accounts SET balance = balance - 100 WHERE id = 1;' });
    expect(record.fields.detail?.split('\n')).toHaveLength(4);
  });
});

describe('journaldDecoder()', () => {
  it('reads journalctl -o json: µs time, priority, unit, and a MESSAGE given as bytes', () => {
    const text = [
      '{"__CURSOR":"s=8f2d;i=1a2b;b=5c1e;m=2dc6c0;t=5fb9d2a1c2e40;x=9e1","__REALTIME_TIMESTAMP":"1683993603123456","__MONOTONIC_TIMESTAMP":"3000000","_BOOT_ID":"5c1e0d6f","PRIORITY":"3","_SYSTEMD_UNIT":"postgresql@15-main.service","SYSLOG_IDENTIFIER":"postgres","_PID":"4300","_HOSTNAME":"db1","_TRANSPORT":"stdout","MESSAGE":"could not write to file \\"pg_wal/xlogtemp.4300\\": No space left on device"}',
      '{"__REALTIME_TIMESTAMP":"1683993604000000","PRIORITY":"6","_SYSTEMD_UNIT":"shop.service","MESSAGE":[99,97,102,195,169,32,255]}',
      '{"MESSAGE":"no time"}',
    ].join('\n');
    const { records, unreadable } = decodeLines('journald', text);
    expect(records.map((r) => [r.time, r.level, r.fields.unit])).toEqual([
      [1683993603.123456, 'error', 'postgresql@15-main.service'],
      [1683993604, 'info', 'shop.service'],
    ]);
    expect(records[0]!.message).toBe('could not write to file "pg_wal/xlogtemp.4300": No space left on device');
    expect(records[0]!.fields).toEqual({ unit: 'postgresql@15-main.service', identifier: 'postgres', host: 'db1', pid: '4300' });
    expect(records[1]!.message).toBe('café \ufffd');
    expect(unreadable).toEqual([{ line: 3, reason: 'no __REALTIME_TIMESTAMP (not a journalctl -o json entry)' }]);
  });
});
