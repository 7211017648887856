import type { SignalData } from '../model/signal.js';
import type { TimelineEvent } from '../model/timeline.js';
import { describeSeries } from '../labels/series-identity.js';

/**
 * Start timestamps come from clocks and float arithmetic (`/proc` jiffies plus boot time), so two
 * scrapes of one process can differ by a fraction of a second; a larger move is a new process.
 */
const START_TIME_TOLERANCE_SECONDS = 1;

/**
 * Restarts seen in the evidence: a jump of a start timestamp (`process_start_time_seconds`,
 * `pg_postmaster_start_time_seconds`) dated at the new start time itself, which is exact, and an
 * increase of a restart counter (`kube_pod_container_status_restarts_total`) dated at the sample
 * that showed it. Only restarts at or after `since` are returned.
 */
export function restartEvents(signals: readonly SignalData[], since: number): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const signal of signals) {
    if (signal.role === 'level') continue;
    for (const series of signal.series) {
      const { timestamps, values, labels } = series;
      let previous = Number.NaN;
      let previousTime = Number.NaN;
      for (let i = 0; i < values.length; i++) {
        const value = values[i] as number;
        if (!Number.isFinite(value)) continue;
        const time = timestamps[i] as number;
        if (Number.isFinite(previous)) {
          if (signal.role === 'start_time' && value > previous + START_TIME_TOLERANCE_SECONDS) {
            // The new start time is the restart instant when it is plausible; a clock-skewed
            // exporter can report one outside the scrape interval, then the sample time is safer.
            const at = value > previousTime - START_TIME_TOLERANCE_SECONDS && value <= time + START_TIME_TOLERANCE_SECONDS ? value : time;
            if (at >= since) {
              events.push({
                time: at,
                kind: 'restart',
                source: 'prometheus',
                title: `Restart of ${describeSeries(labels)} (${signal.title.toLowerCase()} changed)`,
                labels,
                evidence: { query: signal.query, previousStart: previous, newStart: value },
              });
            }
          } else if (signal.role === 'restart_counter' && value > previous) {
            if (time >= since) {
              events.push({
                time,
                kind: 'restart',
                source: 'prometheus',
                title: `Restart of ${describeSeries(labels)} (${signal.title.toLowerCase()} +${value - previous})`,
                labels,
                evidence: { query: signal.query, previous, value },
              });
            }
          }
        }
        previous = value;
        previousTime = time;
      }
    }
  }
  return events;
}
