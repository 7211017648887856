import { describe, expect, it } from 'vitest';
import { failureOf } from './failure-lines.js';

describe('failureOf()', () => {
  // Lines as the servers print them (message part only; the level their format gives).
  const cases: [string, 'error' | 'fatal' | 'warning' | 'unknown', string | null][] = [
    ['could not write to file "pg_wal/xlogtemp.4300": No space left on device', 'fatal', 'disk_full'],
    ['write /var/lib/docker/overlay2/x: no space left on device', 'error', 'disk_full'],
    ['[12345.678901] Out of memory: Killed process 4123 (postgres) total-vm:8532104kB, anon-rss:6123456kB', 'unknown', 'oom_kill'],
    ['postgres invoked oom-killer: gfp_mask=0x1100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0', 'unknown', 'oom_kill'],
    ['sorry, too many clients already', 'fatal', 'too_many_connections'],
    ['remaining connection slots are reserved for non-replication superuser connections', 'fatal', 'too_many_connections'],
    ['x509: certificate has expired or is not yet valid: current time 2023-05-13T16:00:00Z is after 2023-05-12T23:59:59Z', 'error', 'tls_error'],
    ['SSL_do_handshake() failed (SSL: error:0A000086:SSL routines::certificate verify failed) while SSL handshaking to upstream', 'error', 'tls_error'],
    ['connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.9', 'error', 'connection_refused'],
    ['dial tcp 10.0.0.3:5432: connect: connection refused', 'error', 'connection_refused'],
    ['recv() failed (104: Connection reset by peer) while reading response header from upstream', 'error', 'connection_reset'],
    ['upstream timed out (110: Connection timed out) while reading response header from upstream', 'error', 'timeout'],
    ['canceling statement due to statement timeout', 'error', 'timeout'],
    ['rpc error: code = DeadlineExceeded desc = context deadline exceeded', 'warning', 'timeout'],
    ['checkpoint complete: wrote 3 buffers (0.0%)', 'error', null],
  ];
  for (const [message, level, kind] of cases) {
    it(`${kind ?? 'nothing'} in "${message.slice(0, 50)}…"`, () => {
      expect(failureOf({ level, message })).toBe(kind);
    });
  }

  it('leaves info and debug lines alone, whatever they say', () => {
    expect(failureOf({ level: 'info', message: 'listening with read timeout=30s' })).toBeNull();
    expect(failureOf({ level: 'debug', message: 'retrying after connection refused' })).toBeNull();
  });
});
