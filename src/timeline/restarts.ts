import type { Labels, Series } from '../model/series.js';
import type { SignalData } from '../model/signal.js';
import type { TimelineEvent } from '../model/timeline.js';
import { describeSeries } from '../labels/series-identity.js';

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
  return events;
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
