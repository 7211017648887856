import type { Labels, Series } from '../model/series.js';
import type { SignalData } from '../model/signal.js';
import type { TimelineEvent } from '../model/timeline.js';
import { describeSeries } from '../labels/series-identity.js';
import { parseDuration } from '../time/parse-duration.js';

/**
 * Start timestamps come from clocks and float arithmetic (`/proc` jiffies plus boot time), so two
 * scrapes of one process can differ by a fraction of a second; a larger move is a new process.
 */
const START_TIME_TOLERANCE_SECONDS = 1;

/** A timestamp gauge (start time, last reload) moving forward: something started anew. */
export interface TimestampJump {
  /** When it happened: the new timestamp itself when plausible, else the sample that showed it. */
  readonly at: number;
  readonly previous: number;
  readonly value: number;
}

/**
 * Forward jumps of a timestamp gauge (`process_start_time_seconds`, `*_config_last_reload_success_timestamp_seconds`),
 * dated at the new timestamp itself, which is exact, unless a clock-skewed exporter reports one
 * outside the interval between the two samples: then the sample time is safer.
 *
 * @example timestampJumps(series).map((j) => j.at) // [1684000000.5]
 */
export function timestampJumps(series: Series): TimestampJump[] {
  const { timestamps, values } = series;
  const jumps: TimestampJump[] = [];
  let previous = Number.NaN;
  let previousTime = Number.NaN;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) continue;
    const time = timestamps[i] as number;
    if (Number.isFinite(previous) && value > previous + START_TIME_TOLERANCE_SECONDS) {
      const plausible = value > previousTime - START_TIME_TOLERANCE_SECONDS && value <= time + START_TIME_TOLERANCE_SECONDS;
      jumps.push({ at: plausible ? value : time, previous, value });
    }
    previous = value;
    previousTime = time;
  }
  return jumps;
}

/** What changed, in the title: the catalogue's name, or the metric for the generic start times. */
function startTimeName(signal: SignalData): string {
  return signal.signal === 'other_start_time' ? signal.query : signal.title.toLowerCase();
}

/**
 * Restarts seen in the evidence: a jump of a start timestamp (`process_start_time_seconds`,
 * `pg_postmaster_start_time_seconds`, any other `*_start_time_seconds`) dated at the new start time
 * itself, and an increase of a restart counter (`kube_pod_container_status_restarts_total`) dated
 * at the sample that showed it. Only restarts at or after `since` are returned.
 */
export function restartEvents(signals: readonly SignalData[], since: number): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const signal of signals) {
    if (signal.role === 'start_time') {
      for (const series of signal.series) {
        for (const jump of timestampJumps(series)) {
          if (jump.at < since) continue;
          events.push({
            time: jump.at,
            kind: 'restart',
            source: 'prometheus',
            title: `Restart of ${describeSeries(series.labels)} (${startTimeName(signal)} changed)`,
            labels: series.labels,
            evidence: { query: signal.query, previousStart: jump.previous, newStart: jump.value },
          });
        }
      }
    } else if (signal.role === 'restart_counter') {
      for (const series of signal.series) events.push(...counterIncreases(signal, series, since));
    }
  }
  // Counter resets last: they only add restarts that no start time or restart counter showed.
  for (const signal of signals) {
    if (signal.role !== 'reset_count') continue;
    for (const series of signal.series) events.push(...counterResets(signal, series, since, events));
  }
  return events;
}

/** Same target: the job and instance that a `max by (job, instance)` reset series carries. */
function sameTarget(a: Labels, b: Labels): boolean {
  return a['instance'] !== undefined && a['instance'] === b['instance'] && a['job'] === b['job'];
}

/**
 * Restarts read from counter resets (`resets()` over the rate interval, per target): a run of
 * positive samples is one reset, dated at its first sample, which is within one step after it.
 * A reset that a start-time jump or restart counter of the same target already explains, from one
 * rate interval before the run to its first sample, is that restart again and is not repeated.
 */
function counterResets(signal: SignalData, series: Series, since: number, known: readonly TimelineEvent[]): TimelineEvent[] {
  const { timestamps, values, labels } = series;
  const events: TimelineEvent[] = [];
  // The range of the query's resets() window: positive samples within it may count the same reset.
  const range = rangeSeconds(signal.query);
  let inRun = false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    const positive = Number.isFinite(value) && value > 0;
    if (positive && !inRun) {
      const time = timestamps[i] as number;
      const explained = known.some((e) => e.kind === 'restart' && sameTarget(e.labels, labels) && e.time >= time - range && e.time <= time);
      if (time >= since && !explained) {
        events.push({
          time,
          kind: 'restart',
          source: 'prometheus',
          title: `Restart of ${describeSeries(labels)} (its counters reset)`,
          labels,
          evidence: { query: signal.query, resets: value },
        });
      }
    }
    inRun = positive;
  }
  return events;
}

/** The range of the last `[…]` selector of a query in seconds (`[1m30s]` → 90); 0 when there is none. */
function rangeSeconds(query: string): number {
  const ranges = [...query.matchAll(/\[([0-9a-z]+)\]/g)];
  const last = ranges.at(-1)?.[1];
  if (last === undefined) return 0;
  try {
    return parseDuration(last);
  } catch {
    return 0;
  }
}

/**
 * The labels that name what restarted. kube-state-metrics reports every pod's restarts from its own
 * target, so its `instance` and `job` name the exporter, not the pod: drop them when a pod is named.
 */
function restartedThing(labels: Labels): Labels {
  if (labels['pod'] === undefined) return labels;
  const { instance: _instance, job: _job, ...rest } = labels;
  return rest;
}

function counterIncreases(signal: SignalData, series: Series, since: number): TimelineEvent[] {
  const { timestamps, values, labels } = series;
  const events: TimelineEvent[] = [];
  let previous = Number.NaN;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) continue;
    const time = timestamps[i] as number;
    // A fall is the counter's own reset (kube-state-metrics restarted), not a restart of the container.
    if (Number.isFinite(previous) && value > previous && time >= since) {
      events.push({
        time,
        kind: 'restart',
        source: 'prometheus',
        title: `Restart of ${describeSeries(restartedThing(labels))} (${signal.title.toLowerCase()} +${value - previous})`,
        labels,
        evidence: { query: signal.query, previous, value },
      });
    }
    previous = value;
  }
  return events;
}
