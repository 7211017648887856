import { describe, expect, it } from 'vitest';
import type { TimeWindow } from '../model/time.js';
import type { TimelineEvent } from '../model/timeline.js';
import { groupEpisodes, mergeEvents } from './episodes.js';
import { rankAnomalies } from './rank.js';
import { testAnomaly } from './_testing.js';

// The slow-query outage of seed 2: 09:00–17:30 SAST, 1 min step.
const from = Date.UTC(2023, 9, 15, 6) / 1000;
const window: TimeWindow = { from, to: from + 8.5 * 3600, lookbackFrom: from - 86_400, stepSeconds: 60, timezone: 'Africa/Johannesburg' };
const DB = { instance: 'db1:9187', job: 'postgres', datname: 'shop' };

function slowQueryOutage() {
  return [
    testAnomaly('pg_statement_mean_seconds', 'database', from, { labels: { ...DB, queryid: '-4321783046937463871' }, pinpoints: true, end: from + 30_000 }),
    testAnomaly('pg_active_sessions', 'database', from + 60, { labels: { ...DB, state: 'active' }, end: from + 29_880 }),
    testAnomaly('cpu_utilization', 'saturation', from + 60, { labels: { instance: 'db1:9100', job: 'node' }, end: from + 29_940 }),
    testAnomaly('http_latency_p99', 'latency', from + 60, { labels: { job: 'shop-api' }, end: from + 30_300 }),
    // Hours later, a batch job holds transactions open for a while: a story of its own.
    testAnomaly('pg_active_sessions', 'database', from + 9480, { labels: { ...DB, state: 'idle in transaction' }, end: from + 19_560 }),
    testAnomaly('pg_max_tx_duration', 'database', from + 9600, { labels: DB, end: from + 19_500, score: 8 }),
    // Later still, a backup saturates a worker's disk, then its network, one after the other.
    testAnomaly('disk_io_utilization', 'saturation', from + 25_000, { labels: { instance: 'worker1:9100', job: 'node' }, end: from + 25_600 }),
    testAnomaly('network_transmit_bytes', 'network', from + 25_700, { labels: { instance: 'worker1:9100', job: 'node' }, end: from + 26_000 }),
  ];
}

describe('groupEpisodes()', () => {
  it('puts the incident cascade in one episode led by the rank-1 anomaly, and later disturbances in their own', () => {
    const ranked = rankAnomalies(slowQueryOutage(), window);
    const episodes = groupEpisodes(ranked, window);
    const signalsOf = (ranks: readonly number[]) => ranks.map((rank) => ranked.find((a) => a.rank === rank)?.signal);
    expect(episodes.map((e) => ({ id: e.id, incident: e.incident, signals: signalsOf(e.ranks) }))).toEqual([
      { id: 1, incident: true, signals: ['pg_statement_mean_seconds', 'pg_active_sessions', 'cpu_utilization', 'http_latency_p99'] },
      { id: 2, incident: false, signals: ['pg_active_sessions', 'pg_max_tx_duration'] },
      { id: 3, incident: false, signals: ['disk_io_utilization', 'network_transmit_bytes'] },
    ]);
    expect(episodes[0]).toMatchObject({ from, to: from + 30_300, title: 'pg_statement_mean_seconds on db1:9187 (shop, -4321783046937463871)' });
    expect(episodes[1]).toMatchObject({ from: from + 9480, to: from + 19_560 });
  });

  it('places every anomaly in exactly one episode', () => {
    const ranked = rankAnomalies(slowQueryOutage(), window);
    const ranks = groupEpisodes(ranked, window).flatMap((e) => e.ranks);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranked.map((a) => a.rank));
  });

  it('keeps an episode open while one of its anomalies is still going at the end of the data', () => {
    const anomalies = [
      testAnomaly('http_error_ratio', 'errors', from, { labels: { job: 'shop-api' }, end: from + 600 }),
      testAnomaly('filesystem_free_ratio', 'saturation', from + 20_000, { labels: { instance: 'worker1:9100' }, end: null, direction: 'down' }),
      testAnomaly('process_cpu', 'process', from + 28_000, { labels: { instance: 'worker1:9100' }, end: from + 29_000 }),
    ];
    const episodes = groupEpisodes(rankAnomalies(anomalies, window), window);
    expect(episodes.map((e) => [e.ranks.length, e.to])).toEqual([
      [1, from + 600],
      [2, null],
    ]);
  });

  it('gives no episode when nothing was found', () => {
    expect(groupEpisodes([], window)).toEqual([]);
  });
});

describe('mergeEvents()', () => {
  const restart: TimelineEvent = {
    time: from + 3600.4,
    kind: 'restart',
    source: 'prometheus',
    title: 'Restart of db1:9187',
    labels: { instance: 'db1:9187', job: 'postgres' },
    evidence: { query: 'pg_postmaster_start_time_seconds' },
  };

  it('merges the sources in time order and drops an event reported twice', () => {
    const note: TimelineEvent = { time: from + 300, kind: 'note', source: 'notes', title: 'DBAs alerted', labels: {}, evidence: { line: 3 } };
    const twice = { ...restart, time: from + 3600.9, labels: { job: 'postgres', instance: 'db1:9187' }, evidence: { query: 'process_start_time_seconds' } };
    const merged = mergeEvents([[restart], [note, twice], [note]]);
    expect(merged.map((e) => e.title)).toEqual(['DBAs alerted', 'Restart of db1:9187']);
  });

  it('keeps events that differ in kind, series or second', () => {
    const elsewhere = { ...restart, labels: { instance: 'db2:9187', job: 'postgres' } };
    const later = { ...restart, time: restart.time + 1 };
    const change: TimelineEvent = { ...restart, kind: 'change', source: 'changes' };
    expect(mergeEvents([[restart, elsewhere, later, change]])).toHaveLength(4);
  });
});
