import type { LogRecord } from '../model/log.js';

/** Well-known failure lines: what an SRE greps for first. */
export type FailureKind = 'disk_full' | 'oom_kill' | 'too_many_connections' | 'tls_error' | 'connection_refused' | 'connection_reset' | 'timeout';

/**
 * Patterns per kind, checked in this order (the first match wins: "could not connect: Connection
 * refused … timeout" is a refusal). Phrases are the servers' and runtimes' own: Linux errno texts
 * (ENOSPC, ECONNREFUSED, ECONNRESET, ETIMEDOUT), the kernel OOM killer, Kubernetes `OOMKilled`, the
 * JVM, PostgreSQL (`sorry, too many clients already`, `remaining connection slots are reserved`,
 * `canceling statement due to statement timeout`), MySQL (`Too many connections`), nginx
 * (`upstream timed out`), Go (`x509:`, `context deadline exceeded`, `tls: `) and OpenSSL.
 */
const FAILURE_PATTERNS: readonly (readonly [FailureKind, RegExp])[] = [
  ['disk_full', /No space left on device|\bENOSPC\b|\bdisk (?:is )?full\b/i],
  ['oom_kill', /Out of memory: Kill(?:ed)? process|invoked oom-killer|\boom[-_]kill|\bOOMKilled\b|OutOfMemoryError|\bout of memory\b/i],
  ['too_many_connections', /too many (?:clients|connections)|remaining connection slots are reserved|\bER_CON_COUNT_ERROR\b/i],
  ['tls_error', /\bx509: |certificate (?:has expired|verify failed|is not valid|signed by unknown)|CERTIFICATE_VERIFY_FAILED|\bSSL(?:_do_handshake| routines|3_| error)|\btls: |TLS handshake (?:error|timeout|failed)|handshake failure/i],
  ['connection_refused', /connection refused|\bECONNREFUSED\b/i],
  ['connection_reset', /connection reset|\bECONNRESET\b|reset by peer|broken pipe|\bEPIPE\b/i],
  ['timeout', /\btimed out\b|\btimeout\b|deadline exceeded|\bETIMEDOUT\b/i],
];

/** How the report names each kind. */
export const FAILURE_TITLES: Readonly<Record<FailureKind, string>> = {
  disk_full: 'No space left on device',
  oom_kill: 'Out of memory (OOM killer)',
  too_many_connections: 'Too many connections',
  tls_error: 'TLS / certificate error',
  connection_refused: 'Connection refused',
  connection_reset: 'Connection reset',
  timeout: 'Timeout',
};

/**
 * The failure a record reports, or null. Debug and info records are left out: a `timeout=30s` in a
 * startup line or a slow-log statement is not a failure. Records without a level (syslog files)
 * are checked, since the kernel's OOM lines come that way.
 *
 * @example failureOf({ level: 'error', message: 'could not write to file "pg_wal/x": No space left on device', … }) // 'disk_full'
 */
export function failureOf(record: Pick<LogRecord, 'level' | 'message'>): FailureKind | null {
  if (record.level === 'debug' || record.level === 'info') return null;
  for (const [kind, pattern] of FAILURE_PATTERNS) if (pattern.test(record.message)) return kind;
  return null;
}
