import type { Recipe } from './recipe.js';
import { simpleRecipe } from './recipe.js';

/** Session states that hold a backend busy; `idle` sessions piling up are not news. */
const BUSY_STATES = 'state=~"active|idle in transaction|idle in transaction \\\\(aborted\\\\)|fastpath function call"';

/** Statement time and call counters of pg_stat_statements, as [seconds, calls], by exporter version. */
const STATEMENT_METRICS: readonly (readonly [string, string])[] = [
  ['pg_stat_statements_seconds_total', 'pg_stat_statements_calls_total'],
  ['pg_stat_statements_total_time_seconds', 'pg_stat_statements_calls'],
];

/**
 * postgres_exporter (github.com/prometheus-community/postgres_exporter), including its
 * `stat_statements` collector, and mysqld_exporter (github.com/prometheus/mysqld_exporter).
 */
export const DATABASE_RECIPES: readonly Recipe[] = [
  simpleRecipe(
    { signal: 'pg_up', title: 'PostgreSQL reachable', category: 'availability', unit: 'other', badDirection: 'down', userFacing: false, role: 'level', limit: 1 },
    ['pg_up'],
    () => 'pg_up',
  ),
  simpleRecipe(
    { signal: 'pg_deadlocks', pinpoints: true, title: 'PostgreSQL deadlocks', category: 'database', unit: 'per_second', badDirection: 'up', userFacing: false, role: 'level' },
    ['pg_stat_database_deadlocks'],
    // A counter without the `_total` suffix: the exporter predates the convention.
    ({ rateInterval }) => `sum by (instance, job, datname) (rate(pg_stat_database_deadlocks{datname!~"template.*"}[${rateInterval}]))`,
  ),
  simpleRecipe(
    { signal: 'pg_locks', title: 'PostgreSQL locks held', category: 'database', unit: 'count', badDirection: 'up', userFacing: false, role: 'level' },
    ['pg_locks_count'],
    () => 'sum by (instance, job, datname, mode) (pg_locks_count{datname!~"template.*"})',
  ),
  simpleRecipe(
    { signal: 'pg_active_sessions', title: 'PostgreSQL busy sessions', category: 'database', unit: 'count', badDirection: 'up', userFacing: false, role: 'level' },
    ['pg_stat_activity_count'],
    () => `sum by (instance, job, datname, state) (pg_stat_activity_count{${BUSY_STATES}})`,
  ),
  simpleRecipe(
    { signal: 'pg_max_tx_duration', title: 'PostgreSQL longest transaction', category: 'database', unit: 'seconds', badDirection: 'up', userFacing: false, role: 'level' },
    ['pg_stat_activity_max_tx_duration'],
    () => `max by (instance, job, datname) (pg_stat_activity_max_tx_duration{${BUSY_STATES}})`,
  ),
  {
    signal: 'pg_statement_mean_seconds', pinpoints: true, title: 'PostgreSQL statement mean time', category: 'database', unit: 'seconds', badDirection: 'up', userFacing: false, role: 'level',
    metrics: STATEMENT_METRICS.flat(),
    // The first pair the server has: the built-in collector's names (exporter 0.12+), else those of
    // Debian's example queries file (exporter 0.11, `pg_stat_statements` query, total_time_seconds column).
    queries: (discovery, { rateInterval }) =>
      STATEMENT_METRICS.filter((pair) => pair.every((name) => discovery.metricNames.has(name)))
        .slice(0, 1)
        .map(
          ([seconds, calls]) =>
            `sum by (instance, job, datname, queryid) (rate(${seconds}[${rateInterval}]))` +
            ` / sum by (instance, job, datname, queryid) (rate(${calls}[${rateInterval}]))`,
        ),
  },
  simpleRecipe(
    { signal: 'pg_connections', title: 'PostgreSQL connections', category: 'database', unit: 'count', badDirection: 'up', userFacing: false, role: 'level' },
    ['pg_stat_database_numbackends'],
    () => 'sum by (instance, job) (pg_stat_database_numbackends)',
  ),
  simpleRecipe(
    { signal: 'pg_connection_saturation', title: 'PostgreSQL connections used of max_connections', category: 'saturation', unit: 'ratio', badDirection: 'up', userFacing: false, role: 'level', limit: 1 },
    ['pg_stat_database_numbackends', 'pg_settings_max_connections'],
    () => 'sum by (instance, job) (pg_stat_database_numbackends) / on (instance, job) max by (instance, job) (pg_settings_max_connections)',
  ),
  simpleRecipe(
    { signal: 'pg_start_time', title: 'PostgreSQL server start time', category: 'change', unit: 'unix_seconds', badDirection: 'both', userFacing: false, role: 'start_time' },
    ['pg_postmaster_start_time_seconds'],
    () => 'pg_postmaster_start_time_seconds',
  ),
  simpleRecipe(
    { signal: 'mysql_up', title: 'MySQL reachable', category: 'availability', unit: 'other', badDirection: 'down', userFacing: false, role: 'level', limit: 1 },
    ['mysql_up'],
    () => 'mysql_up',
  ),
  simpleRecipe(
    { signal: 'mysql_slow_queries', pinpoints: true, title: 'MySQL slow queries', category: 'database', unit: 'per_second', badDirection: 'up', userFacing: false, role: 'level' },
    ['mysql_global_status_slow_queries'],
    ({ rateInterval }) => `rate(mysql_global_status_slow_queries[${rateInterval}])`,
  ),
  simpleRecipe(
    { signal: 'mysql_threads_running', title: 'MySQL threads running', category: 'database', unit: 'count', badDirection: 'up', userFacing: false, role: 'level' },
    ['mysql_global_status_threads_running'],
    () => 'mysql_global_status_threads_running',
  ),
  simpleRecipe(
    { signal: 'mysql_threads_connected', title: 'MySQL threads connected', category: 'database', unit: 'count', badDirection: 'up', userFacing: false, role: 'level' },
    ['mysql_global_status_threads_connected'],
    () => 'mysql_global_status_threads_connected',
  ),
  simpleRecipe(
    { signal: 'mysql_connection_saturation', title: 'MySQL connections used of max_connections', category: 'saturation', unit: 'ratio', badDirection: 'up', userFacing: false, role: 'level', limit: 1 },
    ['mysql_global_status_threads_connected', 'mysql_global_variables_max_connections'],
    () => 'mysql_global_status_threads_connected / on (instance, job) mysql_global_variables_max_connections',
  ),
  simpleRecipe(
    { signal: 'mysql_row_lock_waits', title: 'MySQL InnoDB row lock waits', category: 'database', unit: 'per_second', badDirection: 'up', userFacing: false, role: 'level' },
    ['mysql_global_status_innodb_row_lock_waits'],
    ({ rateInterval }) => `rate(mysql_global_status_innodb_row_lock_waits[${rateInterval}])`,
  ),
  simpleRecipe(
    { signal: 'mysql_deadlocks', pinpoints: true, title: 'MySQL InnoDB deadlocks', category: 'database', unit: 'per_second', badDirection: 'up', userFacing: false, role: 'level' },
    ['mysql_info_schema_innodb_metrics_lock_lock_deadlocks_total'],
    ({ rateInterval }) => `rate(mysql_info_schema_innodb_metrics_lock_lock_deadlocks_total[${rateInterval}])`,
  ),
];
