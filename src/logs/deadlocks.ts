import type { LogRecord } from '../model/log.js';

/** `Process 4123: UPDATE …` lines of a PostgreSQL deadlock DETAIL (deadlock.c, DeadLockReport). */
const PROCESS_STATEMENT = /^Process \d+: (.+)$/;
const POSTGRES_DEADLOCK = 'deadlock detected';
/** MySQL / InnoDB as applications log its error 1213. */
const MYSQL_DEADLOCK = /Deadlock found when trying to get lock/;

/**
 * The statements a deadlock record names, or null when the record is not a deadlock. PostgreSQL
 * lists every process of the cycle with its statement in DETAIL (`log_error_verbosity` default);
 * without DETAIL the STATEMENT of the victim is all there is. Empty for a deadlock that names none.
 *
 * @example deadlockStatements(record) // ['UPDATE accounts … id = 1;', 'UPDATE accounts … id = 2;']
 */
export function deadlockStatements(record: Pick<LogRecord, 'message' | 'fields'>): string[] | null {
  if (record.message !== POSTGRES_DEADLOCK && !MYSQL_DEADLOCK.test(record.message)) return null;
  const statements: string[] = [];
  for (const line of (record.fields.detail ?? '').split('\n')) {
    const statement = PROCESS_STATEMENT.exec(line.trim())?.[1];
    if (statement !== undefined && !statements.includes(statement)) statements.push(statement);
  }
  const victim = record.fields.statement;
  if (statements.length === 0 && victim !== undefined) statements.push(victim);
  return statements;
}
