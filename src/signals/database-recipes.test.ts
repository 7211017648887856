import { describe, expect, it } from 'vitest';
import { CATALOGUE, buildSignalQueries } from './catalogue.js';

/** Statement-time queries built for a server holding `names`. */
function statementQueries(names: readonly string[]): string[] {
  const discovery = { metricNames: new Set(names), labelNames: new Map(), bucketBounds: new Map() };
  return buildSignalQueries(CATALOGUE, discovery, { rateInterval: '4s', slowThresholdSeconds: 1 })
    .filter((q) => q.signal === 'pg_statement_mean_seconds')
    .map((q) => q.query);
}

// Names as the exporters expose them: 0.12+'s stat_statements collector, and Debian's 0.11 with the
// example queries file (query `pg_stat_statements`, columns `calls` and `total_time_seconds`).
const BUILT_IN = ['pg_stat_statements_seconds_total', 'pg_stat_statements_calls_total'];
const QUERIES_FILE = ['pg_stat_statements_total_time_seconds', 'pg_stat_statements_calls'];

describe('PostgreSQL statement mean time', () => {
  it('reads the built-in collector of postgres_exporter 0.12+', () => {
    expect(statementQueries(['pg_up', ...BUILT_IN])).toEqual([
      'sum by (instance, job, datname, queryid) (rate(pg_stat_statements_seconds_total[4s])) / sum by (instance, job, datname, queryid) (rate(pg_stat_statements_calls_total[4s]))',
    ]);
  });

  it('reads the queries file of postgres_exporter 0.11 (Debian 12)', () => {
    expect(statementQueries(['pg_up', ...QUERIES_FILE])).toEqual([
      'sum by (instance, job, datname, queryid) (rate(pg_stat_statements_total_time_seconds[4s])) / sum by (instance, job, datname, queryid) (rate(pg_stat_statements_calls[4s]))',
    ]);
  });

  it('reads the built-in names only when a server has both, so no statement is counted twice', () => {
    expect(statementQueries([...QUERIES_FILE, ...BUILT_IN])).toHaveLength(1);
    expect(statementQueries([...QUERIES_FILE, ...BUILT_IN])[0]).toContain('pg_stat_statements_seconds_total');
  });

  it('needs both counters of a pair: half of one is no query', () => {
    expect(statementQueries(['pg_stat_statements_total_time_seconds', 'pg_stat_statements_calls_total'])).toEqual([]);
  });
});
