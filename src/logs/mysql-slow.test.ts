import { describe, expect, it } from 'vitest';
import { decodeLines, utc } from './_testing.js';

// MySQL 8.0 slow_query_log_file as mysqld writes it, banner included.
const SLOW_LOG = `/usr/sbin/mysqld, Version: 8.0.33-0ubuntu0.22.04.2 ((Ubuntu)). started with:
Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock
Time                 Id Command    Argument
# Time: 2023-05-13T16:00:05.123456Z
# User@Host: shop[shop] @ app1 [10.0.0.5]  Id:    42
# Query_time: 3.201234  Lock_time: 0.000012 Rows_sent: 1  Rows_examined: 1000000
use shop;
SET timestamp=1683993602;
SELECT * FROM orders
WHERE customer_id = 42
ORDER BY created_at DESC LIMIT 1;
# Time: 2023-05-13T16:00:09.000001Z
# User@Host: shop[shop] @ localhost []  Id:    43
# Query_time: 1.500000  Lock_time: 0.000100 Rows_sent: 0  Rows_examined: 500000
SET timestamp=1683993607;
UPDATE orders SET status='shipped' WHERE shipped_at < NOW() - INTERVAL 1 DAY;
`;

describe('mysqlSlowDecoder()', () => {
  it('reads each # Time block as one entry: the statement, its timings, user, host and schema', () => {
    const { records, unreadable } = decodeLines('mysql-slow', SLOW_LOG);
    expect(unreadable).toEqual([]);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      time: utc('2023-05-13T16:00:05Z') + 0.123456,
      line: 4,
      level: 'info',
      message: 'SELECT * FROM orders\nWHERE customer_id = 42\nORDER BY created_at DESC LIMIT 1;',
      fields: { user: 'shop', host: 'app1', db: 'shop', query_time: '3.201234', lock_time: '0.000012', rows_sent: '1', rows_examined: '1000000' },
    });
    expect(records[1]).toMatchObject({ line: 12, message: "UPDATE orders SET status='shipped' WHERE shipped_at < NOW() - INTERVAL 1 DAY;", fields: { host: 'localhost', query_time: '1.500000' } });
  });

  it('reads MySQL 5.6 blocks: a local # Time, or none and SET timestamp', () => {
    const text = `# Time: 230513 19:00:05
# User@Host: shop[shop] @ app1 [10.0.0.5]  Id:    42
# Query_time: 2.000000  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 10
SET timestamp=1683993605;
SELECT 1;
# User@Host: shop[shop] @ app1 [10.0.0.5]  Id:    44
# Query_time: 4.000000  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 10
SET timestamp=1683993700;
SELECT 2;`;
    const { records } = decodeLines('mysql-slow', text, { zone: 'Africa/Nairobi' });
    expect(records.map((r) => [r.time, r.message, r.fields.query_time])).toEqual([
      [utc('2023-05-13T16:00:05Z'), 'SELECT 1;', '2.000000'],
      [1683993700, 'SELECT 2;', '4.000000'],
    ]);
  });

  it('counts statement text with no block before it as unreadable', () => {
    const { records, unreadable } = decodeLines('mysql-slow', `SELECT orphan;\n${SLOW_LOG}`);
    expect(records).toHaveLength(2);
    expect(unreadable).toEqual([{ line: 1, reason: 'not a MySQL slow-log line' }]);
  });
});
