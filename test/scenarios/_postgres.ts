/**
 * postgres_exporter (job `postgres`, instance `db1:9187`) with its default collectors and the
 * stat_statements collector: the names, labels and quirks of the real exporter (a deadlock counter
 * without `_total`, one series per database and state or lock mode, `pg_up` 0 while the server is down).
 */
import { smoothNoise } from './_grid.js';
import { Random } from './_random.js';
import type { ScrapeTarget, SeriesStore } from './_store.js';
import { absentUntilUsed, accumulate } from './_store.js';

/** States the exporter's pg_stat_activity query reports (it also lists rarer ones we leave out). */
export const ACTIVITY_STATES = ['active', 'idle', 'idle in transaction'] as const;
export type ActivityState = (typeof ACTIVITY_STATES)[number];

/** Lock modes the exporter's pg_locks query cross-joins with every database. */
export const LOCK_MODES = [
  'accessexclusivelock',
  'accesssharelock',
  'exclusivelock',
  'rowexclusivelock',
  'rowsharelock',
  'sharelock',
  'sharerowexclusivelock',
  'shareupdateexclusivelock',
  'sireadlock',
] as const;
export type LockMode = (typeof LOCK_MODES)[number];

/** Run-to-run spread of a statement's mean time within one scrape interval (log-normal sigma). */
const STATEMENT_TIME_JITTER = 0.12;
/** Slow drift of a statement's mean time (cache hit ratio, plan and load changes), relative. */
const STATEMENT_TIME_DRIFT = 0.07;

export interface StatementSpec {
  readonly user: string;
  readonly datname: string;
  /** pg_stat_statements' queryid: a signed 64-bit integer, as text. */
  readonly queryid: string;
  /** What the statement does, for the truth file. */
  readonly query: string;
  readonly callsPerSecond: (index: number) => number;
  readonly meanSeconds: (index: number) => number;
}

/** Sessions of one database in one state, per grid index. */
export interface SessionSeries {
  readonly count: Float64Array;
  /** Age in seconds of the oldest open transaction among these sessions (0 when none). */
  readonly maxTxDuration: Float64Array;
}

export interface PostgresSpec {
  /** The exporter's scrape target: its failed scrapes and its own process metrics. */
  readonly exporter: ScrapeTarget;
  /** The postmaster: its restarts reset the statistics counters and move pg_postmaster_start_time_seconds. */
  readonly server: ScrapeTarget;
  /** 1 while the server refuses connections: `pg_up` is 0 and the other pg_* series are absent. */
  readonly down: Uint8Array;
  readonly maxConnections: number;
  readonly databases: readonly string[];
  readonly sessions: (datname: string, state: ActivityState) => SessionSeries;
  /** Locks held or awaited per grid index (only locks tied to a database: relation and tuple locks). */
  readonly locks: (datname: string, mode: LockMode) => Float64Array;
  readonly deadlocksPerSecond: (datname: string) => Float64Array;
  /** Deadlocks counted since the last statistics reset, before the data begins. */
  readonly initialDeadlocks: Readonly<Record<string, number>>;
  readonly statements: readonly StatementSpec[];
}

/** Adds every postgres_exporter series to the store. */
export function addPostgresExporter(store: SeriesStore, spec: PostgresSpec, seed: string): void {
  const grid = store.grid;
  const n = grid.length;
  const exporter = spec.exporter;
  const base = exporter.labels;
  const absent = [exporter.failed, spec.down];
  const resets = spec.server.resets;
  const resetIndices = resets.map((reset) => reset.index);

  const up = new Float64Array(n);
  for (let k = 0; k < n; k++) up[k] = spec.down[k] === 1 ? 0 : 1;
  store.add('pg_up', base, up, { kind: 'gauge', decimals: 0, absent: [exporter.failed] });
  store.add('pg_postmaster_start_time_seconds', base, spec.server.startTimeValues(), { kind: 'gauge', decimals: 3, absent });
  store.add('pg_settings_max_connections', base, new Float64Array(n).fill(spec.maxConnections), {
    kind: 'gauge',
    decimals: 0,
    absent,
  });

  for (const datname of spec.databases) {
    const random = new Random(`${seed}/pg/deadlocks/${datname}`);
    const rate = spec.deadlocksPerSecond(datname);
    const increments = new Float64Array(n);
    for (let k = 0; k < n; k++) increments[k] = random.poisson((rate[k] ?? 0) * grid.step);
    store.add('pg_stat_database_deadlocks', { datid: datid(datname), datname, ...base }, accumulate(increments, spec.initialDeadlocks[datname] ?? 0, resets), {
      kind: 'counter',
      decimals: 0,
      absent,
      resetIndices,
    });
  }

  for (const datname of spec.databases) {
    const numbackends = new Float64Array(n);
    for (const state of ACTIVITY_STATES) {
      const count = spec.sessions(datname, state).count;
      for (let k = 0; k < n; k++) numbackends[k] = (numbackends[k] ?? 0) + Math.max(0, Math.round(count[k] ?? 0));
    }
    store.add('pg_stat_database_numbackends', { datid: datid(datname), datname, ...base }, numbackends, { kind: 'gauge', decimals: 0, absent });
  }
  for (const datname of spec.databases) {
    for (const state of ACTIVITY_STATES) {
      const count = spec.sessions(datname, state).count;
      const values = new Float64Array(n);
      for (let k = 0; k < n; k++) values[k] = Math.max(0, Math.round(count[k] ?? 0));
      store.add('pg_stat_activity_count', { datname, ...base, state }, values, { kind: 'gauge', decimals: 0, absent });
    }
  }
  for (const datname of spec.databases) {
    for (const state of ACTIVITY_STATES) {
      const duration = spec.sessions(datname, state).maxTxDuration;
      const values = new Float64Array(n);
      for (let k = 0; k < n; k++) values[k] = Math.max(0, duration[k] ?? 0);
      store.add('pg_stat_activity_max_tx_duration', { datname, ...base, state }, values, { kind: 'gauge', decimals: 3, absent });
    }
  }
  for (const datname of spec.databases) {
    for (const mode of LOCK_MODES) {
      const held = spec.locks(datname, mode);
      const values = new Float64Array(n);
      for (let k = 0; k < n; k++) values[k] = Math.max(0, Math.round(held[k] ?? 0));
      store.add('pg_locks_count', { datname, ...base, mode }, values, { kind: 'gauge', decimals: 0, absent });
    }
  }

  addStatements(store, spec, seed);
  addExporterProcess(store, spec, seed);
}

/** pg_stat_statements counters: calls, and total execution time in seconds (counted when a call ends). */
function addStatements(store: SeriesStore, spec: PostgresSpec, seed: string): void {
  const grid = store.grid;
  const n = grid.length;
  const resets = spec.server.resets;
  const resetIndices = resets.map((reset) => reset.index);
  const sinceStatsReset = (grid.from - spec.server.initialStart) / grid.step;
  const callsSeries: { labels: Record<string, string>; values: Float64Array; absent: Uint8Array }[] = [];
  const secondsSeries: typeof callsSeries = [];
  for (const statement of spec.statements) {
    const random = new Random(`${seed}/pg/statement/${statement.queryid}`);
    const drift = smoothNoise(random, n, 0.995, STATEMENT_TIME_DRIFT);
    const calls = new Float64Array(n);
    const seconds = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const count = random.poisson(statement.callsPerSecond(k) * grid.step);
      calls[k] = count;
      if (count > 0) {
        const jitter = Math.exp((STATEMENT_TIME_JITTER / Math.sqrt(count)) * random.normal());
        seconds[k] = count * statement.meanSeconds(k) * jitter * Math.exp(drift[k] ?? 0);
      }
    }
    const initialCalls = Math.round(statement.callsPerSecond(0) * 0.5 * sinceStatsReset * grid.step);
    const initialSeconds = initialCalls * statement.meanSeconds(0) * 0.8;
    const callValues = accumulate(calls, initialCalls, resets);
    const absent = absentUntilUsed(callValues, resets, initialCalls > 0);
    const labels = { datname: statement.datname, ...spec.exporter.labels, queryid: statement.queryid, user: statement.user };
    callsSeries.push({ labels, values: callValues, absent });
    secondsSeries.push({ labels, values: accumulate(seconds, initialSeconds, resets), absent });
  }
  // One family at a time: OpenMetrics wants all series of a metric together.
  for (const one of callsSeries) {
    store.add('pg_stat_statements_calls_total', one.labels, one.values, {
      kind: 'counter',
      decimals: 0,
      absent: [spec.exporter.failed, spec.down, one.absent],
      resetIndices,
    });
  }
  for (const one of secondsSeries) {
    store.add('pg_stat_statements_seconds_total', one.labels, one.values, {
      kind: 'counter',
      decimals: 3,
      absent: [spec.exporter.failed, spec.down, one.absent],
      resetIndices,
    });
  }
}

/** The exporter's own Go process metrics; it is not restarted with the database. */
function addExporterProcess(store: SeriesStore, spec: PostgresSpec, seed: string): void {
  const grid = store.grid;
  const exporter = spec.exporter;
  const random = new Random(`${seed}/pg/exporter-process`);
  const cpu = new Float64Array(grid.length);
  const memory = new Float64Array(grid.length);
  for (let k = 0; k < grid.length; k++) {
    cpu[k] = Math.max(0, grid.step * 0.004 * (1 + 0.3 * random.normal()));
    memory[k] = Math.round((21_000_000 + 1_500_000 * random.next()) / 4096) * 4096;
  }
  const absent = [exporter.failed];
  store.add('process_cpu_seconds_total', exporter.labels, accumulate(cpu, (grid.from - exporter.initialStart) * 0.004), {
    kind: 'counter',
    decimals: 2,
    absent,
  });
  store.add('process_resident_memory_bytes', exporter.labels, memory, { kind: 'gauge', decimals: 0, absent });
  store.add('process_start_time_seconds', exporter.labels, exporter.startTimeValues(), { kind: 'gauge', decimals: 2, absent });
}

/** The database's oid as pg_stat_database reports it; stable per name. */
function datid(datname: string): string {
  const known: Readonly<Record<string, string>> = { postgres: '5', shop: '16384', auth: '16391' };
  return known[datname] ?? '16400';
}
