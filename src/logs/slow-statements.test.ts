import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../model/log.js';
import { createSlowStatements, normaliseStatement, statementTime } from './slow-statements.js';

const T0 = Date.UTC(2023, 9, 15, 6, 0) / 1000;
const record = (time: number, message: string, fields: Record<string, string> = {}, source = '/var/log/postgresql/postgresql-15-main.log'): LogRecord => ({
  time, level: 'info', message, source, line: 1, fields,
});

describe('statementTime()', () => {
  it('reads PostgreSQL duration lines (statement and execute) and MySQL slow-log entries', () => {
    expect(statementTime(record(T0, 'duration: 2513.204 ms  statement: SELECT * FROM orders WHERE customer_id = 42'))).toEqual({
      statement: 'SELECT * FROM orders WHERE customer_id = 42', seconds: 2.513204,
    });
    expect(statementTime(record(T0, 'duration: 120.5 ms  execute S_3: UPDATE stock SET n = n - $1 WHERE sku = $2'))?.seconds).toBeCloseTo(0.1205, 9);
    expect(statementTime(record(T0, 'SELECT SQL_NO_CACHE * FROM t WHERE a = 1;', { query_time: '3.200145', lock_time: '0.000100' }))).toEqual({
      statement: 'SELECT SQL_NO_CACHE * FROM t WHERE a = 1;', seconds: 3.200145,
    });
    expect(statementTime(record(T0, 'checkpoint complete: wrote 1432 buffers (8.7%)'))).toBeNull();
  });
});

describe('normaliseStatement()', () => {
  it('replaces literals so one query with other values is one line', () => {
    expect(normaliseStatement("SELECT * FROM t WHERE id IN (1, 2, 3) AND name = 'O''Brien' AND x > 1.5;")).toBe('SELECT * FROM t WHERE id IN (?) AND name = ? AND x > ?');
    expect(normaliseStatement('UPDATE stock\n\tSET n = n - $1 WHERE sku = $2')).toBe('UPDATE stock SET n = n - ? WHERE sku = ?');
  });
});

describe('createSlowStatements()', () => {
  it('sums time per normalised statement and ranks by total, keeping the first time and file', () => {
    const slow = createSlowStatements();
    slow.add(record(T0 + 60, 'duration: 900 ms  statement: SELECT * FROM orders WHERE customer_id = 7'));
    slow.add(record(T0 + 30, 'duration: 1100 ms  statement: SELECT * FROM orders WHERE customer_id = 8'));
    slow.add(record(T0 + 90, 'duration: 1500 ms  statement: UPDATE carts SET updated_at = now() WHERE id = 3'));
    const { statements, overflow } = slow.finish();
    expect(overflow).toBe(0);
    expect(statements.map((s) => [s.statement, s.calls, s.totalSeconds, s.maxSeconds, s.first])).toEqual([
      ['SELECT * FROM orders WHERE customer_id = ?', 2, 2, 1.1, T0 + 30],
      ['UPDATE carts SET updated_at = now() WHERE id = ?', 1, 1.5, 1.5, T0 + 90],
    ]);
  });
});
